/**
 * Where the time goes, per strategy: mean queue wait (scheduled arrival -> compute start), mean
 * compute (the batch's inference), and the rest (splitting outputs, hand-back) — stacked, so each
 * bar's length is the mean end-to-end latency.
 */
import type { RunStore } from '../data/runStore';
import { seriesColor, withAlpha, type ChartTheme } from '../theme';
import { baseOptions, Chart, type XY } from './chartSetup';
import { linearAxis } from './chartOptions';
import { createChartFrame, themed, type PanelView } from './chartPanel';

const PARTS = [
  { key: 'queueMs', name: 'queue wait', alpha: 1 },
  { key: 'computeMs', name: 'compute', alpha: 0.55 },
  { key: 'otherMs', name: 'other overhead', alpha: 0.25 },
] as const;

export class LatencyBreakdownChart implements PanelView {
  readonly element: HTMLElement;
  private readonly chart: Chart<'bar', XY[]>;
  private readonly last = { theme: null as ChartTheme | null };
  private theme: ChartTheme | null = null;

  constructor() {
    const frame = createChartFrame(
      'breakdown',
      'Latency breakdown (mean)',
      'Mean end-to-end latency per strategy split into queue wait (solid), compute (medium) and other overhead (light).',
    );
    this.element = frame.section;
    this.chart = new Chart(frame.canvas, {
      type: 'bar',
      data: { labels: [], datasets: [] },
      options: {
        ...baseOptions<'bar'>(),
        indexAxis: 'y',
        interaction: { mode: 'nearest', axis: 'y', intersect: true },
        plugins: {
          legend: {
            position: 'bottom',
            // The legend names the parts, not a strategy: swatches in the text colour at each part's strength.
            labels: {
              boxWidth: 12,
              generateLabels: () => {
                const fg = this.theme?.foreground ?? '#888888';
                return PARTS.map((part, i) => ({
                  text: part.name,
                  fillStyle: withAlpha(fg, part.alpha),
                  strokeStyle: fg,
                  lineWidth: 1,
                  fontColor: fg,
                  datasetIndex: i,
                  hidden: false,
                }));
              },
            },
          },
        },
        scales: {
          x: linearAxis('mean latency (ms)', { stacked: true, beginAtZero: true }),
          y: { type: 'category', stacked: true },
        },
      },
    });
  }

  render(store: RunStore, theme: ChartTheme): void {
    const series = store.allSeries();
    this.chart.data.labels = series.map((s) => store.seriesLabel(s));
    this.chart.data.datasets = PARTS.map((part) => ({
      label: part.name,
      data: series.map((s, i) => ({ x: s.sums.requests > 0 ? s.sums[part.key] / s.sums.requests : 0, y: i })),
      backgroundColor: series.map((s) => withAlpha(seriesColor(theme, s.colorIndex), part.alpha)),
      borderColor: series.map((s) => seriesColor(theme, s.colorIndex)),
      borderWidth: 1,
    }));
    this.theme = theme;
    themed(this.chart as unknown as Chart, theme, this.last).update('none');
  }
}
