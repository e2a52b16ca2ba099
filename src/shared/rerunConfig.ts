/**
 * "Re-run with the same settings": the run config that repeats a saved profile's run — the
 * strategies, traffic and execution it recorded, the dims and fixed inputs its model used, and the
 * rate it was offered (a derived rate is reused as recorded, not derived again, so the two runs
 * are comparable). Pure: the host and tests use it.
 */
import type { PanelRunConfig } from './panelProtocol';
import type { ModelSummary, RunSettings } from './profileTypes';
import { RUN_DEFAULTS } from './runDefaults';

/** The run config, or why the run cannot be repeated from the panel (said for people). */
export function rerunConfigOf(
  model: ModelSummary,
  settings: RunSettings,
): { ok: true; config: PanelRunConfig } | { ok: false; reason: string } {
  if (settings.arrival.kind === 'trace')
    return {
      ok: false,
      reason:
        'it replayed a trace file, which only the CLI reads: run it again in a terminal with the same --trace',
    };
  // The user's dims as the run used them; defaults stay defaults (the engine picks the same ones).
  const dims = model.dims
    .filter((d) => d.source === 'user')
    .map((d) => ({ name: d.name, min: d.min, max: d.max }));
  return {
    ok: true,
    config: {
      strategies: settings.strategies.map((s) => ({ ...s })),
      arrival: { ...settings.arrival },
      rateRps: settings.rateRps,
      durationS: settings.durationS,
      warmupS: settings.warmupS,
      instances: settings.instances,
      threads: settings.threads,
      provider: settings.provider,
      dims,
      fixedInputs: Object.fromEntries(Object.entries(model.fixedInputs).map(([k, v]) => [k, [...v]])),
      sloMs: settings.sloMs,
      seed: settings.seed,
      priorities: settings.priorities ?? null,
      strategyWarmupS: settings.strategyWarmupS ?? RUN_DEFAULTS.strategyWarmupS,
      order: settings.order ?? 'fixed',
      untilStable: settings.untilStableMaxS !== undefined && settings.untilStableMaxS !== null,
    },
  };
}
