/**
 * What the Batchscope view shows of a saved profile or sweep without opening it: the few figures
 * of a one-line summary and a tooltip. The engine child builds these (`summarizeProfiles` in
 * engineProtocol.ts) because reading a profile means parsing megabytes of JSON, which would
 * freeze the extension host. Plain data: it crosses the IPC channel as is.
 */

/** One strategy's headline figures. */
export interface ListedStrategy {
  /** The profile's display label, e.g. `dynamic(max=8, delay=2ms)`. */
  label: string;
  p50Ms: number;
  p99Ms: number;
  throughputRps: number;
  /** It could not keep up with the offered load: its percentiles understate the real latency. */
  overloaded: boolean;
  /** Its run was cut short. */
  partial: boolean;
}

/** What a sweep adds: how much it covered and what it recommends. */
export interface SweepListing {
  configs: number;
  points: number;
  /** The recommended configuration's label, or null (see `noRecommendation`). */
  recommendation: string | null;
  /** Whether the recommendation met the SLO when measured; null when not verified. */
  verified: boolean | null;
  /** Why there is no recommendation, in words. */
  noRecommendation: string | null;
  /** The SLO, e.g. `p99 ≤ 20 ms`; null when the sweep had none. */
  slo: string | null;
}

export interface ProfileListing {
  /** Absolute path of the file. */
  path: string;
  /** The model as the profile records it (absolute path, or a synthetic model's spec); '' when unreadable. */
  modelPath: string;
  /** The model's file name (a synthetic model's spec); '' when unreadable. */
  modelFileName: string;
  /** The model is a synthetic model (no file). */
  synthetic: boolean;
  /** When the run was recorded (ISO 8601); '' when unreadable. */
  createdAt: string;
  /** The whole run was cut short. */
  partial: boolean;
  /** A `*.sweep.json` file (a sweep, not a profile). */
  isSweep: boolean;
  /** The results were simulated from the calibration, not measured. */
  simulated: boolean;
  /**
   * A profile's strategies; a sweep's recommendation (measured figures when verified, else the
   * predicted ones), or nothing.
   */
  strategies: ListedStrategy[];
  /** Arrival process (`poisson`, `closed`, …); `sweep` for a sweep. */
  arrival: string;
  /** Offered rate, req/s (a sweep: the rate of its recommendation); null for closed loops and traces. */
  rateRps: number | null;
  /** The rate was derived from the calibration rather than given. */
  rateDerived: boolean;
  /** Measured seconds per strategy (a sweep: simulated seconds per point). */
  durationS: number;
  /** Present for sweeps. */
  sweep?: SweepListing;
  /** Why the file could not be read (the reader's message); the other fields are then empty. */
  error?: string;
}

/** Whether a file name is a sweep's (`*.sweep.json`, as engine/sweep/sweepIo.ts writes them). */
export function isSweepPath(file: string): boolean {
  return /\.sweep\.json$/i.test(file);
}

/** The listing of a file that could not be read: its path and why. */
export function unreadableListing(path: string, error: string): ProfileListing {
  return {
    path,
    modelPath: '',
    modelFileName: '',
    synthetic: false,
    createdAt: '',
    partial: false,
    isSweep: isSweepPath(path),
    simulated: false,
    strategies: [],
    arrival: '',
    rateRps: null,
    rateDerived: false,
    durationS: NaN,
    error,
  };
}

/** Narrow an unknown IPC payload to a listing (the host trusts nothing it receives). */
export function isProfileListing(value: unknown): value is ProfileListing {
  if (typeof value !== 'object' || value === null) return false;
  const l = value as Record<string, unknown>;
  return (
    typeof l.path === 'string' &&
    typeof l.modelPath === 'string' &&
    typeof l.modelFileName === 'string' &&
    typeof l.synthetic === 'boolean' &&
    typeof l.createdAt === 'string' &&
    typeof l.partial === 'boolean' &&
    typeof l.isSweep === 'boolean' &&
    typeof l.simulated === 'boolean' &&
    Array.isArray(l.strategies) &&
    l.strategies.every(isListedStrategy) &&
    typeof l.arrival === 'string' &&
    (l.rateRps === null || typeof l.rateRps === 'number') &&
    typeof l.rateDerived === 'boolean' &&
    typeof l.durationS === 'number' &&
    (l.sweep === undefined || isSweepListing(l.sweep)) &&
    (l.error === undefined || typeof l.error === 'string')
  );
}

function isListedStrategy(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const s = value as Record<string, unknown>;
  return (
    typeof s.label === 'string' &&
    typeof s.p50Ms === 'number' &&
    typeof s.p99Ms === 'number' &&
    typeof s.throughputRps === 'number' &&
    typeof s.overloaded === 'boolean' &&
    typeof s.partial === 'boolean'
  );
}

function isSweepListing(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const s = value as Record<string, unknown>;
  return (
    typeof s.configs === 'number' &&
    typeof s.points === 'number' &&
    (s.recommendation === null || typeof s.recommendation === 'string') &&
    (s.verified === null || typeof s.verified === 'boolean') &&
    (s.noRecommendation === null || typeof s.noRecommendation === 'string') &&
    (s.slo === null || typeof s.slo === 'string')
  );
}
