/**
 * The sweep's trade-off chart: throughput (x) against the SLO percentile's latency (y), one line
 * per configuration through its offered rates, with the SLO (solid) and its budget (dashed) as
 * horizontal lines, the Pareto front as a wide band with ringed points, and what was measured on
 * the model as markers over the simulated curves. Many configurations stay readable: colours,
 * then dashes and markers, tell them apart; hovering one (in the chart, its legend entry or its
 * table row) fades the others; the legend lists only the overlays until asked for every curve.
 */
import type { ChartDataset, LegendItem, TooltipItem } from 'chart.js';
import type { SweepFile } from '../../src/shared/sweep/sweepTypes';
import { curveStyle, type SweepChartData, type SweepXY } from '../data/sweepSeries';
import { seriesColor, withAlpha, type ChartTheme } from '../theme';
import { formatMs, formatRate } from '../views/sweepFormat';
import { applyChartTheme, type Chart } from './chartSetup';
import { createLineChart, lineWidth } from './chartOptions';
import { createChartFrame } from './chartPanel';

/** What each dataset is, by dataset index (tooltips, legend filter, highlighting). */
type DatasetKind =
  | { kind: 'curve'; config: number }
  | { kind: 'pareto' | 'slo' | 'budget' | 'measured' | 'verification' | 'link' | 'recommended' };

/** Above this many configurations the legend lists only the overlays, unless expanded. */
const LEGEND_ALL_UP_TO = 8;
const DASHES: number[][] = [[], [6, 3], [2, 2]];

export class SweepChart {
  readonly element: HTMLElement;
  private readonly chart: Chart<'line', SweepXY[]>;
  private readonly legendButton: HTMLButtonElement;
  private readonly canvas: HTMLCanvasElement;
  private kinds: DatasetKind[] = [];
  private sweep: SweepFile | null = null;
  private data: SweepChartData | null = null;
  private theme: ChartTheme | null = null;
  private legendAll = false;
  /** Highlighted configuration: from the chart or legend (hover) and from the table (hover/focus). */
  private hovered: number | null = null;
  private pinned: number | null = null;

  constructor() {
    const frame = createChartFrame(
      'sweep',
      'Throughput against latency, per configuration',
      'Each line is one configuration (strategy and instances) through its offered rates: served throughput across, the SLO percentile of latency up. The horizontal lines are the SLO (solid) and the budget under it (dashed); the wide band marks the Pareto front; triangles are measured on the model.',
    );
    this.element = frame.section;
    this.element.classList.add('sweep-chart');
    this.canvas = frame.canvas;
    this.legendButton = document.createElement('button');
    this.legendButton.type = 'button';
    this.legendButton.className = 'toggle-button';
    this.legendButton.id = 'btn-sweep-legend';
    this.legendButton.setAttribute('aria-pressed', 'false');
    this.legendButton.addEventListener('click', () => {
      this.legendAll = !this.legendAll;
      this.legendButton.setAttribute('aria-pressed', String(this.legendAll));
      this.chart.update('none');
    });
    frame.toolbar.appendChild(this.legendButton);
    this.chart = createLineChart(
      frame.canvas,
      {},
      {
        normalized: false,
        layout: { padding: { top: 8, right: 8 } },
        interaction: { mode: 'nearest', intersect: true },
        elements: { point: { radius: 2.5, hitRadius: 8 }, line: { borderWidth: 1.5 } },
        onHover: (_e, elements) => this.setHovered(this.configOf(elements[0]?.datasetIndex)),
        plugins: {
          legend: {
            position: 'bottom',
            labels: { boxWidth: 22, boxHeight: 2, filter: (item) => this.inLegend(item) },
            onHover: (_e, item) => this.setHovered(this.configOf(item.datasetIndex)),
            onLeave: () => this.setHovered(null),
          },
          tooltip: {
            filter: (item) => this.hasTooltip(item.datasetIndex),
            callbacks: { label: (item) => this.tooltipLabel(item) },
          },
        },
      },
    );
    frame.canvas.addEventListener('mouseleave', () => this.setHovered(null));
  }

  /** Redraws for a sweep (the data already derived from it) in the current theme. */
  render(sweep: SweepFile, data: SweepChartData, theme: ChartTheme): void {
    this.sweep = sweep;
    this.data = data;
    this.theme = theme;
    const many = data.curves.length > LEGEND_ALL_UP_TO;
    this.legendButton.hidden = !many;
    this.legendButton.textContent = `Legend: all ${data.curves.length} configurations`;
    const log = data.logY;
    const yTitle = `${data.percentile} latency (ms${log ? ', log scale' : ''})`;
    this.chart.options.scales = {
      x: {
        type: 'linear',
        beginAtZero: true,
        title: { display: true, text: 'throughput (requests / s)' },
      },
      y: log
        ? {
            type: 'logarithmic',
            title: { display: true, text: yTitle },
            // Only 1, 2 and 5 × 10^k: labels and grid lines that stay legible over decades.
            afterBuildTicks: (axis) => {
              axis.ticks = axis.ticks.filter((t) => isOneTwoFive(t.value));
            },
            ticks: { callback: (v) => formatMs(Number(v)) },
          }
        : { type: 'linear', beginAtZero: true, title: { display: true, text: yTitle } },
    };
    applyChartTheme(this.chart as unknown as Chart, theme);
    this.build(data, theme);
    this.chart.update('none');
  }

