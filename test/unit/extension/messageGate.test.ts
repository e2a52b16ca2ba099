/**
 * The host's gate for webview messages (src/extension/panel/messageGate.ts): the same function
 * the panel's `onDidReceiveMessage` listener calls. Hostile messages as a compromised webview
 * could post them: extra keys at every level, prototype keys, wrong types, unknown kinds,
 * accessors, oversized payloads. Nothing refused may reach a handler.
 */
import * as assert from 'assert';
import {
  admitWebviewMessage,
  copyPlainData,
  gateWebviewMessages,
  MAX_MESSAGE_DEPTH,
  MAX_MESSAGE_VALUES,
  MAX_STRING_LENGTH,
} from '../../../src/extension/panel/messageGate';
import { MAX_PATH_LENGTH, type PanelRunConfig, type WebviewToHost } from '../../../src/shared/panelProtocol';

/** A JSON object a test edits freely (any field, any type), as a hostile webview would. */
type Loose = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** A config the host would run: every nesting level the gate must look into is present. */
const CONFIG: PanelRunConfig = {
  strategies: [{ name: 'none' }, { name: 'dynamic', maxBatch: 8, maxDelayMs: 2, preferredBatch: [4, 8] }],
  arrival: { kind: 'bursty', ratio: 2, periodS: 1, dutyCycle: 0.25 },
  rateRps: 100,
  durationS: 1,
  warmupS: 0,
  instances: 1,
  threads: 1,
  provider: 'cpu',
  dims: [{ name: 'seq', min: 1, max: 16 }],
  fixedInputs: { sr: [16000] },
  sloMs: null,
  seed: 1,
  priorities: null,
};

/** A deep copy of the good config with `edit` applied to it (as JSON, the way a webview message arrives). */
function startRun(edit: (c: Loose) => void = () => undefined): unknown {
  const config = JSON.parse(JSON.stringify(CONFIG)) as Loose;
  edit(config);
  return { type: 'startRun', config };
}

function refused(raw: unknown, why?: RegExp): void {
  const r = admitWebviewMessage(raw);
  // Described only on failure: describing reads the message (and would run its getters).
  if (r.ok) assert.fail(`should refuse ${safeJson(raw)}`);
  if (why && !why.test(r.reason)) assert.fail(`refused ${safeJson(raw)} for "${r.reason}", expected ${why}`);
}

function safeJson(x: unknown): string {
  try {
    return (JSON.stringify(x) ?? String(x)).slice(0, 200);
  } catch {
    return String(x);
  }
}

