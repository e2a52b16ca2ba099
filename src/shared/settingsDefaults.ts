/**
 * Settings (`batchscope.*`) -> the panel form's defaults, and with no settings the built-in
 * defaults the CLI runs a configuration with. Pure: it takes a getter, so the mapping is
 * unit-tested without VS Code (and the CLI shares it without the extension). A setting with a wrong type or out-of-range value
 * falls back to the built-in default and is reported, never silently turned into a bad run.
 */
import type { PanelArrival, PanelRunConfig } from './panelProtocol';
import type { StrategyConfig } from './profileTypes';
import { RUN_DEFAULTS, RUN_LIMITS } from './runDefaults';
import { parseStrategySpec } from './strategies/strategySpec';
import { BURSTY_DEFAULTS } from './burstyArrival';

/** Reads one setting under `batchscope.`; undefined when unset or unreadable. */
export type SettingGetter = (key: string) => unknown;

/**
 * Built-in defaults of the settings: the shared run defaults (src/shared/runDefaults.ts), which
 * the CLI uses too. package.json's `contributes.configuration` is generated from these
 * (scripts/contributions) and a test keeps the two equal.
 */
export const SETTING_DEFAULTS = {
  strategies: [...RUN_DEFAULTS.strategies],
  durationS: RUN_DEFAULTS.durationS,
  rateRps: 0,
  arrival: RUN_DEFAULTS.arrival as (typeof ARRIVALS)[number],
  concurrency: RUN_DEFAULTS.concurrency,
  maxBatch: RUN_DEFAULTS.maxBatch,
  maxDelayMs: RUN_DEFAULTS.maxDelayMs,
  instances: RUN_DEFAULTS.instances,
  threads: RUN_DEFAULTS.threads,
  profilesFolder: RUN_DEFAULTS.profilesFolder,
};

/** Arrival patterns a setting may name (ramp and trace need more than a name). */
export const ARRIVALS = ['poisson', 'constant', 'bursty', 'closed'] as const;

export interface RunDefaults {
  config: PanelRunConfig;
  /** One line per setting that was ignored, for the output channel. */
  problems: string[];
}

/** Map settings to a complete run config for the form. */
export function runDefaultsFromSettings(get: SettingGetter): RunDefaults {
  const problems: string[] = [];
  const num = (key: keyof typeof SETTING_DEFAULTS, ok: (v: number) => boolean): number => {
    const v = get(key);
    const fallback = SETTING_DEFAULTS[key] as number;
    if (v === undefined) return fallback;
    if (typeof v === 'number' && Number.isFinite(v) && ok(v)) return v;
    problems.push(`Setting batchscope.${key} = ${JSON.stringify(v)} is not valid; using ${fallback}.`);
    return fallback;
  };
  const posInt = (v: number): boolean => Number.isInteger(v) && v >= 1;

  const maxBatch = num('maxBatch', posInt);
  const maxDelayMs = num('maxDelayMs', (v) => v >= 0);
  const durationS = num('durationS', (v) => v > 0);
  const rate = num('rateRps', (v) => v >= 0);
  const instances = num('instances', posInt);
  const threads = num('threads', posInt);
  const concurrency = num('concurrency', posInt);

  const run = { maxBatch, maxDelayMs, preferredBatch: [], sloMs: null };
  const fromSpecs = (specs: readonly string[]): StrategyConfig[] =>
    specs.map((spec) => parseStrategySpec(spec, run));
  let strategies: StrategyConfig[];
  const rawStrategies = get('strategies');
  try {
    if (rawStrategies === undefined) strategies = fromSpecs(SETTING_DEFAULTS.strategies);
    else {
      if (
        !Array.isArray(rawStrategies) ||
        rawStrategies.length === 0 ||
        rawStrategies.length > RUN_LIMITS.maxStrategies ||
        !rawStrategies.every((s) => typeof s === 'string')
      )
        throw new Error(
          `use a list of 1 to ${RUN_LIMITS.maxStrategies} strategy specs such as "dynamic(max=16,delay=2)"`,
        );
      strategies = fromSpecs(rawStrategies as string[]);
    }
  } catch (err) {
    strategies = fromSpecs(SETTING_DEFAULTS.strategies);
    problems.push(
      `Setting batchscope.strategies = ${JSON.stringify(rawStrategies)} is not valid (${(err as Error).message}); using ${SETTING_DEFAULTS.strategies.join(', ')}.`,
    );
  }

  let arrivalName: (typeof ARRIVALS)[number] = SETTING_DEFAULTS.arrival;
  const rawArrival = get('arrival');
  if (rawArrival !== undefined) {
    if (ARRIVALS.includes(rawArrival as (typeof ARRIVALS)[number]))
      arrivalName = rawArrival as typeof arrivalName;
    else
      problems.push(
        `Setting batchscope.arrival = ${JSON.stringify(rawArrival)} is not one of ${ARRIVALS.join(', ')}; using ${arrivalName}.`,
      );
  }

  return {
    config: {
      strategies,
      arrival: arrivalFor(arrivalName, concurrency),
      rateRps: rate === 0 ? null : rate,
      durationS,
      warmupS: RUN_DEFAULTS.warmupS,
      instances,
      threads,
      provider: 'cpu',
      dims: [],
      fixedInputs: {},
      sloMs: null,
      seed: RUN_DEFAULTS.seed,
      priorities: null,
      strategyWarmupS: RUN_DEFAULTS.strategyWarmupS,
      order: 'fixed',
      untilStable: false,
    },
    problems,
  };
}

/**
 * The run config with no settings at all: what `batchscope profile --config` fills a
 * configuration's missing fields with (the panel uses the user's settings instead).
 */
export function builtInRunConfig(): PanelRunConfig {
  return runDefaultsFromSettings(() => undefined).config;
}

/** The arrival a setting names, with the concurrency a closed loop needs. */
export function arrivalFor(name: (typeof ARRIVALS)[number], concurrency: number): PanelArrival {
  switch (name) {
    case 'constant':
    case 'poisson':
      return { kind: name };
    case 'bursty':
      // The CLI's bursty shape, so a panel run and `--arrival bursty` offer the same load.
      return { kind: 'bursty', ...BURSTY_DEFAULTS };
    case 'closed':
      return { kind: 'closed', concurrency };
  }
}

/** Read the profiles folder setting (a string; empty or not a string falls back to the default). */
export function profilesFolderSetting(get: SettingGetter): string {
  const v = get('profilesFolder');
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : SETTING_DEFAULTS.profilesFolder;
}
