/** `batchscope show`: the summary of a saved profile, the same numbers the run printed. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readSweepFile } from '../../engine/sweep/sweepIo';
import { SWEEP_FORMAT } from '../../shared/sweep/sweepTypes';
import {
  formatMeasuredPoints,
  formatRecommendation,
  formatSweepComparison,
  formatSweepCurves,
} from '../formatSweep';
import type { SweepFile } from '../../shared/sweep/sweepTypes';
import { readProfile } from '../../engine/profile/profileIo';
import { summaryFromProfile } from '../../engine/profile/profileSummary';
import { formatCalibration, formatResultsTable, formatSettings, formatWarnings } from '../formatResults';
import { cliJsonReport } from '../jsonReport';
import { requireReadableFile } from '../optionValues';
import type { OptionValues } from '../parseCommandLine';
import { UsageError } from '../usageError';
import { targetDescription } from '../../shared/syntheticModel';

/** A sweep file names its format in its first bytes (`{"format":"batchscope-sweep"`). */
function looksLikeSweep(file: string): boolean {
  const fd = fs.openSync(file, 'r');
  try {
    const head = Buffer.alloc(64);
    const n = fs.readSync(fd, head, 0, 64, 0);
    return head.subarray(0, n).toString('utf8').includes(`"${SWEEP_FORMAT}"`);
  } finally {
    fs.closeSync(fd);
  }
}

function showSweep(file: string, values: OptionValues): number {
  let sweep;
  try {
    sweep = readSweepFile(file);
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  if (values.json) {
    process.stdout.write(`${JSON.stringify({ sweepPath: path.resolve(file), ...sweep }, null, 2)}\n`);
    return 0;
  }
  process.stdout.write(
    [
      `Sweep ${path.resolve(file)}`,
      `Model ${sweep.model.path}; recorded ${sweep.createdAt} on ${sweep.machine.hostname} ` +
        `(${sweep.machine.cpuModel}, ${sweep.machine.cpuCount} CPUs); capacity ${Math.round(sweep.capacityRps)} req/s`,
      '',
      formatSweepCurves(sweep),
      '',
      formatMeasuredPoints(sweep),
      formatRecommendation(sweep),
      '',
    ]
      .filter((l): l is string => l !== null)
      .join('\n'),
  );
  return 0;
}

function readSweepOrUsage(file: string): SweepFile {
  try {
    return readSweepFile(file);
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

function compareSweeps(fileA: string, fileB: string, values: OptionValues): number {
  const a = readSweepOrUsage(fileA);
  const b = readSweepOrUsage(fileB);
  if (values.json) {
    process.stdout.write(
      `${JSON.stringify({ a: { sweepPath: path.resolve(fileA), ...a }, b: { sweepPath: path.resolve(fileB), ...b } }, null, 2)}\n`,
    );
    return 0;
  }
  process.stdout.write(`${formatSweepComparison(a, b, [path.basename(fileA), path.basename(fileB)])}\n`);
  return 0;
}

export async function showCommand(positionals: string[], values: OptionValues): Promise<number> {
  // Two sweeps: compared side by side.
  if (positionals.length === 2) {
    for (const f of positionals)
      requireReadableFile(f, 'Sweep', 'Pass two .sweep.json files written by `batchscope sweep`.');
    if (!positionals.every(looksLikeSweep))
      throw new UsageError(
        `Two files are compared only when both are sweeps (.sweep.json); to compare profiles, open them in ` +
          'VS Code (Batchscope: Compare Profiles) or `batchscope show` each.',
      );
    return compareSweeps(positionals[0], positionals[1], values);
  }
  if (positionals.length !== 1) {
    throw new UsageError(
      positionals.length === 0
        ? 'Missing PROFILE: which profile file should be shown? e.g. batchscope show .batchscope/profiles/model.json'
        : `Expected one PROFILE, got ${positionals.length}: ${positionals.join(' ')}.`,
    );
  }
  const file = positionals[0];
  requireReadableFile(file, 'Profile', 'Pass a .json file written by `batchscope profile`.');
  if (looksLikeSweep(file)) return showSweep(file, values);
  const profile = readProfile(file);
  const profilePath = path.resolve(file);
  if (values.json) {
    process.stdout.write(`${JSON.stringify(cliJsonReport(profile, profilePath, null), null, 2)}\n`);
    return 0;
  }
  const report = summaryFromProfile(profile);
  const lines = [
    `Profile ${profilePath}`,
    `Model ${profile.model.path}; recorded ${profile.createdAt} on ${profile.machine.hostname} ` +
      `(${profile.machine.cpuModel}, ${profile.machine.cpuCount} CPUs), onnxruntime ${profile.ortVersion}` +
      (profile.partial ? '; PARTIAL (the run was cut short)' : ''),
    ...[targetDescription(profile.model)].filter((t): t is string => t !== null),
    formatSettings(profile.settings),
    '',
    formatCalibration(report.calibration, profile.calibrationDetail),
    '',
    formatResultsTable(report),
    '',
  ];
  process.stdout.write(lines.join('\n'));
  if (profile.warnings.length) process.stderr.write(`${formatWarnings(profile.warnings)}\n`);
  return 0;
}
