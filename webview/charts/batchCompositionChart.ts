/**
 * Batches over time for one strategy at a time (picked with the buttons above the chart): real
 * request slots stacked under padded slots. Hover (or focus the chart and use the arrow keys) to
 * see which requests a batch held, their waits, and its sizes. With more batches than pixels, each
 * bar stands for the largest batch of its time slot, and the tooltip says how many it stands for.
 */
import type { TooltipItem } from 'chart.js';
import { batchBars, type BatchPoint } from '../data/chartBins';
import type { RunStore } from '../data/runStore';
import type { SeriesData } from '../data/seriesData';
import { seriesColor, withAlpha, type ChartTheme } from '../theme';
import { baseOptions, Chart } from './chartSetup';
import { linearAxis } from './chartOptions';
import { createChartFrame, themed, type PanelView } from './chartPanel';

const IDS_SHOWN = 12;

export class BatchCompositionChart implements PanelView {
  readonly element: HTMLElement;
  private readonly chart: Chart<'bar', BatchPoint[]>;
  private readonly picker: HTMLDivElement;
  private readonly last = { theme: null as ChartTheme | null };
  private shown: SeriesData | null = null;
  private pickerKey = '';
  private focusIndex = -1;

  constructor(
    private selected: number,
    private readonly onSelect: (seriesIndex: number) => void,
  ) {
    const frame = createChartFrame(
      'batches',
      'Batch composition',
      'Each bar is a dispatched batch at its dispatch time: real requests (solid) and padded slots (light) on top; requests rejected by a queue policy or shed by the strategy hang from the top (right axis, per 100 ms). Focus the chart and use the left and right arrow keys to step through batches.',
    );
    this.element = frame.section;
    this.picker = document.createElement('div');
    this.picker.setAttribute('role', 'group');
    this.picker.setAttribute('aria-label', 'Strategy shown in batch composition');
    this.picker.className = 'series-picker';
    frame.toolbar.appendChild(this.picker);
    frame.canvas.tabIndex = 0;
    frame.canvas.addEventListener('keydown', (e) => this.onKey(e));
    this.chart = new Chart(frame.canvas, {
      type: 'bar',
      data: { datasets: [] },
      options: {
        ...baseOptions<'bar'>(),
        interaction: { mode: 'index', intersect: false },
        scales: {
          x: linearAxis('dispatch time (s)', { stacked: true }),
          y: linearAxis('slots in batch', { stacked: true, beginAtZero: true, ticks: { precision: 0 } }),
          // Rejections hang from the top on their own scale (hundreds per tick would dwarf batches
          // of a few requests), in the upper part of the chart only.
          rejected: linearAxis('rejected per 100 ms', {
            position: 'right',
            reverse: true,
            min: 0,
            display: false,
            grid: { drawOnChartArea: false },
            ticks: { precision: 0 },
          }),
        },
        plugins: {
          legend: { position: 'bottom', labels: { boxWidth: 12 } },
          tooltip: {
            // The tooltip is about batches ('index' mode pairs datasets by position; the rejected
            // bars are per tick, not per batch): the legend and the description explain those.
            filter: (item) => item.datasetIndex < 2,
            callbacks: {
              title: (items) => this.tooltipTitle(items),
              label: (item) => this.tooltipLines(item),
            },
          },
        },
      },
    });
  }

  render(store: RunStore, theme: ChartTheme): void {
    const series = store.allSeries();
    this.renderPicker(store, series);
    const s = series[Math.min(this.selected, series.length - 1)] ?? null;
    this.shown = s;
    const color = s ? seriesColor(theme, s.colorIndex) : theme.foreground;
    const { real, padded } = s ? batchBars(s) : { real: [], padded: [] };
    this.chart.data.datasets = [
      {
        label: 'real requests',
        data: real,
        backgroundColor: color,
        borderColor: color,
        borderWidth: 0,
        barPercentage: 1,
        categoryPercentage: 1,
        minBarLength: 1,
      },
      {
        label: 'padded slots',
        data: padded,
        backgroundColor: withAlpha(color, theme.highContrast ? 0.5 : 0.3),
        borderColor: color,
        borderWidth: theme.highContrast ? 1 : 0,
        barPercentage: 1,
        categoryPercentage: 1,
      },
      // Rejected requests (queue full, timed out, shed), per tick, hanging from the top.
      ...(s && s.rejected > 0
        ? [
            {
              label: 'rejected (from the top, right axis)',
              yAxisID: 'rejected',
              data: rejectedBars(s),
              backgroundColor: theme.error,
              borderColor: theme.error,
              borderWidth: 0,
              barPercentage: 1,
              categoryPercentage: 1,
              minBarLength: 1,
            },
          ]
        : []),
    ];
    const rejectedAxis = this.chart.options.scales!.rejected!;
    const most = s ? Math.max(0, ...s.rejections.count.view()) : 0;
    rejectedAxis.display = most > 0;
    // The largest tick's rejections reach 40% of the way down.
    rejectedAxis.max = most > 0 ? niceCeil(most / 0.4) : 1;
    themed(this.chart as unknown as Chart, theme, this.last).update('none');
  }

