import * as assert from 'assert';
import {
  isWebviewMessage,
  MAX_PATH_LENGTH,
  validateRunConfig,
  type PanelRunConfig,
} from '../../src/shared/panelProtocol';
import { BURSTY_DEFAULTS } from '../../src/shared/burstyArrival';
import { DEFAULTS } from './panelFixtures';
import { syntheticProfile } from './syntheticProfile';

const model = syntheticProfile({ requests: 10 }).model;
const withConfig = (patch: Partial<PanelRunConfig>): PanelRunConfig => ({ ...DEFAULTS, ...patch });

describe('panel protocol: messages from the webview', () => {
  it('accepts each well-formed message', () => {
    for (const m of [
      { type: 'ready' },
      { type: 'cancelRun' },
      { type: 'saveAs' },
      { type: 'pickModel' },
      { type: 'requestTrust' },
      { type: 'openProfilePath', path: '/w/.batchscope/profiles/a.json' },
      { type: 'startRun', config: DEFAULTS },
    ])
      assert.ok(isWebviewMessage(m), `should accept ${JSON.stringify(m).slice(0, 80)}`);
  });

  it('rejects unknown types, extra fields, wrong field types and smuggled model paths', () => {
    const bad: unknown[] = [
      null,
      'ready',
      [],
      { type: 'launchMissiles' },
      { type: 'ready', extra: 1 },
      { type: 'openProfilePath' },
      { type: 'openProfilePath', path: '' },
      { type: 'openProfilePath', path: 'a\0b' },
      { type: 'openProfilePath', path: 42 },
      { type: 'startRun' },
      { type: 'startRun', config: { ...DEFAULTS, modelPath: '/etc/passwd' } },
      { type: 'startRun', config: { ...DEFAULTS, durationS: '5' } },
      { type: 'startRun', config: { ...DEFAULTS, durationS: Infinity } },
      { type: 'startRun', config: { ...DEFAULTS, strategies: [{ name: 'fifo' }] } },
      { type: 'startRun', config: { ...DEFAULTS, strategies: [{ name: 'static', batchSize: '8' }] } },
      {
        type: 'startRun',
        config: { ...DEFAULTS, strategies: [{ name: 'static', batchSize: 8, path: '/x' }] },
      },
      { type: 'startRun', config: { ...DEFAULTS, strategies: [{ name: 'dynamic', preferredBatch: 4 }] } },
      { type: 'startRun', config: { ...DEFAULTS, strategies: [{ name: 'dynamic', timeoutAction: 3 }] } },
      { type: 'startRun', config: { ...DEFAULTS, strategies: [{ name: 'aimd', sloMs: [1] }] } },
      { type: 'startRun', config: { ...DEFAULTS, priorities: [0.5, '0.5'] } },
      {
        type: 'startRun',
        config: { ...DEFAULTS, arrival: { kind: 'trace', file: '/etc/passwd', format: 'gaps' } },
      },
      { type: 'startRun', config: { ...DEFAULTS, fixedInputs: { x: ['1'] } } },
      { type: 'startRun', config: { ...DEFAULTS, provider: 'tpu' } },
    ];
    for (const m of bad) assert.strictEqual(isWebviewMessage(m), false, `should reject ${JSON.stringify(m)}`);
  });
});

