/**
 * A configuration from the file <-> the panel's run config. Reading fills what the configuration
 * leaves out from `defaults` (the caller's: settings in the editor, the built-in ones in the CLI);
 * writing puts every run-relevant field in, so a saved configuration says everything it runs with
 * and runs the same wherever it is read.
 */
import { BURSTY_DEFAULTS } from '../burstyArrival';
import type { PanelArrival, PanelDim, PanelRunConfig } from '../panelProtocol';
import type { StrategyConfig } from '../profileTypes';
import { RUN_DEFAULTS } from '../runDefaults';
import type { StrategyOrder } from '../measurementPlan';
import { parseStrategySpec } from '../strategies/strategySpec';
import { DIM_PATTERN } from './checkConfiguration';
import type { ConfigurationArrival, RunConfiguration } from './configurationFormat';
import { RunConfigurationError, type ConfigurationProblem } from './configurationProblems';
import { specDefaults, strategySpecText } from './strategySpecText';

/**
 * The run config a (checked) configuration describes; fields it leaves out take `defaults`.
 * @throws RunConfigurationError when a strategy spec does not parse (an unknown parameter, an
 *   SLO-driven strategy with no SLO…), naming the configuration and the spec
 */
export function toPanelRunConfig(configuration: RunConfiguration, defaults: PanelRunConfig): PanelRunConfig {
  const t = configuration.traffic ?? {};
  const x = configuration.execution ?? {};
  const sloMs = configuration.sloMs === undefined ? defaults.sloMs : configuration.sloMs;
  const arrival = t.arrival === undefined ? defaults.arrival : panelArrival(t.arrival, defaults.arrival);
  const order = x.order ?? defaults.order;
  const strategyWarmupS = x.strategyWarmupS ?? defaults.strategyWarmupS;
  const untilStable = x.untilStable ?? defaults.untilStable;
  const batchAxes = configuration.batchAxes ?? defaults.batchAxes;
  return {
    strategies:
      configuration.strategies === undefined
        ? defaults.strategies
        : parseSpecs(configuration.name, configuration.strategies, sloMs),
    arrival,
    // A closed loop or a ramp has none (the check refuses one); the run ignores the default's.
    rateRps: t.rateRps === undefined ? defaults.rateRps : t.rateRps,
    durationS: t.durationS ?? defaults.durationS,
    warmupS: t.warmupS ?? defaults.warmupS,
    instances: x.instances ?? defaults.instances,
    threads: x.threads ?? defaults.threads,
    provider: x.provider ?? defaults.provider,
    dims: configuration.dims === undefined ? defaults.dims : panelDims(configuration.dims),
    fixedInputs:
      configuration.inputs === undefined
        ? defaults.fixedInputs
        : Object.fromEntries(
            Object.entries(configuration.inputs).map(([k, v]) => [k, Array.isArray(v) ? [...v] : [v]]),
          ),
    sloMs,
    seed: t.seed ?? defaults.seed,
    priorities:
      t.priorities === undefined ? defaults.priorities : t.priorities === null ? null : [...t.priorities],
    ...(strategyWarmupS !== undefined ? { strategyWarmupS } : {}),
    ...(order !== undefined ? { order } : {}),
    ...(untilStable !== undefined ? { untilStable } : {}),
    ...(batchAxes !== undefined ? { batchAxes: { ...batchAxes } } : {}),
  };
}

/**
 * The configuration to save for `config` under `name`. `modelRef` is written as given: a path
 * relative to the folder holding .batchscope/ (see modelRefFor), an absolute path, or a synthetic spec.
 */
export function fromPanelRunConfig(name: string, modelRef: string, config: PanelRunConfig): RunConfiguration {
  const rated = config.arrival.kind !== 'closed' && config.arrival.kind !== 'ramp';
  const run = specDefaults(config.sloMs);
  return {
    name,
    model: modelRef,
    dims: Object.fromEntries(
      config.dims.map((d) => [d.name, d.min === d.max ? d.min : `${d.min}..${d.max}`]),
    ),
    inputs: Object.fromEntries(
      Object.entries(config.fixedInputs).map(([k, v]) => [k, v.length === 1 ? v[0] : [...v]]),
    ),
    batchAxes: { ...(config.batchAxes ?? {}) },
    strategies: config.strategies.map((s) => strategySpecText(s, run)),
    traffic: {
      arrival: configurationArrival(config.arrival),
      ...(rated ? { rateRps: config.rateRps } : {}),
      durationS: config.durationS,
      warmupS: config.warmupS,
      seed: config.seed,
      priorities: config.priorities === null ? null : [...config.priorities],
    },
    execution: {
      instances: config.instances,
      threads: config.threads,
      provider: config.provider,
      order: config.order ?? (RUN_DEFAULTS.order as StrategyOrder),
      strategyWarmupS: config.strategyWarmupS ?? RUN_DEFAULTS.strategyWarmupS,
      untilStable: config.untilStable ?? false,
    },
    sloMs: config.sloMs,
  };
}

