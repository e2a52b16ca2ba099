/** Messages the fake host sends: form defaults, and a profile's replay as host messages. Browser-safe (bundled into the big-run driver). */
import type { HostToWebview, PanelRunConfig } from '../../src/shared/panelProtocol';
import { profileToEvents } from '../../src/shared/profileReplay';
import type { Profile } from '../../src/shared/profileTypes';

export const DEFAULTS: PanelRunConfig = {
  strategies: [
    { name: 'none' },
    { name: 'static', batchSize: 8 },
    { name: 'dynamic', maxBatch: 8, maxDelayMs: 2, preferredBatch: [] },
  ],
  arrival: { kind: 'poisson' },
  rateRps: null,
  durationS: 5,
  warmupS: 1,
  instances: 1,
  threads: 1,
  provider: 'cpu',
  dims: [],
  fixedInputs: {},
  sloMs: 10,
  seed: 1,
  priorities: null,
};

/** What the host sends for a live run of `profile`: init, running, the events in ~10 Hz chunks, done. */
export function liveRunMessages(profile: Profile, chunk = 8): HostToWebview[] {
  const events = profileToEvents(profile);
  const msgs: HostToWebview[] = [
    {
      type: 'init',
      mode: 'configure',
      model: profile.model,
      defaults: DEFAULTS,
      trusted: true,
      title: profile.model.fileName,
    },
    { type: 'runState', state: 'running' },
  ];
  for (let i = 0; i < events.length; i += chunk)
    msgs.push({ type: 'events', events: events.slice(i, i + chunk) });
  msgs.push({
    type: 'runState',
    state: 'done',
    profilePath: '/work/project/.batchscope/profiles/mlp-2026.json',
  });
  return msgs;
}