describe('panel protocol: each structural check holds on its own', () => {
  // Each case differs from an accepted message in one thing only, so loosening the one check
  // that refuses it (the path cap, exact keys on `startRun`, in `dims`, in a strategy) fails here.
  const accepted = (m: unknown): void =>
    assert.strictEqual(isWebviewMessage(m), true, `should accept ${JSON.stringify(m).slice(0, 120)}`);
  const rejected = (m: unknown): void =>
    assert.strictEqual(isWebviewMessage(m), false, `should reject ${JSON.stringify(m).slice(0, 120)}`);

  it('caps openProfilePath at MAX_PATH_LENGTH characters, inclusive', () => {
    const atCap = '/' + 'a'.repeat(MAX_PATH_LENGTH - 1);
    accepted({ type: 'openProfilePath', path: atCap });
    rejected({ type: 'openProfilePath', path: atCap + 'a' });
    rejected({ type: 'openProfilePath', path: '/' + 'a'.repeat(100_000) });
  });

  it('refuses any key on startRun besides type and config', () => {
    accepted({ type: 'startRun', config: DEFAULTS });
    for (const [key, value] of [
      ['extra', 1],
      ['modelPath', '/etc/passwd'],
      ['path', '/w/model.onnx'],
      ['config2', DEFAULTS],
      ['id', 'x'],
    ] as const)
      rejected({ type: 'startRun', config: DEFAULTS, [key]: value });
  });

  it('refuses any key in a dims entry besides name, min and max', () => {
    const dim = { name: 'seq', min: 1, max: 16 };
    accepted({ type: 'startRun', config: withConfig({ dims: [dim] }) });
    for (const extra of [{ extra: 1 }, { path: '/x' }, { step: 2 }, { default: 8 }])
      rejected({ type: 'startRun', config: withConfig({ dims: [dim, { ...dim, name: 'b', ...extra }] }) });
  });

  it('refuses any key in a strategy its registry descriptor does not declare, whatever its type', () => {
    const dynamic = { name: 'dynamic', maxBatch: 8, maxDelayMs: 2, preferredBatch: [] };
    accepted({
      type: 'startRun',
      config: withConfig({ strategies: [dynamic] as PanelRunConfig['strategies'] }),
    });
    for (const extra of [
      { extra: 1 },
      { extra: '1' },
      { extra: [1] },
      { batchSize: 8 }, // static's parameter, not dynamic's
      { modelPath: '/etc/passwd' },
    ])
      rejected({ type: 'startRun', config: withConfig({ strategies: [{ ...dynamic, ...extra }] as never }) });
    rejected({
      type: 'startRun',
      config: withConfig({ strategies: [{ name: 'none', maxBatch: 8 }] as never }),
    });
  });
});

describe('panel protocol: run config validation', () => {
  it('finds nothing wrong with the defaults', () => {
    assert.deepStrictEqual(validateRunConfig(DEFAULTS, model), []);
  });

  it('names the field and says what is allowed', () => {
    const errors = validateRunConfig(
      withConfig({
        durationS: 0,
        instances: 1.5,
        strategies: [{ name: 'dynamic', maxBatch: 8, maxDelayMs: -1, preferredBatch: [16] }],
        dims: [{ name: 'seq', min: 40, max: 32 }],
        fixedInputs: { nope: [1] },
      }),
      model,
    );
    const fields = errors.map((e) => e.field).sort();
    assert.deepStrictEqual(fields, [
      'dims.seq.max',
      'durationS',
      'fixedInputs.nope',
      'instances',
      'strategies.0.maxDelayMs',
      'strategies.0.preferredBatch',
    ]);
    assert.match(errors.find((e) => e.field === 'durationS')!.message, /Duration.*greater than 0/);
  });

  it('allows only "none" on a model that cannot batch, and caps batch sizes at what the model accepts', () => {
    const fixed = {
      ...model,
      batchable: false,
      notBatchableReason: 'Its batch dimension is fixed to 1.',
      maxBatchSupported: 1,
    };
    const errors = validateRunConfig(DEFAULTS, fixed);
    assert.ok(errors.some((e) => e.field === 'strategies.1.name' && /only "none"/.test(e.message)));
    assert.deepStrictEqual(validateRunConfig(withConfig({ strategies: [{ name: 'none' }] }), fixed), []);
    const capped = validateRunConfig(withConfig({ strategies: [{ name: 'static', batchSize: 8 }] }), {
      ...model,
      maxBatchSupported: 4,
    });
    assert.deepStrictEqual(
      capped.map((e) => e.field),
      ['strategies.0.batchSize'],
    );
  });

  it('requires at least one strategy and a positive rate unless derived', () => {
    const errors = validateRunConfig(withConfig({ strategies: [], rateRps: -5 }), model);
    assert.deepStrictEqual(errors.map((e) => e.field).sort(), ['rateRps', 'strategies']);
    assert.deepStrictEqual(validateRunConfig(withConfig({ rateRps: null }), model), []);
  });

  it('refuses a bursty shape the engine would refuse (ratio × duty > 1), and accepts the shared defaults', () => {
    const bursty = (dutyCycle: number) =>
      withConfig({ arrival: { kind: 'bursty', ratio: 8, periodS: 2, dutyCycle } });
    assert.deepStrictEqual(
      validateRunConfig(bursty(0.25), model).map((e) => e.field),
      ['arrival.dutyCycle'],
    );
    assert.deepStrictEqual(validateRunConfig(bursty(0.125), model), []);
    assert.deepStrictEqual(
      validateRunConfig(withConfig({ arrival: { kind: 'bursty', ...BURSTY_DEFAULTS } }), model),
      [],
    );
  });
});
