/**
 * What adaptive strategies (aimd, adaptive, deadline) believed over time: the batch cap they
 * would dispatch up to (solid, stepped), next to the batch sizes they actually dispatched
 * (dashed), and their latency estimate (dotted, right axis). Hidden when no strategy reports state.
 */
import type { ChartDataset } from 'chart.js';
import type { RunStore } from '../data/runStore';
import type { ChartTheme } from '../theme';
import { decimate, type Chart, type XY } from './chartSetup';
import { createLineChart, rightAxis, seriesLine, timeAxis, zeroBasedAxis } from './chartOptions';
import { createChartFrame, themed, type PanelView } from './chartPanel';

export class AdaptivityChart implements PanelView {
  readonly element: HTMLElement;
  private readonly chart: Chart<'line', XY[]>;
  private readonly last = { theme: null as ChartTheme | null };

  constructor() {
    const frame = createChartFrame(
      'adaptivity',
      'Batch size cap over time',
      'For adaptive strategies: the batch size cap the policy would dispatch up to (solid), the batch sizes it actually dispatched (dashed), and its latency estimate in ms (dotted, right axis).',
    );
    this.element = frame.section;
    this.element.hidden = true;
    this.chart = createLineChart(frame.canvas, {
      x: timeAxis(),
      y: zeroBasedAxis('batch size'),
      estimate: rightAxis('estimate (ms)'),
    });
  }

  render(store: RunStore, theme: ChartTheme): void {
    const adaptive = store.allSeries().filter((s) => s.hasPolicySamples);
    this.element.hidden = adaptive.length === 0;
    if (adaptive.length === 0) return;
    const datasets: ChartDataset<'line', XY[]>[] = [];
    for (const s of adaptive) {
      const label = store.seriesLabel(s);
      const line = seriesLine(theme, s.colorIndex);
      const t = Array.from(s.samples.tMs.view(), (ms) => ms / 1000);
      const cap = s.samples.policyCapBatch.view();
      if (cap.some(Number.isFinite))
        datasets.push({ ...line, label: `${label} cap`, data: decimate(t, cap), stepped: 'before' });
      const dispatched = Array.from(s.batches.dispatchMs.view(), (ms) => ms / 1000);
      datasets.push({
        ...line,
        label: `${label} dispatched`,
        data: decimate(dispatched, s.batches.size.view()),
        borderDash: [5, 3],
        borderWidth: 1,
      });
      const estimate = s.samples.policyEstimateMs.view();
      if (estimate.some(Number.isFinite))
        datasets.push({
          ...line,
          label: `${label} estimate`,
          data: decimate(t, estimate),
          borderDash: [1, 3],
          yAxisID: 'estimate',
        });
    }
    this.chart.data.datasets = datasets;
    themed(this.chart as unknown as Chart, theme, this.last).update('none');
  }
}
