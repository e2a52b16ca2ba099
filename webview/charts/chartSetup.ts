/**
 * Chart.js, registered with only what the panel draws, and the options every chart shares:
 * no parsing (data is already {x, y}), normalized (sorted x), no animation — streaming updates
 * must not animate, and that also honours prefers-reduced-motion.
 */
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  type ChartOptions,
  type ChartType,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  LogarithmicScale,
  PointElement,
  Tooltip,
} from 'chart.js';
import type { ChartTheme } from '../theme';

Chart.register(
  BarController,
  BarElement,
  CategoryScale,
  LinearScale,
  LineController,
  LineElement,
  LogarithmicScale,
  PointElement,
  Tooltip,
  Legend,
);

export { Chart };

export interface XY {
  x: number;
  y: number;
}

/** Options shared by every chart; callers merge their scales and plugins on top. */
export function baseOptions<T extends ChartType>(): ChartOptions<T> {
  return {
    animation: false,
    parsing: false,
    normalized: true,
    responsive: true,
    maintainAspectRatio: false,
    interaction: { mode: 'nearest', intersect: false },
    elements: { point: { radius: 0, hitRadius: 6 }, line: { borderWidth: 1.5 } },
    plugins: { legend: { position: 'bottom', labels: { boxWidth: 12, boxHeight: 2 } } },
  } as ChartOptions<T>;
}

/** Sets `patch` on `obj[key]` in place (keeping other members, e.g. a legend's generateLabels), or creates it. */
function patchIn(obj: Record<string, unknown>, key: string, patch: Record<string, unknown>): void {
  const current = obj[key];
  if (current && typeof current === 'object') Object.assign(current, patch);
  else obj[key] = patch;
}

/** Recolours axes, grid, legend and tooltip text for the current theme. */
export function applyChartTheme(chart: Chart, theme: ChartTheme): void {
  const o = chart.options as unknown as Record<string, Record<string, Record<string, unknown>> | undefined>;
  for (const scale of Object.values(o.scales ?? {})) {
    if (!scale) continue;
    patchIn(scale, 'ticks', { color: theme.foreground });
    patchIn(scale, 'grid', { color: theme.gridLines });
    patchIn(scale, 'border', { color: theme.gridLines });
    if (scale.title && typeof scale.title === 'object') patchIn(scale, 'title', { color: theme.foreground });
  }
  if (!o.plugins) o.plugins = {};
  const plugins = o.plugins as Record<string, Record<string, unknown>>;
  if (!plugins.legend) plugins.legend = {};
  patchIn(plugins.legend, 'labels', { color: theme.foreground });
  patchIn(plugins, 'tooltip', {
    backgroundColor: theme.background,
    titleColor: theme.foreground,
    bodyColor: theme.foreground,
    borderColor: theme.foreground,
    borderWidth: 1,
  });
}

/**
 * Min/max decimation into at most `maxPoints` points: each bucket keeps its lowest and highest
 * value, so spikes survive. Chart.js's own decimation replaces dataset.data; this keeps our buffers.
 */
export function decimate(xs: ArrayLike<number>, ys: ArrayLike<number>, maxPoints = 1000): XY[] {
  const n = Math.min(xs.length, ys.length);
  const out: XY[] = [];
  if (n <= maxPoints) {
    for (let i = 0; i < n; i++) if (Number.isFinite(ys[i])) out.push({ x: xs[i], y: ys[i] });
    return out;
  }
  const per = Math.ceil(n / (maxPoints / 2));
  for (let start = 0; start < n; start += per) {
    const end = Math.min(n, start + per);
    let lo = -1;
    let hi = -1;
    for (let i = start; i < end; i++) {
      if (!Number.isFinite(ys[i])) continue;
      if (lo < 0 || ys[i] < ys[lo]) lo = i;
      if (hi < 0 || ys[i] > ys[hi]) hi = i;
    }
    if (lo < 0) continue;
    const [a, b] = lo <= hi ? [lo, hi] : [hi, lo];
    out.push({ x: xs[a], y: ys[a] });
    if (b !== a) out.push({ x: xs[b], y: ys[b] });
  }
  return out;
}

/** Seconds from milliseconds, for time axes. */
export const seconds = (ms: number): number => ms / 1000;
