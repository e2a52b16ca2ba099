/**
 * One row per strategy with the engine's summary numbers; the best value of each column is
 * marked (★, bold, and said in words for screen readers); SLO pass/fail when an SLO was set.
 * The key columns fit an editor-wide panel; the rest sit behind "More columns". A strategy cut
 * short is tagged "(partial)" and one that fell behind "OVERLOADED", as the CLI prints them, and
 * neither wins a column.
 */
import type { RunStore } from '../data/runStore';
import type { SeriesData } from '../data/seriesData';
import type { PanelView } from '../charts/chartPanel';

interface Column {
  name: string;
  /**
   * Shown without "More columns": always, or when the series make it matter (rejections, an SLO).
   * The others are details a narrow panel leaves out until asked.
   */
  key: boolean | ((series: SeriesData[]) => boolean);
  /** Which way is better; null = not ranked. */
  better: 'high' | 'low' | null;
  value: (s: SeriesData) => number | null;
  format: (v: number) => string;
}

const ms = (v: number): string => (v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2));
const COLUMNS: Column[] = [
  {
    name: 'Requests',
    key: false,
    better: null,
    value: (s) => s.summary?.requests ?? null,
    format: (v) => v.toLocaleString('en-US'),
  },
  {
    name: 'Completed',
    key: false,
    better: null,
    value: (s) => s.summary?.completed ?? null,
    format: (v) => v.toLocaleString('en-US'),
  },
  {
    // Turned away by a queue policy or shed by an SLO-aware strategy: counted against goodput.
    name: 'Rejected',
    key: (series) => series.some((s) => (s.summary?.rejected ?? 0) > 0),
    better: null,
    value: (s) => (s.summary ? (s.summary.rejected ?? 0) : null),
    format: (v) => v.toLocaleString('en-US'),
  },
  {
    name: 'Throughput (req/s)',
    key: true,
    better: 'high',
    value: (s) => s.summary?.throughputRps ?? null,
    format: (v) => v.toFixed(1),
  },
  { name: 'p50 (ms)', key: true, better: 'low', value: (s) => s.summary?.latencyMs.p50 ?? null, format: ms },
  { name: 'p95 (ms)', key: false, better: 'low', value: (s) => s.summary?.latencyMs.p95 ?? null, format: ms },
  { name: 'p99 (ms)', key: true, better: 'low', value: (s) => s.summary?.latencyMs.p99 ?? null, format: ms },
  {
    name: 'Mean queue (ms)',
    key: false,
    better: 'low',
    value: (s) => s.summary?.queueMs.mean ?? null,
    format: ms,
  },
  {
    name: 'Mean batch',
    key: true,
    better: null,
    value: (s) => s.summary?.batchSize.mean ?? null,
    format: (v) => v.toFixed(2),
  },
  {
    name: 'CPU (%)',
    key: false,
    better: 'low',
    value: (s) => s.summary?.cpuPercent ?? null,
    format: (v) => v.toFixed(0),
  },
  {
    name: 'Goodput (%)',
    key: (series) => series.some((s) => s.summary?.goodput != null),
    better: 'high',
    value: (s) => (s.summary?.goodput == null ? null : s.summary.goodput * 100),
    format: (v) => v.toFixed(1),
  },
];

export class SummaryTable implements PanelView {
  readonly element: HTMLElement;
  private readonly table: HTMLTableElement;
  private readonly headCells: HTMLTableCellElement[];
  private readonly tbody: HTMLTableSectionElement;
  private readonly caption: HTMLTableCaptionElement;
  private readonly toggle: HTMLButtonElement;
  private key = '';
  /** Per priority level results, when the traffic had several levels. */
  private readonly levels: HTMLDivElement;

