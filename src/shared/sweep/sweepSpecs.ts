/**
 * The configurations of a sweep: strategy specs whose parameters may list alternatives with `|`
 * (`dynamic(max=1|2|4|8, delay=0|1|2)` is 12 configs), each on every instance count. Any
 * parameter of any registered strategy can be swept this way; every expanded spec goes through
 * the registry's own parser, so a bad value is reported as `--strategies` would report it.
 * Node-free: the panel's sweep form checks what the user types with it.
 */
import type { StrategyConfig } from '../profileTypes';
import { splitSpecs, parseStrategySpec } from '../strategies/strategySpec';
import { strategyLabel } from '../strategies/strategyConfigs';

/** Most configurations one sweep takes (strategy configs × instance counts). */
export const MAX_SWEEP_CONFIGS = 400;

/**
 * Expands one spec's `|` alternatives into plain specs (cartesian product, in the order written).
 * An alternative may be named (`max=1|2`) or positional (`static(4|8)`).
 */
export function expandSpec(spec: string): string[] {
  const open = spec.indexOf('(');
  const close = spec.lastIndexOf(')');
  if (open < 0 || close < open) return [spec];
  const head = spec.slice(0, open + 1);
  const tail = spec.slice(close);
  const tokens = spec.slice(open + 1, close).split(',');
  let specs: string[][] = [[]];
  for (const token of tokens) {
    const eq = token.indexOf('=');
    const name = eq >= 0 ? token.slice(0, eq + 1) : '';
    const values = (eq >= 0 ? token.slice(eq + 1) : token).split('|');
    specs = specs.flatMap((prefix) => values.map((v) => [...prefix, `${name.trim()}${v.trim()}`]));
  }
  return specs.map((parts) => `${head}${parts.join(',')}${tail}`);
}

/**
 * Every strategy config of `text` (comma-separated specs, each possibly with alternatives),
 * checked, without duplicates, capped at `modelMaxBatch` (a config asking for more is an error).
 */
export function sweepStrategyConfigs(text: string, modelMaxBatch: number | null): StrategyConfig[] {
  const specs = splitSpecs(text);
  if (specs.length === 0)
    throw new Error('no strategy given; e.g. none,dynamic(max=1|2|4|8|16,delay=0|1|2|5).');
  const seen = new Set<string>();
  const configs: StrategyConfig[] = [];
  for (const spec of specs) {
    for (const plain of expandSpec(spec)) {
      const config = parseStrategySpec(plain, undefined, modelMaxBatch);
      const key = strategyLabel(config);
      if (seen.has(key)) continue;
      seen.add(key);
      configs.push(config);
    }
  }
  return configs;
}

/** The default grid: the no-batching baseline and dynamic batching over max batch × max delay. */
export function defaultSweepStrategies(modelMaxBatch: number | null): string {
  const sizes = [2, 4, 8, 16, 32].filter((b) => modelMaxBatch === null || b <= modelMaxBatch);
  if (sizes.length === 0) return 'none';
  return `none,dynamic(max=${sizes.join('|')},delay=0|0.5|1|2|5)`;
}

/** The specs of a `--strategies` text, as written (alternatives kept), for the sweep's settings. */
export function splitSweepSpecs(text: string): string[] {
  return splitSpecs(text);
}

/** Every configuration of a sweep's strategies text (see sweepStrategyConfigs). */
export const expandSweepSpecs = sweepStrategyConfigs;
