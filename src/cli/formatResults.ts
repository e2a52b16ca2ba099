/** Calibration and results tables, and the run settings line, as the CLI prints them. */
import type { ProfileReport } from '../engine/profile/profileSummary';
import { describeLength } from '../shared/describeLength';
import type { CalibrationDetail, CalibrationPoint, RunSettings } from '../shared/profileTypes';
import { fmtMs, fmtNum, fmtPercent, textTable } from './textTable';

/**
 * Latency and throughput of the model alone, per batch size (and batch 1 at light load, when
 * measured); with `detail`, the input length they were measured at and how instances computing at
 * once slow each other down.
 */
export function formatCalibration(
  points: Array<Pick<CalibrationPoint, 'batchSize' | 'latencyMs' | 'throughput' | 'lightLoad'>>,
  detail?: Pick<CalibrationDetail, 'length' | 'concurrency'>,
): string {
  const at = detail?.length ? `, every request at ${describeLength(detail.length)}` : '';
  const lines = [
    `Calibration (model alone, one instance, no queueing${at}):`,
    textTable(
      ['batch', 'latency ms', 'throughput req/s'],
      points.map((p) => [String(p.batchSize), fmtMs(p.latencyMs), fmtNum(p.throughput)]),
      [0, 1, 2],
    ),
  ];
  const light = points.find((p) => p.lightLoad)?.lightLoad;
  if (light)
    lines.push(
      `batch 1 after ${fmtMs(light.gapMs)} ms idle (the run's pace): ${fmtMs(light.latencyMs)} ms ` +
        `(p90 ${fmtMs(light.p90Ms)}), plus ${fmtMs(light.wakeUpMs)} ms for the instance to wake up — ` +
        'the model alone, cold; latency at light load above this is the engine',
    );
  const together = (detail?.concurrency ?? []).filter((c) => c.instances > 1);
  if (together.length > 0)
    lines.push(
      'instances computing at once, latency × that of one alone: ' +
        together.map((c) => `${c.instances} at batch ${c.batchSize} ×${c.factor.toFixed(2)}`).join(', '),
    );
  return lines.join('\n');
}

function arrivalText(s: RunSettings): string {
  const a = s.arrival;
  const rate =
    s.rateRps === null
      ? ''
      : ` at ${fmtNum(s.rateRps)} req/s${s.rateDerived ? ' (derived from calibration)' : ''}`;
  switch (a.kind) {
    case 'closed':
      return `closed loop, ${a.concurrency} clients`;
    case 'ramp':
      return `ramp ${a.fromRps}..${a.toRps} req/s`;
    case 'trace':
      return `trace ${a.file} (${a.format})`;
    case 'bursty':
      return `bursty (ratio ${a.ratio}, period ${a.periodS}s, duty ${a.dutyCycle})${rate}`;
    default:
      return `${a.kind}${rate}`;
  }
}

/** One line describing the offered load and run shape. */
export function formatSettings(s: RunSettings): string {
  return (
    `Load: ${arrivalText(s)}; ${measureText(s)}; ` +
    `${s.instances} instance(s) x ${s.threads} thread(s) on ${s.provider}; seed ${s.seed}` +
    (s.sloMs !== null ? `; SLO ${s.sloMs} ms` : '') +
    (s.configuration !== undefined ? `; configuration "${s.configuration}"` : '')
  );
}

/** How each strategy was measured: duration, warm-ups, order, until-stable. */
function measureText(s: RunSettings): string {
  const duration = s.untilStableMaxS
    ? `${s.durationS}s (until stable, up to ${s.untilStableMaxS}s)`
    : `${s.durationS}s`;
  const order = s.order ?? 'fixed';
  const turns =
    order === 'interleaved'
      ? `interleaved in ${Math.min(s.sliceS ?? 1, s.durationS)}s slices`
      : order === 'reversed'
        ? 'in reverse order'
        : 'in order';
  const own = s.strategyWarmupS ? `, each after ${s.strategyWarmupS}s of its own warm-up` : '';
  return `${duration} per strategy ${turns}${own}, after ${s.warmupS}s model warm-up`;
}

/**
 * One row per strategy: requests, done, rejected (when any strategy rejected some), throughput,
 * p50/p95/p99, mean batch, CPU %, goodput (with an SLO); an overloaded strategy is marked
 * OVERLOADED, with a note under the table. With priority levels, a second table per level.
 */
