/**
 * The sweep's answer as a card: the recommended configuration, its instances and rate, what the
 * simulator predicts and — once verified — what the model measured beside it with met/missed,
 * the binding constraint and every reason; or why there is no recommendation. Below it, each
 * verification run (candidates that missed are listed too: they explain the choice).
 */
import type { Prediction, SweepFile, Verification } from '../../src/shared/sweep/sweepTypes';
import { percentileName } from '../data/sweepSeries';
import { notice } from './modelSummaryView';
import { bindingText, formatMs, formatRate } from './sweepFormat';

/** The card's content for `sweep` (the actions are added by the caller). */
export function renderRecommendation(sweep: SweepFile): HTMLElement[] {
  const r = sweep.recommendation;
  const pct = percentileName(sweep);
  const slo = sweep.settings.slo;
  if (!r) {
    const why =
      sweep.noRecommendation ??
      (slo
        ? 'No configuration meets the SLO at any swept rate.'
        : 'No SLO was set, so there is nothing to recommend: sweep again with an SLO.');
    const p = notice(why, 'warning');
    p.id = 'sweep-no-recommendation';
    return [p];
  }
  const out: HTMLElement[] = [];
  const title = document.createElement('p');
  title.className = 'rec-title';
  const label = document.createElement('strong');
  label.className = 'rec-label';
  label.textContent = r.label;
  title.append(
    label,
    ` · ${r.instances} instance${r.instances === 1 ? '' : 's'} · at ${formatRate(r.rateRps)} req/s`,
  );
  out.push(title);

  if (r.measured) {
    const ok = r.verified === true;
    const verdict = notice(
      ok
        ? `Verified on the model: ${pct} ${formatMs(r.measured.sloPercentileMs)} ms measured, within the ${formatMs(slo?.ms)} ms SLO.`
        : `Measured on the model: ${pct} ${formatMs(r.measured.sloPercentileMs)} ms, which misses the ${formatMs(slo?.ms)} ms SLO.`,
      ok ? 'ok' : 'error',
    );
    verdict.classList.add('rec-verdict');
    out.push(verdict);
  } else {
    const p = document.createElement('p');
    p.className = 'rec-verdict rec-unverified';
    p.textContent = 'Predicted by the simulator; not measured on the model yet (Verify runs it for real).';
    out.push(p);
  }
  out.push(predictionTable(r.predicted, r.measured, pct, slo?.ms ?? null, r.verified));

  const binding = document.createElement('p');
  binding.className = 'rec-binding';
  const b = document.createElement('strong');
  b.textContent = bindingText(r.binding);
  b.dataset.binding = r.binding;
  binding.append('Binding constraint: ', b);
  out.push(binding);

  const reasons = document.createElement('ul');
  reasons.className = 'rec-reasons';
  reasons.setAttribute('aria-label', 'Why this configuration');
  for (const text of r.reasons) {
    const li = document.createElement('li');
    li.textContent = text;
    reasons.appendChild(li);
  }
  out.push(reasons);
  return out;
}

/** Predicted and (when verified) measured figures side by side. */
function predictionTable(
  predicted: Prediction,
  measured: Prediction | undefined,
  pct: string,
  sloMs: number | null,
  verified: boolean | undefined,
): HTMLElement {
  const table = document.createElement('table');
  table.className = 'rec-table';
  const head = table.createTHead().insertRow();
  for (const name of ['', 'Predicted', ...(measured ? ['Measured'] : [])]) {
    const th = document.createElement('th');
    th.scope = 'col';
    th.textContent = name;
    head.appendChild(th);
  }
  const body = table.createTBody();
  const rows: Array<[string, (p: Prediction) => string]> = [
    ['p50 (ms)', (p) => formatMs(p.p50Ms)],
    ['p99 (ms)', (p) => formatMs(p.p99Ms)],
  ];
  if (pct !== 'p99' && pct !== 'p50') rows.push([`${pct} (ms)`, (p) => formatMs(p.sloPercentileMs)]);
  rows.push(['Throughput (req/s)', (p) => formatRate(p.throughputRps)]);
  for (const [name, value] of rows) {
    const tr = body.insertRow();
    tr.dataset.row = name;
    const th = document.createElement('th');
    th.scope = 'row';
    th.textContent = name;
    tr.appendChild(th);
    tr.insertCell().textContent = value(predicted);
    if (measured) tr.insertCell().textContent = value(measured);
  }
  if (sloMs !== null) {
    const tr = body.insertRow();
    tr.dataset.row = 'slo';
    const th = document.createElement('th');
    th.scope = 'row';
    th.textContent = `SLO (${pct} ≤ ${formatMs(sloMs)} ms)`;
    tr.appendChild(th);
    verdictCell(tr.insertCell(), predicted.sloPercentileMs <= sloMs);
    if (measured) verdictCell(tr.insertCell(), verified ?? measured.sloPercentileMs <= sloMs);
  }
  return table;
}

function verdictCell(td: HTMLTableCellElement, met: boolean): void {
  td.textContent = met ? '✓ met' : '✗ missed';
  td.className = met ? 'slo-pass' : 'slo-fail';
}

/** Every verification run: candidate, rate, predicted against measured, met or missed. */
export function renderVerifications(sweep: SweepFile): HTMLElement | null {
  if (sweep.verifications.length === 0) return null;
  const pct = percentileName(sweep);
  const wrap = document.createElement('div');
  wrap.className = 'table-wrap';
  const table = document.createElement('table');
  table.className = 'verifications-table';
  table.id = 'sweep-verifications';
  table.createCaption().textContent =
    'Each candidate ran on the model at its rate, in ranking order, until one met the SLO.';
  const head = table.createTHead().insertRow();
  for (const name of [
    'Candidate',
    'Rate (req/s)',
    `${pct} predicted / measured (ms)`,
    'Throughput predicted / measured (req/s)',
    'SLO',
  ]) {
    const th = document.createElement('th');
    th.scope = 'col';
    th.textContent = name;
    head.appendChild(th);
  }
  const body = table.createTBody();
  for (const v of sweep.verifications) body.appendChild(verificationRow(v));
  wrap.appendChild(table);
  return wrap;
}

function verificationRow(v: Verification): HTMLTableRowElement {
  const tr = document.createElement('tr');
  const th = document.createElement('th');
  th.scope = 'row';
  th.textContent = v.label;
  if (v.profilePath) th.title = `Profile: ${v.profilePath}`;
  tr.appendChild(th);
  tr.insertCell().textContent = formatRate(v.rateRps);
  tr.insertCell().textContent = `${formatMs(v.predicted.sloPercentileMs)} / ${formatMs(v.measured.sloPercentileMs)}`;
  tr.insertCell().textContent = `${formatRate(v.predicted.throughputRps)} / ${formatRate(v.measured.throughputRps)}`;
  verdictCell(tr.insertCell(), v.metSlo);
  return tr;
}