  /** Highlights one configuration from outside (the table), or none. */
  pin(config: number | null): void {
    this.pinned = config;
    this.restyle();
  }

  private build(d: SweepChartData, theme: ChartTheme): void {
    const datasets: ChartDataset<'line', SweepXY[]>[] = [];
    const kinds: DatasetKind[] = [];
    const add = (kind: DatasetKind, ds: ChartDataset<'line', SweepXY[]>): void => {
      kinds.push(kind);
      datasets.push(ds);
    };
    const x1 = d.xMax * 1.04;
    // At least 2 px: a thinner line at a fractional height has no row in its full colour.
    const sloWidth = Math.max(2, lineWidth(theme));
    const pct = d.percentile;
    if (d.sloMs !== null)
      add(
        { kind: 'slo' },
        {
          label: `SLO: ${pct} ≤ ${formatMs(d.sloMs)} ms`,
          data: [
            { x: 0, y: d.sloMs },
            { x: x1, y: d.sloMs },
          ],
          borderColor: theme.error,
          backgroundColor: theme.error,
          borderWidth: sloWidth,
          pointRadius: 0,
          pointHitRadius: 0,
          order: 5,
        },
      );
    if (d.budgetMs !== null && d.budgetMs > 0 && d.budgetMs !== d.sloMs)
      add(
        { kind: 'budget' },
        {
          label: `budget: ${formatMs(d.budgetMs)} ms (SLO less the margin)`,
          data: [
            { x: 0, y: d.budgetMs },
            { x: x1, y: d.budgetMs },
          ],
          borderColor: theme.error,
          backgroundColor: theme.error,
          borderWidth: sloWidth,
          borderDash: [6, 4],
          pointRadius: 0,
          pointHitRadius: 0,
          order: 5,
        },
      );
    if (d.pareto.length > 0)
      add(
        { kind: 'pareto' },
        {
          label: 'Pareto front',
          data: d.pareto,
          borderColor: withAlpha(theme.foreground, theme.highContrast ? 0.6 : 0.3),
          backgroundColor: withAlpha(theme.foreground, 0.3),
          borderWidth: 9,
          borderCapStyle: 'round',
          borderJoinStyle: 'round',
          pointRadius: 5.5,
          pointBorderWidth: 1.5,
          pointBorderColor: theme.foreground,
          pointBackgroundColor: 'transparent',
          order: 20,
        },
      );
    const measured = d.measured.filter((m) => m.kind === 'point');
    if (measured.length > 0)
      add(
        { kind: 'measured' },
        {
          label: 'measured on the model',
          data: measured,
          showLine: false,
          pointStyle: 'triangle',
          pointRadius: 6,
          clip: 10,
          pointBorderWidth: 1.5,
          borderColor: theme.foreground,
          pointBackgroundColor: measured.map((m) => seriesColor(theme, curveStyle(m.config).colorIndex)),
          backgroundColor: theme.foreground,
          order: 0,
        },
      );
    const verifications = d.measured.filter((m) => m.kind === 'verification');
    const links = verifications.flatMap((m) => (m.predicted ? [m.predicted, { x: m.x, y: m.y }, GAP] : []));
    if (links.length > 0)
      add(
        { kind: 'link' },
        {
          label: 'verification: predicted → measured',
          data: links,
          borderColor: withAlpha(theme.foreground, 0.7),
          backgroundColor: withAlpha(theme.foreground, 0.7),
          borderWidth: 1,
          borderDash: [2, 3],
          pointRadius: 0,
          pointHitRadius: 0,
          spanGaps: false,
          order: 1,
        },
      );
    if (verifications.length > 0) {
      const colour = (met: boolean | null): string => (met ? seriesColor(theme, 2) : theme.error);
      add(
        { kind: 'verification' },
        {
          label: 'verified on the model (measured)',
          data: verifications,
          showLine: false,
          pointStyle: 'triangle',
          pointRadius: 7,
          clip: 10,
          pointBorderWidth: 1.5,
          borderColor: theme.foreground,
          backgroundColor: colour(verifications.some((m) => m.met)),
          pointBorderColor: theme.foreground,
          pointBackgroundColor: verifications.map((m) => colour(m.met)),
          order: 0,
        },
      );
    }
    if (d.recommended)
      add(
        { kind: 'recommended' },
        {
          label: 'recommended (predicted)',
          data: [d.recommended],
          showLine: false,
          pointStyle: 'star',
          pointRadius: 9,
          clip: 10,
          pointBorderWidth: 2.5,
          borderColor: theme.foreground,
          backgroundColor: theme.foreground,
          pointBorderColor: theme.foreground,
          order: 0,
        },
      );
    for (const c of d.curves) {
      if (c.points.length === 0) continue;
      const style = curveStyle(c.config);
      add(
        { kind: 'curve', config: c.config },
        {
          label: c.label,
          data: c.points.map((p) => ({ x: p.x, y: p.y })),
          borderDash: DASHES[style.dash],
          pointStyle: style.marker,
          order: 10,
        },
      );
    }
    this.kinds = kinds;
    // What is drawn, in dataset order (`curve:3 slo budget pareto …`): for tests and debugging.
    this.canvas.dataset.series = kinds
      .map((k) => (k.kind === 'curve' ? `curve:${k.config}` : k.kind))
      .join(' ');
    this.chart.data.datasets = datasets;
    this.restyle(false);
  }

