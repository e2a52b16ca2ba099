/** `batchscope profile` options → the run's settings, with every value checked up front. */
import type { ModelOptions } from '../engine/model/modelOptions';
import { parseArrival } from '../engine/workload/parseArrival';
import type { ArrivalSpec, RunSettings, StrategyConfig } from '../shared/profileTypes';
import { normalisePriorities, RUN_DEFAULTS, RUN_LIMITS } from '../shared/runDefaults';
import { findStrategy } from '../shared/strategies/registry';
import type { RunStrategyDefaults } from '../shared/strategies/strategyParams';
import { parseStrategyList } from '../shared/strategies/strategySpec';
import { checkModelArgument, modelOptionsFrom } from './modelArgs';
import { intListOption, numberOption, requireWritablePath } from './optionValues';
import type { OptionValues } from './parseCommandLine';
import { UsageError } from './usageError';
import { STRATEGY_ORDERS, type StrategyOrder } from '../shared/measurementPlan';
import { DEFAULT_STABILITY_TOLERANCE, defaultWindowS } from '../shared/stability';
import { profileArgsFromConfiguration, type ProfileConfiguration } from './configurationArgs';

/** The arrival kind named by --arrival (its first word), without checking the rest. */
function parseArrivalKind(raw: string | undefined): string {
  return (raw ?? RUN_DEFAULTS.arrival).split(':')[0].trim();
}

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
  /** Simulate the strategies from the calibration instead of running them (--simulate). */
  simulate: boolean;
  /** The run configuration the run comes from (`--config NAME`); absent: set by flags. */
  configuration?: ProfileConfiguration;
}

const str = (v: OptionValues[string]): string | undefined => (typeof v === 'string' ? v : undefined);

/** `--strategies` through the registry; a repeated spec is allowed (its label gets " #2"). */
function parseStrategies(raw: string, run: RunStrategyDefaults): StrategyConfig[] {
  let configs: StrategyConfig[];
  try {
    configs = parseStrategyList(raw, run);
  } catch (err) {
    throw new UsageError(`--strategies: ${(err as Error).message}`);
  }
  if (configs.length > RUN_LIMITS.maxStrategies)
    throw new UsageError(
      `--strategies lists ${configs.length} strategies; at most ${RUN_LIMITS.maxStrategies} run in one profile.`,
    );
  return configs;
}