  /**
   * @param moreColumns whether the less important columns start shown (persisted UI state)
   * @param onToggle called with the new choice when the user toggles them
   */
  constructor(
    private moreColumns = false,
    onToggle: (moreColumns: boolean) => void = () => undefined,
  ) {
    this.element = document.createElement('section');
    this.element.className = 'summary';
    this.element.id = 'summary';
    const head = document.createElement('div');
    head.className = 'summary-head';
    const heading = document.createElement('h3');
    heading.textContent = 'Summary';
    this.toggle = document.createElement('button');
    this.toggle.type = 'button';
    this.toggle.className = 'toggle-button summary-columns';
    this.toggle.setAttribute('aria-controls', 'summary-table');
    this.toggle.addEventListener('click', () => {
      this.moreColumns = !this.moreColumns;
      this.showMore();
      onToggle(this.moreColumns);
    });
    head.append(heading, this.toggle);
    const wrap = document.createElement('div');
    wrap.className = 'table-wrap';
    this.table = document.createElement('table');
    this.table.className = 'summary-table';
    this.table.id = 'summary-table';
    this.caption = this.table.createCaption();
    const row = this.table.createTHead().insertRow();
    this.headCells = ['Strategy', ...COLUMNS.map((c) => c.name), 'SLO', 'Stable'].map((name) => {
      const th = document.createElement('th');
      th.scope = 'col';
      th.textContent = name;
      row.appendChild(th);
      return th;
    });
    this.tbody = this.table.createTBody();
    wrap.appendChild(this.table);
    this.levels = document.createElement('div');
    this.levels.className = 'table-wrap levels';
    this.element.append(head, wrap, this.levels);
    this.showMore();
  }

  private showMore(): void {
    this.table.classList.toggle('show-more', this.moreColumns);
    this.toggle.textContent = this.moreColumns ? 'Fewer columns' : 'More columns';
    this.toggle.setAttribute('aria-expanded', String(this.moreColumns));
  }

  render(store: RunStore): void {
    const series = store.allSeries();
    const key = series.map((s) => `${s.version}:${s.ended}`).join(',') + `|${store.streams.length}`;
    if (key === this.key) return;
    this.key = key;
    const best = COLUMNS.map((c) => bestValue(series, c));
    const extra = COLUMNS.map((c) => !(typeof c.key === 'function' ? c.key(series) : c.key));
    COLUMNS.forEach((_, i) => this.headCells[i + 1].classList.toggle('col-more', extra[i]));
    this.toggle.hidden = !extra.some((x) => x);
    const slo = store.streams[0]?.settings?.sloMs ?? null;
    this.caption.textContent =
      `End-to-end latency from the scheduled arrival. ★ marks the best value in a column ` +
      `(partial and OVERLOADED strategies are not ranked).` +
      (slo !== null ? ` SLO: p99 within ${slo} ms.` : ' No SLO set.');
    this.tbody.replaceChildren(
      ...series.map((s) => {
        const tr = document.createElement('tr');
        tr.dataset.strategy = s.label;
        const th = document.createElement('th');
        th.scope = 'row';
        const swatch = document.createElement('span');
        swatch.className = `swatch swatch-${s.colorIndex % 6}`;
        swatch.setAttribute('aria-hidden', 'true');
        th.append(swatch, store.seriesLabel(s));
        // Tagged as the CLI's table does: "label (partial)", "label OVERLOADED".
        if (s.partial) {
          th.appendChild(
            tag('partial-tag', ' (partial)', 'Cut short: the run ended while this strategy ran.'),
          );
          tr.classList.add('partial');
        } else if (overloaded(s)) {
          th.appendChild(
            tag(
              'overloaded-tag',
              ' OVERLOADED',
              'Some requests never ran: the offered load exceeded what this strategy served. Its latency ' +
                'percentiles cover completed requests only and understate the real latency (see the warnings).',
            ),
          );
          tr.classList.add('overloaded');
        }
        tr.appendChild(th);
        // A strategy still running says how far it got once, not in every column.
        const firstKey = extra.indexOf(false);
        COLUMNS.forEach((c, i) => {
          const td = tr.insertCell();
          if (extra[i]) td.className = 'col-more';
          const v = c.value(s);
          if (v === null) {
            td.textContent = s.ended ? '—' : i === firstKey ? `${Math.round(s.fraction * 100)}%…` : '…';
            return;
          }
          td.textContent = c.format(v);
          if (best[i] !== null && v === best[i] && series.length > 1 && ranked(s)) {
            td.classList.add('best');
            const mark = document.createElement('span');
            mark.className = 'best-mark';
            mark.textContent = ' ★';
            mark.setAttribute('aria-label', 'best');
            td.appendChild(mark);
          }
        });
        const sloCell = tr.insertCell();
        const p99 = s.summary?.latencyMs.p99;
        const sloMs = store.streams[s.stream]?.settings?.sloMs ?? null;
        if (sloMs === null || p99 === undefined) sloCell.textContent = '—';
        else {
          const pass = p99 <= sloMs;
          sloCell.textContent = pass ? '✓ pass' : '✗ fail';
          sloCell.className = pass ? 'slo-pass' : 'slo-fail';
        }
        stabilityCell(tr.insertCell(), s);
        return tr;
      }),
    );
    this.renderLevels(store, series);
  }

