/**
 * The synthetic model: a stand-in for an ONNX model whose batch of n requests costs a known
 * `base + per-item·n` ms, busy-waited on a real worker thread, so the real scheduler and threads
 * run against a cost the user chose. Written where a model path goes:
 *
 *     synthetic:base=20ms,per-item=2ms,jitter=10%,max-batch=8
 *
 * - `base`, `per-item`: times with a unit, `us` (or `µs`), `ms` or `s`; at least one above 0.
 * - `jitter`: the coefficient of variation of each batch's cost, `10%` or `0.1`; default 0. Each
 *   batch's cost is the nominal cost times a lognormal factor of mean 1 (never negative, the mean
 *   cost stays the nominal one), drawn from the run's seed.
 * - `max-batch`: the largest batch the model accepts; default any size.
 *
 * Node-free: the extension host validates the user's input with it, the CLI and the engine parse it.
 */
import { closest } from './didYouMean';
import type { ModelSummary } from './profileTypes';

/** What starts a model argument that names a synthetic model rather than a file. */
export const SYNTHETIC_PREFIX = 'synthetic:';

/** An example to show in messages and placeholders. */
export const SYNTHETIC_EXAMPLE = 'synthetic:base=20ms,per-item=2ms';

/** A parsed synthetic model. */
export interface SyntheticSpec {
  /** Cost of every batch, ms. */
  baseMs: number;
  /** Extra cost per request in the batch, ms. */
  perItemMs: number;
  /** Coefficient of variation of each batch's cost (0: exactly the nominal cost; 0.1: 10%). */
  jitter: number;
  /** Largest batch the model accepts, or null for any size. */
  maxBatch: number | null;
}

/** A synthetic spec that cannot be parsed; the message names the parameter and the fix. */
export class SyntheticSpecError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SyntheticSpecError';
  }
}

const PARAMETERS = ['base', 'per-item', 'jitter', 'max-batch'] as const;
type Parameter = (typeof PARAMETERS)[number];

/** Longest cost a parameter may give one batch, ms: catches a unit typo (`base=20s` for 20 ms? fine; `20000s`, no). */
const MAX_TIME_MS = 60_000;
/** Largest `max-batch` (the run's own batch limit). */
const MAX_BATCH = 4096;
/** Largest jitter: a coefficient of variation of 100%. */
const MAX_JITTER = 1;

const UNIT_MS: Record<string, number> = { us: 0.001, µs: 0.001, ms: 1, s: 1000 };

/** True when a model argument names a synthetic model (`synthetic:…`), not a file. */
export function isSyntheticModelRef(ref: string): boolean {
  return ref.trimStart().toLowerCase().startsWith(SYNTHETIC_PREFIX);
}

/**
 * Parses `synthetic:base=20ms,per-item=2ms,…` (the `synthetic:` prefix may be left out).
 * @throws SyntheticSpecError naming the parameter, what is wrong and how to write it
 */
export function parseSyntheticSpec(text: string): SyntheticSpec {
  let body = text.trim();
  if (body.toLowerCase().startsWith(SYNTHETIC_PREFIX)) body = body.slice(SYNTHETIC_PREFIX.length).trim();
  if (body === '')
    throw new SyntheticSpecError(
      `a synthetic model needs its cost per batch, e.g. ${SYNTHETIC_EXAMPLE} (parameters: ${PARAMETERS.join(', ')}).`,
    );
  const given = new Map<Parameter, string>();
  for (const item of body.split(',')) {
    const eq = item.indexOf('=');
    const key = (eq < 0 ? item : item.slice(0, eq)).trim().toLowerCase();
    const value = eq < 0 ? '' : item.slice(eq + 1).trim();
    if (item.trim() === '')
      throw new SyntheticSpecError(
        `there is an empty parameter (two commas in a row?); write e.g. ${SYNTHETIC_EXAMPLE}.`,
      );
    if (!(PARAMETERS as readonly string[]).includes(key)) {
      const near = closest(key, PARAMETERS);
      throw new SyntheticSpecError(
        `unknown parameter "${key}".${near ? ` Did you mean ${near}?` : ''} Parameters: ${PARAMETERS.join(', ')}.`,
      );
    }
    if (eq < 0 || value === '')
      throw new SyntheticSpecError(
        `${key} has no value; write it as ${key}=${exampleValue(key as Parameter)}.`,
      );
    if (given.has(key as Parameter)) throw new SyntheticSpecError(`${key} is given twice; give it once.`);
    given.set(key as Parameter, value);
  }
  const baseMs = given.has('base') ? parseTime('base', given.get('base')!) : 0;
  const perItemMs = given.has('per-item') ? parseTime('per-item', given.get('per-item')!) : 0;
  if (!(baseMs + perItemMs > 0))
    throw new SyntheticSpecError(
      'a synthetic model needs a cost: give base or per-item a time above 0, e.g. base=20ms,per-item=2ms.',
    );
  return {
    baseMs,
    perItemMs,
    jitter: given.has('jitter') ? parseJitter(given.get('jitter')!) : 0,
    maxBatch: given.has('max-batch') ? parseMaxBatch(given.get('max-batch')!) : null,
  };
}

