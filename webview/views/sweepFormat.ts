/** How the sweep view writes its numbers: latencies in ms with sensible digits, rates in req/s. */

/** Milliseconds with 3 significant digits (0.313, 4.34, 61.3, 6386); `—` when unknown. */
export function formatMs(v: number | null | undefined): string {
  if (typeof v !== 'number' || !Number.isFinite(v)) return '—';
  if (v >= 1000) return Math.round(v).toLocaleString('en-US');
  return Number(v.toPrecision(3)).toString();
}

/** Requests per second, whole (12,400), or with one decimal below 100; `—` when unknown. */
export function formatRate(v: number | null | undefined): string {
  if (typeof v !== 'number' || !Number.isFinite(v)) return '—';
  return v >= 100 ? Math.round(v).toLocaleString('en-US') : Number(v.toFixed(1)).toString();
}

/** Words for the constraint that binds a recommendation. */
export function bindingText(binding: string): string {
  switch (binding) {
    case 'compute':
      return 'compute saturation (the instances are busy)';
    case 'delay':
      return 'the max queue delay (it takes much of the budget)';
    case 'slo':
      return 'the SLO (tail latency from queueing in bursts)';
    default:
      return binding;
  }
}