  /** One row per strategy and level (0 = highest): requests, done, rejected, p50/p99, goodput. */
  private renderLevels(store: RunStore, series: SeriesData[]): void {
    const rows = series.flatMap((s) => (s.summary?.levels ?? []).map((l) => ({ s, l })));
    this.levels.hidden = !series.some((s) => (s.summary?.levels?.length ?? 0) > 1);
    if (this.levels.hidden) {
      this.levels.replaceChildren();
      return;
    }
    const table = document.createElement('table');
    table.className = 'levels-table';
    table.createCaption().textContent = 'Per priority level (0 = highest, dispatched first).';
    const head = table.createTHead().insertRow();
    for (const name of [
      'Strategy',
      'Level',
      'Requests',
      'Completed',
      'Rejected',
      'p50 (ms)',
      'p99 (ms)',
      'Goodput (%)',
    ]) {
      const th = document.createElement('th');
      th.scope = 'col';
      th.textContent = name;
      head.appendChild(th);
    }
    const body = table.createTBody();
    for (const { s, l } of rows) {
      const tr = body.insertRow();
      const th = document.createElement('th');
      th.scope = 'row';
      th.textContent = store.seriesLabel(s);
      tr.appendChild(th);
      for (const text of [
        String(l.level),
        l.requests.toLocaleString('en-US'),
        l.completed.toLocaleString('en-US'),
        l.rejected.toLocaleString('en-US'),
        Number.isFinite(l.latencyMs.p50) ? ms(l.latencyMs.p50) : '—',
        Number.isFinite(l.latencyMs.p99) ? ms(l.latencyMs.p99) : '—',
        l.goodput === null ? '—' : (l.goodput * 100).toFixed(1),
      ])
        tr.insertCell().textContent = text;
    }
    this.levels.replaceChildren(table);
  }
}

/**
 * Whether the last stability windows agreed: ✓ stable, ✗ unstable (its figures may not repeat),
 * ? too few windows; the reason (how much throughput and p99 varied) is the cell's tooltip and
 * its accessible description.
 */
function stabilityCell(td: HTMLTableCellElement, s: SeriesData): void {
  const st = s.summary?.stability;
  if (!st) {
    td.textContent = '—';
    return;
  }
  td.textContent = st.stable === true ? '✓ yes' : st.stable === false ? '✗ no' : '?';
  td.className = st.stable === true ? 'stable' : 'unstable';
  td.title = st.reason;
  td.setAttribute('aria-description', st.reason);
}

function tag(className: string, text: string, title: string): HTMLSpanElement {
  const span = document.createElement('span');
  span.className = className;
  span.textContent = text;
  span.title = title;
  return span;
}

/**
 * Whether a strategy may win a column: an overloaded one's percentiles understate its latency,
 * and a partial one was cut short (its numbers cover less than the others').
 */
function ranked(s: SeriesData): boolean {
  return s.ended && !s.partial && !overloaded(s);
}

/**
 * The engine's verdict (summary.overloaded: requests never ran, or the queue grew through the
 * arrival window), the one the CLI prints. Older profiles lack it: then some requests that never
 * ran (the queue was cut at the end) is the sign. Rejected requests were answered, so they do not count.
 */
function overloaded(s: SeriesData): boolean {
  if (!s.summary || s.partial) return false;
  if (s.summary.overloaded !== undefined) return s.summary.overloaded;
  return s.summary.completed + (s.summary.rejected ?? 0) < s.summary.requests;
}

function bestValue(series: SeriesData[], c: Column): number | null {
  if (!c.better) return null;
  const values = series
    .filter(ranked)
    .map((s) => c.value(s))
    .filter((v): v is number => v !== null && Number.isFinite(v));
  if (values.length === 0) return null;
  return c.better === 'high' ? Math.max(...values) : Math.min(...values);
}
