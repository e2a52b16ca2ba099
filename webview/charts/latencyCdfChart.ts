/** Latency CDF overlay: share of requests done within x ms, one line per strategy, log x axis. */
import type { RunStore } from '../data/runStore';
import type { ChartTheme } from '../theme';
import type { Chart, XY } from './chartSetup';
import { createLineChart, linearAxis, seriesLine } from './chartOptions';
import { createChartFrame, themed, type PanelView } from './chartPanel';

export class LatencyCdfChart implements PanelView {
  readonly element: HTMLElement;
  private readonly chart: Chart<'line', XY[]>;
  private readonly last = { theme: null as ChartTheme | null };

  constructor() {
    const frame = createChartFrame(
      'cdf',
      'Latency distribution (CDF)',
      'Share of requests completed within a given end-to-end latency, per strategy; further left is faster.',
    );
    this.element = frame.section;
    this.chart = createLineChart(frame.canvas, {
      x: { type: 'logarithmic', title: { display: true, text: 'latency (ms, log scale)' } },
      y: linearAxis('requests within (%)', { min: 0, max: 100 }),
    });
  }

  render(store: RunStore, theme: ChartTheme): void {
    this.chart.data.datasets = store.allSeries().map((s) => ({
      label: store.seriesLabel(s),
      data: s.latency.cdf().map((p) => ({ x: p.x, y: p.y * 100 })),
      ...seriesLine(theme, s.colorIndex),
      stepped: 'before' as const,
    }));
    themed(this.chart as unknown as Chart, theme, this.last).update('none');
  }
}
