/** What the run form's fields hold, as text, turned into values; and their DOM ids. */

/** Strict number parsing: "12", "1.5", "1e3"; anything else (including "") is NaN. */
export function parseNumber(text: string): number {
  const t = text.trim();
  return t === '' || !/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(t) ? NaN : Number(t);
}

/** A comma-separated list of numbers; an unparsable entry becomes NaN (the validator flags it). */
export function parseList(text: string): number[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map(parseNumber);
}

/** The DOM id of the control for a field path such as `strategies.2.maxDelayMs`. */
export const fieldDomId = (id: string): string => `f-${id.replace(/[^\w-]/g, '_')}`;

/** Most values a `FROM:TO:STEP` range expands to here (the validators allow fewer). */
const MAX_RANGE_VALUES = 100;

/**
 * A comma-separated list, or a range `FROM:TO:STEP` (`0.1:1:0.1` → 0.1, 0.2, … 1, rounded to the
 * step's decimals). Null for a malformed range (FROM > TO, STEP ≤ 0, too many values); an
 * unparsable list entry becomes NaN, as in {@link parseList}.
 */
export function parseListOrRange(text: string): number[] | null {
  const parts = text.split(':');
  if (parts.length === 1) return parseList(text);
  if (parts.length !== 3) return null;
  const [from, to, step] = parts.map(parseNumber);
  if (!(from > 0 && to >= from && step > 0) || (to - from) / step + 1 > MAX_RANGE_VALUES) return null;
  const decimals = Math.max(...[from, step].map((v) => (String(v).split('.')[1] ?? '').length));
  const values: number[] = [];
  for (let k = 0; from + k * step <= to + step * 1e-9; k++)
    values.push(Number((from + k * step).toFixed(decimals)));
  return values;
}
