/**
 * The one message protocol between the extension host and the panel webview.
 *
 * Handshake: the webview posts `ready` once its script runs; only then does the host send `init`
 * (and, when a run is already there, a `replace` snapshot followed by `events` deltas; for saved
 * profiles, one `profiles` snapshot).
 * The host owns the data; the webview persists only UI state. Everything that comes from the
 * webview is untrusted: the host checks it with {@link isWebviewMessage} and
 * {@link validateRunConfig} before acting, and never takes a model path from the webview.
 *
 * No Node or DOM imports here: both sides include this file.
 */
import type { CompactProfile } from './compactProfile';
import { STRATEGY_ORDERS, type StrategyOrder } from './measurementPlan';
import type { LiveEvent } from './liveEvents';
import type { ArrivalSpec, ModelSummary, StrategyConfig } from './profileTypes';
import { burstyProblem } from './burstyArrival';
import { RUN_LIMITS, normalisePriorities } from './runDefaults';
import { findStrategy, paramsOf } from './strategies/registry';
import { checkStrategyConfig } from './strategies/strategyConfigs';
import {
  isSweepWebviewMessage,
  type SweepUpdateMessage,
  type SweepWebviewMessage,
} from './sweep/sweepPanelProtocol';

export { RUN_LIMITS } from './runDefaults';

/** Arrival processes the panel form offers. Trace files are CLI-only (a path would come from the webview). */
export type PanelArrival = Exclude<ArrivalSpec, { kind: 'trace' }>;

/** A symbolic dimension's range as the user set it in the form. */
export interface PanelDim {
  name: string;
  min: number;
  max: number;
}

/**
 * What the form produces: plain data, no model path (the host knows which model the panel is for).
 * The host merges it with the model and turns it into engine settings.
 */
export interface PanelRunConfig {
  /** Strategies to compare, in run order, each with its knobs. */
  strategies: StrategyConfig[];
  arrival: PanelArrival;
  /** Mean offered rate for open-loop arrivals; null = derive from calibration. Ignored for ramp and closed loop. */
  rateRps: number | null;
  durationS: number;
  warmupS: number;
  instances: number;
  /** Intra-op threads per instance. */
  threads: number;
  provider: 'cpu' | 'cuda';
  /** Values for symbolic (non-batch) dims; dims not listed use the engine's defaults. */
  dims: PanelDim[];
  /** Inputs fixed to a value (e.g. a sample-rate scalar), by input name. */
  fixedInputs: Record<string, number[]>;
  sloMs: number | null;
  seed: number;
  /** Priority mix (share of traffic per level, highest first), or null for one level. */
  priorities: number[] | null;
  /** Each strategy's own warm-up, s (left out of its results). Absent: the default. */
  strategyWarmupS?: number;
  /** Order of the strategies' turns. Absent: fixed. */
  order?: StrategyOrder;
  /** Keep measuring each strategy until stable, up to RUN_DEFAULTS.untilStableFactor × duration. */
  untilStable?: boolean;
  /**
   * Batch axis per input or output name, where probing cannot tell (`--batch-axis NAME=AXIS`).
   * Absent: probed. Set by run configurations (.batchscope/config.json); the form keeps it as given.
   */
  batchAxes?: Record<string, number>;
}

export type PanelMode = 'configure' | 'live' | 'view' | 'compare' | 'sweep';

export type PanelTheme = 'dark' | 'light' | 'high-contrast' | 'high-contrast-light';

/**
 * `interrupted`: the window was reloaded (or the extension host stopped) during the run; the
 * engine saved what it measured as a partial profile, named by the runState's `profilePath`.
 */
export type RunState = 'idle' | 'running' | 'cancelling' | 'done' | 'failed' | 'interrupted';

/** How a run ended, for the panel's one final state (done/cancelled/failed/killed/interrupted). */
export type RunEnd = 'done' | 'cancelled' | 'failed' | 'killed' | 'interrupted';

/**
 * A button on a notice. Each posts one webview message the host already checks: open a profile
 * this host saved, show the output channel, or open the run configurations file.
 */
export type NoticeAction =
  | { label: string; kind: 'openProfilePath'; path: string }
  | { label: string; kind: 'showLog' }
  | { label: string; kind: 'openConfigurations' };