/**
 * Where a run config's field (as validateRunConfig names it: `rateRps`, `strategies.1.maxBatch`,
 * `dims.seq.min`) lives in a configuration: `traffic.rateRps`, `strategies #2`, `dims.seq`.
 */
export function configurationField(panelField: string): string {
  const [head, second] = panelField.split('.');
  switch (head) {
    case 'strategies':
      return second !== undefined && /^\d+$/.test(second)
        ? `strategies #${Number(second) + 1}`
        : 'strategies';
    case 'arrival':
      return `traffic.${panelField}`;
    case 'rateRps':
    case 'durationS':
    case 'warmupS':
    case 'seed':
    case 'priorities':
      return `traffic.${head}`;
    case 'instances':
    case 'threads':
    case 'provider':
    case 'order':
    case 'strategyWarmupS':
    case 'untilStable':
      return `execution.${head}`;
    case 'dims':
      return second !== undefined ? `dims.${second}` : 'dims';
    case 'fixedInputs':
      return second !== undefined ? `inputs.${second}` : 'inputs';
    default:
      return panelField;
  }
}

/**
 * A configuration's strategy specs as configs, read with the built-in defaults and its SLO.
 * @throws RunConfigurationError naming each spec that does not parse
 */
export function parseSpecs(name: string, specs: readonly string[], sloMs: number | null): StrategyConfig[] {
  const problems: ConfigurationProblem[] = [];
  const configs = specs.map((spec, i) => {
    try {
      return parseStrategySpec(spec, specDefaults(sloMs));
    } catch (err) {
      const why = (err as Error).message;
      problems.push({
        configuration: name,
        index: null,
        field: `strategies #${i + 1}`,
        message: why.includes('batchscope strategies')
          ? why
          : `${why} (\`batchscope strategies\` lists every strategy and its parameters.)`,
      });
      return { name: spec };
    }
  });
  if (problems.length > 0)
    throw new RunConfigurationError(
      problems.map((p) => `configuration "${name}", ${p.field}: ${p.message}`).join('\n'),
      problems,
    );
  return configs;
}

function panelDims(dims: Record<string, number | string>): PanelDim[] {
  return Object.entries(dims).map(([name, v]) => {
    if (typeof v === 'number') return { name, min: v, max: v };
    const m = DIM_PATTERN.exec(v);
    const min = Number(m?.[1]);
    return { name, min, max: m?.[2] === undefined ? min : Number(m[2]) };
  });
}

function panelArrival(a: ConfigurationArrival, fallback: PanelArrival): PanelArrival {
  const o = typeof a === 'string' ? { kind: a } : a;
  switch (o.kind) {
    case 'poisson':
    case 'constant':
      return { kind: o.kind };
    case 'bursty': {
      const b = o as Extract<ConfigurationArrival, { kind: 'bursty' }>;
      return {
        kind: 'bursty',
        ratio: b.ratio ?? BURSTY_DEFAULTS.ratio,
        periodS: b.periodS ?? BURSTY_DEFAULTS.periodS,
        dutyCycle: b.dutyCycle ?? BURSTY_DEFAULTS.dutyCycle,
      };
    }
    case 'closed': {
      const c = o as Extract<ConfigurationArrival, { kind: 'closed' }>;
      const concurrency =
        c.concurrency ?? (fallback.kind === 'closed' ? fallback.concurrency : RUN_DEFAULTS.concurrency);
      return { kind: 'closed', concurrency };
    }
    case 'ramp': {
      const r = o as Extract<ConfigurationArrival, { kind: 'ramp' }>;
      return { kind: 'ramp', fromRps: r.fromRps, toRps: r.toRps };
    }
  }
}

/** Poisson and constant by name; the others as objects with every parameter. */
function configurationArrival(a: PanelArrival): ConfigurationArrival {
  switch (a.kind) {
    case 'poisson':
    case 'constant':
      return a.kind;
    case 'bursty':
      return { kind: 'bursty', ratio: a.ratio, periodS: a.periodS, dutyCycle: a.dutyCycle };
    case 'closed':
      return { kind: 'closed', concurrency: a.concurrency };
    case 'ramp':
      return { kind: 'ramp', fromRps: a.fromRps, toRps: a.toRps };
  }
}
