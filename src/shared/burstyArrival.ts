/**
 * The bursty arrival shape's defaults and its one feasibility rule, shared by the CLI's parser,
 * the arrival generator, the panel form and the host's settings (no Node or DOM imports).
 */

/** High phase at 4x the mean rate for a fifth of each 2 s period; the low phase then runs at a quarter. */
export const BURSTY_DEFAULTS = { ratio: 4, periodS: 2, dutyCycle: 0.2 } as const;

/** Why a bursty shape is impossible, or null when it is fine. */
export function burstyProblem(ratio: number, periodS: number, dutyCycle: number): string | null {
  if (!(ratio >= 1) || !Number.isFinite(ratio)) return `bursty ratio must be >= 1, got ${ratio}`;
  if (!(periodS > 0) || !Number.isFinite(periodS)) return `bursty period must be > 0 seconds, got ${periodS}`;
  if (!(dutyCycle > 0 && dutyCycle < 1))
    return `bursty duty must be between 0 and 1 (exclusive), got ${dutyCycle}`;
  if (ratio * dutyCycle > 1 + 1e-12) {
    return (
      `bursty ratio ${ratio} x duty ${dutyCycle} = ${ratio * dutyCycle} > 1: the high phase alone would ` +
      'exceed the mean rate; lower the ratio or the duty so that ratio x duty <= 1'
    );
  }
  return null;
}
