/**
 * package.json's settings, the profile schema's strategy configs and the run configurations
 * schema are generated from the strategy registry, the shared run defaults and the configuration
 * format (scripts/contributions). These tests fail while the committed files differ from what the
 * generator writes: run `npm run contributions`.
 */
import * as assert from 'assert';
import * as fs from 'node:fs';
import Ajv from 'ajv';
import * as path from 'node:path';
import { parse as parseJsonc } from 'jsonc-parser';
import { configSchema } from '../../../scripts/contributions/configSchema';
import {
  CONFIG_SCHEMA,
  PACKAGE_JSON,
  PROFILE_SCHEMA,
  profileSchemaText,
} from '../../../scripts/contributions/generate';
import {
  fileProblems,
  parseRunConfigurations,
} from '../../../src/shared/runConfigurations/parseConfigurations';
import { settingsProperties } from '../../../scripts/contributions/settingsSchema';
import { strategyConfigSchema } from '../../../scripts/contributions/strategyConfigSchema';
import { runDefaultsFromSettings, SETTING_DEFAULTS } from '../../../src/extension/run/runDefaults';
import { STRATEGIES } from '../../../src/shared/strategies/registry';
import { completeConfig } from '../../../src/shared/strategies/strategyConfigs';

const FIX = 'run `npm run contributions` to regenerate it';

