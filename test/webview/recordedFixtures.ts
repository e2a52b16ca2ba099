/** The recorded real run (fixtures/recordRun.ts) as the host's messages, and the profile it saved. Node only. */
import * as fs from 'fs';
import * as path from 'path';
import { readProfile } from '../../src/engine/profile/profileIo';
import type { LiveEvent } from '../../src/shared/liveEvents';
import type { HostToWebview } from '../../src/shared/panelProtocol';
import type { Profile } from '../../src/shared/profileTypes';
import { DEFAULTS } from './panelFixtures';

export const FIXTURE = path.join(__dirname, 'fixtures', 'mlpRun.json');
/** The same run's saved profile, written by the engine's own writer. */
export const PROFILE_FIXTURE = path.join(__dirname, 'fixtures', 'mlpRun.profile.json');

/** A recorded run: the live events, grouped as the host would forward them. */
export interface RecordedRun {
  recordedAt: string;
  model: string;
  /** Live events grouped per ~100 ms, exactly as they were emitted. */
  chunks: LiveEvent[][];
}

/** The recorded real run (see fixtures/recordRun.ts): its events as the host forwarded them. */
export function recordedRun(): RecordedRun {
  return JSON.parse(fs.readFileSync(FIXTURE, 'utf8')) as RecordedRun;
}

/** The profile the recorded run saved, read back with the engine's own reader. */
export function recordedProfile(): Profile {
  return readProfile(PROFILE_FIXTURE);
}

export const RECORDED_PROFILE_PATH = '/work/project/.batchscope/profiles/mlp-recorded.json';

/** What the host sent during the recorded run: init, running, one `events` per ~100 ms, done. */
export function recordedRunMessages(): HostToWebview[] {
  const run = recordedRun();
  const modelEvent = run.chunks.flat().find((e) => e.kind === 'model');
  if (!modelEvent || modelEvent.kind !== 'model')
    throw new Error('The recorded run has no model event; re-record it.');
  return [
    {
      type: 'init',
      mode: 'configure',
      model: modelEvent.model,
      defaults: DEFAULTS,
      trusted: true,
      title: modelEvent.model.fileName,
    },
    { type: 'runState', state: 'running' },
    ...run.chunks.map((events): HostToWebview => ({ type: 'events', events })),
    { type: 'runState', state: 'done', profilePath: RECORDED_PROFILE_PATH },
  ];
}
