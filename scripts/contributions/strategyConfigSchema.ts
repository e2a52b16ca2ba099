/**
 * The profile schema's `strategyConfig` definition, generated from the strategy registry: one
 * branch per strategy with its parameters' types and ranges. Profiles from strategies this
 * version does not know (a newer Batchscope) still validate by name alone.
 */
import { STRATEGIES, STRATEGY_NAMES, paramsOf } from '../../src/shared/strategies/registry';
import type { ParamSpec } from '../../src/shared/strategies/strategyParams';

type Json = Record<string, unknown>;

function paramSchema(p: ParamSpec): Json {
  const bounds = (): Json => ({
    ...(p.min !== undefined ? (p.positive ? { exclusiveMinimum: p.min } : { minimum: p.min }) : {}),
    ...(p.max !== undefined ? { maximum: p.max } : {}),
  });
  switch (p.type) {
    case 'choice':
      return { enum: [...(p.choices ?? [])] };
    case 'intList':
      return { type: 'array', items: { type: 'integer', ...bounds() } };
    case 'int':
      return { type: 'integer', ...bounds() };
    default:
      return { type: 'number', ...bounds() };
  }
}

export function strategyConfigSchema(): Json {
  return {
    type: 'object',
    required: ['name'],
    properties: { name: { type: 'string' } },
    oneOf: [
      ...STRATEGIES.map((d) => {
        const params = paramsOf(d);
        // Parameters without a default are required; queue-policy ones may be absent in older profiles.
        const required = d.params
          .filter((p) => p.default !== null || p.runDefault !== undefined)
          .map((p) => p.key);
        return {
          ...(required.length > 0 ? { required } : {}),
          properties: {
            name: { const: d.name },
            ...Object.fromEntries(params.map((p) => [p.key, paramSchema(p)])),
          },
          additionalProperties: false,
        };
      }),
      { properties: { name: { not: { enum: [...STRATEGY_NAMES] } } } },
    ],
  };
}
