/**
 * Bundled by the browser test and evaluated inside the page: builds a large synthetic profile
 * there (so hundreds of thousands of requests never cross the test's CDP pipe) and posts it to the
 * panel the way the host does during a live run — `events` messages in small chunks.
 */
import { profileToEvents } from '../../src/shared/profileReplay';
import { liveRunMessages } from './panelFixtures';
import { syntheticProfile } from './syntheticProfile';

declare const BIG_RUN_REQUESTS: number;

const profile = syntheticProfile({ requests: BIG_RUN_REQUESTS, rateRps: 4000 });
const messages = liveRunMessages(profile, 4);
for (const m of messages) window.postMessage(m, '*');
(window as unknown as { __bigRun: { requests: number; events: number } }).__bigRun = {
  requests: profile.strategies.reduce((n, s) => n + s.summary.completed, 0),
  events: profileToEvents(profile).length,
};
