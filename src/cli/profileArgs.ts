/** `batchscope profile` options → the run's settings, with every value checked up front. */
import type { ModelOptions } from '../engine/model/modelOptions';
import { createPolicy } from '../engine/strategies/createPolicy';
import { parseArrival } from '../engine/workload/parseArrival';
import type { ArrivalSpec, RunSettings, StrategyConfig, StrategyName } from '../shared/profileTypes';
import { didYouMean } from './didYouMean';
import { modelOptionsFrom } from './modelArgs';
import { intListOption, numberOption, requireReadableFile, requireWritablePath } from './optionValues';
import type { OptionValues } from './parseCommandLine';
import { UsageError } from './usageError';

export const PROFILE_DEFAULTS = {
  strategies: 'none,static,dynamic',
  arrival: 'poisson',
  durationS: 10,
  warmupS: 1,
  maxBatch: 8,
  maxDelayMs: 2,
  instances: 1,
  seed: 42,
} as const;

const STRATEGY_NAMES: StrategyName[] = ['none', 'static', 'dynamic'];

export interface ProfileArgs {
  modelPath: string;
  modelOptions: ModelOptions;
  /** rateRps null means "derive from calibration" (the runtime fills it in and sets rateDerived). */
  settings: RunSettings;
  maxBatch: number;
  outPath: string | null;
  reportPath: string | null;
  json: boolean;
  noProgress: boolean;
}

const str = (v: OptionValues[string]): string | undefined => (typeof v === 'string' ? v : undefined);

function parseStrategyNames(raw: string): StrategyName[] {
  const names = raw.split(',').map((s) => s.trim().toLowerCase());
  const seen = new Set<StrategyName>();
  for (const n of names) {
    if (!(STRATEGY_NAMES as string[]).includes(n)) {
      throw new UsageError(
        `--strategies: unknown strategy "${n}".${didYouMean(n, STRATEGY_NAMES)} ` +
          `Choose from ${STRATEGY_NAMES.join(', ')}, e.g. --strategies none,dynamic`,
      );
    }
    if (seen.has(n as StrategyName))
      throw new UsageError(`--strategies lists "${n}" twice; list each strategy once.`);
    seen.add(n as StrategyName);
  }
  return [...seen];
}

function parseArrivalOption(raw: string | undefined, concurrency: number | null): ArrivalSpec {
  if (concurrency !== null) {
    if (raw !== undefined && !/^closed(:|$)/i.test(raw.trim())) {
      throw new UsageError(
        `--concurrency (closed loop) cannot be combined with --arrival ${raw} (open loop); drop one of them.`,
      );
    }
    return { kind: 'closed', concurrency };
  }
  try {
    return parseArrival(raw ?? PROFILE_DEFAULTS.arrival);
  } catch (err) {
    // parseArrival words its errors as `bad --arrival "…": why. Accepted: …`.
    throw new UsageError((err as Error).message);
  }
}

/**
 * Checks every `batchscope profile` option and builds the run settings.
 * @throws UsageError (exit 2) naming the option and the fix
 */
export function profileArgsFrom(positionals: string[], values: OptionValues): ProfileArgs {
  if (positionals.length === 0) {
    throw new UsageError(
      'Missing MODEL: which ONNX model should be profiled? e.g. batchscope profile model.onnx',
    );
  }
  if (positionals.length > 1) {
    throw new UsageError(
      `Expected one MODEL, got ${positionals.length}: ${positionals.join(' ')}. Profile one model per run.`,
    );
  }
  const modelPath = positionals[0];
  const modelOptions = modelOptionsFrom(values);

  const n = (name: string, rule: Parameters<typeof numberOption>[2], fallback: number): number => {
    const raw = str(values[name]);
    return raw === undefined ? fallback : numberOption(name, raw, rule);
  };
  const maxBatch = n(
    'max-batch',
    { integer: true, min: 1, max: 65536, example: '--max-batch 16' },
    PROFILE_DEFAULTS.maxBatch,
  );
  const maxDelayMs = n(
    'max-delay-ms',
    { min: 0, max: 60_000, example: '--max-delay-ms 2' },
    PROFILE_DEFAULTS.maxDelayMs,
  );
  const durationS = n(
    'duration',
    { above: 0, max: 86_400, example: '--duration 10' },
    PROFILE_DEFAULTS.durationS,
  );
  const warmupS = n('warmup', { min: 0, max: 3600, example: '--warmup 1' }, PROFILE_DEFAULTS.warmupS);
  const instances = n(
    'instances',
    { integer: true, min: 1, max: 256, example: '--instances 2' },
    PROFILE_DEFAULTS.instances,
  );
  const seed = n(
    'seed',
    { integer: true, min: 0, max: 2 ** 32 - 1, example: '--seed 7' },
    PROFILE_DEFAULTS.seed,
  );
  const sloRaw = str(values['slo-ms']);
  const sloMs =
    sloRaw === undefined ? null : numberOption('slo-ms', sloRaw, { above: 0, example: '--slo-ms 20' });
  const concurrencyRaw = str(values.concurrency);
  const concurrency =
    concurrencyRaw === undefined
      ? null
      : numberOption('concurrency', concurrencyRaw, {
          integer: true,
          min: 1,
          max: 100_000,
          example: '--concurrency 16',
        });
  const rateRaw = str(values.rate);
  const rate =
    rateRaw === undefined ? null : numberOption('rate', rateRaw, { above: 0, example: '--rate 500' });

  const arrival = parseArrivalOption(str(values.arrival), concurrency);
  if (rate !== null && (arrival.kind === 'closed' || arrival.kind === 'trace' || arrival.kind === 'ramp')) {
    const why =
      arrival.kind === 'closed'
        ? 'a closed loop sends as fast as responses come back'
        : arrival.kind === 'trace'
          ? 'the trace file sets the arrival times'
          : 'ramp:FROM..TO sets the rates';
    throw new UsageError(`--rate does not apply to --arrival ${arrival.kind}: ${why}. Drop --rate.`);
  }

  const preferredRaw = str(values['preferred-batch']);
  const preferredBatch =
    preferredRaw === undefined ? [] : intListOption('preferred-batch', preferredRaw, '--preferred-batch 4,8');
  const names = parseStrategyNames(str(values.strategies) ?? PROFILE_DEFAULTS.strategies);
  if (preferredRaw !== undefined && !names.includes('dynamic')) {
    throw new UsageError(
      '--preferred-batch only applies to the dynamic strategy; add dynamic to --strategies or drop it.',
    );
  }
  const strategies = names.map((name): StrategyConfig => {
    if (name === 'none') return { name };
    if (name === 'static') return { name, batchSize: maxBatch };
    return { name, maxBatch, maxDelayMs, preferredBatch };
  });
  for (const config of strategies) {
    try {
      createPolicy(config);
    } catch (err) {
      throw new UsageError((err as Error).message);
    }
  }

  const outPath = str(values.out) ?? null;
  if (outPath !== null) requireWritablePath('out', outPath);
  const reportPath = str(values.report) ?? null;
  if (reportPath !== null) requireWritablePath('report', reportPath);
  requireReadableFile(modelPath, 'Model', 'Pass the path of an .onnx file.');

  return {
    modelPath,
    modelOptions,
    settings: {
      arrival,
      rateRps: rate,
      rateDerived: false,
      durationS,
      warmupS,
      instances,
      threads: modelOptions.threads,
      provider: modelOptions.provider,
      sloMs,
      seed,
      strategies,
    },
    maxBatch,
    outPath,
    reportPath,
    json: values.json === true,
    noProgress: values['no-progress'] === true,
  };
}
