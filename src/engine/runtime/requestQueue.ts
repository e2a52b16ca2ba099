/**
 * The waiting requests, in the order every policy sees them (Triton's priority queue): highest
 * priority level first; within a level, the requests that have not timed out oldest first, then
 * those moved behind them by a `delay` timeout action, oldest first.
 *
 * Each (level, section) is its own FIFO ring of typed arrays, so a push, a pop from the front and
 * a view lookup allocate nothing, and an arrival of a high level never shifts the lower levels.
 * With one level and no timeouts only the first ring is ever used, and every lookup takes the
 * fast path of the one-ring queue this replaces.
 */
import type { QueueView } from '../../shared/strategies/policy';

/** One FIFO section of the queue: a ring whose capacity is a power of two (index & mask, no %). */
class Ring {
  ids: Int32Array;
  scheduled: Float64Array;
  enqueued: Float64Array;
  sizeKey: Float64Array;
  head = 0;
  size = 0;
  mask: number;

  constructor(capacity: number) {
    let cap = 16;
    while (cap < capacity) cap *= 2;
    this.ids = new Int32Array(cap);
    this.scheduled = new Float64Array(cap);
    this.enqueued = new Float64Array(cap);
    this.sizeKey = new Float64Array(cap);
    this.mask = cap - 1;
  }

  slot(i: number): number {
    return (this.head + i) & this.mask;
  }

  push(id: number, scheduledMs: number, enqueueMs: number, sizeKey: number): void {
    if (this.size > this.mask) this.grow();
    const at = (this.head + this.size) & this.mask;
    this.ids[at] = id;
    this.scheduled[at] = scheduledMs;
    this.enqueued[at] = enqueueMs;
    this.sizeKey[at] = sizeKey;
    this.size++;
  }

  /** Removes the front request and returns its id. */
  popFront(): number {
    const id = this.ids[this.head];
    this.head = (this.head + 1) & this.mask;
    this.size--;
    return id;
  }

  /** Moves the front request to the back of `to`. */
  moveFrontTo(to: Ring): void {
    const at = this.head;
    to.push(this.ids[at], this.scheduled[at], this.enqueued[at], this.sizeKey[at]);
    this.head = (this.head + 1) & this.mask;
    this.size--;
  }

  /** Removes the `count` front requests, writing their ids to out[offset..). */
  shiftInto(out: Int32Array, offset: number, count: number): void {
    for (let i = 0; i < count; i++) out[offset + i] = this.ids[(this.head + i) & this.mask];
    this.head = (this.head + count) & this.mask;
    this.size -= count;
  }

  /**
   * Removes the requests at ascending ring positions locals[0..n), writing their ids to
   * out[offset..). The survivors keep their order; whichever side of the removed span is shorter
   * is moved, so taking a few requests near the front of a long queue stays cheap.
   */
  removeAt(locals: Int32Array, n: number, out: Int32Array, offset: number): void {
    for (let k = 0; k < n; k++) out[offset + k] = this.ids[this.slot(locals[k])];
    const first = locals[0];
    const last = locals[n - 1];
    if (last + 1 <= this.size - first) {
      // Shift the survivors before `last` towards the back, then advance the head past n slots.
      let w = last;
      let k = n - 1;
      for (let r = last; r >= 0; r--) {
        if (k >= 0 && locals[k] === r) {
          k--;
          continue;
        }
        this.copy(r, w--);
      }
      this.head = (this.head + n) & this.mask;
    } else {
      // Shift the survivors after `first` towards the front.
      let w = first;
      let k = 0;
      for (let r = first; r < this.size; r++) {
        if (k < n && locals[k] === r) {
          k++;
          continue;
        }
        this.copy(r, w++);
      }
    }
    this.size -= n;
  }

  private copy(from: number, to: number): void {
    if (from === to) return;
    const a = this.slot(from);
    const b = this.slot(to);
    this.ids[b] = this.ids[a];
    this.scheduled[b] = this.scheduled[a];
    this.enqueued[b] = this.enqueued[a];
    this.sizeKey[b] = this.sizeKey[a];
  }

  private grow(): void {
    const cap = this.mask + 1;
    const ids = new Int32Array(cap * 2);
    const scheduled = new Float64Array(cap * 2);
    const enqueued = new Float64Array(cap * 2);
    const sizeKey = new Float64Array(cap * 2);
    for (let i = 0; i < this.size; i++) {
      const from = (this.head + i) & this.mask;
      ids[i] = this.ids[from];
      scheduled[i] = this.scheduled[from];
      enqueued[i] = this.enqueued[from];
      sizeKey[i] = this.sizeKey[from];
    }
    this.ids = ids;
    this.scheduled = scheduled;
    this.enqueued = enqueued;
    this.sizeKey = sizeKey;
    this.mask = cap * 2 - 1;
    this.head = 0;
  }
}

export class RequestQueue implements QueueView {
  /** rings[2·level] holds the level's requests that have not timed out, rings[2·level + 1] its delayed ones. */
  private readonly rings: Ring[] = [];
  /** The level-0 main ring, for the fast path. */
  private readonly first: Ring;
  private total = 0;
  /** Where the last slow-path lookup found view position i (no tuple allocated). */
  private foundRing = 0;
  private foundSlot = 0;
  /** Per-ring positions for takeInto (grows to the largest batch once). */
  private locals = new Int32Array(64);
  /** Ring sizes before a takeInto, which its positions refer to. */
  private readonly sizesBefore: Int32Array;

