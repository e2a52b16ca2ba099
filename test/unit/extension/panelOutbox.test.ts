/**
 * The host's outbox to the panel webview: big snapshots are cut into bounded messages, posted one
 * per event-loop turn, in order, every event exactly once; a panel that was hidden mid-snapshot
 * gets the full snapshot again. Driven with a real recorded profile and a manual turn queue.
 */
import * as assert from 'assert';
import * as path from 'path';
import { readProfile } from '../../../src/engine/profile/profileIo';
import {
  chunkEvents,
  deltaMessages,
  eventWeight,
  PanelOutbox,
  snapshotMessages,
  snapshotOf,
  type StreamSource,
} from '../../../src/extension/panel/panelOutbox';
import type { LiveEvent } from '../../../src/shared/liveEvents';
import type { HostToWebview } from '../../../src/shared/panelProtocol';
import { profileToEvents, replayProfile } from '../../../src/shared/profileReplay';
import type { Profile } from '../../../src/shared/profileTypes';

const PROFILE = path.resolve(__dirname, '..', '..', 'webview', 'fixtures', 'mlpRun.profile.json');

/** What the webview ends up holding after applying `messages` (its store's stream rules). */
function applyLikeWebview(messages: HostToWebview[]): { titles: string[]; streams: LiveEvent[][] } {
  let titles: string[] = [];
  let streams: LiveEvent[][] = [];
  for (const m of messages) {
    if (m.type === 'replace') {
      titles = m.titles;
      streams = m.events.map((e) => [...e]);
    } else if (m.type === 'events') {
      const i = m.stream ?? 0;
      assert.ok(i < streams.length, `events for stream ${i}, but only ${streams.length} exist`);
      streams[i].push(...m.events);
    }
  }
  return { titles, streams };
}

/** An outbox whose "later turns" run only when the test says so. */
function manualOutbox(): { outbox: PanelOutbox; posted: HostToWebview[]; turns: Array<() => void> } {
  const posted: HostToWebview[] = [];
  const turns: Array<() => void> = [];
  const outbox = new PanelOutbox({ post: (m) => posted.push(m), later: (fn) => turns.push(fn) });
  return { outbox, posted, turns };
}

function runTurns(turns: Array<() => void>, max = 100_000): number {
  let n = 0;
  while (turns.length > 0 && n < max) {
    turns.shift()!();
    n++;
  }
  return n;
}

