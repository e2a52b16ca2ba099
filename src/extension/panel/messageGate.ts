/**
 * The extension host's gate for everything the panel webview posts. The webview is untrusted
 * (its page renders profile data, and a compromised or buggy page can post anything), so nothing
 * it sends reaches the controller unless it passes here. No `vscode` import: unit tests drive the
 * same function the panel's `onDidReceiveMessage` listener calls.
 *
 * Two steps, in order:
 * 1. {@link copyPlainData}: the message must be plain JSON-like data (no functions, getters,
 *    class instances, symbol keys or prototype keys such as `__proto__` / `constructor`), within
 *    a depth and a size budget. The gate continues with its own fresh copy, so later checks and
 *    the controller never read a value that can change or that came from a prototype.
 * 2. {@link isWebviewMessage} (src/shared/panelProtocol.ts): a known `type`, every field of the
 *    declared type, no extra keys at any level (strategies checked against the strategy registry).
 *
 * Range checks (durations, batch sizes against the model) stay with `mergeRunConfig` /
 * `validateRunConfig`, and the host never takes a model path from the webview; the profile path
 * of `openProfilePath` is checked again against what the host produced (openPathAllowlist.ts).
 */
import { isWebviewMessage, type WebviewToHost } from '../../shared/panelProtocol';

/** Keys that could reach an object's prototype when a receiver assigns by name. Refused everywhere. */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** Deepest nesting a well-formed message has is 4 (message → config → strategies → entry → list). */
export const MAX_MESSAGE_DEPTH = 8;

/** Most values (objects, arrays, primitives) one message may hold; a well-formed one has a few hundred. */
export const MAX_MESSAGE_VALUES = 20_000;

/** Longest string anywhere in a message (the profile path is capped lower by the protocol). */
export const MAX_STRING_LENGTH = 8192;

export type GateResult = { ok: true; message: WebviewToHost } | { ok: false; reason: string };

type CopyResult = { ok: true; value: unknown } | { ok: false; reason: string };

/**
 * Check that `raw` is a message the host may act on, and return the host's own copy of it.
 * Never throws; `reason` says why a message was refused (for the log, never shown to the webview).
 */
export function admitWebviewMessage(raw: unknown): GateResult {
  const copy = copyPlainData(raw);
  if (!copy.ok) return copy;
  const m = copy.value;
  if (typeof m !== 'object' || m === null || Array.isArray(m))
    return { ok: false, reason: 'not a message object' };
  if (!isWebviewMessage(m)) {
    const type = (m as Record<string, unknown>).type;
    return {
      ok: false,
      reason:
        typeof type === 'string' && KNOWN_TYPES.has(type)
          ? `malformed "${type}" message (a missing, extra or mistyped field)`
          : `unknown message type ${describe(type)}`,
    };
  }
  // Dimension names become object keys on the host (the engine's dims map): no prototype keys.
  // Input names and batch-axis names become keys too (fixed inputs, batch axes).
  const run = m.type === 'startRun' || m.type === 'saveConfiguration' ? m.config : undefined;
  const dims = run ? run.dims : m.type === 'inspect' ? m.dims : [];
  const bad = dims.find((d) => FORBIDDEN_KEYS.has(d.name));
  if (bad) return { ok: false, reason: `a dimension named ${describe(bad.name)}` };
  const keyed = [
    ...Object.keys(run?.fixedInputs ?? (m.type === 'inspect' ? m.fixedInputs : {})),
    ...Object.keys(run?.batchAxes ?? {}),
  ];
  const badKey = keyed.find((k) => FORBIDDEN_KEYS.has(k));
  if (badKey) return { ok: false, reason: `an input named ${describe(badKey)}` };
  return { ok: true, message: m };
}

/** What the panel calls with each message the webview posts. */
export interface GateHandlers {
  /** The webview's `ready` handshake. */
  onReady(): void;
  /** Every other admitted message (already checked, the host's own copy). */
  onMessage(message: Exclude<WebviewToHost, { type: 'ready' }>): void;
  /** A refused message, with the reason (log it; do not act on it). */
  onRejected?(reason: string): void;
}

