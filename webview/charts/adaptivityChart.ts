/**
 * What adaptive strategies (aimd, adaptive, deadline) believed over time: the batch cap they
 * would dispatch up to (solid, stepped), next to the batch sizes they actually dispatched
 * (dashed), and their latency estimate (dotted, right axis). Without an adaptive strategy in the
 * run, a note says so in place of the chart.
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
  private readonly box: HTMLElement;
  private readonly note: HTMLParagraphElement;

  constructor() {
    const frame = createChartFrame(
      'adaptivity',
      'Batch size cap over time',
      'For adaptive strategies: the batch size cap the policy would dispatch up to (solid), the mean size of the batches it actually dispatched in each interval (dashed), and its latency estimate in ms (dotted, right axis).',
    );
    this.element = frame.section;
    this.box = frame.canvas.parentElement!;
    this.note = frame.note;
    this.note.textContent =
      'No adaptive strategy in this run: aimd, adaptive and deadline report their batch size cap here.';
    this.chart = createLineChart(frame.canvas, {
      x: timeAxis(),
      y: zeroBasedAxis('batch size'),
      estimate: rightAxis('estimate (ms)'),
    });
  }

  render(store: RunStore, theme: ChartTheme): void {
    const series = store.allSeries();
    const adaptive = series.filter((s) => s.hasPolicySamples);
    this.box.hidden = adaptive.length === 0;
    this.note.hidden = adaptive.length > 0 || series.length === 0;
    if (adaptive.length === 0) return;
    const datasets: ChartDataset<'line', XY[]>[] = [];
    for (const s of adaptive) {
      const label = store.seriesLabel(s);
      const line = seriesLine(theme, s.colorIndex);
      const t = Array.from(s.samples.tMs.view(), (ms) => ms / 1000);
      const cap = s.samples.policyCapBatch.view();
      if (cap.some(Number.isFinite))
        datasets.push({ ...line, label: `${label} cap`, data: decimate(t, cap), stepped: 'before' });
      datasets.push({
        ...line,
        label: `${label} mean dispatched`,
        data: decimate(
          t,
          meanBatchPerSample(s.samples.tMs.view(), s.batches.dispatchMs.view(), s.batches.size.view()),
        ),
        borderDash: [5, 3],
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

/**
 * The mean size of the batches dispatched in each sample interval (NaN where none were): single
 * batch sizes jump between 1 and the cap from one dispatch to the next, the mean shows the trend.
 */
export function meanBatchPerSample(
  sampleMs: ArrayLike<number>,
  dispatchMs: ArrayLike<number>,
  size: ArrayLike<number>,
): Float64Array {
  const out = new Float64Array(sampleMs.length).fill(NaN);
  let b = 0;
  for (let i = 0; i < sampleMs.length; i++) {
    let sum = 0;
    let count = 0;
    // Batches are in dispatch order; sample i covers (sample i-1, sample i].
    for (; b < dispatchMs.length && dispatchMs[b] <= sampleMs[i]; b++) {
      sum += size[b];
      count++;
    }
    if (count > 0) out[i] = sum / count;
  }
  return out;
}