  private renderPicker(store: RunStore, series: SeriesData[]): void {
    const key = series.map((s) => store.seriesLabel(s)).join('\n') + `|${this.selected}`;
    if (key === this.pickerKey) return;
    this.pickerKey = key;
    this.picker.replaceChildren(
      ...series.map((s, i) => {
        const b = document.createElement('button');
        b.type = 'button';
        b.className = 'series-button';
        b.textContent = store.seriesLabel(s);
        b.setAttribute('aria-pressed', String(i === Math.min(this.selected, series.length - 1)));
        b.dataset.colorIndex = String(s.colorIndex % 6);
        b.addEventListener('click', () => {
          this.selected = i;
          this.focusIndex = -1;
          this.onSelect(i);
        });
        return b;
      }),
    );
  }

  /** Arrow keys move the tooltip from bar to bar, so the details are reachable without a mouse. */
  private onKey(e: KeyboardEvent): void {
    const n = this.chart.data.datasets[0]?.data.length ?? 0;
    if (n === 0 || (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight' && e.key !== 'Home' && e.key !== 'End'))
      return;
    e.preventDefault();
    if (e.key === 'Home') this.focusIndex = 0;
    else if (e.key === 'End') this.focusIndex = n - 1;
    else this.focusIndex = Math.max(0, Math.min(n - 1, this.focusIndex + (e.key === 'ArrowRight' ? 1 : -1)));
    const active = [{ datasetIndex: 0, index: this.focusIndex }];
    const el = this.chart.getDatasetMeta(0).data[this.focusIndex];
    this.chart.tooltip?.setActiveElements(active, { x: el?.x ?? 0, y: el?.y ?? 0 });
    this.chart.setActiveElements(active);
    this.chart.update('none');
  }

  private tooltipTitle(items: TooltipItem<'bar'>[]): string {
    const p = items[0]?.raw as BatchPoint | undefined;
    if (!p || !this.shown || p.batch < 0) return '';
    const c = this.shown.batches;
    const flushed = c.flushed.get(p.batch) === 1 ? ' (end-of-run flush)' : '';
    const of = p.represents > 1 ? ` — largest of ${p.represents} batches in this slot` : '';
    return `Batch #${p.batch} at ${(c.dispatchMs.get(p.batch) / 1000).toFixed(3)} s${flushed}${of}`;
  }

  private tooltipLines(item: TooltipItem<'bar'>): string[] {
    if (item.datasetIndex !== 0 || !this.shown) return [];
    const p = item.raw as BatchPoint;
    const s = this.shown;
    const c = s.batches;
    const size = c.size.get(p.batch);
    const ids: number[] = [];
    let minWait = Infinity;
    let maxWait = -Infinity;
    for (let j = 0; j < size; j++) {
      const member = s.memberOf(p.batch, j);
      if (ids.length < IDS_SHOWN) ids.push(member.id);
      minWait = Math.min(minWait, member.queueMs);
      maxWait = Math.max(maxWait, member.queueMs);
    }
    const more = size > IDS_SHOWN ? ` … (+${size - IDS_SHOWN})` : '';
    return [
      `size ${size} real, ${c.paddedSize.get(p.batch)} with padding (${(100 * c.padFraction.get(p.batch)).toFixed(0)}% padded elements)`,
      `queue wait ${fmt(minWait)}–${fmt(maxWait)} ms`,
      `compute ${fmt(c.computeEndMs.get(p.batch) - c.computeStartMs.get(p.batch))} ms`,
      `requests ${ids.join(', ')}${more}`,
    ];
  }
}

const fmt = (ms: number): string => (ms >= 100 ? ms.toFixed(0) : ms >= 1 ? ms.toFixed(2) : ms.toFixed(3));

/** The smallest 1, 2 or 5 times a power of ten that is >= v (round axis ends). */
function niceCeil(v: number): number {
  const p = 10 ** Math.floor(Math.log10(v));
  return [1, 2, 5, 10].map((m) => m * p).find((x) => x >= v) ?? 10 * p;
}

/** Rejections per tick as bars (the tick's count, at its time) on the reversed right axis. */
function rejectedBars(s: SeriesData): BatchPoint[] {
  const t = s.rejections.tMs.view();
  const n = s.rejections.count.view();
  return Array.from(t, (ms, i) => ({ x: ms / 1000, y: n[i], batch: -1, represents: 1 }));
}
