/**
 * The waiting requests, oldest first: a growable ring of ids with their scheduled and enqueue
 * times side by side, so the policy's QueueView reads typed arrays and nothing allocates per
 * request.
 */
import type { QueueView } from '../strategies/policy';

export class RequestQueue implements QueueView {
  private ids: Int32Array;
  private scheduled: Float64Array;
  private enqueued: Float64Array;
  private head = 0;
  private size = 0;

  constructor(initialCapacity = 1024) {
    this.ids = new Int32Array(initialCapacity);
    this.scheduled = new Float64Array(initialCapacity);
    this.enqueued = new Float64Array(initialCapacity);
  }

  get length(): number {
    return this.size;
  }

  scheduledAt(i: number): number {
    return this.scheduled[(this.head + i) % this.ids.length];
  }

  enqueuedAt(i: number): number {
    return this.enqueued[(this.head + i) % this.ids.length];
  }

  push(id: number, scheduledMs: number, enqueueMs: number): void {
    if (this.size === this.ids.length) this.grow();
    const at = (this.head + this.size) % this.ids.length;
    this.ids[at] = id;
    this.scheduled[at] = scheduledMs;
    this.enqueued[at] = enqueueMs;
    this.size++;
  }

  /** Removes the `count` oldest requests, writing their ids to `out[0..count)`. */
  shiftInto(out: Int32Array, count: number): void {
    if (count > this.size) throw new Error(`Cannot take ${count} requests from a queue of ${this.size}.`);
    const cap = this.ids.length;
    for (let i = 0; i < count; i++) out[i] = this.ids[(this.head + i) % cap];
    this.head = (this.head + count) % cap;
    this.size -= count;
  }

  /** Removes everything (used when a run is abandoned; the records keep the requests as never run). */
  drain(): void {
    this.head = 0;
    this.size = 0;
  }

  private grow(): void {
    const cap = this.ids.length;
    const ids = new Int32Array(cap * 2);
    const scheduled = new Float64Array(cap * 2);
    const enqueued = new Float64Array(cap * 2);
    for (let i = 0; i < this.size; i++) {
      const from = (this.head + i) % cap;
      ids[i] = this.ids[from];
      scheduled[i] = this.scheduled[from];
      enqueued[i] = this.enqueued[from];
    }
    this.ids = ids;
    this.scheduled = scheduled;
    this.enqueued = enqueued;
    this.head = 0;
  }
}
