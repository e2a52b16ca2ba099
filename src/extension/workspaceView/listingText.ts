/**
 * The words the Batchscope view shows for a saved profile or sweep: the one-line description
 * beside its name, and the tooltip (Markdown) with every strategy's figures. Pure (no `vscode`),
 * so the wording is unit-tested.
 */
import { figure } from '../../shared/formatFigure';
import type { ListedStrategy, ProfileListing } from '../../shared/profileListing';

/**
 * The strategy a profile recommends at a glance: the lowest p99 among strategies that ran to the
 * end and kept up with the load. An overloaded strategy's percentiles cover only the requests it
 * finished, so its p99 understates its latency and must not win; a partial one measured less.
 * Undefined when no strategy qualifies.
 */
export function bestStrategy(strategies: readonly ListedStrategy[]): ListedStrategy | undefined {
  let best: ListedStrategy | undefined;
  for (const s of strategies) {
    if (s.partial || s.overloaded || !Number.isFinite(s.p99Ms)) continue;
    if (!best || s.p99Ms < best.p99Ms) best = s;
  }
  return best;
}

/** `2026-12-01 14:02` in local time; '' when the date is missing or not a date. */
export function formatWhen(iso: string): string {
  const t = Date.parse(iso);
  if (!iso || Number.isNaN(t)) return '';
  const d = new Date(t);
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}

const ms = (v: number): string => (Number.isFinite(v) ? `${figure(v)} ms` : '–');
const rps = (v: number): string => (Number.isFinite(v) ? `${figure(v)} req/s` : '–');

/**
 * The description beside the file name, e.g. `best dynamic(max=16) · p99 12.3 ms · 2026-12-01 14:02`,
 * `partial · no complete strategy · …`, `sweep · recommends dynamic(max=8) ×2 · p99 9.1 ms · …`,
 * `unreadable: <why>`.
 */
export function summaryLine(l: ProfileListing): string {
  if (l.error !== undefined) return `unreadable: ${firstLine(l.error)}`;
  const parts: string[] = [];
  if (l.isSweep) {
    parts.push('sweep');
    const rec = l.strategies[0];
    if (l.sweep?.recommendation && rec) parts.push(`recommends ${rec.label}`, `p99 ${ms(rec.p99Ms)}`);
    else parts.push('no recommendation');
  } else {
    if (l.partial) parts.push('partial');
    if (l.simulated) parts.push('simulated');
    const best = bestStrategy(l.strategies);
    if (best) parts.push(`best ${best.label}`, `p99 ${ms(best.p99Ms)}`);
    else parts.push('no complete strategy');
  }
  const when = formatWhen(l.createdAt);
  if (when) parts.push(when);
  return parts.join(' · ');
}

/** The tooltip, as Markdown: what was measured, how, and each strategy's figures and tags. */
export function tooltipMarkdown(l: ProfileListing, fileName: string): string {
  const title = `**${escapeMarkdown(fileName)}**`;
  if (l.error !== undefined) return [`${title} — cannot be read`, '', escapeMarkdown(l.error)].join('\n');
  const lines: string[] = [
    `${title} — ${l.isSweep ? 'sweep' : l.partial ? 'partial profile (the run was stopped early)' : 'profile'}${l.simulated ? ', simulated' : ''}`,
    '',
    `Model: ${escapeMarkdown(l.modelPath || l.modelFileName)}${l.synthetic ? ' (synthetic)' : ''}  `,
    `Recorded: ${formatWhen(l.createdAt) || escapeMarkdown(l.createdAt || 'unknown')}  `,
  ];
  if (l.isSweep) lines.push(...sweepLines(l));
  else {
    lines.push(`Rate: ${rateText(l)}  `, `Duration: ${figure(l.durationS)} s per strategy`, '');
    lines.push(...strategyTable(l.strategies));
    const best = bestStrategy(l.strategies);
    lines.push(
      '',
      best
        ? `Best: ${escapeMarkdown(best.label)} (lowest p99 among strategies that finished and kept up)`
        : 'No complete strategy: every strategy was cut short or could not keep up.',
    );
  }
  return lines.join('\n');
}

function rateText(l: ProfileListing): string {
  if (l.rateRps === null)
    return l.arrival === 'closed'
      ? 'closed loop (no fixed rate)'
      : `${escapeMarkdown(l.arrival)} (no fixed rate)`;
  return `${rps(l.rateRps)}, ${escapeMarkdown(l.arrival)} arrivals (${l.rateDerived ? 'derived from the calibration' : 'as given'})`;
}

function strategyTable(strategies: readonly ListedStrategy[]): string[] {
  if (strategies.length === 0) return ['No strategy was measured.'];
  return [
    '| Strategy | p50 | p99 | Throughput | |',
    '| --- | ---: | ---: | ---: | --- |',
    ...strategies.map((s) => {
      const tags = [s.partial ? 'partial' : '', s.overloaded ? 'OVERLOADED' : ''].filter(Boolean).join(', ');
      return `| ${cell(s.label)} | ${ms(s.p50Ms)} | ${ms(s.p99Ms)} | ${rps(s.throughputRps)} | ${tags} |`;
    }),
  ];
}

function sweepLines(l: ProfileListing): string[] {
  const s = l.sweep;
  if (!s) return [];
  const lines = [
    `${s.configs} configurations, ${s.points} points, ${l.simulated ? 'simulated' : 'measured'}, ${figure(l.durationS)} s per point  `,
    `SLO: ${s.slo ? escapeMarkdown(s.slo) : 'none'}`,
    '',
  ];
  const rec = l.strategies[0];
  if (!s.recommendation || !rec) {
    lines.push(`No recommendation: ${escapeMarkdown(s.noRecommendation ?? 'none was made')}`);
    return lines;
  }
  const how =
    s.verified === null
      ? 'predicted'
      : s.verified
        ? 'measured on the model: met the SLO'
        : 'measured on the model: missed the SLO';
  lines.push(
    `Recommends ${escapeMarkdown(rec.label)}${l.rateRps !== null ? ` at ${rps(l.rateRps)}` : ''}: ` +
      `p50 ${ms(rec.p50Ms)}, p99 ${ms(rec.p99Ms)}, ${rps(rec.throughputRps)} (${how})`,
  );
  return lines;
}

/** Text from a file, shown literally in Markdown (a label such as `a_b*c` must not turn italic). */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>~]/g, '\\$&');
}

/** A table cell: escaped, on one line. */
function cell(text: string): string {
  return escapeMarkdown(text.replace(/\s*\n\s*/g, ' '));
}

function firstLine(text: string): string {
  const line = text.split('\n')[0];
  return line.length > 160 ? `${line.slice(0, 159)}…` : line;
}
