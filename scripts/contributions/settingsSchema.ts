/**
 * package.json's `contributes.configuration.properties`, generated from the shared run defaults
 * and the strategy registry, so the settings editor offers what the CLI and the panel accept.
 */
import { RUN_DEFAULTS, RUN_LIMITS } from '../../src/shared/runDefaults';
import { STRATEGIES, STRATEGY_NAMES } from '../../src/shared/strategies/registry';
import { ARRIVALS } from '../../src/shared/settingsDefaults';
import { BURSTY_DEFAULTS } from '../../src/shared/burstyArrival';

type Json = Record<string, unknown>;

export function settingsProperties(): Json {
  const names = STRATEGY_NAMES.join('|');
  const list = STRATEGIES.map((d) => `\`${d.name}\` (${d.summary.replace(/\.$/, '')})`).join('; ');
  const burstPct = Math.round(BURSTY_DEFAULTS.dutyCycle * 100);
  return {
    'batchscope.strategies': {
      type: 'array',
      items: {
        type: 'string',
        pattern: `^\\s*(${names})\\s*(\\(.*\\))?\\s*$`,
        patternErrorMessage: `A strategy name (${STRATEGY_NAMES.join(', ')}), optionally with parameters: dynamic(max=16,delay=2).`,
      },
      minItems: 1,
      maxItems: RUN_LIMITS.maxStrategies,
      default: [...RUN_DEFAULTS.strategies],
      markdownDescription: `Batching strategies the panel pre-selects, run one after another on the same arrivals. Each is a name or a name with parameters, as on the command line (\`dynamic(max=16,delay=2)\`, \`aimd(slo=20)\`); parameters not given take \`#batchscope.maxBatch#\` and \`#batchscope.maxDelayMs#\`. Strategies: ${list}. \`batchscope strategies\` lists every parameter.`,
    },
    'batchscope.durationS': {
      type: 'number',
      default: RUN_DEFAULTS.durationS,
      exclusiveMinimum: 0,
      maximum: RUN_LIMITS.maxDurationS,
      description: 'Measured duration of each strategy, in seconds (warm-up excluded).',
    },
    'batchscope.rateRps': {
      type: 'number',
      default: 0,
      minimum: 0,
      maximum: RUN_LIMITS.maxRateRps,
      markdownDescription:
        'Mean offered load in requests per second. `0` = derive it from calibration (60% of what the instances serve at the max batch size, rounded to 2 significant figures; recorded in the profile, and reused exactly by Re-run).',
    },
    'batchscope.arrival': {
      type: 'string',
      enum: [...ARRIVALS],
      default: RUN_DEFAULTS.arrival,
      enumDescriptions: ARRIVALS.map(
        (a) =>
          ({
            constant: 'Evenly spaced arrivals.',
            poisson: 'Random (exponential) gaps at the mean rate.',
            bursty: `Alternating bursts at ${BURSTY_DEFAULTS.ratio}x the mean rate (${burstPct}% of each ${BURSTY_DEFAULTS.periodS} s period) and quieter phases between them.`,
            closed:
              'Closed loop: `#batchscope.concurrency#` clients, each sends its next request when the previous one completes.',
          })[a],
      ),
      description: 'Arrival pattern of the offered load.',
    },
    'batchscope.concurrency': {
      type: 'integer',
      default: RUN_DEFAULTS.concurrency,
      minimum: 1,
      maximum: RUN_LIMITS.maxConcurrency,
      markdownDescription: 'Clients in a closed loop (`#batchscope.arrival#` = `closed`).',
    },
    'batchscope.maxBatch': {
      type: 'integer',
      default: RUN_DEFAULTS.maxBatch,
      minimum: 1,
      maximum: RUN_LIMITS.maxBatch,
      description:
        'Default max batch of every strategy (the batch size of static batching) where the strategy does not set its own.',
    },
    'batchscope.maxDelayMs': {
      type: 'number',
      default: RUN_DEFAULTS.maxDelayMs,
      minimum: 0,
      maximum: RUN_LIMITS.maxDelayMs,
      description:
        'Default max queue delay (dynamic, bucketed): the longest the oldest queued request waits for a batch to fill, in milliseconds.',
    },
    'batchscope.instances': {
      type: 'integer',
      default: RUN_DEFAULTS.instances,
      minimum: 1,
      maximum: RUN_LIMITS.maxInstances,
      description: 'Model instances (each an onnxruntime session on its own worker thread).',
    },
    'batchscope.threads': {
      type: 'integer',
      default: RUN_DEFAULTS.threads,
      minimum: 1,
      maximum: RUN_LIMITS.maxThreads,
      description: 'Intra-op threads per model instance.',
    },
    'batchscope.profilesFolder': {
      type: 'string',
      default: RUN_DEFAULTS.profilesFolder,
      scope: 'resource',
      description:
        'Where profiles are saved: relative to the workspace folder of the model, or an absolute path.',
    },
  };
}
