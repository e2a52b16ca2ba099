/** Completions per second (solid, left axis) and queue depth (dashed, right axis) over time. */
import type { ChartDataset } from 'chart.js';
import type { RunStore } from '../data/runStore';
import { seriesColor, type ChartTheme } from '../theme';
import { baseOptions, Chart, decimate, type XY } from './chartSetup';
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
    this.chart = new Chart(frame.canvas, {
      type: 'line',
      data: { datasets: [] },
      options: {
        ...baseOptions<'line'>(),
        scales: {
          x: { type: 'linear', title: { display: true, text: 'time (s)' } },
          y: { type: 'linear', beginAtZero: true, title: { display: true, text: 'completions / s' } },
          queue: {
            type: 'linear',
            position: 'right',
            beginAtZero: true,
            grid: { drawOnChartArea: false },
            title: { display: true, text: 'queue depth' },
          },
        },
      },
    });
  }

  render(store: RunStore, theme: ChartTheme): void {
    const datasets: ChartDataset<'line', XY[]>[] = [];
    for (const s of store.allSeries()) {
      const color = seriesColor(theme, s.colorIndex);
      const t = Array.from(s.samples.tMs.view(), (ms) => ms / 1000);
      const width = theme.highContrast ? 2.5 : 1.5;
      datasets.push(
        {
          label: `${store.seriesLabel(s)} throughput`,
          data: decimate(t, s.samples.completionsPerS.view()),
          borderColor: color,
          backgroundColor: color,
          borderWidth: width,
        },
        {
          label: `${store.seriesLabel(s)} queue`,
          data: decimate(t, s.samples.queueDepth.view()),
          borderColor: color,
          backgroundColor: color,
          borderDash: [5, 3],
          borderWidth: width,
          yAxisID: 'queue',
        },
      );
    }
    this.chart.data.datasets = datasets;
    themed(this.chart as unknown as Chart, theme, this.last).update('none');
  }
}
