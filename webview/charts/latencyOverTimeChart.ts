/** Latency p50 / p95 / p99 over time per strategy, from slots of completed requests. */
import type { ChartDataset } from 'chart.js';
import type { RunStore } from '../data/runStore';
import { slotQuantile, type SeriesData } from '../data/seriesData';
import type { ChartTheme } from '../theme';
import type { Chart, XY } from './chartSetup';
import { createLineChart, seriesLine, timeAxis, zeroBasedAxis } from './chartOptions';
import { createChartFrame, themed, type PanelView } from './chartPanel';

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
      'End-to-end latency from the scheduled arrival, percentiles of the requests completed in each time slot. Solid p50, dashed p95, dotted p99.',
    );
    this.element = frame.section;
    this.chart = createLineChart(frame.canvas, { x: timeAxis(), y: zeroBasedAxis('latency (ms)') });
  }

  render(store: RunStore, theme: ChartTheme): void {
    const datasets: ChartDataset<'line', XY[]>[] = [];
    for (const s of store.allSeries()) {
      for (const { q, name, dash } of QUANTILES)
        datasets.push({
          label: `${store.seriesLabel(s)} ${name}`,
          data: quantileSeries(s, q),
          ...seriesLine(theme, s.colorIndex),
          borderDash: dash,
          spanGaps: false,
        });
    }
    this.chart.data.datasets = datasets;
    themed(this.chart as unknown as Chart, theme, this.last).update('none');
  }
}

function quantileSeries(s: SeriesData, q: number): XY[] {
  const out: XY[] = [];
  for (let i = 0; i < s.slots.length; i++) {
    const slot = s.slots[i];
    if (slot.values.length === 0) continue;
    out.push({ x: ((i + 0.5) * s.slotMs) / 1000, y: slotQuantile(slot, q) });
  }
  return out;
}
