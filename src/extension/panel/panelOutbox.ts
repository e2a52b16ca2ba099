/**
 * Everything the host posts to the panel webview goes through one ordered outbox, so that a big
 * snapshot (hundreds of thousands of per-request numbers) never blocks the extension host: it is
 * cut into messages of bounded size, built lazily, and posted one message per event-loop turn,
 * with live deltas and state messages queued behind it in order. No `vscode` import (unit-tested).
 */
import type { LiveEvent } from '../../shared/liveEvents';
import type { HostToWebview } from '../../shared/panelProtocol';

/**
 * One stream of events the panel can be rebuilt from: the live run's array (it grows in place)
 * or a saved profile, replayed lazily on demand so the host keeps only its compact columns.
 */
export type StreamSource = readonly LiveEvent[] | { replay(): Iterable<LiveEvent> };

/**
 * Per-request numbers (plus one per event) a single posted message carries at most, unless one
 * event alone is bigger (events are never split). ~8k members is ~0.6 MB of JSON: a few
 * milliseconds to serialize, small enough for a remote (code-server) connection.
 */
export const DEFAULT_MAX_WEIGHT = 8_192;

/** How much one event weighs: one, plus each member of each batch and each sample it carries. */
export function eventWeight(event: LiveEvent): number {
  if (event.kind !== 'tick') return 1;
  let w = 1 + event.samples.length;
  for (const b of event.batches) w += b.requestIds.length;
  return w;
}

/** Consecutive runs of `events`, in order, each weighing at most `maxWeight` (or one heavy event). */
export function* chunkEvents(events: Iterable<LiveEvent>, maxWeight: number): Generator<LiveEvent[]> {
  let chunk: LiveEvent[] = [];
  let weight = 0;
  for (const event of events) {
    const w = eventWeight(event);
    if (chunk.length > 0 && weight + w > maxWeight) {
      yield chunk;
      chunk = [];
      weight = 0;
    }
    chunk.push(event);
    weight += w;
  }
  if (chunk.length > 0) yield chunk;
}

/**
 * The events of `source` as they are now: for the live array, the first `length` events at the
 * time of this call (later ones reach the panel as deltas); for a profile, its full replay.
 */
export function snapshotOf(source: StreamSource): Iterable<LiveEvent> {
  if (!isEventArray(source)) return source.replay();
  const end = source.length;
  return (function* () {
    for (let i = 0; i < end; i++) yield source[i];
  })();
}

function isEventArray(source: StreamSource): source is readonly LiveEvent[] {
  return Array.isArray(source);
}

/**
 * A full snapshot as messages: a `replace` carrying each stream's first chunk (so the webview
 * clears and learns every stream's model at once), then each stream's remaining chunks as
 * `events` with its `stream` index. Built lazily, chunk by chunk, as the messages are pulled.
 * `sources` must already be fixed with {@link snapshotOf}.
 */
export function* snapshotMessages(
  sources: Iterable<LiveEvent>[],
  titles: string[],
  maxWeight = DEFAULT_MAX_WEIGHT,
): Generator<HostToWebview> {
  const chunks = sources.map((s) => chunkEvents(s, maxWeight));
  const first = chunks.map((c) => {
    const next = c.next();
    return next.done ? [] : next.value;
  });
  yield { type: 'replace', events: first, titles };
  for (let stream = 0; stream < chunks.length; stream++)
    for (const events of chunks[stream]) yield { type: 'events', events, stream };
}

/** Live deltas as `events` messages for stream 0, cut like a snapshot when a burst is big. */
export function* deltaMessages(
  events: LiveEvent[],
  maxWeight = DEFAULT_MAX_WEIGHT,
): Generator<HostToWebview> {
  for (const chunk of chunkEvents(events, maxWeight)) yield { type: 'events', events: chunk };
}

export interface PanelOutboxOptions {
  /** Posts one message to the webview (fire and forget). */
  post: (message: HostToWebview) => void;
  /** Runs `fn` on a later event-loop turn (default `setImmediate`). */
  later?: (fn: () => void) => void;
}

/**
 * An ordered queue of messages to the webview. When nothing is queued a message is posted at
 * once; otherwise it waits its turn, and the queue drains one message per event-loop turn so the
 * host keeps answering between them.
 */
export class PanelOutbox {
  /** Pending sequences; `keep` marks a lone `error` message, which {@link clear} keeps. */
  private readonly queue: Array<{ messages: Iterator<HostToWebview>; keep: boolean }> = [];
  private draining = false;
  private disposed = false;
  private readonly later: (fn: () => void) => void;

  constructor(private readonly options: PanelOutboxOptions) {
    this.later = options.later ?? ((fn) => void setImmediate(fn));
  }

  /** Messages queued or being produced (0 when everything has been posted). */
  get pending(): number {
    return this.queue.length;
  }

  /** Post `message` after everything queued before it. */
  send(message: HostToWebview): void {
    this.enqueue([message][Symbol.iterator](), message.type === 'error');
  }

  /** Post a sequence of messages, pulled lazily one per turn, after everything queued before. */
  sendAll(messages: Iterable<HostToWebview>): void {
    this.enqueue(messages[Symbol.iterator](), false);
  }

  /**
   * Drop what is not posted yet (the webview went away, or a new snapshot supersedes it), except
   * `error` messages: those tell the user something and are kept, in order.
   */
  clear(): void {
    const kept = this.queue.filter((q) => q.keep);
    this.queue.length = 0;
    this.queue.push(...kept);
  }

  /** Post nothing more. */
  dispose(): void {
    this.disposed = true;
    this.queue.length = 0;
  }

  private enqueue(messages: Iterator<HostToWebview>, keep: boolean): void {
    if (this.disposed) return;
    this.queue.push({ messages, keep });
    if (!this.draining) this.drainOne();
  }

  /** Post the next message now; if more remain, come back on a later turn. */
  private drainOne(): void {
    this.draining = false;
    while (this.queue.length > 0 && !this.disposed) {
      const next = this.queue[0].messages.next();
      if (next.done) {
        this.queue.shift();
        continue;
      }
      this.options.post(next.value);
      if (this.queue.length > 0) {
        this.draining = true;
        this.later(() => this.drainOne());
      }
      return;
    }
  }
}
