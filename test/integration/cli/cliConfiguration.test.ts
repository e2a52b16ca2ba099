/**
 * `batchscope profile --config NAME` (built dist/cli.js): the run comes from .batchscope/config.json
 * and its settings are the panel's for the same configuration (toPanelRunConfig → mergeRunConfig →
 * planEngineRun); run-setting flags, an unknown name and a mismatched MODEL are exit 2.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FLAG_FIELDS, OPTIONS_WITH_CONFIG } from '../../../src/cli/configurationArgs';
import { PROFILE_OPTIONS } from '../../../src/cli/optionSpecs';
import { readProfile } from '../../../src/engine/profile/profileIo';
import type { RunConfiguration } from '../../../src/shared/runConfigurations/configurationFormat';
import { toPanelRunConfig } from '../../../src/shared/runConfigurations/convertConfiguration';
import { mergeRunConfig, planEngineRun } from '../../../src/shared/runPlan';
import { builtInRunConfig } from '../../../src/shared/settingsDefaults';
import { assertNoStack, buildBundles, runCli, SAMPLES, type CliResult } from './runCli';

/** Plain-JSON view, as the profile file holds it. */
const asJson = (v: unknown): unknown => JSON.parse(JSON.stringify(v));

function expectUsageError(r: CliResult, message: RegExp): void {
  assert.equal(r.code, 2, `exit ${r.code}; stderr:\n${r.stderr}`);
  assert.match(r.stderr, message);
  assertNoStack(r);
}

