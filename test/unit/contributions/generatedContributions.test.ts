/**
 * package.json's settings and the profile schema's strategy configs are generated from the
 * strategy registry and the shared run defaults (scripts/contributions). These tests fail while
 * the committed files differ from what the generator writes: run `npm run contributions`.
 */
import * as assert from 'assert';
import * as fs from 'node:fs';
import Ajv from 'ajv';
import { PACKAGE_JSON, PROFILE_SCHEMA, profileSchemaText } from '../../../scripts/contributions/generate';
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
});
