/**
 * The JSON schema of run configurations files (`.batchscope/config.json`), generated from the
 * format's field lists, the run limits and the strategy registry, so the editor's completion and
 * squiggles follow what the parser accepts. Written to schemas/config.schema.json.
 */
import { BURSTY_DEFAULTS } from '../../src/shared/burstyArrival';
import { STRATEGY_ORDERS } from '../../src/shared/measurementPlan';
import { RUN_DEFAULTS, RUN_LIMITS } from '../../src/shared/runDefaults';
import {
  ARRIVAL_FIELDS,
  ARRIVAL_NAMES,
  CONFIGURATION_FIELDS,
  CONFIGURATIONS_VERSION,
  EXECUTION_FIELDS,
  TRAFFIC_FIELDS,
} from '../../src/shared/runConfigurations/configurationFormat';
import { STRATEGIES, STRATEGY_NAMES } from '../../src/shared/strategies/registry';

type Json = Record<string, unknown>;

/** The schema describes exactly the fields the parser knows (configurationFormat.ts). */
function exactly(properties: Record<string, unknown>, fields: readonly string[], what: string): void {
  const keys = Object.keys(properties);
  if (keys.length !== fields.length || !fields.every((f) => keys.includes(f)))
    throw new Error(`config schema: ${what} has ${keys.join(', ')}; the parser knows ${fields.join(', ')}`);
}

const positive = (max: number, description: string): Json => ({
  type: 'number',
  exclusiveMinimum: 0,
  maximum: max,
  description,
});

function arrivalSchema(): Json {
  const num = (description: string, extra: Json = {}): Json => ({ type: 'number', description, ...extra });
  const params: Record<string, Json> = {
    bursty: {
      ratio: num(`High-phase rate ÷ mean rate. Default ${BURSTY_DEFAULTS.ratio}.`, {
        minimum: 1,
        maximum: 1000,
      }),
      periodS: num(`Length of one high + low cycle, s. Default ${BURSTY_DEFAULTS.periodS}.`, {
        exclusiveMinimum: 0,
      }),
      dutyCycle: num(`Share of each period at the high rate. Default ${BURSTY_DEFAULTS.dutyCycle}.`, {
        exclusiveMinimum: 0,
        exclusiveMaximum: 1,
      }),
    },
    closed: {
      concurrency: {
        type: 'integer',
        minimum: 1,
        maximum: RUN_LIMITS.maxConcurrency,
        description: `Clients, each sending its next request when the previous one is done. Default ${RUN_DEFAULTS.concurrency}.`,
      },
    },
    ramp: {
      fromRps: positive(RUN_LIMITS.maxRateRps, 'Rate at the start, requests/s.'),
      toRps: positive(RUN_LIMITS.maxRateRps, 'Rate at the end, requests/s.'),
    },
  };
  const descriptions: Record<string, string> = {
    poisson: 'Random (exponential) gaps at the mean rate.',
    constant: 'Evenly spaced arrivals.',
    bursty: 'Alternating high- and low-rate phases around the mean rate.',
    closed: 'Closed loop: a fixed number of clients.',
    ramp: 'The rate grows (or falls) linearly over the duration.',
  };
  return {
    description: 'Arrival process: a name, or an object with "kind" and its parameters.',
    default: RUN_DEFAULTS.arrival,
    oneOf: [
      { enum: [...ARRIVAL_NAMES], enumDescriptions: ARRIVAL_NAMES.map((n) => descriptions[n]) },
      ...Object.entries(ARRIVAL_FIELDS).map(([kind, fields]) => ({
        type: 'object',
        description: descriptions[kind],
        required: kind === 'ramp' ? ['kind', 'fromRps', 'toRps'] : ['kind'],
        properties: {
          kind: { const: kind },
          ...Object.fromEntries(fields.slice(1).map((f) => [f, params[kind][f]])),
        },
        additionalProperties: false,
      })),
    ],
  };
}

