/** Latency CDF overlay: share of requests done within x ms, one line per strategy, log x axis. */
import type { RunStore } from '../data/runStore';
import { seriesColor, type ChartTheme } from '../theme';
import { baseOptions, Chart, type XY } from './chartSetup';
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
    this.chart = new Chart(frame.canvas, {
      type: 'line',
      data: { datasets: [] },
      options: {
        ...baseOptions<'line'>(),
        scales: {
          x: { type: 'logarithmic', title: { display: true, text: 'latency (ms, log scale)' } },
          y: { type: 'linear', min: 0, max: 100, title: { display: true, text: 'requests within (%)' } },
        },
      },
    });
  }

  render(store: RunStore, theme: ChartTheme): void {
    this.chart.data.datasets = store.allSeries().map((s) => ({
      label: store.seriesLabel(s),
      data: s.latency.cdf().map((p) => ({ x: p.x, y: p.y * 100 })),
      borderColor: seriesColor(theme, s.colorIndex),
      backgroundColor: seriesColor(theme, s.colorIndex),
      borderWidth: theme.highContrast ? 2.5 : 1.5,
      stepped: 'before' as const,
    }));
    themed(this.chart as unknown as Chart, theme, this.last).update('none');
  }
}
