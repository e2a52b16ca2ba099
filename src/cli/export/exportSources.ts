/**
 * Reading a file into the configurations it offers for export, with their labels. A profile
 * offers each strategy it ran; another kind of file (a sweep, with its recommendation) plugs in
 * as one more reader keyed by the file's `format`.
 */
import * as path from 'node:path';
import { decodeProfile } from '../../engine/profile/profileCodec';
import { PROFILE_FORMAT } from '../../engine/profile/profileFileTypes';
import { readProfileJson } from '../../engine/profile/profileIo';
import type { ExportRequest } from '../../shared/export/exportTypes';
import type { Profile } from '../../shared/profileTypes';
import { UsageError } from '../usageError';
import { figure as threeDigits } from '../../shared/formatFigure';
import { readSweepFile } from '../../engine/sweep/sweepIo';
import { serverModelName, sweepExportRequest } from '../../shared/export/sweepExport';
import { SWEEP_FORMAT, type SweepFile } from '../../shared/sweep/sweepTypes';

/** How a candidate did, for people choosing one: n/a for what was not measured. */
const figure = (x: number): string => (Number.isFinite(x) ? threeDigits(x) : 'n/a');

/** One configuration a file offers, and how it did, for choosing. */
export interface ExportCandidate {
  /** Its label, unique within the file, e.g. `dynamic(max=8, delay=2ms)`. */
  label: string;
  /** How it did, for people choosing one: `p99 3.1 ms, 200 req/s`. */
  detail: string;
  /** The file's own pick (a sweep's recommendation): exported when no --config is given. */
  recommended: boolean;
  /** Everything the export needs but the format. */
  request: Omit<ExportRequest, 'format'>;
}

export interface ExportSource {
  /** The file as the user named it. */
  file: string;
  /** What kind of file it is, for messages: `profile`. */
  kind: string;
  /** The profiled model file (Triton's model repository goes next to it by default). */
  modelPath: string;
  candidates: ExportCandidate[];
}

/** Readers by the `format` field of the file's JSON. */
const READERS: Record<string, (json: unknown, file: string) => ExportSource> = {
  [PROFILE_FORMAT]: (json, file) => profileSource(decodeProfile(json, file), file),
  [SWEEP_FORMAT]: (_json, file) => sweepSource(readSweepFile(file), file),
};

/**
 * The configurations `file` offers.
 * @throws ProfileError when the file is missing, unreadable, not JSON or not a valid file of a
 *   known kind (the profile reader's message says which); UsageError for a profile of a model no
 *   server can load
 */
export function readExportSource(file: string): ExportSource {
  const json = readProfileJson(file);
  const format = (json as { format?: unknown } | null)?.format;
  const reader = typeof format === 'string' && READERS[format] ? READERS[format] : READERS[PROFILE_FORMAT];
  return reader(json, file);
}

/** Each configuration of a sweep; its recommendation is the default pick. */
export function sweepSource(sweep: SweepFile, file: string): ExportSource {
  if (sweep.model.target)
    throw new UsageError(
      `${file} sweeps a synthetic model (${sweep.model.target.spec}), which no server can load: export a sweep ` +
        'of an ONNX model.',
    );
  const candidates = sweep.configs.map((c, i): ExportCandidate => ({
    label: c.label,
    detail:
      c.maxRateRps === null
        ? `${c.instances} instance(s)`
        : `sustains ${figure(c.maxRateRps)} req/s under the SLO`,
    recommended: sweep.recommendation?.configIndex === i,
    request: sweepExportRequest(sweep, i, path.basename(file)),
  }));
  return { file, kind: 'sweep', modelPath: sweep.model.path, candidates };
}

/** Each strategy of a profile, as it ran: the run's instances, threads, provider and calibration. */
export function profileSource(profile: Profile, file: string): ExportSource {
  const { model, settings } = profile;
  if (model.target)
    throw new UsageError(
      `${file} profiles a synthetic model (${model.target.spec}), which no server can load: export a profile ` +
        'of an ONNX model.',
    );
  const modelName = serverModelName(model.fileName);
  const candidates = profile.strategies.map((s): ExportCandidate => ({
    label: s.label,
    detail:
      `p99 ${figure(s.summary.latencyMs.p99)} ms, ${figure(s.summary.throughputRps)} req/s` +
      (s.partial ? ', cut short' : ''),
    recommended: false,
    request: {
      source: `${s.label} in ${path.basename(file)}`,
      modelName,
      model,
      strategy: s.config,
      instances: settings.instances,
      threads: settings.threads,
      provider: settings.provider,
      calibration: profile.calibration,
      sloMs: settings.sloMs,
    },
  }));
  return { file, kind: 'profile', modelPath: model.path, candidates };
}

export { serverModelName };
