/**
 * Strategy configs as the spec strings a configuration file holds, written so that reading them
 * back gives the same config: parameters equal to what the reader would fill in are left out,
 * numbers are written exactly (formatStrategySpec rounds to 6 digits, fine for a label, not for a
 * file), and the defaults are those the reader uses (the built-in ones and the file's SLO).
 */
import type { StrategyConfig } from '../profileTypes';
import { findStrategy, paramsOf } from '../strategies/registry';
import { BUILTIN_STRATEGY_DEFAULTS, paramDefault } from '../strategies/strategyConfigs';
import { sameParamValue, type ParamValue, type RunStrategyDefaults } from '../strategies/strategyParams';

/**
 * The run-wide defaults a configuration's strategy specs are read with: the built-in max batch
 * and delay (a spec means the same on every machine, whatever the editor's settings say), and the
 * configuration's own SLO (`aimd` takes its budget from it, as with --slo-ms).
 */
export function specDefaults(sloMs: number | null): RunStrategyDefaults {
  return { ...BUILTIN_STRATEGY_DEFAULTS, sloMs };
}

const exact = (v: ParamValue): string => (Array.isArray(v) ? v.map(String).join('/') : String(v));

/** `dynamic(max=16,delay=0.25)`, `none`: parses back to `config` under `run`. */
export function strategySpecText(config: StrategyConfig, run: RunStrategyDefaults): string {
  const d = findStrategy(config.name);
  if (!d) return config.name;
  const parts: string[] = [];
  for (const spec of paramsOf(d)) {
    const v = config[spec.key];
    if (v === undefined || sameParamValue(v, paramDefault(spec, run))) continue;
    parts.push(`${spec.short}=${exact(v)}`);
  }
  return parts.length > 0 ? `${d.name}(${parts.join(',')})` : d.name;
}
