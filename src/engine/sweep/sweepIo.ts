/**
 * Sweep files on disk: written atomically (JSON has no NaN: not-measured figures are written as
 * null and read back as NaN), read back with a clear message when the file is not a sweep.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { SWEEP_FORMAT, SWEEP_FORMAT_VERSION, type SweepFile } from '../../shared/sweep/sweepTypes';
import { writeFileAtomic } from '../profile/atomicWrite';
import { defaultProfilePath } from '../profile/profileIo';

/** `.batchscope/sweeps/<model>-<stamp>.sweep.json` under `cwd`: beside the profiles, named as they are. */
export function defaultSweepPath(modelPath: string, date: Date = new Date(), cwd = process.cwd()): string {
  const profile = defaultProfilePath(modelPath, date, cwd);
  return path.join(
    path.dirname(path.dirname(profile)),
    'sweeps',
    path.basename(profile).replace(/\.json$/, '.sweep.json'),
  );
}

export function writeSweepAtomic(file: string, sweep: SweepFile): void {
  writeFileAtomic(file, JSON.stringify(sweep), {
    what: 'sweep',
    elsewhere: 'pass --out with a path on another disk (or in a writable folder)',
  });
}

/** Whether parsed JSON is a sweep file (rather than a profile). */
export function isSweepFile(value: unknown): value is SweepFile {
  return (
    typeof value === 'object' && value !== null && (value as { format?: unknown }).format === SWEEP_FORMAT
  );
}

/** Reads a sweep file; throws an Error for people when it cannot be read or is not one. */
export function readSweepFile(file: string): SweepFile {
  let value: unknown;
  try {
    value = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`${file}: cannot read the sweep (${(err as Error).message}).`);
  }
  if (!isSweepFile(value)) throw new Error(`${file} is not a Batchscope sweep (format "${SWEEP_FORMAT}").`);
  if (typeof value.version !== 'number' || value.version > SWEEP_FORMAT_VERSION)
    throw new Error(
      `${file} is a sweep of format version ${String(value.version)}; this Batchscope reads up to ${SWEEP_FORMAT_VERSION}. Update Batchscope.`,
    );
  if (!Array.isArray(value.points) || !Array.isArray(value.configs))
    throw new Error(
      `${file}: the sweep has no points or configurations; it is damaged. Run the sweep again.`,
    );
  return reviveNaN(value);
}

/** null → NaN in the numeric fields of points and predictions (JSON wrote NaN as null). */
function reviveNaN(s: SweepFile): SweepFile {
  const n = (v: unknown): number => (typeof v === 'number' ? v : NaN);
  for (const p of s.points) {
    p.p50Ms = n(p.p50Ms);
    p.p99Ms = n(p.p99Ms);
    p.sloPercentileMs = n(p.sloPercentileMs);
  }
  return s;
}
