/**
 * Settings (`batchscope.*`) -> the panel form's defaults. Pure: it takes a getter, so the
 * mapping is unit-tested without VS Code. A setting with a wrong type or out-of-range value
 * falls back to the built-in default and is reported, never silently turned into a bad run.
 */
import type { PanelArrival, PanelRunConfig } from '../../shared/panelProtocol';
import type { StrategyConfig, StrategyName } from '../../shared/profileTypes';
import { BURSTY_DEFAULTS } from '../../shared/burstyArrival';

/** Reads one setting under `batchscope.`; undefined when unset or unreadable. */
export type SettingGetter = (key: string) => unknown;

/** Built-in defaults, identical to those declared in package.json `contributes.configuration`. */
export const SETTING_DEFAULTS = {
  strategies: ['none', 'static', 'dynamic'] as StrategyName[],
  durationS: 5,
  rateRps: 0,
  arrival: 'poisson' as 'constant' | 'poisson' | 'bursty' | 'closed',
  concurrency: 16,
  maxBatch: 8,
  maxDelayMs: 2,
  instances: 1,
  threads: 1,
  profilesFolder: '.batchscope/profiles',
} as const;

const STRATEGY_NAMES: StrategyName[] = ['none', 'static', 'dynamic'];
const ARRIVALS = ['constant', 'poisson', 'bursty', 'closed'] as const;

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

  let names: StrategyName[] = [...SETTING_DEFAULTS.strategies];
  const rawStrategies = get('strategies');
  if (rawStrategies !== undefined) {
    const valid =
      Array.isArray(rawStrategies) &&
      rawStrategies.length > 0 &&
      rawStrategies.every((s) => STRATEGY_NAMES.includes(s as StrategyName));
    if (valid) names = [...new Set(rawStrategies as StrategyName[])];
    else
      problems.push(
        `Setting batchscope.strategies = ${JSON.stringify(rawStrategies)} is not valid (use a non-empty list of ${STRATEGY_NAMES.join(', ')}); using ${names.join(', ')}.`,
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

  const strategies = names.map((name): StrategyConfig => {
    switch (name) {
      case 'none':
        return { name };
      case 'static':
        return { name, batchSize: maxBatch };
      case 'dynamic':
        return { name, maxBatch, maxDelayMs, preferredBatch: [] };
    }
  });

  return {
    config: {
      strategies,
      arrival: arrivalFor(arrivalName, concurrency),
      rateRps: rate === 0 ? null : rate,
      durationS,
      warmupS: 1,
      instances,
      threads,
      provider: 'cpu',
      dims: [],
      fixedInputs: {},
      sloMs: null,
      seed: 1,
    },
    problems,
  };
}

function arrivalFor(name: (typeof ARRIVALS)[number], concurrency: number): PanelArrival {
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