describe('panel outbox (chunked snapshots to the webview)', () => {
  let profile: Profile;
  let events: LiveEvent[];
  before(() => {
    profile = readProfile(PROFILE);
    events = profileToEvents(profile);
  });

  it('replays a profile lazily as exactly the events profileToEvents builds', () => {
    assert.deepStrictEqual(Array.from(replayProfile(profile)), events);
  });

  it('cuts events into consecutive chunks within the weight budget, each event once, in order', () => {
    const total = events.reduce((w, e) => w + eventWeight(e), 0);
    const maxWeight = 50;
    const chunks = Array.from(chunkEvents(events, maxWeight));
    assert.ok(chunks.length > 3, `the recorded profile (weight ${total}) is cut into several chunks`);
    assert.deepStrictEqual(chunks.flat(), events, 'concatenated chunks are the events, in order');
    for (const c of chunks) {
      const w = c.reduce((s, e) => s + eventWeight(e), 0);
      assert.ok(w <= maxWeight || c.length === 1, `a chunk of ${c.length} events weighs ${w} > ${maxWeight}`);
      assert.ok(c.length > 0, 'no empty chunks');
    }
    assert.deepStrictEqual(Array.from(chunkEvents([], maxWeight)), [], 'nothing to cut: no chunks');
  });

  it('weighs a tick by its members and samples', () => {
    const tick = events.find((e) => e.kind === 'tick' && e.batches.length > 0);
    assert.ok(tick && tick.kind === 'tick');
    const members = tick.batches.reduce((s, b) => s + b.requestIds.length, 0);
    assert.strictEqual(eventWeight(tick), 1 + members + tick.samples.length);
    assert.strictEqual(eventWeight({ kind: 'warning', message: 'x' }), 1);
  });

  it('a two-stream snapshot arrives as replace + per-stream pieces that rebuild both streams exactly', () => {
    const sources: StreamSource[] = [{ replay: () => replayProfile(profile) }, events.slice(0, 7)];
    const messages = Array.from(snapshotMessages(sources.map(snapshotOf), ['a', 'b'], 40));
    assert.strictEqual(messages[0].type, 'replace', 'the snapshot starts with replace');
    assert.ok(messages.length > 2, 'the big stream came in several messages');
    assert.ok(
      messages.slice(1).every((m) => m.type === 'events'),
      'only events follow the replace',
    );
    const first = messages[0];
    assert.ok(first.type === 'replace');
    assert.deepStrictEqual(
      first.events.map((s) => s[0]?.kind),
      ['model', 'model'],
      'each stream starts with its model in the replace, so the webview can label it at once',
    );
    const rebuilt = applyLikeWebview(messages);
    assert.deepStrictEqual(rebuilt.titles, ['a', 'b']);
    assert.deepStrictEqual(rebuilt.streams, [events, events.slice(0, 7)]);
  });

  it('an empty view is still one replace (it clears a previous run)', () => {
    const messages = Array.from(snapshotMessages([], [], 40));
    assert.deepStrictEqual(messages, [{ type: 'replace', events: [], titles: [] }]);
  });

  it('posts at once when idle, then one message per turn, keeping order across snapshot, deltas and state', () => {
    const { outbox, posted, turns } = manualOutbox();
    const live: LiveEvent[] = events.slice(0, events.length - 10);
    outbox.send({ type: 'runState', state: 'running' });
    assert.strictEqual(posted.length, 1, 'an idle outbox posts synchronously');
    outbox.sendAll(snapshotMessages([snapshotOf(live)], ['run'], 40));
    // Events that arrive while the snapshot is going out: appended to the live array, sent as deltas.
    const later = events.slice(events.length - 10);
    live.push(...later.slice(0, 4));
    outbox.sendAll(deltaMessages(later.slice(0, 4), 40));
    live.push(...later.slice(4));
    outbox.sendAll(deltaMessages(later.slice(4), 40));
    outbox.send({ type: 'runState', state: 'done' });
    const before = posted.length;
    assert.ok(before < 5, `the snapshot is not posted in one go (${before} messages so far)`);
    const ran = runTurns(turns);
    assert.ok(ran > 3, 'the rest went out over several turns');
    assert.ok(turns.length === 0 && outbox.pending === 0, 'everything drained');
    assert.deepStrictEqual(posted[0], { type: 'runState', state: 'running' });
    assert.deepStrictEqual(posted[posted.length - 1], { type: 'runState', state: 'done' });
    const rebuilt = applyLikeWebview(posted);
    assert.deepStrictEqual(rebuilt.streams, [events], 'every event exactly once, in order');
  });

  it('a panel hidden mid-snapshot and shown again gets the full snapshot, then later deltas', () => {
    const { outbox, posted, turns } = manualOutbox();
    const live: LiveEvent[] = events.slice(0, 20);
    // Visible: the snapshot starts going out.
    outbox.sendAll(snapshotMessages([snapshotOf(live)], ['run'], 30));
    runTurns(turns, 2);
    // An error queued behind the unfinished snapshot must still reach the user...
    outbox.send({ type: 'error', message: 'kept' });
    const beforeHide = posted.length;
    // ...when the panel is hidden: the webview is torn down, the rest of the snapshot is dropped.
    outbox.clear();
    live.push(...events.slice(20, 30)); // events that arrived while hidden were not sent
    runTurns(turns);
    assert.deepStrictEqual(
      posted.slice(beforeHide),
      [{ type: 'error', message: 'kept' }],
      'after hiding, only the queued error went out',
    );
    // Visible again: a fresh `ready` brings a full snapshot; then live deltas continue.
    const fromReady = posted.length;
    outbox.sendAll(snapshotMessages([snapshotOf(live)], ['run'], 30));
    live.push(...events.slice(30));
    outbox.sendAll(deltaMessages(events.slice(30), 30));
    runTurns(turns);
    assert.ok(
      posted.slice(0, fromReady).some((m) => m.type === 'error' && m.message === 'kept'),
      'the error queued while hidden was not dropped',
    );
    const afterReady = posted.slice(fromReady);
    assert.strictEqual(afterReady[0].type, 'replace', 'the shown panel starts from a full snapshot');
    assert.deepStrictEqual(applyLikeWebview(afterReady).streams, [events]);
  });

  it('posts nothing after dispose', () => {
    const { outbox, posted, turns } = manualOutbox();
    outbox.sendAll(snapshotMessages([snapshotOf(events)], ['run'], 30));
    const n = posted.length;
    outbox.dispose();
    runTurns(turns);
    outbox.send({ type: 'error', message: 'late' });
    assert.strictEqual(posted.length, n);
  });

  it('drains on real event-loop turns with the default scheduler', async () => {
    const posted: HostToWebview[] = [];
    const outbox = new PanelOutbox({ post: (m) => posted.push(m) });
    outbox.sendAll(snapshotMessages([snapshotOf(events)], ['run'], 30));
    assert.ok(posted.length === 1, 'one message per turn');
    while (outbox.pending > 0) await new Promise((r) => setImmediate(r));
    assert.deepStrictEqual(applyLikeWebview(posted).streams, [events]);
  });
});