describe('generated contributions', () => {
  it('package.json settings are the generated ones', () => {
    const pkg = JSON.parse(fs.readFileSync(PACKAGE_JSON, 'utf8'));
    assert.deepStrictEqual(
      pkg.contributes.configuration.properties,
      settingsProperties(),
      `package.json differs; ${FIX}`,
    );
  });

  it('the settings defaults are the ones the panel falls back to', () => {
    const props = settingsProperties() as Record<string, { default: unknown }>;
    for (const [key, value] of Object.entries(SETTING_DEFAULTS))
      assert.deepStrictEqual(props[`batchscope.${key}`].default, value, `batchscope.${key}`);
    // And the panel reads them without a complaint.
    assert.deepStrictEqual(runDefaultsFromSettings(() => undefined).problems, []);
  });

  it('the profile schema strategy configs are the generated ones', () => {
    const text = fs.readFileSync(PROFILE_SCHEMA, 'utf8');
    assert.deepStrictEqual(
      JSON.parse(text).definitions.strategyConfig,
      strategyConfigSchema(),
      `profile.schema.json differs; ${FIX}`,
    );
    assert.deepStrictEqual(JSON.parse(profileSchemaText(text)), JSON.parse(text), 'splicing is idempotent');
  });

  it('the schema accepts every strategy with its defaults and rejects a parameter out of range', () => {
    const ajv = new Ajv({ strict: false });
    const validate = ajv.compile(strategyConfigSchema());
    for (const d of STRATEGIES) {
      const config = completeConfig(
        d.name,
        {},
        { maxBatch: 8, maxDelayMs: 2, preferredBatch: [], sloMs: 20 },
      );
      assert.ok(validate(config), `${d.name}: ${JSON.stringify(validate.errors)}`);
    }
    assert.ok(!validate({ name: 'dynamic', maxBatch: 0, maxDelayMs: 2, preferredBatch: [] }), 'max batch 0');
    assert.ok(
      !validate({ name: 'dynamic', maxBatch: 8, maxDelayMs: 2, preferredBatch: [], bogus: 1 }),
      'unknown key',
    );
    assert.ok(
      validate({ name: 'from-a-newer-version', anything: 1 }),
      'unknown strategies still validate by name',
    );
  });

  it('the run configurations schema is the generated one, and VS Code applies it to .batchscope/config.json', () => {
    assert.deepStrictEqual(
      JSON.parse(fs.readFileSync(CONFIG_SCHEMA, 'utf8')),
      configSchema(),
      `schemas/config.schema.json differs; ${FIX}`,
    );
    const pkg = JSON.parse(fs.readFileSync(PACKAGE_JSON, 'utf8'));
    const entry = (pkg.contributes.jsonValidation as Array<{ fileMatch: string[]; url: string }>).find((j) =>
      j.fileMatch.includes('**/.batchscope/config.json'),
    );
    assert.ok(entry, 'no contributes.jsonValidation for **/.batchscope/config.json');
    assert.equal(path.resolve(path.dirname(PACKAGE_JSON), entry.url), CONFIG_SCHEMA);
  });

  describe('run configurations: the schema and the parser agree', () => {
    // allowComments / allowTrailingCommas are VS Code's own keywords: not ajv's business.
    const validate = new Ajv({ strict: false }).compile(configSchema());
    const docs = fs.readFileSync(path.join(path.dirname(PACKAGE_JSON), 'docs', 'cli.md'), 'utf8');
    const section = docs.slice(docs.indexOf('## Run configurations'));
    const example = /```jsonc\n([\s\S]*?)```/.exec(section)?.[1] ?? '';
    const file = (configurations: unknown[]): string => JSON.stringify({ version: 1, configurations });

    it("accepts docs/cli.md's example (comments, trailing commas), as the parser does", () => {
      assert.ok(
        example.includes('"configurations"'),
        'docs/cli.md has a ```jsonc example under Run configurations',
      );
      assert.ok(validate(parseJsonc(example)), JSON.stringify(validate.errors));
      assert.deepStrictEqual(fileProblems(parseRunConfigurations(example, 'docs/cli.md')), []);
    });

    it('accepts what the panel saves, with every field', () => {
      const saved = file([
        {
          name: 'all',
          model: 'm.onnx',
          dims: { s: 4, t: '2..8' },
          inputs: { sr: 16000, v: [1, 2] },
          batchAxes: { state: 1 },
          strategies: ['none', 'dynamic(max=16,delay=0.5)'],
          traffic: {
            arrival: { kind: 'bursty', ratio: 2, periodS: 1, dutyCycle: 0.5 },
            rateRps: null,
            durationS: 1,
            warmupS: 0,
            seed: 1,
            priorities: [0.5, 0.5],
          },
          execution: {
            instances: 1,
            threads: 1,
            provider: 'cpu',
            order: 'fixed',
            strategyWarmupS: 0,
            untilStable: false,
          },
          sloMs: null,
        },
      ]);
      assert.ok(validate(JSON.parse(saved)), JSON.stringify(validate.errors));
      assert.deepStrictEqual(fileProblems(parseRunConfigurations(saved, 'saved')), []);
    });

    it('rejects what the parser rejects', () => {
      const bad: unknown[] = [
        { model: 'm.onnx' },
        { name: 'x', model: 'm.onnx', strategy: ['none'] },
        { name: 'x', model: 'm.onnx', strategies: ['dynamc'] },
        { name: 'x', model: 'm.onnx', dims: { s: '4-8' } },
        { name: 'x', model: 'm.onnx', traffic: { rate: 5 } },
        { name: 'x', model: 'm.onnx', traffic: { arrival: 'ramp' } },
        { name: 'x', model: 'm.onnx', traffic: { arrival: { kind: 'closed', clients: 4 } } },
        { name: 'x', model: 'm.onnx', traffic: { durationS: 0 } },
        { name: 'x', model: 'm.onnx', execution: { provider: 'gpu' } },
        { name: 'x', model: 'm.onnx', execution: { instances: 0 } },
        { name: 'x', model: 'm.onnx', sloMs: -1 },
      ];
      for (const entry of bad) {
        const text = file([entry]);
        assert.ok(!validate(JSON.parse(text)), `the schema accepts ${text}`);
        assert.notDeepStrictEqual(
          fileProblems(parseRunConfigurations(text, 'bad')),
          [],
          `the parser accepts ${text}`,
        );
      }
      assert.ok(!validate({ version: 2, configurations: [] }), 'version 2');
    });
  });
});
