/** Host messages for runs that ended early (stopped, cancelled, interrupted), from the recorded run. Node only. */
import type { HostToWebview } from '../../src/shared/panelProtocol';
import type { Profile } from '../../src/shared/profileTypes';
import { recordedProfile, recordedRunMessages } from './recordedFixtures';

export const PARTIAL_PROFILE_PATH = '/work/project/.batchscope/profiles/mlp-partial.json';

/** The recorded run up to the middle of its second strategy (static(8) at 7%). */
export function runUntilCut(): HostToWebview[] {
  const messages = recordedRunMessages();
  const cut = messages.findIndex(
    (m) => m.type === 'events' && m.events.some((e) => e.kind === 'tick' && e.strategy === 1),
  );
  return messages.slice(0, cut + 1);
}

/** What the host says when the engine process died mid-run and a partial profile was saved. */
export const ENGINE_STOPPED: HostToWebview = {
  type: 'runState',
  state: 'failed',
  ended: 'killed',
  message: 'engine process stopped',
  partial: true,
  profilePath: PARTIAL_PROFILE_PATH,
  detail: 'stderr:\nSegmentation fault (core dumped) in libonnxruntime.so.1.20.0 at 0x7f3a…',
  actions: [
    { label: 'Open Partial Profile', kind: 'openProfilePath', path: PARTIAL_PROFILE_PATH },
    { label: 'Show Log', kind: 'showLog' },
  ],
};

/** The recorded profile with a fourth strategy whose label is long (a queue policy spelled out). */
export function fourStrategies(): Profile {
  const profile = recordedProfile();
  const source = profile.strategies[2];
  const config = {
    name: 'dynamic',
    maxBatch: 16,
    maxDelayMs: 5,
    preferredBatch: [],
    maxQueue: 64,
    timeoutMs: 5,
    timeoutAction: 'reject',
  };
  profile.strategies.push({
    ...source,
    label: 'dynamic(max=16, delay=5ms, queue=64, timeout=5ms reject)',
    config,
  });
  profile.settings.strategies = [...profile.settings.strategies, config];
  return profile;
}
