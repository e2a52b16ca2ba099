/**
 * The sweep's configurations as a table: each with its largest sustainable rate under the SLO,
 * its peak throughput and its lowest latency, sorted by the sustainable rate (click a column
 * heading to sort by it), the recommended one marked. A row's swatch matches its curve; hovering
 * or focusing a row highlights that curve in the chart.
 */
import type { SweepFile } from '../../src/shared/sweep/sweepTypes';
import { configRows, curveStyle, percentileName, type ConfigRow } from '../data/sweepSeries';
import { formatMs, formatRate } from './sweepFormat';

interface Column {
  key: string;
  name: (pct: string) => string;
  /** Sort key: larger first unless `ascending`; null sorts last. */
  value: (r: ConfigRow) => number | string | null;
  ascending: boolean;
  format: (r: ConfigRow) => string;
}

const COLUMNS: Column[] = [
  {
    key: 'label',
    name: () => 'Configuration',
    value: (r) => r.label,
    ascending: true,
    format: (r) => r.label,
  },
  {
    key: 'instances',
    name: () => 'Instances',
    value: (r) => r.instances,
    ascending: true,
    format: (r) => String(r.instances),
  },
  {
    key: 'maxRate',
    name: () => 'Max sustainable (req/s)',
    value: (r) => r.maxRateRps,
    ascending: false,
    format: (r) => formatRate(r.maxRateRps),
  },
  {
    key: 'peak',
    name: () => 'Peak throughput (req/s)',
    value: (r) => r.peakThroughputRps,
    ascending: false,
    format: (r) => formatRate(r.peakThroughputRps),
  },
  {
    key: 'best',
    name: (pct) => `Lowest ${pct} (ms)`,
    value: (r) => r.bestLatencyMs,
    ascending: true,
    format: (r) => formatMs(r.bestLatencyMs),
  },
  {
    key: 'pareto',
    name: () => 'On the Pareto front',
    value: (r) => r.paretoPoints,
    ascending: false,
    format: (r) => (r.paretoPoints > 0 ? `${r.paretoPoints} point${r.paretoPoints === 1 ? '' : 's'}` : '—'),
  },
];

export class SweepConfigTable {
  readonly element: HTMLElement;
  private readonly table: HTMLTableElement;
  private readonly caption: HTMLTableCaptionElement;
  private readonly headRow: HTMLTableRowElement;
  private readonly body: HTMLTableSectionElement;
  private sortKey = 'maxRate';
  private rows: ConfigRow[] = [];
  private pct = 'p99';

  /** @param onHighlight called with the configuration a row is hovered or focused on (null: left). */
  constructor(private readonly onHighlight: (config: number | null) => void) {
    this.element = document.createElement('div');
    this.element.className = 'table-wrap sweep-configs-wrap';
    this.table = document.createElement('table');
    this.table.className = 'sweep-configs';
    this.table.id = 'sweep-configs';
    this.caption = this.table.createCaption();
    this.headRow = this.table.createTHead().insertRow();
    this.body = this.table.createTBody();
    this.element.appendChild(this.table);
    this.body.addEventListener('mouseleave', () => this.onHighlight(null));
    this.body.addEventListener('focusout', (e) => {
      if (!this.body.contains(e.relatedTarget as Node | null)) this.onHighlight(null);
    });
  }

  render(sweep: SweepFile): void {
    this.pct = percentileName(sweep);
    this.rows = configRows(sweep);
    const slo = sweep.settings.slo;
    this.caption.textContent = slo
      ? `Max sustainable: the most each configuration serves with ${this.pct} within ${formatMs(slo.ms * (1 - sweep.settings.margin))} ms (the ${formatMs(slo.ms)} ms SLO less a ${Math.round(sweep.settings.margin * 100)}% margin). ★ marks the recommendation. Hover or focus a row to highlight its curve.`
      : 'No SLO was set, so no rate is sustainable by definition. Hover or focus a row to highlight its curve.';
    this.draw();
  }

  private draw(): void {
    const col = COLUMNS.find((c) => c.key === this.sortKey) ?? COLUMNS[2];
    this.headRow.replaceChildren(
      ...COLUMNS.map((c) => {
        const th = document.createElement('th');
        th.scope = 'col';
        const b = document.createElement('button');
        b.type = 'button';
        b.className = 'sort-button';
        b.dataset.sort = c.key;
        b.textContent = c.name(this.pct);
        b.addEventListener('click', () => {
          this.sortKey = c.key;
          this.draw();
          this.headRow.querySelector<HTMLButtonElement>(`button[data-sort="${c.key}"]`)?.focus();
        });
        th.appendChild(b);
        th.setAttribute('aria-sort', c === col ? (c.ascending ? 'ascending' : 'descending') : 'none');
        return th;
      }),
    );
    const sorted = [...this.rows].sort((a, b) => compare(col, a, b) || compare(COLUMNS[3], a, b));
    this.body.replaceChildren(...sorted.map((r) => this.row(r)));
  }

  private row(r: ConfigRow): HTMLTableRowElement {
    const tr = document.createElement('tr');
    tr.dataset.config = String(r.config);
    tr.tabIndex = 0;
    if (r.recommended) tr.classList.add('recommended');
    COLUMNS.forEach((c, i) => {
      const cell = i === 0 ? document.createElement('th') : tr.insertCell();
      if (i === 0) {
        (cell as HTMLTableCellElement).scope = 'row';
        const style = curveStyle(r.config);
        const swatch = document.createElement('span');
        swatch.className = `line-swatch lc-${style.colorIndex} ld-${style.dash}`;
        swatch.setAttribute('aria-hidden', 'true');
        cell.append(swatch, c.format(r));
        if (r.recommended) {
          const mark = document.createElement('span');
          mark.className = 'best-mark';
          mark.textContent = ' ★ recommended';
          cell.appendChild(mark);
        }
        tr.appendChild(cell);
      } else cell.textContent = c.format(r);
    });
    const highlight = (): void => this.onHighlight(r.config);
    tr.addEventListener('mouseenter', highlight);
    tr.addEventListener('focus', highlight);
    return tr;
  }
}

function compare(c: Column, a: ConfigRow, b: ConfigRow): number {
  const x = c.value(a);
  const y = c.value(b);
  if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
  const order = typeof x === 'string' ? x.localeCompare(String(y)) : x - (y as number);
  return c.ascending ? order : -order;
}