function configurationSchema(): Json {
  const names = STRATEGY_NAMES.join('|');
  // The strategies' summaries, for the strategies field's hover.
  const list = STRATEGIES.map((d) => `\`${d.name}\`: ${d.summary}`).join(' ');
  const properties: Record<string, Json> = {
    name: {
      type: 'string',
      minLength: 1,
      description: 'Shown in the panel and used by `batchscope profile --config NAME`.',
    },
    model: {
      type: 'string',
      minLength: 1,
      markdownDescription:
        'The model: a path relative to the folder that holds `.batchscope/`, an absolute path, or a synthetic model (`synthetic:base=20ms,per-item=2ms`).',
    },
    dims: {
      type: 'object',
      description: 'Symbolic (non-batch) dims: a size, or a range "MIN..MAX" drawn per request.',
      additionalProperties: {
        oneOf: [
          { type: 'integer', minimum: 1, maximum: RUN_LIMITS.maxDim },
          { type: 'string', pattern: '^\\s*\\d+\\s*(\\.\\.\\s*\\d+\\s*)?$' },
        ],
      },
    },
    inputs: {
      type: 'object',
      description:
        'Inputs fixed to a value (a sample rate…): a number, or a list that fills the tensor in order.',
      additionalProperties: {
        oneOf: [{ type: 'number' }, { type: 'array', items: { type: 'number' }, minItems: 1 }],
      },
    },
    batchAxes: {
      type: 'object',
      description: 'Batch axis (0-based) per input or output name, where probing the model cannot tell.',
      additionalProperties: { type: 'integer', minimum: 0 },
    },
    strategies: {
      type: 'array',
      markdownDescription: `Strategies to compare, in run order, as \`--strategies\` takes them: \`dynamic(max=16,delay=2)\`, \`aimd(slo=20)\`. Parameters left out take the built-in defaults (max batch ${RUN_DEFAULTS.maxBatch}, delay ${RUN_DEFAULTS.maxDelayMs} ms) and \`sloMs\`. \`batchscope strategies\` lists every parameter. ${list}`,
      minItems: 1,
      maxItems: RUN_LIMITS.maxStrategies,
      items: {
        type: 'string',
        pattern: `^\\s*(${names})\\s*(\\(.*\\))?\\s*$`,
        patternErrorMessage: `A strategy name (${STRATEGY_NAMES.join(', ')}), optionally with parameters: dynamic(max=16,delay=2).`,
      },
      default: [...RUN_DEFAULTS.strategies],
    },
    traffic: {
      type: 'object',
      description: 'The offered load and how long each strategy is measured.',
      properties: {
        arrival: arrivalSchema(),
        rateRps: {
          type: ['number', 'null'],
          exclusiveMinimum: 0,
          maximum: RUN_LIMITS.maxRateRps,
          description:
            'Mean offered rate, requests/s; null derives it from calibration (60% of what the instances serve at the largest batch, rounded to 2 significant figures, and recorded in the profile). Not for closed or ramp arrivals.',
        },
        durationS: positive(RUN_LIMITS.maxDurationS, 'Measured seconds per strategy.'),
        warmupS: {
          type: 'number',
          minimum: 0,
          maximum: RUN_LIMITS.maxWarmupS,
          description: 'Model warm-up before calibration, s.',
        },
        seed: {
          type: 'integer',
          minimum: 0,
          maximum: RUN_LIMITS.maxSeed,
          description: 'Seed of arrivals and synthetic inputs.',
        },
        priorities: {
          type: ['array', 'null'],
          items: { type: 'number', exclusiveMinimum: 0 },
          minItems: 2,
          maxItems: RUN_LIMITS.maxPriorityLevels,
          description:
            'Share of requests per priority level, highest first (e.g. [0.2, 0.8]); null for one level.',
        },
      },
      additionalProperties: false,
    },
    execution: {
      type: 'object',
      description: 'Where and how the strategies run.',
      properties: {
        instances: {
          type: 'integer',
          minimum: 1,
          maximum: RUN_LIMITS.maxInstances,
          description: 'Model instances serving batches in parallel.',
        },
        threads: {
          type: 'integer',
          minimum: 1,
          maximum: RUN_LIMITS.maxThreads,
          description: 'Intra-op threads per instance.',
        },
        provider: { enum: ['cpu', 'cuda'], description: 'onnxruntime execution provider.' },
        order: {
          enum: [...STRATEGY_ORDERS],
          description: 'Order of the strategies’ turns (interleaved: alternating slices).',
        },
        strategyWarmupS: {
          type: 'number',
          minimum: 0,
          maximum: RUN_LIMITS.maxWarmupS,
          description: 'Each strategy’s own warm-up on its traffic, s, left out of its results.',
        },
        untilStable: {
          type: 'boolean',
          description: `Keep measuring each strategy until stable, up to ${RUN_DEFAULTS.untilStableFactor} × the duration.`,
        },
      },
      additionalProperties: false,
    },
    sloMs: {
      type: ['number', 'null'],
      exclusiveMinimum: 0,
      maximum: RUN_LIMITS.maxSloMs,
      description: 'Latency objective, ms (goodput, and the budget of SLO-aware strategies); null for none.',
    },
  };
  exactly(properties, CONFIGURATION_FIELDS, 'a configuration');
  exactly((properties.traffic as { properties: Json }).properties, TRAFFIC_FIELDS, 'traffic');
  exactly((properties.execution as { properties: Json }).properties, EXECUTION_FIELDS, 'execution');
  return {
    type: 'object',
    required: ['name', 'model'],
    properties,
    additionalProperties: false,
    defaultSnippets: [
      {
        label: 'New run configuration',
        body: {
          name: '$1',
          model: '${2:model.onnx}',
          strategies: ['none', '${3:dynamic(max=16,delay=2)}'],
          traffic: { arrival: 'poisson', rateRps: null, durationS: RUN_DEFAULTS.durationS },
        },
      },
    ],
  };
}

export function configSchema(): Json {
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'Batchscope run configurations (.batchscope/config.json)',
    description:
      'Named runs of a model: the panel saves and restores them, `batchscope profile --config NAME` runs one. Comments and trailing commas are allowed.',
    // VS Code's JSON language service: no complaints about comments or trailing commas here.
    allowComments: true,
    allowTrailingCommas: true,
    type: 'object',
    required: ['version', 'configurations'],
    properties: {
      $schema: { type: 'string' },
      version: { const: CONFIGURATIONS_VERSION, description: 'Format version.' },
      configurations: {
        type: 'array',
        items: configurationSchema(),
        description: 'The named run configurations.',
      },
    },
    additionalProperties: false,
  };
}
