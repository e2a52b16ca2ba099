/** Latency p50 / p95 / p99 over time per strategy, from slots of completed requests. */
import type { ChartDataset } from 'chart.js';
import { latencyQuantileSeries } from '../data/chartBins';
import type { RunStore } from '../data/runStore';
import { withAlpha, type ChartTheme } from '../theme';
import type { Chart, XY } from './chartSetup';
import { createLineChart, seriesLine, timeAxis, zeroBasedAxis } from './chartOptions';
import { createChartFrame, themed, type PanelView } from './chartPanel';
import { measurementMarksPlugin, type MeasurementMarks } from './measurementMarks';

const QUANTILES: Array<{ q: number; name: string; dash: number[] }> = [
  { q: 0.5, name: 'p50', dash: [] },
  { q: 0.95, name: 'p95', dash: [6, 3] },
  { q: 0.99, name: 'p99', dash: [2, 2] },
];

export class LatencyOverTimeChart implements PanelView {
  readonly element: HTMLElement;
  private readonly chart: Chart<'line', XY[]>;
  private readonly last = { theme: null as ChartTheme | null };

  constructor() {
    const frame = createChartFrame(
      'latency',
      'Latency over time',
      'End-to-end latency from the scheduled arrival, percentiles of the requests completed in each time slot. Solid p50, dashed p95, dotted p99. ' +
        "Shaded: each strategy's warm-up (not counted in any figure); faint dotted lines: its stability windows.",
    );
    this.element = frame.section;
    this.chart = createLineChart(frame.canvas, { x: timeAxis(), y: zeroBasedAxis('latency (ms)') }, {}, [
      measurementMarksPlugin(() => this.marks),
    ]);
  }

  /** What the shading plugin draws: the first strategy's intervals (every strategy of a run shares them). */
  private marks: MeasurementMarks = {
    measured: null,
    windowEdges: [],
    shade: 'transparent',
    line: 'transparent',
  };

  render(store: RunStore, theme: ChartTheme): void {
    const first = store.allSeries().find((s) => s.measured !== null);
    const windows = first?.summary?.stability?.windows ?? [];
    this.marks = {
      measured: first?.measured ?? null,
      windowEdges: windows.flatMap((w, i) => (i === 0 ? [w.fromMs, w.toMs] : [w.toMs])),
      shade: theme.highContrast ? 'transparent' : withAlpha(theme.foreground, 0.08),
      line: withAlpha(theme.foreground, theme.highContrast ? 0.8 : 0.35),
    };
    const datasets: ChartDataset<'line', XY[]>[] = [];
    for (const s of store.allSeries()) {
      for (const { q, name, dash } of QUANTILES)
        datasets.push({
          label: `${store.seriesLabel(s)} ${name}`,
          data: latencyQuantileSeries(s, q),
          ...seriesLine(theme, s.colorIndex),
          borderDash: dash,
          spanGaps: false,
        });
    }
    this.chart.data.datasets = datasets;
    themed(this.chart as unknown as Chart, theme, this.last).update('none');
  }
}