/**
 * Why `text` is not a synthetic model spec, for an input box (the panel checks the user's typing
 * with it); undefined when it is one.
 */
export function syntheticSpecProblem(text: string): string | undefined {
  try {
    parseSyntheticSpec(text);
    return undefined;
  } catch (err) {
    if (!(err instanceof SyntheticSpecError)) throw err;
    // As is, not capitalised: most messages start with the parameter as written (`base=20 …`).
    return err.message;
  }
}

/** The canonical spec text: `synthetic:base=20ms,per-item=2ms[,jitter=10%][,max-batch=8]`. */
export function formatSyntheticSpec(spec: SyntheticSpec): string {
  const parts = [`base=${number(spec.baseMs)}ms`, `per-item=${number(spec.perItemMs)}ms`];
  if (spec.jitter > 0) parts.push(`jitter=${number(spec.jitter * 100)}%`);
  if (spec.maxBatch !== null) parts.push(`max-batch=${spec.maxBatch}`);
  return SYNTHETIC_PREFIX + parts.join(',');
}

/** Nominal cost of a batch of `n` requests, ms. */
export function syntheticBatchCostMs(spec: Pick<SyntheticSpec, 'baseMs' | 'perItemMs'>, n: number): number {
  return spec.baseMs + spec.perItemMs * n;
}

/** One line for people: what a batch of this synthetic model costs. */
export function describeSyntheticSpec(spec: SyntheticSpec): string {
  const cost =
    spec.perItemMs === 0
      ? `${number(spec.baseMs)} ms`
      : spec.baseMs === 0
        ? `${number(spec.perItemMs)} ms × n`
        : `${number(spec.baseMs)} ms + ${number(spec.perItemMs)} ms × n`;
  const extras = [
    spec.jitter > 0 ? `jitter ${number(spec.jitter * 100)}% (lognormal, seeded)` : 'no jitter',
    spec.maxBatch === null ? 'any batch size' : `batches up to ${spec.maxBatch}`,
  ];
  return `Synthetic model: a batch of n requests busy-waits ${cost} on a worker thread (${extras.join(', ')}).`;
}

/**
 * What a model was when it is not an ONNX file (the CLI, `show`, the panel and the report say
 * it the same way), or null for a file.
 */
export function targetDescription(model: Pick<ModelSummary, 'target'>): string | null {
  const t = model.target;
  if (!t) return null;
  return describeSyntheticSpec(t);
}

function parseTime(key: Parameter, value: string): number {
  const m = /^([+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?)\s*([a-zµ]*)$/i.exec(value);
  if (!m)
    throw new SyntheticSpecError(`${key}=${value} is not a time; write it as ${key}=${exampleValue(key)}.`);
  const unit = m[2].toLowerCase();
  if (unit === '')
    throw new SyntheticSpecError(`${key}=${value} has no unit; write ${key}=${m[1]}ms (units: us, ms, s).`);
  if (!(unit in UNIT_MS))
    throw new SyntheticSpecError(
      `${key}=${value}: unknown unit "${m[2]}"; use us, ms or s, e.g. ${key}=${exampleValue(key)}.`,
    );
  const ms = Number(m[1]) * UNIT_MS[unit];
  if (!Number.isFinite(ms) || ms < 0)
    throw new SyntheticSpecError(
      `${key}=${value} is negative; give a time of 0 or more, e.g. ${key}=${exampleValue(key)}.`,
    );
  if (ms > MAX_TIME_MS)
    throw new SyntheticSpecError(
      `${key}=${value} is longer than 60 s, the most a synthetic model allows; give a shorter time.`,
    );
  return ms;
}

function parseJitter(value: string): number {
  const m = /^([+-]?(?:\d+\.?\d*|\.\d+))\s*(%?)$/.exec(value);
  if (!m)
    throw new SyntheticSpecError(
      `jitter=${value} is not a coefficient of variation; write a percentage, e.g. jitter=10% (or a fraction, jitter=0.1).`,
    );
  const raw = Number(m[1]);
  if (raw < 0) throw new SyntheticSpecError(`jitter=${value} is negative; give 0% to 100%, e.g. jitter=10%.`);
  if (m[2] === '' && raw > MAX_JITTER)
    throw new SyntheticSpecError(
      `jitter=${value} reads as a fraction above 1; for ${m[1]} percent write jitter=${m[1]}%.`,
    );
  const cv = m[2] === '%' ? raw / 100 : raw;
  if (cv > MAX_JITTER)
    throw new SyntheticSpecError(`jitter=${value} is above 100%; give 0% to 100%, e.g. jitter=10%.`);
  return cv;
}

function parseMaxBatch(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || !(n >= 1 && n <= MAX_BATCH))
    throw new SyntheticSpecError(
      `max-batch=${value} must be a whole number from 1 to ${MAX_BATCH}, e.g. max-batch=8.`,
    );
  return n;
}

function exampleValue(key: Parameter): string {
  return key === 'base' ? '20ms' : key === 'per-item' ? '2ms' : key === 'jitter' ? '10%' : '8';
}

/** A number as short as it reads exactly (no float noise: 0.30000000000000004 → 0.3). */
function number(v: number): string {
  return String(Number(v.toPrecision(12)));
}
