import type { StrategyConfig } from '../../shared/profileTypes';
import { DynamicBatchingPolicy } from './dynamicBatching';
import { NoBatchingPolicy } from './noBatching';
import type { BatchingPolicy } from './policy';
import { StaticBatchingPolicy } from './staticBatching';

/**
 * Builds the policy for a strategy configuration, after checking its knobs.
 * @throws Error with a message for people when a knob is out of range (e.g. a batch size of 0).
 */
export function createPolicy(config: StrategyConfig): BatchingPolicy {
  switch (config.name) {
    case 'none':
      return new NoBatchingPolicy();
    case 'static':
      requireBatchSize('static batch size', config.batchSize);
      return new StaticBatchingPolicy(config.batchSize);
    case 'dynamic': {
      requireBatchSize('dynamic max batch size', config.maxBatch);
      if (!Number.isFinite(config.maxDelayMs) || config.maxDelayMs < 0) {
        throw new Error(
          `dynamic max queue delay must be a number of milliseconds >= 0, got ${config.maxDelayMs}; ` +
            'use e.g. --max-delay-ms 2',
        );
      }
      for (const size of config.preferredBatch) {
        requireBatchSize('dynamic preferred batch size', size);
        if (size > config.maxBatch) {
          throw new Error(
            `dynamic preferred batch size ${size} is larger than the max batch size ${config.maxBatch}; ` +
              'lower it or raise --max-batch',
          );
        }
      }
      return new DynamicBatchingPolicy(config);
    }
    default:
      return assertNever(config);
  }
}

/**
 * The display label of a strategy, unique for distinct configurations, e.g. "none", "static(8)",
 * "dynamic(max=8, delay=2ms)", "dynamic(max=8, delay=2ms, pref=4,8)".
 */
export function strategyLabel(config: StrategyConfig): string {
  switch (config.name) {
    case 'none':
      return 'none';
    case 'static':
      return `static(${config.batchSize})`;
    case 'dynamic': {
      const base = `max=${config.maxBatch}, delay=${formatMs(config.maxDelayMs)}ms`;
      const preferred = [...new Set(config.preferredBatch)].sort((a, b) => a - b);
      return preferred.length > 0 ? `dynamic(${base}, pref=${preferred.join(',')})` : `dynamic(${base})`;
    }
    default:
      return assertNever(config);
  }
}

/** Milliseconds without floating-point noise (0.1 + 0.2 prints as 0.3). */
function formatMs(ms: number): string {
  return String(Number(ms.toPrecision(6)));
}

function requireBatchSize(what: string, value: number): void {
  if (!Number.isInteger(value) || value < 1) {
    throw new Error(`${what} must be a whole number >= 1, got ${value}`);
  }
}

function assertNever(config: never): never {
  throw new Error(`unknown strategy ${JSON.stringify(config)}; expected none, static or dynamic`);
}
