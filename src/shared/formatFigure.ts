/**
 * A figure for people, to three significant digits (whole numbers from 100 up): rates and
 * latencies in sentences and tables, `-`-free (the caller decides how to show "not measured").
 */
export function figure(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  return v >= 100 ? String(Math.round(v)) : String(Number(v.toPrecision(3)));
}
