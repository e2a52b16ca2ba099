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