export function formatResultsTable(report: ProfileReport): string {
  const slo = report.settings.sloMs;
  // Only a run with a queue policy or a shedding policy rejects: other runs keep their columns.
  const anyRejected = report.strategies.some((s) => s.rejected > 0);
  // Padding only exists for variable-length inputs or a fixed batch dim: show it where it does.
  const anyPadding = report.strategies.some((s) => s.padFraction > 0);
  // Profiles from before stability windows have nothing to show there.
  const anyStability = report.strategies.some((s) => s.stabilityReason !== null);
  const headers = [
    'strategy',
    'requests',
    'done',
    ...(anyRejected ? ['rejected'] : []),
    'req/s',
    'p50 ms',
    'p95 ms',
    'p99 ms',
    'mean batch',
    ...(anyPadding ? ['pad %'] : []),
    // Nothing ran in a simulation: no CPU to show.
    ...(report.simulated ? [] : ['CPU %']),
    ...(anyStability ? ['stable'] : []),
  ];
  if (slo !== null) headers.push(`goodput@${slo}ms`);
  const rows = report.strategies.map((s) => {
    const row = [
      s.label + (s.partial ? ' (partial)' : '') + (s.overloaded ? ' OVERLOADED' : ''),
      String(s.requests),
      String(s.completed),
      ...(anyRejected ? [String(s.rejected)] : []),
      fmtNum(s.throughputRps),
      fmtMs(s.latencyMs.p50),
      fmtMs(s.latencyMs.p95),
      fmtMs(s.latencyMs.p99),
      fmtNum(s.batchSize.mean, 2),
      ...(anyPadding ? [fmtPercent(s.padFraction)] : []),
      ...(report.simulated ? [] : [fmtNum(s.cpuPercent, 0)]),
      ...(anyStability ? [s.stable === true ? 'yes' : s.stable === false ? 'NO' : '?'] : []),
    ];
    if (slo !== null) row.push(s.goodput === null ? '-' : fmtPercent(s.goodput));
    return row;
  });
  const right = headers.map((_, i) => i).filter((i) => i > 0);
  let table = textTable(headers, rows, right);
  if (report.simulated)
    table =
      `SIMULATED from the calibration (${report.simulated.latencyDraws === 'samples' ? 'latencies drawn from the calibrated samples' : 'latencies from a log-normal fitted to the calibrated median and p90'}` +
      `${report.simulated.lengthScaling ? ', scaled by input length' : ''}${report.simulated.concurrencyScaling ? ', slowed by concurrent instances' : ''}` +
      `${report.simulated.engineOverhead ? ', plus the engine’s measured hand-off per batch' : ''}${report.simulated.coldStart ? ', cold starts after idle' : ''}): ` +
      'the scheduler and policies ran on a virtual clock; nothing was measured on the model.\n\n' +
      table;
  if (anyPadding)
    table +=
      '\npad %: share of the computed input elements that were padding (empty batch slots, and ' +
      'variable-length inputs padded to the longest in their batch).';
  if (anyRejected) {
    table +=
      '\nrejected: turned away by the queue policy (queue full, queue timeout) or shed by the strategy; ' +
      'they count as misses in goodput.';
  }
  if (report.strategies.some((s) => s.stable !== true && s.stabilityReason !== null))
    table +=
      "\nstable: the last 3 windows' throughput and p99 agree within the tolerance (NO: they do not, " +
      '?: too few windows to tell); see the warnings.';
  const levels = formatLevelsTable(report);
  if (levels) table += '\n\n' + levels;
  if (!report.strategies.some((s) => s.overloaded)) return table;
  // The percentiles of an overloaded strategy look better than the truth: say so beside the table.
  return (
    table +
    '\nOVERLOADED: the offered load exceeded what the strategy served; its percentiles cover completed ' +
    'requests only (requests never run, or a growing queue) and understate the real latency. See the warnings.'
  );
}

/**
 * Per priority level of each strategy (level 0 = highest): requests, done, rejected, p50/p95/p99,
 * goodput; null when the traffic had one level.
 */
export function formatLevelsTable(report: ProfileReport): string | null {
  if (!report.strategies.some((s) => s.levels && s.levels.length > 1)) return null;
  const slo = report.settings.sloMs;
  const shares = report.settings.priorities ?? [];
  const total = shares.reduce((a, b) => a + b, 0);
  const headers = [
    'strategy',
    'level',
    'share',
    'requests',
    'done',
    'rejected',
    'p50 ms',
    'p95 ms',
    'p99 ms',
  ];
  if (slo !== null) headers.push(`goodput@${slo}ms`);
  const rows: string[][] = [];
  for (const s of report.strategies) {
    for (const l of s.levels ?? []) {
      const row = [
        s.label,
        String(l.level),
        total > 0 && l.level < shares.length ? fmtPercent(shares[l.level] / total) : '-',
        String(l.requests),
        String(l.completed),
        String(l.rejected),
        fmtMs(l.latencyMs.p50),
        fmtMs(l.latencyMs.p95),
        fmtMs(l.latencyMs.p99),
      ];
      if (slo !== null) row.push(l.goodput === null ? '-' : fmtPercent(l.goodput));
      rows.push(row);
    }
  }
  const right = headers.map((_, i) => i).filter((i) => i > 1);
  return 'Per priority level (0 = highest; served first):\n' + textTable(headers, rows, right);
}

/** Warnings, made hard to miss. */
export function formatWarnings(warnings: string[]): string {
  return warnings.map((w) => `WARNING: ${w}`).join('\n');
}
