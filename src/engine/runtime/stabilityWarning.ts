import type { RunSettings, StrategyResult } from '../../shared/profileTypes';

/**
 * The warning for a strategy whose last stability windows disagree (or were too few to judge),
 * with what to do about it. Null when it was stable, or when it was cut short (the partial
 * warning says that already).
 */
export function stabilityWarning(result: StrategyResult, settings: RunSettings): string | null {
  const s = result.summary.stability;
  if (!s || result.partial || s.stable === true) return null;
  const fix = settings.untilStableMaxS
    ? `it did not settle within --until-stable's ${settings.untilStableMaxS}s; its figures describe a system still changing`
    : 'measure longer (--duration) or let it run until stable (--until-stable)';
  if (s.stable === null) return `${result.label}: stability not judged: ${s.reason}. To judge it, ${fix}.`;
  return `${result.label} was not stable: ${s.reason}. Its figures may not repeat; ${fix}.`;
}
