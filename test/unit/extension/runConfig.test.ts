/** Settings -> form defaults, and form/command config -> engine run request. */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import {
  runDefaultsFromSettings,
  SETTING_DEFAULTS,
  profilesFolderSetting,
} from '../../../src/extension/run/runDefaults';
import {
  maxBatchOf,
  mergeRunConfig,
  planEngineRun,
  RunConfigError,
} from '../../../src/extension/run/runRequest';
import type { ModelSummary } from '../../../src/shared/profileTypes';

const unset = (): undefined => undefined;
const from =
  (values: Record<string, unknown>) =>
  (key: string): unknown =>
    values[key];

const model: ModelSummary = {
  path: '/m.onnx',
  fileName: 'm.onnx',
  sha256: '',
  bytes: 1,
  inputs: [{ name: 'x', dtype: 'float32', shape: ['batch', 'seq'], batchAxis: 0, batchAxisSource: 'probe' }],
  outputs: [],
  dims: [{ name: 'seq', min: 16, max: 16, source: 'default' }],
  fixedInputs: {},
  batchable: true,
  maxBatchSupported: null,
};

describe('run defaults from settings', () => {
  it('uses the built-in defaults when nothing is set, and they match package.json', () => {
    const { config, problems } = runDefaultsFromSettings(unset);
    assert.deepStrictEqual(problems, []);
    assert.deepStrictEqual(
      config.strategies.map((s) => s.name),
      ['none', 'static', 'dynamic'],
    );
    assert.strictEqual(config.rateRps, null, 'rate 0 means derive from calibration');
    const pkg = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../../package.json'), 'utf8'));
    const props = pkg.contributes.configuration.properties as Record<string, { default: unknown }>;
    for (const [key, value] of Object.entries(SETTING_DEFAULTS))
      assert.deepStrictEqual(
        props[`batchscope.${key}`]?.default,
        value,
        `package.json default of batchscope.${key}`,
      );
  });

  it('maps max batch and delay onto static and dynamic, and a rate and arrival through', () => {
    const { config } = runDefaultsFromSettings(
      from({
        strategies: ['dynamic', 'static'],
        maxBatch: 16,
        maxDelayMs: 5,
        rateRps: 250,
        arrival: 'closed',
        concurrency: 4,
      }),
    );
    const queue = { maxQueue: 0, timeoutMs: 0, timeoutAction: 'reject' };
    assert.deepStrictEqual(config.strategies, [
      { name: 'dynamic', maxBatch: 16, maxDelayMs: 5, preferredBatch: [], ...queue },
      { name: 'static', batchSize: 16, ...queue },
    ]);
    assert.strictEqual(config.rateRps, 250);
    assert.deepStrictEqual(config.arrival, { kind: 'closed', concurrency: 4 });
  });

  it('takes strategy specs with parameters, the same strategy twice', () => {
    const { config, problems } = runDefaultsFromSettings(
      from({ strategies: ['dynamic(max=16,delay=1)', 'dynamic(max=4)', 'aimd(slo=30)'], maxDelayMs: 3 }),
    );
    assert.deepStrictEqual(problems, []);
    assert.deepStrictEqual(
      config.strategies.map((s) => [s.name, s.maxBatch, s.maxDelayMs ?? s.sloMs]),
      [
        ['dynamic', 16, 1],
        ['dynamic', 4, 3],
        ['aimd', 8, 30],
      ],
    );
    const bad = runDefaultsFromSettings(from({ strategies: ['aimd'] }));
    assert.match(bad.problems[0], /batchscope\.strategies .*aimd needs latency budget/);
  });

  it('falls back per setting on bad values and says which', () => {
    const { config, problems } = runDefaultsFromSettings(
      from({ maxBatch: 0, durationS: 'ten', strategies: ['none', 'fifo'], arrival: 'weird', threads: 2 }),
    );
    assert.strictEqual(config.threads, 2, 'good settings still apply');
    assert.strictEqual(config.durationS, SETTING_DEFAULTS.durationS);
    assert.deepStrictEqual(
      config.strategies.map((s) => s.name),
      ['none', 'static', 'dynamic'],
    );
    assert.strictEqual(problems.length, 4);
    assert.ok(problems.some((p) => p.includes('batchscope.maxBatch')));
    assert.ok(problems.some((p) => p.includes('batchscope.arrival')));
  });

  it('reads the profiles folder, defaulting an empty value', () => {
    assert.strictEqual(profilesFolderSetting(unset), '.batchscope/profiles');
    assert.strictEqual(profilesFolderSetting(from({ profilesFolder: '  ' })), '.batchscope/profiles');
    assert.strictEqual(profilesFolderSetting(from({ profilesFolder: 'out/p' })), 'out/p');
  });
});

describe('run config merge and engine plan', () => {
  const defaults = runDefaultsFromSettings(unset).config;

  it('applies overrides and keeps the rest of the defaults', () => {
    const c = mergeRunConfig(defaults, { durationS: 1, strategies: [{ name: 'none' }] }, model);
    assert.strictEqual(c.durationS, 1);
    assert.strictEqual(c.threads, defaults.threads);
  });

  it('rejects unknown fields, wrong types and out-of-range values with the field named', () => {
    assert.throws(() => mergeRunConfig(defaults, { modelPath: '/etc/passwd' }, model), RunConfigError);
    assert.throws(() => mergeRunConfig(defaults, { durationS: '1' }, model), RunConfigError);
    assert.throws(() => mergeRunConfig(defaults, [], model), RunConfigError);
    assert.throws(() => mergeRunConfig(defaults, { durationS: -1 }, model), /durationS/);
    assert.throws(
      () => mergeRunConfig(defaults, { dims: [{ name: 'nope', min: 1, max: 2 }] }, model),
      /nope/,
    );
  });

  it('refuses batching strategies on a model that cannot batch', () => {
    const fixed = { ...model, batchable: false, notBatchableReason: 'batch dim fixed to 1' };
    assert.throws(() => mergeRunConfig(defaults, undefined, fixed), /batch dim fixed to 1/);
    assert.doesNotThrow(() => mergeRunConfig(defaults, { strategies: [{ name: 'none' }] }, fixed));
  });

  it('plans engine settings: dims by name, closed loop has no rate, calibration up to the largest batch', () => {
    const c = mergeRunConfig(
      defaults,
      {
        dims: [{ name: 'seq', min: 8, max: 32 }],
        strategies: [
          { name: 'static', batchSize: 4 },
          { name: 'dynamic', maxBatch: 12, maxDelayMs: 1, preferredBatch: [4, 8] },
        ],
        rateRps: 300,
      },
      model,
    );
    const plan = planEngineRun(c);
    assert.deepStrictEqual(plan.modelOptions.dims, { seq: { min: 8, max: 32 } });
    assert.strictEqual(plan.maxBatchForCalibration, 12);
    assert.strictEqual(plan.settings.rateRps, 300);
    assert.strictEqual(plan.settings.rateDerived, false);
    const closed = planEngineRun({ ...c, arrival: { kind: 'closed', concurrency: 3 } });
    assert.strictEqual(closed.settings.rateRps, null);
    assert.strictEqual(closed.settings.rateDerived, false);
    assert.strictEqual(planEngineRun({ ...c, rateRps: null }).settings.rateDerived, true);
    assert.strictEqual(maxBatchOf({ strategies: [{ name: 'none' }] }), 1);
  });
});