/** Messages the webview sends to the host. */
export type WebviewToHost =
  | { type: 'ready' }
  | { type: 'startRun'; config: PanelRunConfig }
  | { type: 'cancelRun' }
  /** Save the current profile under a name the user picks (the host shows the dialog). */
  | { type: 'saveAs' }
  /** The user clicked a profile path link; the host must check the path is one it produced. */
  | { type: 'openProfilePath'; path: string }
  /** Choose another model (the host shows its quick pick). */
  | { type: 'pickModel' }
  /** The workspace is untrusted and the user asked to manage trust. */
  | { type: 'requestTrust' }
  /**
   * Inspect the model again with these symbolic dim values and fixed inputs (the user changed
   * one): the host answers with a `model` message. Debounced by the webview.
   */
  | { type: 'inspect'; dims: PanelDim[]; fixedInputs: Record<string, number[]> }
  /** Save the form as a named run configuration in .batchscope/config.json (the host asks the name). */
  | { type: 'saveConfiguration'; config: PanelRunConfig }
  /** Open .batchscope/config.json in an editor. */
  | { type: 'openConfigurations' }
  /** Show the Batchscope output channel (a notice's "Show Log"). */
  | { type: 'showLog' }
  /** Sweep, Verify, Export (sweepPanelProtocol.ts). */
  | SweepWebviewMessage;

/** Messages the host sends to the webview. */
export type HostToWebview =
  | {
      type: 'init';
      mode: PanelMode;
      /** The model the panel is for (configure/live); absent for view/compare. */
      model?: ModelSummary;
      /** Why the model could not be loaded (corrupt file, not batchable, ...), shown in the panel. */
      modelError?: string;
      /** Form defaults (from settings). */
      defaults: PanelRunConfig;
      /** False in an untrusted workspace: the form is shown read-only, nothing runs. */
      trusted: boolean;
      theme?: PanelTheme;
      /** Panel title, e.g. the model or profile file name. */
      title?: string;
      /**
       * Which model the form is for (its absolute path or synthetic spec). The webview keeps one
       * form draft per key, so one model's settings never show on another's form.
       */
      modelKey?: string;
      /**
       * Where `defaults` came from: `settings`, or `configuration:NAME:HASH` for a saved run
       * configuration. A draft made from other defaults is dropped (the configuration wins).
       */
      defaultsKey?: string;
      /** The run configuration `defaults` came from, if any (shown next to the form's title). */
      configurationName?: string;
      /** True while the model is still being inspected (the form is shown, Run waits). */
      inspecting?: boolean;
    }
  /**
   * The model's summary after a (re-)inspection, or why it failed, without rebuilding the form.
   * `model.probeProblem` names the inputs and dims to set when probing with synthetic values failed.
   */
  | { type: 'model'; model?: ModelSummary; modelError?: string; inspecting: boolean }
  /**
   * Live events since the previous message (batched, ~10 Hz while a run goes on), or the next
   * piece of a snapshot that was too big for one message. Appended to stream `stream` (default 0).
   */
  | { type: 'events'; events: LiveEvent[]; stream?: number }
  /**
   * Full snapshot: drop what is shown and draw these streams. One stream per profile (one for
   * view/live rehydration, two for compare); `titles` labels each stream (same length). A big
   * snapshot carries only each stream's first events here; the rest follow as `events` messages
   * naming their `stream`, before any live delta.
   */
  | { type: 'replace'; events: LiveEvent[][]; titles: string[] }
  /**
   * Full snapshot of saved profiles (Open Profile, Compare Profiles): drop what is shown and draw
   * these, one stream each, labelled by `titles`. The columns stay in the profile file's compact
   * encoding, ~2 bytes a request where a `replace` of events carries ~60; the webview decodes them.
   */
  | { type: 'profiles'; profiles: CompactProfile[]; titles: string[] }
  | {
      type: 'runState';
      state: RunState;
      /** One line for the header; details go in `detail` (shown in a wrapping notice). */
      message?: string;
      /** A saved profile, complete or partial. */
      profilePath?: string;
      /** How the run ended (states done/failed/interrupted). */
      ended?: RunEnd;
      /** The saved profile is partial. */
      partial?: boolean;
      /** Longer text for the final notice (the engine's error, the stderr tail). */
      detail?: string;
      /** Buttons for the final notice. */
      actions?: NoticeAction[];
    }
  | { type: 'error'; message: string; actions?: NoticeAction[] }
  /** Something worth telling that is not an error (a configuration was saved). */
  | { type: 'notice'; kind: 'info' | 'warning'; message: string; actions?: NoticeAction[] }
  /** The sweep as it stands (a sweep run, or a saved sweep opened in the panel). */
  | SweepUpdateMessage;

