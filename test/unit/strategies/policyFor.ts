/** Policies for tests that need no context (no calibration, no SLO, one instance). */
import type { StrategyConfig } from '../../../src/shared/profileTypes';
import type { BatchingPolicy } from '../../../src/shared/strategies/policy';
import { createPolicy as createWithContext } from '../../../src/shared/strategies/strategyConfigs';
import type { StrategyContext } from '../../../src/shared/strategies/strategyDescriptor';

export const NO_CONTEXT: StrategyContext = { calibration: [], sloMs: null, instances: 1 };

/** The policy for `config`, checked as the engine checks it. */
export function createPolicy(config: StrategyConfig, context: StrategyContext = NO_CONTEXT): BatchingPolicy {
  return createWithContext(config, context);
}