describe('webview message gate', () => {
  it('admits every well-formed message, as a fresh copy', () => {
    const good: WebviewToHost[] = [
      { type: 'ready' },
      { type: 'cancelRun' },
      { type: 'saveAs' },
      { type: 'pickModel' },
      { type: 'requestTrust' },
      { type: 'openProfilePath', path: '/w/.batchscope/profiles/a.json' },
      { type: 'openProfilePath', path: '/' + 'a'.repeat(MAX_PATH_LENGTH - 1) },
      startRun() as WebviewToHost,
    ];
    for (const m of good) {
      const r = admitWebviewMessage(m);
      assert.ok(r.ok, `should admit ${safeJson(m)}: ${r.ok ? '' : r.reason}`);
      assert.deepStrictEqual(r.message, m);
      assert.notStrictEqual(r.message, m, 'the host acts on its own copy');
    }
    // The copy shares nothing with what the webview posted.
    const raw = startRun() as { config: PanelRunConfig };
    const r = admitWebviewMessage(raw);
    assert.ok(r.ok && r.message.type === 'startRun');
    if (r.ok && r.message.type === 'startRun') {
      raw.config.strategies[1] = { name: 'static', batchSize: 1e9 };
      raw.config.dims[0].max = 1e9;
      assert.deepStrictEqual(r.message.config, CONFIG);
    }
  });

  it('refuses an extra key at every nesting level of a startRun', () => {
    const extras: Array<[string, (c: Loose) => void]> = [
      ['config', (c) => (c.modelPath = '/etc/passwd')],
      ['arrival', (c) => (c.arrival.file = '/etc/passwd')],
      ['arrival (constant)', (c) => (c.arrival = { kind: 'constant', ratio: 2 })],
      ['strategy', (c) => (c.strategies[1].extra = 1)],
      ['strategy (string)', (c) => (c.strategies[0].path = '/x')],
      ['dims entry', (c) => (c.dims[0].extra = 1)],
      ['fixedInputs value', (c) => (c.fixedInputs.other = 'x')],
      ['fixedInputs list', (c) => (c.fixedInputs.sr = { 0: 16000 })],
    ];
    for (const [level, edit] of extras) {
      const r = admitWebviewMessage(startRun(edit));
      assert.ok(!r.ok && /malformed "startRun"/.test(r.reason), `an extra key in ${level} must be refused`);
    }
    refused({ ...(startRun() as object), extra: 1 }, /malformed "startRun"/);
    refused({ type: 'ready', extra: 1 }, /malformed "ready"/);
    refused({ type: 'openProfilePath', path: '/w/a.json', model: '/m.onnx' }, /malformed/);
  });

  it('refuses prototype keys at every level, even where an extra key would be allowed', () => {
    const at = (json: string): unknown => JSON.parse(json) as unknown;
    /** The good message with `key` added at `where`: JSON.parse makes `__proto__` an own key, as a webview message has it. */
    const inject = (where: (c: Loose) => Loose, key: string): unknown => {
      const raw = startRun() as { config: Loose };
      where(raw.config).MARK = [1];
      return at(JSON.stringify(raw).replace('"MARK":', `${JSON.stringify(key)}:`));
    };
    const levels: Array<(c: Loose) => Loose> = [
      (c) => c,
      (c) => c.arrival,
      (c) => c.strategies[1],
      (c) => c.dims[0],
      (c) => c.fixedInputs,
    ];
    for (const key of ['__proto__', 'constructor', 'prototype'])
      for (const where of levels) refused(inject(where, key), new RegExp(`the key "${key}"`));
    refused(at('{"type":"ready","__proto__":{"type":"startRun"}}'), /the key "__proto__"/);
    refused(at('{"type":"cancelRun","constructor":{"prototype":{"polluted":true}}}'), /constructor/);
    // A dim or an input *named* like a prototype key is refused too: it becomes an object key later.
    for (const name of ['__proto__', 'constructor'])
      refused(
        startRun((c) => (c.dims[0].name = name)),
        new RegExp(`a dimension named "${name}"`),
      );
    assert.strictEqual(({} as Record<string, unknown>).polluted, undefined, 'nothing was polluted');
  });

  it('refuses wrong types in every field', () => {
    const wrong: Array<(c: Loose) => void> = [
      (c) => (c.strategies = { 0: { name: 'none' } }),
      (c) => (c.strategies[0] = 'none'),
      (c) => (c.strategies[0].name = 'fifo'),
      (c) => (c.strategies[1].maxBatch = '8'),
      (c) => (c.strategies[1].preferredBatch = 4),
      (c) => (c.strategies[1].preferredBatch = ['4']),
      (c) => (c.arrival = 'poisson'),
      (c) => (c.arrival.kind = 'trace'),
      (c) => (c.arrival.ratio = null),
      (c) => (c.rateRps = '100'),
      (c) => (c.durationS = null),
      (c) => (c.warmupS = true),
      (c) => (c.instances = [1]),
      (c) => (c.threads = {}),
      (c) => (c.provider = 'tpu'),
      (c) => (c.dims = [['seq', 1, 16]]),
      (c) => (c.dims[0].min = '1'),
      (c) => (c.dims[0].name = 7),
      (c) => (c.fixedInputs = [[16000]]),
      (c) => (c.fixedInputs.sr = ['16000']),
      (c) => (c.sloMs = '10'),
      (c) => (c.seed = null),
      (c) => (c.priorities = [0.5, '0.5']),
      (c) => delete c.durationS,
      (c) => delete c.strategies,
    ];
    for (const edit of wrong) refused(startRun(edit), /malformed "startRun"/);
    refused({ type: 'startRun' }, /malformed/);
    refused({ type: 'startRun', config: null }, /malformed/);
    refused({ type: 'startRun', config: [] }, /malformed/);
    refused({ type: 'openProfilePath' }, /malformed/);
    refused({ type: 'openProfilePath', path: 42 }, /malformed/);
    refused({ type: 'openProfilePath', path: ['/w/a.json'] }, /malformed/);
    refused({ type: 'openProfilePath', path: '' }, /malformed/);
    refused({ type: 'openProfilePath', path: '/w/a\0.json' }, /malformed/);
    refused({ type: 'openProfilePath', path: '/' + 'a'.repeat(MAX_PATH_LENGTH) }, /malformed/);
    refused({ type: 'openProfilePath', path: '/' + 'a'.repeat(MAX_STRING_LENGTH) }, /longer than/);
  });

  it('refuses unknown kinds and anything that is not a message object', () => {
    for (const raw of [
      { type: 'launchMissiles' },
      { type: 'READY' },
      { type: 'openFile', path: '/etc/passwd' },
      { type: 'runCommand', command: 'workbench.action.terminal.new' },
      { type: 'toString' },
      { type: '__proto__' },
      { type: 1 },
      {},
    ])
      refused(raw, /unknown message type/);
    for (const raw of [null, undefined, 'ready', 42, true, [], [{ type: 'ready' }]])
      refused(raw, /not a message object|a undefined/);
  });

  it('refuses values that are not plain data, without calling into them', () => {
    let getterCalls = 0;
    const withGetter = Object.defineProperty({ type: 'openProfilePath' }, 'path', {
      enumerable: true,
      get: () => {
        getterCalls++;
        return '/w/a.json';
      },
    });
    refused(withGetter, /accessor/);
    assert.strictEqual(getterCalls, 0, 'the gate must not run code the message carries');
    refused(Object.defineProperty({ type: 'ready' }, 'hidden', { value: 1, enumerable: false }), /hidden/);
    refused(Object.create({ type: 'ready' }) as unknown, /not a plain object/); // `type` only inherited
    class Message {
      type = 'ready';
    }
    refused(new Message(), /not a plain object/);
    refused({ type: 'ready', [Symbol('x')]: 1 }, /symbol/);
    refused({ type: 'openProfilePath', path: new String('/w/a.json') }, /not a plain object/);
    refused({ type: 'openProfilePath', path: () => '/w/a.json' }, /a function/);
    refused({ type: 'ready', n: BigInt(1) }, /a bigint/);
    refused(
      startRun((c) => (c.strategies[1].preferredBatch = Object.assign([4], { extra: 1 }))),
      /array with extra keys/,
    );
    refused({ type: 'startRun', config: new Map([['durationS', 1]]) }, /not a plain object/);
    // Null-prototype objects are plain data (and admitted when well-formed).
    const bare = Object.assign(Object.create(null) as object, { type: 'ready' });
    assert.ok(admitWebviewMessage(bare).ok);
  });

  it('refuses oversized messages: too deep, too many values, too long a string', () => {
    let deep: unknown = 1;
    for (let i = 0; i < MAX_MESSAGE_DEPTH + 1; i++) deep = [deep];
    refused(
      startRun((c) => (c.fixedInputs.sr = deep)),
      /nested deeper/,
    );
    refused(
      startRun((c) => (c.strategies = Array.from({ length: MAX_MESSAGE_VALUES }, () => ({ name: 'none' })))),
      /more than/,
    );
    refused(
      startRun((c) => (c.dims[0].name = 'x'.repeat(MAX_STRING_LENGTH + 1))),
      /longer than/,
    );
    // A cycle is caught by the depth budget rather than looping.
    const cyclic: Record<string, unknown> = { type: 'startRun' };
    cyclic.config = cyclic;
    refused(cyclic, /nested deeper/);
  });

  it('copyPlainData keeps plain data as it is', () => {
    const data = { a: [1, 'x', null, true, { b: [] }], c: {} };
    assert.deepStrictEqual(copyPlainData(data), { ok: true, value: data });
  });

  it('routes only admitted messages: ready to onReady, the rest to onMessage, refusals to onRejected', () => {
    const seen: string[] = [];
    const received: unknown[] = [];
    const receive = gateWebviewMessages({
      onReady: () => seen.push('ready'),
      onMessage: (m) => {
        seen.push(m.type);
        received.push(m);
      },
      onRejected: (reason) => seen.push(`rejected: ${reason}`),
    });
    const raw = { type: 'openProfilePath', path: '/w/a.json' };
    receive({ type: 'ready' });
    receive(raw);
    receive(startRun((c) => (c.modelPath = '/etc/passwd')));
    receive({ type: 'startRun', config: CONFIG, extra: 1 });
    receive({ type: 'openProfilePath', path: 'x'.repeat(MAX_PATH_LENGTH + 1) });
    receive(JSON.parse('{"type":"cancelRun","__proto__":{}}'));
    receive({ type: 'nope' });
    receive(startRun());
    assert.deepStrictEqual(seen, [
      'ready',
      'openProfilePath',
      'rejected: malformed "startRun" message (a missing, extra or mistyped field)',
      'rejected: malformed "startRun" message (a missing, extra or mistyped field)',
      'rejected: malformed "openProfilePath" message (a missing, extra or mistyped field)',
      'rejected: the key "__proto__" at message',
      'rejected: unknown message type "nope"',
      'startRun',
    ]);
    assert.notStrictEqual(received[0], raw, 'handlers get the gate’s copy');
    // Without an onRejected handler a refusal is silent, never a throw.
    const quiet = gateWebviewMessages({ onReady: () => assert.fail(), onMessage: () => assert.fail() });
    quiet({ type: 'ready', extra: 1 });
    quiet(undefined);
  });
});
