/**
 * The IPC protocol between the extension host and the engine child process (dist/engine.js,
 * forked with `serialization: 'advanced'`). One request at a time: the host sends `inspect`,
 * `readProfile`, `run`, `sweep`, `verifySweep` or `readSweep`, and may send `cancel` during a run
 * or a sweep; the engine answers with the messages below.
 * The child exits when the IPC channel disconnects (host gone, panel closed, window reloaded).
 */
import type { CompactProfile } from './compactProfile';
import type { LiveEvent } from './liveEvents';
import type { ModelSummary, RunSettings } from './profileTypes';
import { isProfileListing, type ProfileListing } from './profileListing';
import { isPanelSweepConfig, type PanelSweepConfig } from './sweep/sweepPanelProtocol';
import type { SweepFile } from './sweep/sweepTypes';

/** How the model is fed: user choices that change what the model summary says. */
export interface EngineModelOptions {
  /** Symbolic (non-batch) dim values: a fixed value is min === max. */
  dims: Record<string, { min: number; max: number }>;
  /** Inputs fixed to a value; the others get seeded synthetic data. */
  fixedInputs: Record<string, number[]>;
  /** Batch-axis overrides, tensor name -> axis. */
  batchAxes: Record<string, number>;
  provider: 'cpu' | 'cuda';
  /** Intra-op threads per InferenceSession. */
  threads: number;
}

export type HostToEngine =
  | { type: 'inspect'; modelPath: string; modelOptions: EngineModelOptions }
  | {
      type: 'run';
      modelPath: string;
      modelOptions: EngineModelOptions;
      settings: RunSettings;
      /** Largest batch size any strategy of this run uses: calibration goes up to it. */
      maxBatchForCalibration: number;
      /** Where to save the profile (absolute; the host checked it). */
      outPath: string;
    }
  | { type: 'cancel' }
  /** Read and check a saved profile (decoding a big one takes a while: off the host's thread). */
  | { type: 'readProfile'; path: string }
  /** Sweep the model (engine/sweep/runSweep.ts); `cancel` stops it. Saved to `outPath`. */
  | {
      type: 'sweep';
      modelPath: string;
      modelOptions: EngineModelOptions;
      config: PanelSweepConfig;
      seed: number;
      warmupS: number;
      outPath: string;
    }
  /** Verify the recommendation of the sweep saved at `sweepPath` on its model; the file is updated. */
  | { type: 'verifySweep'; sweepPath: string; modelOptions: EngineModelOptions }
  /** Read a saved sweep file. */
  | { type: 'readSweep'; path: string }
  /**
   * The headline figures of saved profiles and sweeps, for the Batchscope view. Answered with one
   * `profileSummaries` holding an entry per path, in order; a file that cannot be read gets an
   * entry with `error`, never a failure of the whole request.
   */
  | { type: 'summarizeProfiles'; paths: string[] }
  /**
   * A run's engine died (crash, kill): rebuild what its live events tell as a partial profile
   * and save it at `outPath`. The host sends the events it received — its one copy of the log —
   * to a fresh engine, so profile codecs and histograms stay out of the extension host.
   * Answered by `done` (partial) or `failed`.
   */
  | { type: 'savePartial'; events: LiveEvent[]; outPath: string; reason: string };

export type EngineToHost =
  | { type: 'inspected'; summary: ModelSummary }
  /**
   * The profile `readProfile` asked for, checked (schema and every column decoded), with its
   * columns kept in the file's compact encoding: the panel decodes them, the host never does.
   */
  | { type: 'profile'; profile: CompactProfile }
  | { type: 'event'; event: LiveEvent }
  /** The profile was saved; `partial` when the run was cancelled and holds only what was measured. */
  | { type: 'done'; profilePath: string; partial: boolean }
  /**
   * The request failed. `exitCode` follows the CLI's codes: 2 bad input or unreadable path,
   * 3 model cannot be profiled (fixed batch, corrupt), 1 internal. `profilePath` is set when a
   * partial profile was still saved.
   */
  | { type: 'failed'; message: string; exitCode: number; profilePath?: string }
  /** A sweep stage began (calibrating, simulating, measuring …), in words. */
  | { type: 'sweepStage'; stage: string }
  /** The sweep as it stands: after the simulation, each measured point, each verification; also `readSweep`'s answer. */
  | { type: 'sweepUpdate'; sweep: SweepFile }
  /** The sweep (or its verification) ended and was saved to `sweepPath`; `cancelled` when stopped early. */
  | { type: 'sweepDone'; sweepPath: string; sweep: SweepFile; cancelled: boolean }
  /** `summarizeProfiles`' answer: one listing per path asked for, in the same order. */
  | { type: 'profileSummaries'; summaries: ProfileListing[] };

/** Narrow an unknown IPC payload to a host request (the child trusts nothing it receives). */
export function isHostToEngine(value: unknown): value is HostToEngine {
  if (typeof value !== 'object' || value === null) return false;
  const m = value as Record<string, unknown>;
  switch (m.type) {
    case 'inspect':
      return typeof m.modelPath === 'string' && typeof m.modelOptions === 'object' && m.modelOptions !== null;
    case 'run':
      return (
        typeof m.modelPath === 'string' &&
        typeof m.modelOptions === 'object' &&
        m.modelOptions !== null &&
        typeof m.settings === 'object' &&
        m.settings !== null &&
        typeof m.maxBatchForCalibration === 'number' &&
        typeof m.outPath === 'string'
      );
    case 'cancel':
      return true;
    case 'readProfile':
    case 'readSweep':
      return typeof m.path === 'string';
    case 'summarizeProfiles':
      return Array.isArray(m.paths) && m.paths.every((p) => typeof p === 'string');
    case 'savePartial':
      return (
        Array.isArray(m.events) &&
        m.events.every((e) => typeof e === 'object' && e !== null) &&
        typeof m.outPath === 'string' &&
        typeof m.reason === 'string'
      );
    case 'sweep':
      return (
        typeof m.modelPath === 'string' &&
        typeof m.modelOptions === 'object' &&
        m.modelOptions !== null &&
        isPanelSweepConfig(m.config) &&
        typeof m.seed === 'number' &&
        typeof m.warmupS === 'number' &&
        typeof m.outPath === 'string'
      );
    case 'verifySweep':
      return typeof m.sweepPath === 'string' && typeof m.modelOptions === 'object' && m.modelOptions !== null;
    default:
      return false;
  }
}

/** Narrow an unknown IPC payload to an engine message. */
export function isEngineToHost(value: unknown): value is EngineToHost {
  if (typeof value !== 'object' || value === null) return false;
  const m = value as Record<string, unknown>;
  switch (m.type) {
    case 'inspected':
      return typeof m.summary === 'object' && m.summary !== null;
    case 'event':
      return typeof m.event === 'object' && m.event !== null;
    case 'profile':
      return typeof m.profile === 'object' && m.profile !== null;
    case 'done':
      return typeof m.profilePath === 'string' && typeof m.partial === 'boolean';
    case 'failed':
      return typeof m.message === 'string' && typeof m.exitCode === 'number';
    case 'sweepStage':
      return typeof m.stage === 'string';
    case 'sweepUpdate':
      return typeof m.sweep === 'object' && m.sweep !== null;
    case 'sweepDone':
      return (
        typeof m.sweepPath === 'string' &&
        typeof m.sweep === 'object' &&
        m.sweep !== null &&
        typeof m.cancelled === 'boolean'
      );
    case 'profileSummaries':
      return Array.isArray(m.summaries) && m.summaries.every(isProfileListing);
    default:
      return false;
  }
}