/** Whether any chosen strategy takes its default for `param` from the run-wide option. */
function usesRunDefault(configs: StrategyConfig[], param: keyof RunStrategyDefaults): boolean {
  return configs.some((c) => findStrategy(c.name)?.params.some((p) => p.runDefault === param));
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
    return parseArrival(raw ?? RUN_DEFAULTS.arrival);
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
  if (values.config !== undefined) return profileArgsFromConfiguration(positionals, values);
  if (values['config-file'] !== undefined)
    throw new UsageError(
      '--config-file says where the run configurations are; add --config NAME to run one, or drop --config-file.',
    );
  if (positionals.length === 0) {
    throw new UsageError(
      'Missing MODEL: which ONNX model should be profiled? e.g. batchscope profile model.onnx ' +
        '(or a run configuration: batchscope profile --config NAME)',
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
    { integer: true, min: 1, max: RUN_LIMITS.maxBatch, example: '--max-batch 16' },
    RUN_DEFAULTS.maxBatch,
  );
  const maxDelayMs = n(
    'max-delay-ms',
    { min: 0, max: RUN_LIMITS.maxDelayMs, example: '--max-delay-ms 2' },
    RUN_DEFAULTS.maxDelayMs,
  );
  const durationS = n(
    'duration',
    { above: 0, max: RUN_LIMITS.maxDurationS, example: '--duration 10' },
    RUN_DEFAULTS.durationS,
  );
  const warmupS = n(
    'warmup',
    { min: 0, max: RUN_LIMITS.maxWarmupS, example: '--warmup 1' },
    RUN_DEFAULTS.warmupS,
  );
  const strategyWarmupS = n(
    'strategy-warmup',
    { min: 0, max: RUN_LIMITS.maxWarmupS, example: '--strategy-warmup 0.5' },
    // A trace is the user's own traffic: measure it whole unless they ask for a warm-up.
    parseArrivalKind(str(values.arrival)) === 'trace' ? 0 : RUN_DEFAULTS.strategyWarmupS,
  );
  const orderRaw = str(values.order) ?? RUN_DEFAULTS.order;
  if (!(STRATEGY_ORDERS as readonly string[]).includes(orderRaw)) {
    throw new UsageError(
      `--order "${orderRaw}": use one of ${STRATEGY_ORDERS.join(', ')}, e.g. --order interleaved.`,
    );
  }
  const order = orderRaw as StrategyOrder;
  const sliceS = n(
    'slice',
    { above: 0, max: RUN_LIMITS.maxDurationS, example: '--slice 1' },
    RUN_DEFAULTS.sliceS,
  );
  if (str(values.slice) !== undefined && order !== 'interleaved')
    throw new UsageError(
      '--slice only applies to --order interleaved; add --order interleaved or drop --slice.',
    );
  const windowS = n(
    'window',
    { above: 0, max: RUN_LIMITS.maxWindowS, example: '--window 1' },
    defaultWindowS(durationS),
  );
  const stabilityTolerance =
    n('stability', { above: 0, max: 1000, example: '--stability 10' }, DEFAULT_STABILITY_TOLERANCE * 100) /
    100;
  const untilStable = values['until-stable'] === true;
  const maxDurationRaw = str(values['max-duration']);
  if (maxDurationRaw !== undefined && !untilStable)
    throw new UsageError('--max-duration only applies with --until-stable; add --until-stable or drop it.');
  const untilStableMaxS = untilStable
    ? n(
        'max-duration',
        { above: 0, max: RUN_LIMITS.maxDurationS, example: '--max-duration 60' },
        durationS * RUN_DEFAULTS.untilStableFactor,
      )
    : null;
  if (untilStableMaxS !== null && untilStableMaxS < durationS)
    throw new UsageError(
      `--max-duration ${untilStableMaxS} is shorter than --duration ${durationS}; give a longer --max-duration.`,
    );
  const instances = n(
    'instances',
    { integer: true, min: 1, max: RUN_LIMITS.maxInstances, example: '--instances 2' },
    RUN_DEFAULTS.instances,
  );
  const seed = n(
    'seed',
    { integer: true, min: 0, max: RUN_LIMITS.maxSeed, example: '--seed 7' },
    RUN_DEFAULTS.seed,
  );
  const sloRaw = str(values['slo-ms']);
  const sloMs =
    sloRaw === undefined
      ? null
      : numberOption('slo-ms', sloRaw, { above: 0, max: RUN_LIMITS.maxSloMs, example: '--slo-ms 20' });
  const concurrencyRaw = str(values.concurrency);
  const concurrency =
    concurrencyRaw === undefined
      ? null
      : numberOption('concurrency', concurrencyRaw, {
          integer: true,
          min: 1,
          max: RUN_LIMITS.maxConcurrency,
          example: '--concurrency 16',
        });
  const rateRaw = str(values.rate);
  const rate =
    rateRaw === undefined
      ? null
      : numberOption('rate', rateRaw, { above: 0, max: RUN_LIMITS.maxRateRps, example: '--rate 500' });

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
  const strategies = parseStrategies(str(values.strategies) ?? RUN_DEFAULTS.strategies.join(','), {
    maxBatch,
    maxDelayMs,
    preferredBatch,
    sloMs,
  });
  if (preferredRaw !== undefined && !usesRunDefault(strategies, 'preferredBatch')) {
    throw new UsageError(
      '--preferred-batch only applies to strategies with preferred sizes (dynamic); add one to --strategies or drop it.',
    );
  }
  const prioritiesRaw = str(values.priorities);
  let priorities: number[] | null = null;
  if (prioritiesRaw !== undefined) {
    const shares = prioritiesRaw.split(',').map((t) => (t.trim() === '' ? NaN : Number(t)));
    const mix = normalisePriorities(shares);
    if (typeof mix === 'string') throw new UsageError(`--priorities "${prioritiesRaw}": ${mix}.`);
    priorities = mix;
  }

  const outPath = str(values.out) ?? null;
  if (outPath !== null) requireWritablePath('out', outPath);
  const reportPath = str(values.report) ?? null;
  if (reportPath !== null) requireWritablePath('report', reportPath);
  checkModelArgument(modelPath);

  return {
    modelPath,
    modelOptions,
    settings: {
      arrival,
      rateRps: rate,
      rateDerived: false,
      durationS,
      warmupS,
      strategyWarmupS,
      order,
      ...(order === 'interleaved' ? { sliceS } : {}),
      windowS,
      stabilityTolerance,
      untilStableMaxS,
      instances,
      threads: modelOptions.threads,
      provider: modelOptions.provider,
      sloMs,
      seed,
      strategies,
      priorities,
    },
    maxBatch,
    outPath,
    reportPath,
    json: values.json === true,
    noProgress: values['no-progress'] === true,
    simulate: values.simulate === true,
  };
}