  /**
   * @param initialCapacity slots of the level-0 ring up front (the other rings start small and grow)
   * @param levels priority levels (1 = no priorities)
   */
  constructor(
    initialCapacity = 1024,
    readonly levels = 1,
  ) {
    if (!(Number.isInteger(levels) && levels >= 1)) throw new RangeError(`RequestQueue: ${levels} levels`);
    for (let r = 0; r < 2 * levels; r++) this.rings.push(new Ring(r === 0 ? initialCapacity : 64));
    this.first = this.rings[0];
    this.sizesBefore = new Int32Array(2 * levels);
  }

  get length(): number {
    return this.total;
  }

  scheduledAt(i: number): number {
    const f = this.first;
    if (i < f.size) return f.scheduled[(f.head + i) & f.mask];
    return this.find(i) ? this.rings[this.foundRing].scheduled[this.foundSlot] : NaN;
  }

  enqueuedAt(i: number): number {
    const f = this.first;
    if (i < f.size) return f.enqueued[(f.head + i) & f.mask];
    return this.find(i) ? this.rings[this.foundRing].enqueued[this.foundSlot] : NaN;
  }

  sizeKey(i: number): number {
    const f = this.first;
    if (i < f.size) return f.sizeKey[(f.head + i) & f.mask];
    return this.find(i) ? this.rings[this.foundRing].sizeKey[this.foundSlot] : NaN;
  }

  priority(i: number): number {
    if (i < this.first.size) return 0;
    return this.find(i) ? this.foundRing >> 1 : NaN;
  }

  /** Id of the request at view position i (tests and diagnostics). */
  idAt(i: number): number {
    return this.find(i) ? this.rings[this.foundRing].ids[this.foundSlot] : -1;
  }

  /** Requests waiting at `level`, delayed ones included (what Triton's max_queue_size bounds). */
  levelLength(level: number): number {
    return this.rings[2 * level].size + this.rings[2 * level + 1].size;
  }

  /** Appends a request behind the requests of its level that have not timed out. */
  push(id: number, scheduledMs: number, enqueueMs: number, sizeKey = 1, level = 0): void {
    this.rings[2 * level].push(id, scheduledMs, enqueueMs, sizeKey);
    this.total++;
  }

  /** Removes the `count` first requests of the view, writing their ids to `out[0..count)`. */
  shiftInto(out: Int32Array, count: number): void {
    if (count > this.total) throw new Error(`Cannot take ${count} requests from a queue of ${this.total}.`);
    let taken = 0;
    for (let r = 0; taken < count; r++) {
      const ring = this.rings[r];
      const k = Math.min(ring.size, count - taken);
      if (k > 0) ring.shiftInto(out, taken, k);
      taken += k;
    }
    this.total -= count;
  }

  /**
   * Removes the requests at view positions `positions[0..count)` (strictly ascending), writing
   * their ids to `out[0..count)` in that order (a policy's `dispatch.select`).
   */
  takeInto(out: Int32Array, positions: ArrayLike<number>, count: number): void {
    let valid =
      count >= 1 && count <= positions.length && positions[0] >= 0 && positions[count - 1] < this.total;
    for (let k = 1; valid && k < count; k++) valid = positions[k] > positions[k - 1];
    if (!valid) {
      throw new Error(
        `Cannot take positions [${Array.from(positions).slice(0, count).join(', ')}] from a queue of ${this.total}: ` +
          'they must be ascending positions in the queue.',
      );
    }
    if (this.locals.length < count) this.locals = new Int32Array(count);
    let k = 0;
    let base = 0;
    // Rings are visited front to back; each takes the positions that fall inside it.
    const sizes = this.sizesBefore;
    for (let r = 0; r < this.rings.length; r++) sizes[r] = this.rings[r].size;
    for (let r = 0; r < this.rings.length && k < count; r++) {
      const size = sizes[r];
      let n = 0;
      while (k + n < count && positions[k + n] < base + size) {
        this.locals[n] = positions[k + n] - base;
        n++;
      }
      if (n > 0) this.rings[r].removeAt(this.locals, n, out, k);
      k += n;
      base += size;
    }
    this.total -= count;
  }

  /**
   * Applies a queue timeout at `now`: each level's requests that have waited `timeoutMs` since
   * they were enqueued (oldest first, so only the front of each level needs looking at) are
   * either handed to `reject`, or with `delay` moved behind every request of their level that
   * has not timed out (Triton's TimeoutAction DELAY; a delayed request never times out again).
   */
  expire(now: number, timeoutMs: number, delay: boolean, reject: (id: number) => void): void {
    for (let level = 0; level < this.levels; level++) {
      const main = this.rings[2 * level];
      while (main.size > 0 && main.enqueued[main.head] + timeoutMs <= now) {
        if (delay) main.moveFrontTo(this.rings[2 * level + 1]);
        else {
          this.total--;
          reject(main.popFront());
        }
      }
    }
  }

  /** The earliest time a queued request times out (Infinity when none will). */
  nextTimeout(timeoutMs: number): number {
    let next = Infinity;
    for (let level = 0; level < this.levels; level++) {
      const main = this.rings[2 * level];
      if (main.size > 0) {
        const t = main.enqueued[main.head] + timeoutMs;
        if (t < next) next = t;
      }
    }
    return next;
  }

  /** Removes everything (used when a run is abandoned; the records keep the requests as never run). */
  drain(): void {
    for (const ring of this.rings) {
      ring.head = 0;
      ring.size = 0;
    }
    this.total = 0;
  }

  /**
   * Sets foundRing / foundSlot to view position i; false when there is no such position (the
   * accessors then answer NaN, as a policy may look before checking the length).
   */
  private find(i: number): boolean {
    if (!(i >= 0 && i < this.total)) return false;
    let r = 0;
    while (i >= this.rings[r].size) i -= this.rings[r++].size;
    this.foundRing = r;
    this.foundSlot = this.rings[r].slot(i);
    return true;
  }
}
