/** The sweep in the terminal: curves as a table, the Pareto front, the recommendation and its verification. */
import type { SweepFile } from '../shared/sweep/sweepTypes';
import { fmtMs, textTable } from './textTable';
import { figure } from '../shared/formatFigure';

const rps = (v: number | null): string => (v === null ? '-' : figure(v));

/**
 * One row per configuration: the largest sustainable rate, then p99 at each offered rate (with
 * the throughput achieved where it fell short of the offer). `*` marks points on the Pareto front.
 */
export function formatSweepCurves(s: SweepFile): string {
  const rates = [...new Set(s.points.filter((p) => !p.measured).map((p) => p.offeredRps))].sort(
    (a, b) => a - b,
  );
  const front = new Set(s.pareto);
  const pct = s.settings.slo ? `p${s.settings.slo.percentile}` : 'p99';
  const headers = [
    'configuration',
    ...(s.settings.slo ? ['max req/s'] : []),
    ...rates.map((r) => `@${rps(r)}`),
  ];
  const rows = s.configs.map((c, ci) => {
    const cells = rates.map((r) => {
      const i = s.points.findIndex((p) => p.config === ci && p.offeredRps === r && !p.measured);
      if (i < 0) return '';
      const p = s.points[i];
      const short = p.servedFraction < 0.99 || p.throughputRps < 0.95 * p.offeredRps;
      return `${short ? `sat ${rps(p.throughputRps)}/s` : fmtMs(p.p99Ms)}${front.has(i) ? '*' : ''}`;
    });
    return [c.label, ...(s.settings.slo ? [rps(c.maxRateRps)] : []), ...cells];
  });
  const right = headers.map((_, i) => i).filter((i) => i > 0);
  return (
    `p99 latency, ms, by offered rate (req/s)${s.settings.measure ? ', simulated' : ''}; sat N/s: saturated, served N req/s; ` +
    `* on the Pareto front (no other point has more throughput at a lower p99)` +
    (s.settings.slo
      ? `; max req/s: the most it sustains with ${pct} ≤ ${fmtMs(s.settings.slo.ms * (1 - s.settings.margin))} ms ` +
        `(SLO ${fmtMs(s.settings.slo.ms)} ms less a ${Math.round(s.settings.margin * 100)}% margin).`
      : '.') +
    `\n\n${textTable(headers, rows, right)}`
  );
}

/** Measured points (--measure) beside the simulated ones at the same rate. */
export function formatMeasuredPoints(s: SweepFile): string | null {
  const measured = s.points.filter((p) => p.measured);
  if (measured.length === 0) return null;
  const rows = measured.map((m) => {
    const sim = s.points.find((p) => !p.measured && p.config === m.config && p.offeredRps === m.offeredRps);
    return [
      s.configs[m.config].label,
      rps(m.offeredRps),
      sim ? fmtMs(sim.p99Ms) : '-',
      fmtMs(m.p99Ms),
      sim ? rps(sim.throughputRps) : '-',
      rps(m.throughputRps),
    ];
  });
  return (
    'Measured on the model (--measure) against simulated:\n\n' +
    textTable(
      ['configuration', 'offered', 'p99 sim', 'p99 real', 'req/s sim', 'req/s real'],
      rows,
      [1, 2, 3, 4, 5],
    )
  );
}

export function formatRecommendation(s: SweepFile): string {
  const r = s.recommendation;
  if (!r) return `No recommendation: ${s.noRecommendation ?? 'no SLO was given (--slo-ms).'}`;
  const pct = s.settings.slo ? `p${s.settings.slo.percentile}` : 'p99';
  const lines = [
    `Recommendation: ${r.label} at ${rps(r.rateRps)} req/s`,
    ...r.reasons.map((x) => `  - ${x}`),
  ];
  if (s.verifications.length > 0) {
    lines.push('', 'Verified on the model (predicted by the simulator against measured):', '');
    const rows: string[][] = [];
    for (const v of s.verifications) {
      rows.push([
        v.label,
        rps(v.rateRps),
        `${fmtMs(v.predicted.p50Ms)} / ${fmtMs(v.measured.p50Ms)}`,
        `${fmtMs(v.predicted.sloPercentileMs)} / ${fmtMs(v.measured.sloPercentileMs)}`,
        `${rps(v.predicted.throughputRps)} / ${rps(v.measured.throughputRps)}`,
        v.metSlo ? 'met' : 'MISSED',
      ]);
    }
    lines.push(
      textTable(
        ['configuration', 'req/s', 'p50 ms pred / real', `${pct} ms pred / real`, 'req/s pred / real', 'SLO'],
        rows,
        [1, 2, 3, 4],
      ),
    );
    if (r.verified === false)
      lines.push(
        '',
        `No candidate met the SLO when measured; the recommendation above is the last one tried. Lower the rate, loosen the SLO or add instances.`,
      );
  }
  return lines.join('\n');
}

/**
 * Two sweeps side by side (`batchscope show A.sweep.json B.sweep.json`): the machine and capacity
 * of each, every configuration's largest sustainable rate in each (matched by label) and their
 * ratio, and the two recommendations with what was measured of them.
 */
export function formatSweepComparison(a: SweepFile, b: SweepFile, names: [string, string]): string {
  const [na, nb] = names;
  const byLabel = (s: SweepFile): Map<string, number | null> =>
    new Map(s.configs.map((c) => [c.label, c.maxRateRps]));
  const ma = byLabel(a);
  const mb = byLabel(b);
  const labels = [...new Set([...ma.keys(), ...mb.keys()])];
  const ratio = (x: number | null | undefined, y: number | null | undefined): string =>
    x && y ? `${(y / x).toFixed(2)}×` : '-';
  const rows = labels.map((l) => [
    l,
    rps(ma.get(l) ?? null),
    rps(mb.get(l) ?? null),
    ratio(ma.get(l), mb.get(l)),
  ]);
  const rec = (s: SweepFile): string => {
    const r = s.recommendation;
    if (!r) return `no recommendation (${s.noRecommendation ?? 'no SLO'})`;
    const measured = r.measured
      ? `, measured ${fmtMs(r.measured.sloPercentileMs)} ms (${r.verified ? 'met' : 'MISSED'})`
      : '';
    return `${r.label} at ${rps(r.rateRps)} req/s, predicted ${fmtMs(r.predicted.sloPercentileMs)} ms${measured}; binds: ${r.binding}`;
  };
  const slo = (s: SweepFile): string =>
    s.settings.slo
      ? `SLO p${s.settings.slo.percentile} ≤ ${fmtMs(s.settings.slo.ms)} ms, margin ${Math.round(s.settings.margin * 100)}%`
      : 'no SLO';
  return [
    `A: ${na} — ${a.model.fileName}, ${a.machine.cpuModel} × ${a.machine.cpuCount}, ${a.executionProvider}, capacity ${rps(a.capacityRps)} req/s, ${slo(a)}`,
    `B: ${nb} — ${b.model.fileName}, ${b.machine.cpuModel} × ${b.machine.cpuCount}, ${b.executionProvider}, capacity ${rps(b.capacityRps)} req/s, ${slo(b)}`,
    ...(a.model.sha256 && b.model.sha256 && a.model.sha256 !== b.model.sha256
      ? ['(different model files)']
      : []),
    '',
    "Largest sustainable rate under each sweep's SLO, req/s (B ÷ A):",
    '',
    textTable(['configuration', 'A', 'B', 'B ÷ A'], rows, [1, 2, 3]),
    '',
    `Recommendation A: ${rec(a)}`,
    `Recommendation B: ${rec(b)}`,
  ].join('\n');
}
