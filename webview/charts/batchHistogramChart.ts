/** How often each batch size occurred, per strategy (share of that strategy's batches). */
import type { RunStore } from '../data/runStore';
import { seriesColor, withAlpha, type ChartTheme } from '../theme';
import { baseOptions, Chart, type XY } from './chartSetup';
import { linearAxis, zeroBasedAxis } from './chartOptions';
import { createChartFrame, themed, type PanelView } from './chartPanel';

export class BatchHistogramChart implements PanelView {
  readonly element: HTMLElement;
  private readonly chart: Chart<'bar', XY[]>;
  private readonly last = { theme: null as ChartTheme | null };

  constructor() {
    const frame = createChartFrame(
      'histogram',
      'Batch sizes',
      'Share of each strategy\u2019s batches that held a given number of real requests.',
    );
    this.element = frame.section;
    this.chart = new Chart(frame.canvas, {
      type: 'bar',
      data: { datasets: [] },
      options: {
        ...baseOptions<'bar'>(),
        interaction: { mode: 'nearest', intersect: true },
        scales: {
          x: linearAxis('batch size (real requests)', { offset: true, ticks: { precision: 0 } }),
          y: zeroBasedAxis('batches (%)'),
        },
      },
    });
  }

  render(store: RunStore, theme: ChartTheme): void {
    this.chart.data.datasets = store.allSeries().map((s) => {
      const color = seriesColor(theme, s.colorIndex);
      const total = s.batchCount;
      const data: XY[] = [];
      s.sizeCounts.forEach((count, size) => {
        if (count > 0) data.push({ x: size, y: (100 * count) / total });
      });
      return {
        label: store.seriesLabel(s),
        data,
        backgroundColor: theme.highContrast ? color : withAlpha(color, 0.7),
        borderColor: color,
        borderWidth: 1,
      };
    });
    themed(this.chart as unknown as Chart, theme, this.last).update('none');
  }
}