/**
 * The panel's receive entry point: `webview.onDidReceiveMessage(gateWebviewMessages(handlers))`.
 * A handler that throws is not the gate's business; the gate itself never throws.
 */
export function gateWebviewMessages(handlers: GateHandlers): (raw: unknown) => void {
  return (raw) => {
    const verdict = admitWebviewMessage(raw);
    if (!verdict.ok) {
      handlers.onRejected?.(verdict.reason);
      return;
    }
    if (verdict.message.type === 'ready') handlers.onReady();
    else handlers.onMessage(verdict.message);
  };
}

const KNOWN_TYPES: ReadonlySet<string> = new Set<WebviewToHost['type']>([
  'ready',
  'startRun',
  'cancelRun',
  'saveAs',
  'openProfilePath',
  'pickModel',
  'requestTrust',
  'inspect',
  'saveConfiguration',
  'openConfigurations',
  'showLog',
  'startSweep',
  'cancelSweep',
  'verifySweep',
  'exportSweep',
]);

/** A short, safe rendering of an untrusted value for a log line. */
function describe(x: unknown): string {
  if (typeof x === 'string') return JSON.stringify(x.length > 40 ? `${x.slice(0, 40)}…` : x);
  return x === null ? 'null' : typeof x;
}

/**
 * A fresh copy of `raw` when it is plain data: null, booleans, finite or non-finite numbers,
 * strings up to {@link MAX_STRING_LENGTH}, arrays of plain data, and objects whose prototype is
 * `Object.prototype` (or null) with only enumerable data properties under string keys that are not
 * {@link FORBIDDEN_KEYS}. Objects in the copy are ordinary `{}` objects.
 */
export function copyPlainData(raw: unknown): CopyResult {
  let values = 0;
  const fail = (reason: string): CopyResult => ({ ok: false, reason });
  const copy = (x: unknown, at: string, depth: number): CopyResult => {
    if (++values > MAX_MESSAGE_VALUES) return fail(`more than ${MAX_MESSAGE_VALUES} values`);
    if (x === null || typeof x === 'boolean' || typeof x === 'number') return { ok: true, value: x };
    if (typeof x === 'string')
      return x.length > MAX_STRING_LENGTH
        ? fail(`a string longer than ${MAX_STRING_LENGTH} characters at ${at}`)
        : { ok: true, value: x };
    if (typeof x !== 'object') return fail(`a ${typeof x} at ${at}`);
    if (depth >= MAX_MESSAGE_DEPTH) return fail(`nested deeper than ${MAX_MESSAGE_DEPTH} levels at ${at}`);
    if (Object.getOwnPropertySymbols(x).length > 0) return fail(`a symbol key at ${at}`);
    if (Array.isArray(x)) {
      if (Object.getPrototypeOf(x) !== Array.prototype) return fail(`an array subclass at ${at}`);
      // Only indices and `length`: an array carrying named properties is not plain data.
      if (Object.getOwnPropertyNames(x).length !== x.length + 1)
        return fail(`an array with extra keys at ${at}`);
      const out: unknown[] = [];
      for (let i = 0; i < x.length; i++) {
        const d = Object.getOwnPropertyDescriptor(x, i);
        if (!d || !('value' in d)) return fail(`a hole or accessor at ${at}.${i}`);
        const c = copy(d.value, `${at}.${i}`, depth + 1);
        if (!c.ok) return c;
        out.push(c.value);
      }
      return { ok: true, value: out };
    }
    const proto: unknown = Object.getPrototypeOf(x);
    if (proto !== Object.prototype && proto !== null) return fail(`not a plain object at ${at}`);
    const out: Record<string, unknown> = {};
    for (const key of Object.getOwnPropertyNames(x)) {
      if (FORBIDDEN_KEYS.has(key)) return fail(`the key "${key}" at ${at}`);
      const d = Object.getOwnPropertyDescriptor(x, key);
      if (!d || !d.enumerable || !('value' in d)) return fail(`an accessor or hidden key "${key}" at ${at}`);
      const c = copy(d.value, `${at}.${key}`, depth + 1);
      if (!c.ok) return c;
      out[key] = c.value; // Safe: no forbidden key gets here.
    }
    return { ok: true, value: out };
  };
  return copy(raw, 'message', 0);
}
