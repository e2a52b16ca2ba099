/**
 * The run settings on one line, for the collapsed form's summary: "none, dynamic(max=16,
 * delay=2ms) · poisson 200 req/s (derived) · 5 s each · 1 instance × 1 thread". Reads either the
 * form's config (before the run says what it used) or the run's recorded settings.
 */
import type { PanelRunConfig } from '../../src/shared/panelProtocol';
import type { RunSettings } from '../../src/shared/profileTypes';
import { figure } from '../../src/shared/formatFigure';
import { uniqueLabels } from '../../src/shared/strategies/strategyConfigs';

type Settings = Pick<
  RunSettings,
  'strategies' | 'arrival' | 'rateRps' | 'durationS' | 'instances' | 'threads' | 'provider'
> & { rateDerived?: boolean; untilStable?: boolean; untilStableMaxS?: number | null };

const plural = (n: number, one: string): string => `${n} ${one}${n === 1 ? '' : 's'}`;

/** How requests arrive, at which rate; a rate still to be derived says so. */
export function arrivalText(s: Settings): string {
  const a = s.arrival;
  const rate =
    s.rateRps === null
      ? 'rate derived from calibration'
      : `${figure(s.rateRps)} req/s${s.rateDerived ? ' (derived)' : ''}`;
  switch (a.kind) {
    case 'constant':
    case 'poisson':
      return `${a.kind} ${rate}`;
    case 'bursty':
      return `bursty ${rate}, bursts ×${figure(a.ratio)}`;
    case 'ramp':
      return `ramp ${figure(a.fromRps)}→${figure(a.toRps)} req/s`;
    case 'closed':
      return `closed loop, ${plural(a.concurrency, 'client')}`;
    case 'trace':
      return `trace ${a.file.split(/[\\/]/).pop() ?? a.file}`;
  }
}

export function runSummaryLine(s: Settings | PanelRunConfig): string {
  const settings = s as Settings;
  const stable = settings.untilStable || (settings.untilStableMaxS ?? 0) > 0;
  return [
    uniqueLabels(s.strategies).join(', '),
    arrivalText(settings),
    `${figure(s.durationS)} s each${stable ? ' (until stable)' : ''}`,
    `${plural(s.instances, 'instance')} × ${plural(s.threads, 'thread')}${s.provider === 'cuda' ? ' on CUDA' : ''}`,
  ].join(' · ');
}
