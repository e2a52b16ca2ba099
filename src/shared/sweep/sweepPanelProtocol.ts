/**
 * The sweep's part of the panel protocol (panelProtocol.ts includes these messages): the form's
 * sweep request, Verify, Export, and the host's sweep updates. Checked like every webview message:
 * exact keys, exact types, ranges by {@link validateSweepConfig}.
 * No Node or DOM imports: both sides include this file.
 */
import type { FieldError, PanelRunConfig } from '../panelProtocol';
import { RUN_LIMITS } from '../runDefaults';
import { expandSweepSpecs, MAX_SWEEP_CONFIGS } from './sweepSpecs';
import type { SweepFile } from './sweepTypes';
import { EXPORT_FORMATS, type ExportFormat } from '../export/exportTypes';

/** Servers the Export action writes a configuration for (the export's own list). */
export { EXPORT_FORMATS, type ExportFormat };

/** What the Sweep form produces (the model's dims, inputs, threads and provider come from the run form). */
export interface PanelSweepConfig {
  /** Strategy specs with `|` alternatives, as `batchscope sweep --strategies` takes them. */
  strategies: string;
  instances: number[];
  /** Offered rates as fractions of the measured capacity (0 < f ≤ 2). */
  load: number[];
  sloMs: number | null;
  /** Percentile the SLO bounds (50..99.9). */
  sloPercentile: number;
  /** Margin under the SLO, percent (0..90). */
  marginPct: number;
  /** Rate the recommendation must sustain, or null for the most throughput. */
  targetRps: number | null;
  /** Verify the recommendation on the model as soon as the sweep is simulated. */
  verify: boolean;
  /** Also measure every point on the model (slow). */
  measure: boolean;
}

export type SweepRunState = 'running' | 'done' | 'cancelled' | 'failed';

/** Host → webview: the sweep as it stands (null before the first simulation), and its state. */
export interface SweepUpdateMessage {
  type: 'sweep';
  sweep: SweepFile | null;
  state: SweepRunState;
  /** The stage in progress, in words (calibrating, simulating, verifying …). */
  stage?: string;
  /** Where the sweep was saved (once done). */
  sweepPath?: string;
  message?: string;
}

export type SweepWebviewMessage =
  /**
   * `run`: the run form's current values, whose model settings (dims, fixed inputs, threads,
   * provider), seed and warm-up the sweep uses; absent: the settings' defaults. Checked by
   * panelProtocol's isWebviewMessage (isPanelRunConfig).
   */
  | { type: 'startSweep'; config: PanelSweepConfig; run?: PanelRunConfig }
  | { type: 'cancelSweep' }
  /** Run the recommendation for real and overlay it (the next candidate when it misses). */
  | { type: 'verifySweep' }
  /** Write the recommended configuration for `format` into the workspace and open it. */
  | { type: 'exportSweep'; format: ExportFormat };

type Obj = Record<string, unknown>;
const isObj = (x: unknown): x is Obj => typeof x === 'object' && x !== null && !Array.isArray(x);
const isNum = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);
const isNumArray = (x: unknown): x is number[] => Array.isArray(x) && x.every(isNum);
const onlyKeys = (o: Obj, keys: string[]): boolean => Object.keys(o).every((k) => keys.includes(k));

const SWEEP_CONFIG_KEYS = [
  'strategies',
  'instances',
  'load',
  'sloMs',
  'sloPercentile',
  'marginPct',
  'targetRps',
  'verify',
  'measure',
];

/** Longest strategies text accepted from the webview. */
const MAX_SPEC_LENGTH = 2000;

export function isPanelSweepConfig(x: unknown): x is PanelSweepConfig {
  return (
    isObj(x) &&
    onlyKeys(x, SWEEP_CONFIG_KEYS) &&
    typeof x.strategies === 'string' &&
    x.strategies.length <= MAX_SPEC_LENGTH &&
    isNumArray(x.instances) &&
    isNumArray(x.load) &&
    (x.sloMs === null || isNum(x.sloMs)) &&
    isNum(x.sloPercentile) &&
    isNum(x.marginPct) &&
    (x.targetRps === null || isNum(x.targetRps)) &&
    typeof x.verify === 'boolean' &&
    typeof x.measure === 'boolean'
  );
}

/** True for a well-formed sweep message from the webview (exact keys and types). */
export function isSweepWebviewMessage(x: unknown): x is SweepWebviewMessage {
  if (!isObj(x)) return false;
  switch (x.type) {
    case 'startSweep':
      // `run` is checked by the caller (panelProtocol.ts), which owns isPanelRunConfig.
      return onlyKeys(x, ['type', 'config', 'run']) && isPanelSweepConfig(x.config);
    case 'cancelSweep':
    case 'verifySweep':
      return onlyKeys(x, ['type']);
    case 'exportSweep':
      return onlyKeys(x, ['type', 'format']) && (EXPORT_FORMATS as readonly unknown[]).includes(x.format);
    default:
      return false;
  }
}

/**
 * Range checks of a sweep config, worded for the form (field paths as in FieldError), given the
 * model's largest batch (null: any). Empty: it can run.
 */
export function validateSweepConfig(c: PanelSweepConfig, modelMaxBatch: number | null = null): FieldError[] {
  const errors: FieldError[] = [];
  const add = (field: string, message: string): void => void errors.push({ field, message });
  let configs = 0;
  try {
    configs = expandSweepSpecs(c.strategies, modelMaxBatch).length;
  } catch (err) {
    add('sweep.strategies', (err as Error).message);
  }
  if (c.instances.length === 0) add('sweep.instances', 'Give at least one instance count.');
  for (const k of c.instances)
    if (!Number.isInteger(k) || k < 1 || k > RUN_LIMITS.maxInstances)
      add('sweep.instances', `Instance counts must be whole numbers from 1 to ${RUN_LIMITS.maxInstances}.`);
  if (configs * Math.max(1, c.instances.length) > MAX_SWEEP_CONFIGS)
    add(
      'sweep.strategies',
      `That is ${configs * c.instances.length} configurations; a sweep takes at most ${MAX_SWEEP_CONFIGS}. List fewer alternatives.`,
    );
  if (c.load.length === 0 || c.load.length > 50) add('sweep.load', 'Give 1 to 50 load levels.');
  for (const f of c.load)
    if (!(f > 0 && f <= 2))
      add('sweep.load', 'Load levels are fractions of the capacity, above 0 and at most 2.');
  if (c.sloMs !== null && !(c.sloMs > 0 && c.sloMs <= RUN_LIMITS.maxSloMs))
    add('sweep.sloMs', `The SLO must be above 0 and at most ${RUN_LIMITS.maxSloMs} ms.`);
  if (!(c.sloPercentile >= 50 && c.sloPercentile <= 99.9))
    add('sweep.sloPercentile', 'The SLO percentile must be from 50 to 99.9.');
  if (!(c.marginPct >= 0 && c.marginPct <= 90)) add('sweep.marginPct', 'The margin must be from 0 to 90 %.');
  if (c.targetRps !== null && !(c.targetRps > 0 && c.targetRps <= RUN_LIMITS.maxRateRps))
    add('sweep.targetRps', `The target rate must be above 0 and at most ${RUN_LIMITS.maxRateRps} req/s.`);
  if (c.targetRps !== null && c.sloMs === null)
    add('sweep.targetRps', 'A target rate needs an SLO: the recommendation sustains the target under it.');
  return errors;
}
