/**
 * Strategy spec strings, as `--strategies` and the `batchscope.strategies` setting take them:
 * `none,static(16),dynamic(max=16,delay=2,pref=4/8),aimd(slo=20)`.
 *
 * - A spec is a name, optionally followed by parameters in parentheses.
 * - A parameter is `short=value`; bare values before the first named one fill the strategy's
 *   parameters in order (`static(16)`, `dynamic(16,2)`).
 * - A list is written with '/' (`pref=4/8`); a bare value right after a list continues it
 *   (`pref=4,8`).
 * - Parameters not given take the run-wide defaults (`--max-batch`, `--max-delay-ms`, …), then
 *   the built-in ones.
 */
import type { StrategyConfig } from '../profileTypes';
import { findStrategy, paramsOf, STRATEGY_NAMES } from './registry';
import { completeConfig, checkStrategyConfig, BUILTIN_STRATEGY_DEFAULTS } from './strategyConfigs';
import { parseParamValue, type ParamValue, type RunStrategyDefaults } from './strategyParams';
import { didYouMean } from '../didYouMean';

/** Splits a list of specs at the commas outside parentheses. */
export function splitSpecs(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '(') depth++;
    else if (ch === ')') depth = Math.max(0, depth - 1);
    else if (ch === ',' && depth === 0) {
      out.push(text.slice(start, i));
      start = i + 1;
    }
  }
  out.push(text.slice(start));
  return out.map((s) => s.trim()).filter((s) => s !== '');
}

/**
 * Parses one spec into a complete, checked config.
 * @throws Error with a message for people that quotes the spec and says what to write instead.
 */
export function parseStrategySpec(
  text: string,
  run: RunStrategyDefaults = BUILTIN_STRATEGY_DEFAULTS,
  modelMaxBatch: number | null = null,
): StrategyConfig {
  const m = /^([A-Za-z][\w-]*)\s*(?:\((.*)\))?$/s.exec(text.trim());
  if (!m)
    throw new Error(
      `"${text}" is not a strategy spec; write NAME or NAME(key=value,…), e.g. dynamic(max=16,delay=2).`,
    );
  const name = m[1].toLowerCase();
  const d = findStrategy(name);
  if (!d)
    throw new Error(
      `unknown strategy "${m[1]}".${didYouMean(name, STRATEGY_NAMES)} Choose from ${STRATEGY_NAMES.join(', ')} ` +
        '(batchscope strategies lists them with their parameters).',
    );
  const params = paramsOf(d);
  const given: Record<string, ParamValue> = {};
  const body = m[2]?.trim() ?? '';
  let positional = 0;
  let named = false;
  let lastList: string | null = null;
  for (const token of body === '' ? [] : body.split(',').map((t) => t.trim())) {
    const eq = token.indexOf('=');
    if (eq < 0) {
      if (lastList !== null && token !== '') {
        (given[lastList] as number[]).push(
          ...(parseParamValue(
            params.find((p) => p.key === lastList)!,
            token,
          ) as number[]),
        );
        continue;
      }
      if (named || positional >= d.params.length)
        throw new Error(
          `${text}: "${token}" has no name; write key=value (${d.name} takes ${params.map((p) => p.short).join(', ')}).`,
        );
      const spec = d.params[positional++];
      given[spec.key] = valueOf(text, spec.short, () => parseParamValue(spec, token));
      lastList = spec.type === 'intList' ? spec.key : null;
      continue;
    }
    named = true;
    const short = token.slice(0, eq).trim().toLowerCase();
    const spec = params.find((p) => p.short === short || p.key.toLowerCase() === short);
    if (!spec)
      throw new Error(
        `${text}: ${d.name} has no parameter "${short}".${didYouMean(
          short,
          params.map((p) => p.short),
        )} ` + `It takes ${params.map((p) => p.short).join(', ')}.`,
      );
    if (spec.key in given) throw new Error(`${text}: "${short}" is given twice.`);
    given[spec.key] = valueOf(text, short, () => parseParamValue(spec, token.slice(eq + 1)));
    lastList = spec.type === 'intList' ? spec.key : null;
  }
  const config = completeConfig(name, given, run);
  const problems = checkStrategyConfig(config, modelMaxBatch);
  if (problems.length > 0) throw new Error(`${text}: ${problems.map((p) => p.message).join(' ')}`);
  return config;
}

function valueOf(text: string, short: string, parse: () => ParamValue): ParamValue {
  try {
    return parse();
  } catch (err) {
    throw new Error(`${text}: ${(err as Error).message}`);
  }
}

/** Parses a comma-separated list of specs (`--strategies`). */
export function parseStrategyList(
  text: string,
  run: RunStrategyDefaults = BUILTIN_STRATEGY_DEFAULTS,
  modelMaxBatch: number | null = null,
): StrategyConfig[] {
  const specs = splitSpecs(text);
  if (specs.length === 0) throw new Error('no strategy given; e.g. none,dynamic(max=16,delay=2).');
  return specs.map((s) => parseStrategySpec(s, run, modelMaxBatch));
}
