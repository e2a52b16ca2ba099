/** `batchscope sweep` arguments: checked here, before anything loads, with messages naming the option. */
import type { ModelOptions } from '../engine/model/modelOptions';
import { RUN_DEFAULTS, RUN_LIMITS } from '../shared/runDefaults';
import type { SweepSettings } from '../shared/sweep/sweepTypes';
import { checkModelArgument, modelOptionsFrom } from './modelArgs';
import type { OptionValues } from './parseCommandLine';
import { intListOption, numberOption, requireWritablePath } from './optionValues';
import { UsageError } from './usageError';

export interface SweepArgs {
  modelPath: string;
  modelOptions: ModelOptions;
  /** `--strategies` as given, or null for the default grid (which depends on the model's max batch). */
  strategies: string | null;
  settings: SweepSettings;
  warmupS: number;
  verify: boolean;
  verifyDurationS: number;
  outPath: string | null;
  reportPath: string | null;
  json: boolean;
  noProgress: boolean;
}

const str = (v: OptionValues[string]): string | undefined => (typeof v === 'string' ? v : undefined);

/** Most rates one sweep takes. */
const MAX_RATES = 50;

/** `a,b,c` or `from:to:step` → numbers > 0. */
export function rateList(option: string, raw: string, example: string, max = Infinity): number[] {
  const range = /^\s*([\d.]+)\s*:\s*([\d.]+)\s*:\s*([\d.]+)\s*$/.exec(raw);
  let values: number[];
  if (range) {
    const [from, to, step] = range.slice(1).map(Number);
    if (!(from > 0 && to >= from && step > 0))
      throw new UsageError(
        `--${option} ${raw}: a range is FROM:TO:STEP with 0 < FROM <= TO and STEP > 0. Example: ${example}`,
      );
    values = [];
    // Rounded to the step's decimals so 0.1:1:0.1 gives 0.3, not 0.30000000000000004.
    const decimals = (String(step).split('.')[1] ?? '').length + (String(from).split('.')[1] ?? '').length;
    for (let v = from; v <= to + step * 1e-9; v += step) values.push(Number(v.toFixed(decimals)));
  } else {
    values = raw.split(',').map((p) => {
      const v = Number(p.trim());
      if (p.trim() === '' || !Number.isFinite(v) || v <= 0)
        throw new UsageError(
          `--${option} must be a comma list of numbers > 0 or FROM:TO:STEP, got "${raw}". Example: ${example}`,
        );
      return v;
    });
  }
  if (values.length > MAX_RATES)
    throw new UsageError(
      `--${option} ${raw} gives ${values.length} rates; a sweep takes at most ${MAX_RATES}.`,
    );
  for (const v of values)
    if (v > max) throw new UsageError(`--${option}: ${v} is more than ${max}. Example: ${example}`);
  return [...new Set(values)].sort((a, b) => a - b);
}

export function sweepArgsFrom(positionals: string[], values: OptionValues): SweepArgs {
  if (positionals.length !== 1)
    throw new UsageError(
      positionals.length === 0
        ? 'Missing MODEL: which ONNX model should be swept? e.g. batchscope sweep model.onnx --slo-ms 20'
        : `Expected one MODEL, got ${positionals.length}: ${positionals.join(' ')}. Sweep one model at a time.`,
    );
  const modelPath = positionals[0];
  checkModelArgument(modelPath);
  const modelOptions = modelOptionsFrom(values);
  if (str(values.out) !== undefined) requireWritablePath('out', str(values.out)!);
  if (str(values.report) !== undefined) requireWritablePath('report', str(values.report)!);
  const n = (name: string, rule: Parameters<typeof numberOption>[2], fallback: number): number => {
    const raw = str(values[name]);
    return raw === undefined ? fallback : numberOption(name, raw, rule);
  };
  if (str(values.rates) !== undefined && str(values.load) !== undefined)
    throw new UsageError('Give --rates (req/s) or --load (fractions of capacity), not both.');
  const rates: SweepSettings['rates'] =
    str(values.rates) !== undefined
      ? {
          kind: 'rps',
          values: rateList('rates', str(values.rates)!, '--rates 100,200,400', RUN_LIMITS.maxRateRps),
        }
      : {
          kind: 'capacity',
          values: rateList('load', str(values.load) ?? '0.1:1:0.1', '--load 0.2:0.9:0.1', 2),
        };
  const instances = [
    ...new Set(intListOption('instances', str(values.instances) ?? '1', '--instances 1,2')),
  ].sort((a, b) => a - b);
  for (const k of instances)
    if (k > RUN_LIMITS.maxInstances)
      throw new UsageError(
        `--instances ${k}: at most ${RUN_LIMITS.maxInstances} instances. Example: --instances 1,2`,
      );
  const sloMs =
    str(values['slo-ms']) === undefined
      ? null
      : n('slo-ms', { above: 0, max: 3_600_000, example: '--slo-ms 20' }, 0);
  const percentile = n('slo-percentile', { min: 50, max: 99.9, example: '--slo-percentile 95' }, 99);
  if (str(values['slo-percentile']) !== undefined && sloMs === null)
    throw new UsageError('--slo-percentile needs --slo-ms (the latency that percentile must stay under).');
  const targetRps =
    str(values['target-rps']) === undefined
      ? null
      : n('target-rps', { above: 0, max: RUN_LIMITS.maxRateRps, example: '--target-rps 500' }, 0);
  if (targetRps !== null && sloMs === null)
    throw new UsageError(
      '--target-rps needs --slo-ms: the recommendation is the configuration that sustains the target under the SLO.',
    );
  const measure = values.measure === true;
  return {
    modelPath,
    modelOptions,
    strategies: str(values.strategies) ?? null,
    settings: {
      strategies: [],
      instances,
      rates,
      slo: sloMs === null ? null : { ms: sloMs, percentile },
      margin: n('margin', { min: 0, max: 90, example: '--margin 20' }, 10) / 100,
      targetRps,
      pointDurationS: n('point-duration', { above: 0, max: 600, example: '--point-duration 2' }, 1),
      seed: n(
        'seed',
        { integer: true, min: 0, max: RUN_LIMITS.maxSeed, example: '--seed 7' },
        RUN_DEFAULTS.seed,
      ),
      measure,
    },
    warmupS: n('warmup', { min: 0, max: RUN_LIMITS.maxWarmupS, example: '--warmup 1' }, RUN_DEFAULTS.warmupS),
    verify: values['no-verify'] !== true,
    verifyDurationS: n(
      'verify-duration',
      { above: 0, max: RUN_LIMITS.maxDurationS, example: '--verify-duration 10' },
      5,
    ),
    outPath: str(values.out) ?? null,
    reportPath: str(values.report) ?? null,
    json: values.json === true,
    noProgress: values['no-progress'] === true,
  };
}