  /** Colours and widths of the curves for the highlighted configuration (if any). */
  private restyle(update = true): void {
    const theme = this.theme;
    if (!theme) return;
    const focus = this.hovered ?? this.pinned;
    const recommended = this.sweep?.recommendation?.configIndex ?? null;
    this.kinds.forEach((k, i) => {
      if (k.kind !== 'curve') return;
      const ds = this.chart.data.datasets[i];
      const color = seriesColor(theme, curveStyle(k.config).colorIndex);
      const faded = focus !== null && focus !== k.config;
      const c = faded ? withAlpha(color, 0.15) : color;
      const base = lineWidth(theme);
      Object.assign(ds, {
        borderColor: c,
        backgroundColor: c,
        borderWidth: focus === k.config ? base + 2 : k.config === recommended ? base + 1 : base,
      });
    });
    if (update) this.chart.update('none');
  }

  private setHovered(config: number | null): void {
    if (config === this.hovered) return;
    this.hovered = config;
    this.restyle();
  }

  private configOf(datasetIndex: number | undefined): number | null {
    const k = datasetIndex === undefined ? undefined : this.kinds[datasetIndex];
    return k?.kind === 'curve' ? k.config : null;
  }

  /** Overlays always; the curves too when they are few, or when the user asked for all. */
  private inLegend(item: LegendItem): boolean {
    const k = this.kinds[item.datasetIndex ?? -1];
    if (!k) return false;
    if (k.kind !== 'curve') return true;
    return this.legendAll || (this.data?.curves.length ?? 0) <= LEGEND_ALL_UP_TO;
  }

  private hasTooltip(datasetIndex: number): boolean {
    const k = this.kinds[datasetIndex]?.kind;
    return k === 'curve' || k === 'measured' || k === 'verification' || k === 'recommended';
  }

  private tooltipLabel(item: TooltipItem<'line'>): string {
    const k = this.kinds[item.datasetIndex];
    const d = this.data;
    const s = this.sweep;
    if (!k || !d || !s) return '';
    const pct = d.percentile;
    if (k.kind === 'curve') {
      const p = d.curves[k.config]?.points[item.dataIndex]?.point;
      if (!p) return '';
      const served = p.servedFraction < 0.99 ? `, served ${Math.round(p.servedFraction * 100)}%` : '';
      return `${s.configs[k.config].label}: ${formatRate(p.offeredRps)} req/s offered → ${formatRate(p.throughputRps)} served, ${pct} ${formatMs(item.parsed.y)} ms, mean batch ${p.meanBatch.toFixed(1)}, ${Math.round(p.utilization * 100)}% busy${served}`;
    }
    if (k.kind === 'measured' || k.kind === 'verification') {
      const marks = d.measured.filter((m) => m.kind === (k.kind === 'measured' ? 'point' : 'verification'));
      const m = marks[item.dataIndex];
      if (!m) return '';
      const verdict = m.met === null ? '' : m.met ? ' — met the SLO' : ' — missed the SLO';
      return `${s.configs[m.config]?.label ?? 'configuration'}: measured at ${formatRate(m.offeredRps)} req/s offered: ${formatRate(m.x)} req/s, ${pct} ${formatMs(m.y)} ms${verdict}`;
    }
    if (k.kind === 'recommended' && s.recommendation)
      return `recommended: ${s.recommendation.label} at ${formatRate(s.recommendation.rateRps)} req/s (predicted ${pct} ${formatMs(item.parsed.y)} ms)`;
    return '';
  }
}

/** A break in a line dataset (chart.js leaves a gap at a NaN value). */
const GAP: SweepXY = { x: NaN, y: NaN };

function isOneTwoFive(v: number): boolean {
  if (!(v > 0)) return false;
  const mantissa = v / 10 ** Math.floor(Math.log10(v) + 1e-9);
  return [1, 2, 5].some((m) => Math.abs(mantissa - m) < 1e-6);
}
