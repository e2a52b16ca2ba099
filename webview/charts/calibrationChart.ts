/** The model alone, per batch size: median latency (solid, left) and throughput of one instance (dashed, right). */
import type { ChartDataset } from 'chart.js';
import { describeLength } from '../../src/shared/describeLength';
import type { RunStore } from '../data/runStore';
import { seriesColor, type ChartTheme } from '../theme';
import type { Chart, XY } from './chartSetup';
import { createLineChart, linearAxis, rightAxis, zeroBasedAxis } from './chartOptions';
import { createChartFrame, themed, type PanelView } from './chartPanel';

export class CalibrationChart implements PanelView {
  readonly element: HTMLElement;
  private readonly chart: Chart<'line', XY[]>;
  private readonly last = { theme: null as ChartTheme | null };

  constructor() {
    const frame = createChartFrame(
      'calibration',
      'Calibration: the model per batch size',
      'Median inference latency (solid, left axis) and requests per second of one instance (dashed, right axis) at each batch size, measured before the strategies ran.',
    );
    this.element = frame.section;
    this.chart = createLineChart(
      frame.canvas,
      {
        x: linearAxis('batch size', { ticks: { precision: 0 } }),
        y: zeroBasedAxis('latency (ms)'),
        rps: rightAxis('requests / s'),
      },
      { elements: { point: { radius: 3, hitRadius: 6 }, line: { borderWidth: 1.5 } } },
    );
  }

  render(store: RunStore, theme: ChartTheme): void {
    const datasets: ChartDataset<'line', XY[]>[] = [];
    store.streams.forEach((stream, i) => {
      if (stream.calibration.length === 0) return;
      const color = seriesColor(theme, i);
      const prefix = store.streams.length > 1 ? `${stream.title}: ` : '';
      const points = [...stream.calibration].sort((a, b) => a.batchSize - b.batchSize);
      // A variable-length model is calibrated with every request at one stated length.
      const at = stream.calibrationLength ? ` (measured at ${describeLength(stream.calibrationLength)})` : '';
      datasets.push(
        {
          label: `${prefix}latency${at}`,
          data: points.map((p) => ({ x: p.batchSize, y: p.latencyMs })),
          borderColor: color,
          backgroundColor: color,
        },
        {
          label: `${prefix}throughput`,
          data: points.map((p) => ({ x: p.batchSize, y: p.throughput })),
          borderColor: color,
          backgroundColor: color,
          borderDash: [5, 3],
          yAxisID: 'rps',
        },
      );
    });
    this.chart.data.datasets = datasets;
    themed(this.chart as unknown as Chart, theme, this.last).update('none');
  }
}