/** A problem with one form field. `field` is a dotted path: `durationS`, `strategies.2.maxDelayMs`, `dims.seq.max`. */
export interface FieldError {
  field: string;
  message: string;
}

// ---------------------------------------------------------------------------------------------
// Shape checks: every field of every message from the webview.

type Obj = Record<string, unknown>;

const isObj = (x: unknown): x is Obj => typeof x === 'object' && x !== null && !Array.isArray(x);
const isNum = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);
const isNumOrNull = (x: unknown): x is number | null => x === null || isNum(x);
const isStr = (x: unknown): x is string => typeof x === 'string';
const isNumArray = (x: unknown): x is number[] => Array.isArray(x) && x.every(isNum);

/** True when `o` has exactly the keys in `keys` (no extras: nothing unexpected reaches the host). */
function hasOnlyKeys(o: Obj, keys: string[]): boolean {
  return Object.keys(o).every((k) => keys.includes(k));
}

/** A strategy the registry knows, with only its own parameters, each of the declared type. */
function isStrategyConfig(x: unknown): x is StrategyConfig {
  if (!isObj(x) || !isStr(x.name)) return false;
  const d = findStrategy(x.name);
  if (!d) return false;
  const params = paramsOf(d);
  return Object.entries(x).every(([key, value]) => {
    if (key === 'name') return true;
    const spec = params.find((p) => p.key === key);
    if (!spec) return false;
    if (spec.type === 'intList') return isNumArray(value);
    if (spec.type === 'choice') return isStr(value);
    return isNum(value);
  });
}

function isPanelArrival(x: unknown): x is PanelArrival {
  if (!isObj(x)) return false;
  switch (x.kind) {
    case 'constant':
    case 'poisson':
      return hasOnlyKeys(x, ['kind']);
    case 'bursty':
      return (
        hasOnlyKeys(x, ['kind', 'ratio', 'periodS', 'dutyCycle']) &&
        isNum(x.ratio) &&
        isNum(x.periodS) &&
        isNum(x.dutyCycle)
      );
    case 'ramp':
      return hasOnlyKeys(x, ['kind', 'fromRps', 'toRps']) && isNum(x.fromRps) && isNum(x.toRps);
    case 'closed':
      return hasOnlyKeys(x, ['kind', 'concurrency']) && isNum(x.concurrency);
    default:
      return false;
  }
}

const RUN_CONFIG_KEYS = [
  'strategies',
  'arrival',
  'rateRps',
  'durationS',
  'warmupS',
  'instances',
  'threads',
  'provider',
  'dims',
  'fixedInputs',
  'sloMs',
  'seed',
  'priorities',
  'strategyWarmupS',
  'order',
  'untilStable',
  'batchAxes',
];

function isPanelDims(x: unknown): x is PanelDim[] {
  return (
    Array.isArray(x) &&
    x.length <= RUN_LIMITS.maxDims &&
    x.every(
      (d) =>
        isObj(d) && hasOnlyKeys(d, ['name', 'min', 'max']) && isStr(d.name) && isNum(d.min) && isNum(d.max),
    )
  );
}

function isFixedInputs(x: unknown): x is Record<string, number[]> {
  return isObj(x) && Object.keys(x).length <= RUN_LIMITS.maxInputs && Object.values(x).every(isNumArray);
}