describe('CLI: profile --config NAME runs a run configuration (built dist/cli.js)', function () {
  this.timeout(120_000);
  let dir: string;
  let configuration: RunConfiguration;

  before(() => buildBundles());
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'batchscope-config-'));
    configuration = {
      name: 'mlp quick',
      // Relative to the folder that holds .batchscope/, as the panel writes it.
      model: path.relative(dir, path.join(SAMPLES, 'mlp.onnx')).split(path.sep).join('/'),
      batchAxes: { input: 0 },
      strategies: ['none', 'dynamic(max=4,delay=1)'],
      traffic: {
        arrival: 'poisson',
        rateRps: 150,
        durationS: 0.4,
        warmupS: 0.1,
        seed: 7,
        priorities: [1, 3],
      },
      execution: { instances: 1, threads: 1, provider: 'cpu', order: 'reversed', strategyWarmupS: 0.1 },
      sloMs: 40,
    };
    fs.mkdirSync(path.join(dir, '.batchscope'));
    fs.mkdirSync(path.join(dir, 'sub', 'deeper'), { recursive: true });
    fs.writeFileSync(
      path.join(dir, '.batchscope', 'config.json'),
      `{\n  // written by the test\n  "version": 1,\n  "configurations": [\n    ${JSON.stringify(configuration)},\n    { "name": "other", "model": "nowhere.onnx" },\n  ],\n}\n`,
    );
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('runs it from a folder below, with the settings the panel would run it with', async () => {
    const out = path.join(dir, 'out', 'run.json');
    const r = await runCli(
      ['profile', '--config', 'mlp quick', '--json', '--out', out],
      path.join(dir, 'sub', 'deeper'),
    );
    assert.equal(r.code, 0, r.stderr);
    assertNoStack(r);
    assert.equal(JSON.parse(r.stdout).profilePath, out);

    const profile = readProfile(out);
    const defaults = builtInRunConfig();
    const panel = planEngineRun(
      mergeRunConfig(defaults, toPanelRunConfig(configuration, defaults), undefined),
      configuration.name,
    );
    const expected = asJson(panel.settings) as Record<string, unknown>;
    const actual = asJson(profile.settings) as Record<string, unknown>;
    for (const key of Object.keys(expected)) assert.deepEqual(actual[key], expected[key], `settings.${key}`);
    assert.deepEqual(Object.keys(actual).sort(), Object.keys(expected).sort(), 'no other settings');
    // What the configuration says, as the profile recorded it.
    assert.equal(actual.configuration, 'mlp quick');
    assert.deepEqual(
      profile.settings.strategies.map((s) => [s.name, s.maxBatch, s.maxDelayMs]),
      [
        ['none', undefined, undefined],
        ['dynamic', 4, 1],
      ],
    );
    assert.deepEqual(
      [profile.settings.rateRps, profile.settings.rateDerived, profile.settings.seed, profile.settings.sloMs],
      [150, false, 7, 40],
    );
    assert.deepEqual([profile.settings.order, profile.settings.priorities], ['reversed', [0.25, 0.75]]);
    assert.equal(profile.model.path, path.join(SAMPLES, 'mlp.onnx'));
    assert.equal(profile.model.inputs[0].batchAxisSource, 'override', 'batchAxes reached the model options');
    assert.deepEqual(
      profile.strategies.map((s) => s.config.name),
      ['none', 'dynamic'],
    );
  });

  it('saves under the folder that holds .batchscope/ when --out is not given, and says which configuration ran', async () => {
    const r = await runCli(['profile', '--config', 'mlp quick', '--no-progress'], path.join(dir, 'sub'));
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /; configuration "mlp quick"/);
    const saved = fs.readdirSync(path.join(dir, '.batchscope', 'profiles'));
    assert.equal(saved.length, 1, saved.join(', '));
    assert.ok(!fs.existsSync(path.join(dir, 'sub', '.batchscope')), 'nothing saved under the cwd');
  });

  it('refuses run-setting flags, naming the field to edit instead', async () => {
    const r = await runCli(['profile', '--config', 'mlp quick', '--rate', '5', '--dim', 's=4'], dir);
    expectUsageError(
      r,
      /--rate, --dim cannot be combined with --config: the run settings come from configuration "mlp quick" in \.batchscope\/config\.json\. Edit it there \(--rate \(traffic\.rateRps in the configuration\); --dim \(dims in the configuration\)\), or drop --config/,
    );
  });

  it('lists the names, with a did-you-mean, for an unknown one', async () => {
    expectUsageError(
      await runCli(['profile', '--config', 'mlp quik'], dir),
      /\.batchscope\/config\.json has no configuration named "mlp quik"\. Did you mean "mlp quick"\? Its configurations: "mlp quick", "other"\./,
    );
  });

  it('refuses a MODEL argument that is not the configuration’s model, takes the same one', async () => {
    expectUsageError(
      await runCli(['profile', path.join(SAMPLES, 'convnet.onnx'), '--config', 'mlp quick'], dir),
      /MODEL .*convnet\.onnx is not the model of configuration "mlp quick" in \.batchscope\/config\.json .*Drop the MODEL argument/,
    );
    const out = path.join(dir, 'same.json');
    const same = await runCli(
      ['profile', path.join(SAMPLES, 'mlp.onnx'), '--config', 'mlp quick', '--json', '--out', out],
      dir,
    );
    assert.equal(same.code, 0, same.stderr);
  });

  it('says what is wrong with the file, the configuration or its model, and where', async () => {
    expectUsageError(
      await runCli(['profile', '--config', 'other'], dir),
      /The model of configuration "other" in \.batchscope\/config\.json, .*nowhere\.onnx does not exist\. Fix its "model"/,
    );
    const file = path.join(dir, 'ci.json');
    fs.writeFileSync(
      file,
      JSON.stringify({ version: 1, configurations: [{ ...configuration, traffic: { durationS: 0 } }] }),
    );
    expectUsageError(
      await runCli(['profile', '--config', 'mlp quick', '--config-file', file], dir),
      /^batchscope: ci\.json: configuration "mlp quick", traffic\.durationS: Duration \(s\) must be greater than 0 and at most 86400\.\n$/,
    );
    expectUsageError(
      await runCli(['profile', '--config', 'x', '--config-file', path.join(dir, 'missing.json')], dir),
      /Run configurations file .*missing\.json does not exist/,
    );
    expectUsageError(
      await runCli(['profile', '--config-file', file, 'model.onnx'], dir),
      /--config-file says where the run configurations are; add --config NAME/,
    );
  });

  it('checks the configuration against the model once it is read', async () => {
    fs.writeFileSync(
      path.join(dir, '.batchscope', 'config.json'),
      JSON.stringify({ version: 1, configurations: [{ ...configuration, dims: { seq: 8 } }] }),
    );
    expectUsageError(
      await runCli(['profile', '--config', 'mlp quick'], dir),
      /^batchscope: \.batchscope\/config\.json: configuration "mlp quick", dims\.seq: the model has no symbolic \(non-batch\) dim 'seq'/,
    );
  });

  it('every profile option is either allowed with --config or mapped to the field that replaces it', () => {
    for (const spec of PROFILE_OPTIONS)
      assert.ok(
        (OPTIONS_WITH_CONFIG as readonly string[]).includes(spec.name) || spec.name in FLAG_FIELDS,
        `--${spec.name} is neither`,
      );
  });
});
