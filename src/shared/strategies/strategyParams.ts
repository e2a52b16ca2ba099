/**
 * A strategy parameter as the registry declares it once: the CLI's `name(key=value)` syntax, the
 * panel's form fields, the settings and profile schemas and the help all read these.
 */

export type ParamValue = number | number[] | string;

/** Run-wide values that stand in for a parameter's default when the user gave them (`--max-batch`). */
export interface RunStrategyDefaults {
  maxBatch: number;
  maxDelayMs: number;
  preferredBatch: number[];
  sloMs: number | null;
}

export interface ParamSpec {
  /** Field in the strategy's config (and in the profile), e.g. `maxDelayMs`. */
  key: string;
  /** Name in a strategy spec such as `dynamic(max=16,delay=2)`, e.g. `delay`. */
  short: string;
  type: 'int' | 'number' | 'intList' | 'choice';
  /** Form label, e.g. "Max queue delay (ms)". */
  label: string;
  /** One sentence for help text and tooltips. */
  help: string;
  /** Unit shown after values (`ms`), or none. */
  unit?: string;
  /**
   * The built-in default. `null`: the parameter must be given, unless its `runDefault` supplies
   * a value (an SLO-driven strategy takes `--slo-ms`).
   */
  default: ParamValue | null;
  /** Run-wide option whose value replaces `default`, e.g. `maxBatch` for `--max-batch`. */
  runDefault?: keyof RunStrategyDefaults;
  /** Inclusive bounds of a number, or of each element of a list. */
  min?: number;
  max?: number;
  /** True when 0 is excluded even though `min` is 0 (a budget must be positive). */
  positive?: boolean;
  /** A batch size: also capped by the model's largest batch. */
  batchSize?: boolean;
  choices?: readonly string[];
}

/** Parses one parameter value from text (a spec string or a form field); throws a message for people. */
export function parseParamValue(spec: ParamSpec, raw: string): ParamValue {
  const text = raw.trim();
  switch (spec.type) {
    case 'choice': {
      const v = text.toLowerCase();
      if (!spec.choices?.includes(v))
        throw new Error(`${spec.short} must be one of ${spec.choices?.join(', ')}, got "${raw}"`);
      return v;
    }
    case 'intList': {
      if (text === '') return [];
      // In a spec string the list separator is '/' or ' ' (',' separates parameters); a form uses ','.
      return text.split(/[\s,/]+/).map((part) => toNumber(spec, part));
    }
    default:
      return toNumber(spec, text);
  }
}

function toNumber(spec: ParamSpec, text: string): number {
  const v = text === '' ? NaN : Number(text);
  if (!Number.isFinite(v)) throw new Error(`${spec.short} must be a number, got "${text}"`);
  return v;
}

/** The problem with a value, worded for people, or null when it is acceptable. */
export function paramProblem(spec: ParamSpec, value: unknown, modelMaxBatch: number | null): string | null {
  const hi =
    spec.batchSize && modelMaxBatch !== null ? Math.min(spec.max ?? Infinity, modelMaxBatch) : spec.max;
  const range = (): string => {
    const lo = spec.min ?? -Infinity;
    const low = spec.positive ? `greater than ${lo}` : `from ${lo}`;
    return hi === undefined
      ? spec.positive
        ? low
        : `at least ${lo}`
      : `${low} ${spec.positive ? 'and at most' : 'to'} ${hi}`;
  };
  const numberOk = (v: unknown): boolean =>
    typeof v === 'number' &&
    Number.isFinite(v) &&
    (spec.type !== 'int' && spec.type !== 'intList' ? true : Number.isInteger(v)) &&
    (spec.min === undefined || v >= spec.min) &&
    (!spec.positive || v > (spec.min ?? 0)) &&
    (hi === undefined || v <= hi);
  const what = spec.type === 'int' || spec.type === 'intList' ? 'a whole number' : 'a number';
  switch (spec.type) {
    case 'choice':
      return typeof value === 'string' && spec.choices?.includes(value)
        ? null
        : `${spec.label} must be one of ${spec.choices?.join(', ')}.`;
    case 'intList':
      return Array.isArray(value) && value.every(numberOk)
        ? null
        : `${spec.label} must be a list of whole numbers ${range()}.`;
    default:
      return numberOk(value) ? null : `${spec.label} must be ${what} ${range()}.`;
  }
}

/** A value as text for a spec string (lists joined by '/'), e.g. `2`, `4/8`, `reject`. */
export function formatParamValue(value: ParamValue): string {
  if (Array.isArray(value)) return value.join('/');
  if (typeof value === 'number') return String(Number(value.toPrecision(6)));
  return value;
}

/** True when two values are equal (lists element by element). */
export function sameParamValue(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => x === b[i]);
  return a === b;
}