/** Structural check of a run config (types only; ranges are {@link validateRunConfig}'s job). */
export function isPanelRunConfig(x: unknown): x is PanelRunConfig {
  if (!isObj(x) || !hasOnlyKeys(x, RUN_CONFIG_KEYS)) return false;
  return (
    Array.isArray(x.strategies) &&
    x.strategies.every(isStrategyConfig) &&
    isPanelArrival(x.arrival) &&
    isNumOrNull(x.rateRps) &&
    isNum(x.durationS) &&
    isNum(x.warmupS) &&
    isNum(x.instances) &&
    isNum(x.threads) &&
    (x.provider === 'cpu' || x.provider === 'cuda') &&
    isPanelDims(x.dims) &&
    isFixedInputs(x.fixedInputs) &&
    isNumOrNull(x.sloMs) &&
    isNum(x.seed) &&
    (x.priorities === null || isNumArray(x.priorities)) &&
    (x.strategyWarmupS === undefined || isNum(x.strategyWarmupS)) &&
    (x.order === undefined || (STRATEGY_ORDERS as readonly unknown[]).includes(x.order)) &&
    (x.untilStable === undefined || typeof x.untilStable === 'boolean') &&
    (x.batchAxes === undefined ||
      (isObj(x.batchAxes) &&
        Object.values(x.batchAxes).every((v) => isNum(v) && Number.isInteger(v) && v >= 0)))
  );
}

/** Longest path string accepted in `openProfilePath` (the host still checks the path itself). */
export const MAX_PATH_LENGTH = 4096;

/**
 * True when `x` is a well-formed message from the webview: known `type`, every field present
 * with the right type, no extra fields. The host must call this on every message it receives.
 */
export function isWebviewMessage(x: unknown): x is WebviewToHost {
  if (!isObj(x)) return false;
  switch (x.type) {
    case 'ready':
    case 'cancelRun':
    case 'saveAs':
    case 'pickModel':
    case 'requestTrust':
    case 'openConfigurations':
    case 'showLog':
      return hasOnlyKeys(x, ['type']);
    case 'startRun':
    case 'saveConfiguration':
      return hasOnlyKeys(x, ['type', 'config']) && isPanelRunConfig(x.config);
    case 'inspect':
      return (
        hasOnlyKeys(x, ['type', 'dims', 'fixedInputs']) && isPanelDims(x.dims) && isFixedInputs(x.fixedInputs)
      );
    case 'startSweep':
      return isSweepWebviewMessage(x) && (!('run' in x) || x.run === undefined || isPanelRunConfig(x.run));
    case 'cancelSweep':
    case 'verifySweep':
    case 'exportSweep':
      return isSweepWebviewMessage(x);
    case 'openProfilePath':
      return (
        hasOnlyKeys(x, ['type', 'path']) &&
        isStr(x.path) &&
        x.path.length > 0 &&
        x.path.length <= MAX_PATH_LENGTH &&
        !x.path.includes('\0')
      );
    default:
      return false;
  }
}

// ---------------------------------------------------------------------------------------------
// Range checks shared by the form (flags fields as the user types) and the host (before running).

/**
 * Checks a run config's values (and, given the model, that dims and fixed inputs exist, that the
 * batch sizes fit the model, and that a non-batchable model only runs `none`). Returns one entry
 * per problem, worded for the user; an empty list means the config can run.
 */
