/**
 * A sweep file turned into what the sweep chart draws: one curve per configuration (its simulated
 * points in offered-rate order), the Pareto front, what was measured on the model, the SLO and its
 * budget, and the axis ranges. Pure: no DOM, no chart.js.
 */
import type { SweepFile, SweepPoint } from '../../src/shared/sweep/sweepTypes';

export interface SweepXY {
  x: number;
  y: number;
}

/** A measured point drawn over the simulated curves. */
export interface MeasuredMark extends SweepXY {
  /** Index into SweepFile.configs. */
  config: number;
  /** `point`: measured by the sweep (--measure); `verification`: a verification run. */
  kind: 'point' | 'verification';
  /** The offered rate it was measured at, req/s. */
  offeredRps: number;
  /** For a verification: whether it met the SLO. */
  met: boolean | null;
  /** For a verification: what the simulator predicted at the same rate. */
  predicted: SweepXY | null;
}

export interface SweepCurve {
  config: number;
  label: string;
  points: Array<SweepXY & { point: SweepPoint }>;
}

export interface SweepChartData {
  curves: SweepCurve[];
  /** The Pareto front's points, by throughput. */
  pareto: SweepXY[];
  measured: MeasuredMark[];
  /** The recommendation as predicted (its rate's throughput and percentile), if any. */
  recommended: SweepXY | null;
  sloMs: number | null;
  /** SLO × (1 − margin): what a configuration must stay under to count. */
  budgetMs: number | null;
  /** e.g. `p99`, `p95`: the percentile the y axis shows. */
  percentile: string;
  /** The y values span decades: draw the y axis on a log scale. */
  logY: boolean;
  xMax: number;
}

/** Ratio of the largest to the smallest latency above which the y axis is logarithmic. */
const LOG_RATIO = 30;

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** The latency a point is judged by: the SLO's percentile, else p99 (JSON may carry null for NaN). */
export function pointLatency(p: SweepPoint): number {
  return finite(p.sloPercentileMs) ? p.sloPercentileMs : finite(p.p99Ms) ? p.p99Ms : NaN;
}

/** `p99`, `p99.9`, `p95`: the SLO's percentile (p99 without an SLO). */
export function percentileName(sweep: SweepFile): string {
  return `p${sweep.settings.slo ? Number(sweep.settings.slo.percentile.toPrecision(4)) : 99}`;
}

export function sweepChartData(sweep: SweepFile): SweepChartData {
  const usable = (xy: SweepXY): boolean => finite(xy.x) && finite(xy.y) && xy.y > 0 && xy.x >= 0;
  const curves: SweepCurve[] = sweep.configs.map((c, i) => ({ config: i, label: c.label, points: [] }));
  const measured: MeasuredMark[] = [];
  for (const p of sweep.points) {
    const xy = { x: p.throughputRps, y: pointLatency(p) };
    if (!usable(xy)) continue;
    if (p.measured)
      measured.push({
        ...xy,
        config: p.config,
        kind: 'point',
        offeredRps: p.offeredRps,
        met: null,
        predicted: null,
      });
    else curves[p.config]?.points.push({ ...xy, point: p });
  }
  for (const c of curves) c.points.sort((a, b) => a.point.offeredRps - b.point.offeredRps);
  for (const v of sweep.verifications) {
    const xy = { x: v.measured.throughputRps, y: v.measured.sloPercentileMs };
    const predicted = { x: v.predicted.throughputRps, y: v.predicted.sloPercentileMs };
    if (usable(xy))
      measured.push({
        ...xy,
        config: v.configIndex,
        kind: 'verification',
        offeredRps: v.rateRps,
        met: v.metSlo,
        predicted: usable(predicted) ? predicted : null,
      });
  }
  const pareto = sweep.pareto
    .map((i) => sweep.points[i])
    .filter((p): p is SweepPoint => p !== undefined)
    .map((p) => ({ x: p.throughputRps, y: pointLatency(p) }))
    .filter(usable)
    .sort((a, b) => a.x - b.x || a.y - b.y);
  const r = sweep.recommendation;
  const recommendedXY = r ? { x: r.predicted.throughputRps, y: r.predicted.sloPercentileMs } : null;
  const recommended = recommendedXY && usable(recommendedXY) ? recommendedXY : null;
  const sloMs = sweep.settings.slo?.ms ?? null;
  const budgetMs = sloMs === null ? null : sloMs * (1 - sweep.settings.margin);

  const ys = [
    ...curves.flatMap((c) => c.points.map((p) => p.y)),
    ...measured.map((m) => m.y),
    ...(sloMs !== null ? [sloMs] : []),
    ...(budgetMs !== null && budgetMs > 0 ? [budgetMs] : []),
  ];
  const xs = [...curves.flatMap((c) => c.points.map((p) => p.x)), ...measured.map((m) => m.x)];
  const yMin = ys.length > 0 ? Math.min(...ys) : 1;
  const yMax = ys.length > 0 ? Math.max(...ys) : 1;
  return {
    curves,
    pareto,
    measured,
    recommended,
    sloMs,
    budgetMs,
    percentile: percentileName(sweep),
    logY: yMin > 0 && yMax / yMin > LOG_RATIO,
    xMax: xs.length > 0 ? Math.max(...xs) : 1,
  };
}

/** How a configuration's curve is told apart from the others: palette colour, dash, marker. */
export interface CurveStyle {
  colorIndex: number;
  /** 0 solid, 1 dashed, 2 dotted. */
  dash: 0 | 1 | 2;
  marker: 'circle' | 'rect' | 'triangle' | 'rectRot';
}

const MARKERS = ['circle', 'rect', 'triangle', 'rectRot'] as const;

/**
 * Style of configuration `i` among `palette` colours: the colours first, then the same colours
 * dashed, then dotted, each round with its own marker, so 3 × palette curves stay distinct.
 */
export function curveStyle(i: number, palette = 6): CurveStyle {
  const round = Math.floor(i / palette);
  return {
    colorIndex: i % palette,
    dash: (round % 3) as 0 | 1 | 2,
    marker: MARKERS[round % MARKERS.length],
  };
}

/** The configurations in table order: most sustainable rate first (none last), then peak throughput. */
export interface ConfigRow {
  config: number;
  label: string;
  instances: number;
  maxRateRps: number | null;
  peakThroughputRps: number | null;
  /** Lowest latency of any of its points (at the SLO percentile). */
  bestLatencyMs: number | null;
  /** Points of this configuration on the Pareto front. */
  paretoPoints: number;
  recommended: boolean;
}

export function configRows(sweep: SweepFile): ConfigRow[] {
  const onFront = new Set(sweep.pareto);
  const rows: ConfigRow[] = sweep.configs.map((c, i) => ({
    config: i,
    label: c.label,
    instances: c.instances,
    maxRateRps: finite(c.maxRateRps) ? c.maxRateRps : null,
    peakThroughputRps: null,
    bestLatencyMs: null,
    paretoPoints: 0,
    recommended: sweep.recommendation?.configIndex === i,
  }));
  sweep.points.forEach((p, k) => {
    const row = rows[p.config];
    if (!row || p.measured) return;
    if (finite(p.throughputRps))
      row.peakThroughputRps = Math.max(row.peakThroughputRps ?? 0, p.throughputRps);
    const y = pointLatency(p);
    if (finite(y)) row.bestLatencyMs = Math.min(row.bestLatencyMs ?? Infinity, y);
    if (onFront.has(k)) row.paretoPoints++;
  });
  return rows;
}
