/** Completions per second (solid, left axis) and queue depth (dashed, right axis) over time. */
import type { ChartDataset } from 'chart.js';
import type { RunStore } from '../data/runStore';
import type { ChartTheme } from '../theme';
import { decimate, type Chart, type XY } from './chartSetup';
import { createLineChart, rightAxis, seriesLine, timeAxis, zeroBasedAxis } from './chartOptions';
import { createChartFrame, themed, type PanelView } from './chartPanel';

export class ThroughputChart implements PanelView {
  readonly element: HTMLElement;
  private readonly chart: Chart<'line', XY[]>;
  private readonly last = { theme: null as ChartTheme | null };

  constructor() {
    const frame = createChartFrame(
      'throughput',
      'Throughput and queue depth',
      'Completed requests per second (solid, left axis) and requests waiting in the queue (dashed, right axis), per strategy.',
    );
    this.element = frame.section;
    this.chart = createLineChart(frame.canvas, {
      x: timeAxis(),
      y: zeroBasedAxis('completions / s'),
      queue: rightAxis('queue depth'),
    });
  }

  render(store: RunStore, theme: ChartTheme): void {
    const datasets: ChartDataset<'line', XY[]>[] = [];
    for (const s of store.allSeries()) {
      const t = Array.from(s.samples.tMs.view(), (ms) => ms / 1000);
      const line = seriesLine(theme, s.colorIndex);
      datasets.push(
        {
          ...line,
          label: `${store.seriesLabel(s)} throughput`,
          data: decimate(t, s.samples.completionsPerS.view()),
        },
        {
          ...line,
          label: `${store.seriesLabel(s)} queue`,
          data: decimate(t, s.samples.queueDepth.view()),
          borderDash: [5, 3],
          yAxisID: 'queue',
        },
      );
    }
    this.chart.data.datasets = datasets;
    themed(this.chart as unknown as Chart, theme, this.last).update('none');
  }
}