export function validateRunConfig(config: PanelRunConfig, model?: ModelSummary): FieldError[] {
  const errors: FieldError[] = [];
  const add = (field: string, message: string): void => {
    errors.push({ field, message });
  };
  const intIn = (field: string, v: number, min: number, max: number, what: string): void => {
    if (!Number.isInteger(v) || v < min || v > max)
      add(field, `${what} must be a whole number from ${min} to ${max}.`);
  };
  const posIn = (field: string, v: number, max: number, what: string): void => {
    if (!(v > 0) || v > max) add(field, `${what} must be greater than 0 and at most ${max}.`);
  };

  if (config.strategies.length === 0) add('strategies', 'Pick at least one strategy to run.');
  if (config.strategies.length > RUN_LIMITS.maxStrategies)
    add('strategies', `At most ${RUN_LIMITS.maxStrategies} strategies can run in one profile.`);
  config.strategies.forEach((s, i) => {
    const at = `strategies.${i}`;
    if (model && !model.batchable && s.name !== 'none') {
      add(
        `${at}.name`,
        `The model cannot batch, so only "none" can run: ${model.notBatchableReason ?? 'its batch dimension is fixed.'}`,
      );
      return;
    }
    // "#2 dynamic: …": several variants of one strategy can be in the list.
    for (const p of checkStrategyConfig(s, model?.maxBatchSupported ?? null))
      add(p.key === '' ? `${at}.name` : `${at}.${p.key}`, `#${i + 1} ${p.message}`);
  });
  if (config.priorities !== null) {
    const mix = normalisePriorities(config.priorities);
    if (typeof mix === 'string') add('priorities', `Priority mix: ${mix}.`);
  }

  const a = config.arrival;
  if (a.kind === 'closed')
    intIn('arrival.concurrency', a.concurrency, 1, RUN_LIMITS.maxConcurrency, 'Concurrency');
  if (a.kind === 'bursty') {
    if (!(a.ratio >= 1) || a.ratio > 1000) add('arrival.ratio', 'Burst ratio must be from 1 to 1000.');
    posIn('arrival.periodS', a.periodS, RUN_LIMITS.maxDurationS, 'Burst period (s)');
    if (!(a.dutyCycle > 0 && a.dutyCycle < 1))
      add('arrival.dutyCycle', 'Burst duty cycle must be between 0 and 1.');
    else if (
      a.ratio >= 1 &&
      a.ratio <= 1000 &&
      a.periodS > 0 &&
      burstyProblem(a.ratio, a.periodS, a.dutyCycle)
    )
      // The same rule the engine applies, caught in the form instead of failing the run.
      add(
        'arrival.dutyCycle',
        'Burst ratio × duty cycle must be at most 1 (the high phase alone would exceed the mean rate).',
      );
  }
  if (a.kind === 'ramp') {
    posIn('arrival.fromRps', a.fromRps, RUN_LIMITS.maxRateRps, 'Ramp start rate');
    posIn('arrival.toRps', a.toRps, RUN_LIMITS.maxRateRps, 'Ramp end rate');
  }
  if (config.rateRps !== null && a.kind !== 'closed' && a.kind !== 'ramp')
    posIn('rateRps', config.rateRps, RUN_LIMITS.maxRateRps, 'Rate (requests/s)');

  posIn('durationS', config.durationS, RUN_LIMITS.maxDurationS, 'Duration (s)');
  if (!(config.warmupS >= 0) || config.warmupS > RUN_LIMITS.maxWarmupS)
    add('warmupS', `Warm-up must be from 0 to ${RUN_LIMITS.maxWarmupS} s.`);
  if (
    config.strategyWarmupS !== undefined &&
    (!(config.strategyWarmupS >= 0) || config.strategyWarmupS > RUN_LIMITS.maxWarmupS)
  )
    add('strategyWarmupS', `Warm-up per strategy must be from 0 to ${RUN_LIMITS.maxWarmupS} s.`);
  intIn('instances', config.instances, 1, RUN_LIMITS.maxInstances, 'Instances');
  intIn('threads', config.threads, 1, RUN_LIMITS.maxThreads, 'Threads per instance');
  if (config.sloMs !== null) posIn('sloMs', config.sloMs, RUN_LIMITS.maxSloMs, 'SLO (ms)');
  intIn('seed', config.seed, 0, RUN_LIMITS.maxSeed, 'Seed');

  const dimNames = model ? new Set(model.dims.map((d) => d.name)) : null;
  for (const d of config.dims) {
    const at = `dims.${d.name}`;
    if (dimNames && !dimNames.has(d.name)) add(at, `The model has no symbolic dimension named "${d.name}".`);
    intIn(`${at}.min`, d.min, 1, RUN_LIMITS.maxDim, `Minimum of ${d.name}`);
    intIn(`${at}.max`, d.max, 1, RUN_LIMITS.maxDim, `Maximum of ${d.name}`);
    if (d.min > d.max) add(`${at}.max`, `Maximum of ${d.name} must not be below its minimum (${d.min}).`);
  }
  const inputNames = model ? new Set(model.inputs.map((t) => t.name)) : null;
  for (const [name, values] of Object.entries(config.fixedInputs)) {
    const at = `fixedInputs.${name}`;
    if (inputNames && !inputNames.has(name)) add(at, `The model has no input named "${name}".`);
    if (values.length === 0) add(at, `Give at least one value for input "${name}".`);
  }
  return errors;
}
