import {
  BATCH_NEVER_RAN,
  BATCH_REJECTED,
  type BatchColumns,
  type RequestColumns,
} from '../../shared/profileTypes';

/** One batch as the scheduler hands it over (the object may be reused by the caller). */
export interface BatchRecordInput {
  dispatchMs: number;
  computeStartMs: number;
  computeEndMs: number;
  size: number;
  paddedSize: number;
  padFraction: number;
  instance: number;
  flushed: boolean;
  /** Request ids in the batch, in batch order. */
  members: ArrayLike<number>;
}

type Growable = Float64Array | Float32Array | Int32Array | Uint8Array;

/** Doubles a typed array's capacity, keeping its contents. */
function grow<T extends Growable>(array: T, minLength: number): T {
  let length = Math.max(16, array.length * 2);
  while (length < minLength) length *= 2;
  const bigger = new (array.constructor as new (n: number) => T)(length);
  bigger.set(array);
  return bigger;
}

/**
 * Per-request and per-batch records, filled on the scheduler thread's hot path: columns live in
 * preallocated typed arrays that double when full, so recording allocates no object per request.
 * Requests get ids 0..n-1 in the order they are added (scheduled-arrival order). A request ends
 * in one of three states: completed in a batch, rejected (batch -2, done = when it was turned
 * away), or never run (batch -1, done NaN: the run stopped first).
 */
export class RecordBuffer {
  private nRequests = 0;
  private nBatches = 0;
  private nMembers = 0;
  private scheduled: Float64Array;
  private enqueue: Float64Array;
  private done: Float64Array;
  private requestBatch: Int32Array;
  /** Priority level per request; null when the traffic has one level (no column is written). */
  private priority: Uint8Array | null;
  private dispatch: Float64Array;
  private computeStart: Float64Array;
  private computeEnd: Float64Array;
  private size: Int32Array;
  private paddedSize: Int32Array;
  private padFraction: Float32Array;
  private instance: Int32Array;
  private firstMember: Int32Array;
  private flushed: Uint8Array;
  private members: Int32Array;

  /**
   * @param expectedRequests a capacity hint; the buffer grows past it when needed.
   * @param levels priority levels of the traffic (at most 256); with more than one, each
   *   request's level is kept in a `priority` column.
   * @param expectedBatches a capacity hint for the batch columns (default a quarter of the
   *   requests). Pass the requests for a policy that never batches: growing nine columns twice
   *   in the middle of a run is a pause the scheduler thread takes while it is measured.
   */
  constructor(expectedRequests: number, levels = 1, expectedBatches?: number) {
    const n = Math.max(16, Math.ceil(expectedRequests) || 0);
    if (!(Number.isInteger(levels) && levels >= 1 && levels <= 256))
      throw new RangeError(`RecordBuffer: ${levels} priority levels (1..256 supported)`);
    this.scheduled = new Float64Array(n);
    this.enqueue = new Float64Array(n);
    this.done = new Float64Array(n);
    this.requestBatch = new Int32Array(n);
    this.priority = levels > 1 ? new Uint8Array(n) : null;
    this.members = new Int32Array(n);
    // Batches are at most as many as requests; unless told, start smaller (growth is rare then).
    const b = Math.max(16, Math.ceil(expectedBatches ?? n / 4));
    this.dispatch = new Float64Array(b);
    this.computeStart = new Float64Array(b);
    this.computeEnd = new Float64Array(b);
    this.size = new Int32Array(b);
    this.paddedSize = new Int32Array(b);
    this.padFraction = new Float32Array(b);
    this.instance = new Int32Array(b);
    this.firstMember = new Int32Array(b);
    this.flushed = new Uint8Array(b);
  }

  get requestCount(): number {
    return this.nRequests;
  }

  get batchCount(): number {
    return this.nBatches;
  }

  /**
   * Records a request reaching the scheduler (queued, or turned away at once); returns its id. It
   * stays "never run" (batch -1, done NaN) until completeRequest or rejectRequest.
   */
  addRequest(scheduledMs: number, enqueueMs: number, level = 0): number {
    const id = this.nRequests;
    if (id === this.scheduled.length) {
      this.scheduled = grow(this.scheduled, id + 1);
      this.enqueue = grow(this.enqueue, id + 1);
      this.done = grow(this.done, id + 1);
      this.requestBatch = grow(this.requestBatch, id + 1);
      if (this.priority) this.priority = grow(this.priority, id + 1);
    }
    this.scheduled[id] = scheduledMs;
    this.enqueue[id] = enqueueMs;
    this.done[id] = NaN;
    this.requestBatch[id] = BATCH_NEVER_RAN;
    if (this.priority) this.priority[id] = level;
    this.nRequests = id + 1;
    return id;
  }

  /**
   * Marks request `id` rejected at `atMs` (queue full, timed out, or shed by the policy): it
   * never runs, and its done time says when the client heard so.
   */
  rejectRequest(id: number, atMs: number): void {
    if (!(id >= 0 && id < this.nRequests)) {
      throw new RangeError(`rejectRequest: request id ${id} was never added (have ${this.nRequests})`);
    }
    this.requestBatch[id] = BATCH_REJECTED;
    this.done[id] = atMs;
  }

  /** Records a batch (typically when it completes); returns its index. */
  addBatch(b: BatchRecordInput): number {
    const i = this.nBatches;
    if (i === this.dispatch.length) {
      this.dispatch = grow(this.dispatch, i + 1);
      this.computeStart = grow(this.computeStart, i + 1);
      this.computeEnd = grow(this.computeEnd, i + 1);
      this.size = grow(this.size, i + 1);
      this.paddedSize = grow(this.paddedSize, i + 1);
      this.padFraction = grow(this.padFraction, i + 1);
      this.instance = grow(this.instance, i + 1);
      this.firstMember = grow(this.firstMember, i + 1);
      this.flushed = grow(this.flushed, i + 1);
    }
    const m = b.members.length;
    if (this.nMembers + m > this.members.length) this.members = grow(this.members, this.nMembers + m);
    for (let k = 0; k < m; k++) this.members[this.nMembers + k] = b.members[k];
    this.dispatch[i] = b.dispatchMs;
    this.computeStart[i] = b.computeStartMs;
    this.computeEnd[i] = b.computeEndMs;
    this.size[i] = b.size;
    this.paddedSize[i] = b.paddedSize;
    this.padFraction[i] = b.padFraction;
    this.instance[i] = b.instance;
    this.firstMember[i] = this.nMembers;
    this.flushed[i] = b.flushed ? 1 : 0;
    this.nMembers += m;
    this.nBatches = i + 1;
    return i;
  }

  /** Marks request `id` done at `doneMs` as a member of batch `batch`. */
  completeRequest(id: number, batch: number, doneMs: number): void {
    if (!(id >= 0 && id < this.nRequests)) {
      throw new RangeError(`completeRequest: request id ${id} was never added (have ${this.nRequests})`);
    }
    this.requestBatch[id] = batch;
    this.done[id] = doneMs;
  }

  /** Copies of the recorded columns, trimmed to what was recorded. */
  toColumns(): { requests: RequestColumns; batches: BatchColumns } {
    return this.columns(true);
  }

  /**
   * The recorded columns as views of the buffer's own arrays, without copying: for a caller that
   * reads them and then drops the buffer (the simulator makes thousands of short-lived buffers,
   * and copying their columns cost as much as simulating them). Views go stale if more is recorded.
   */
  columnViews(): { requests: RequestColumns; batches: BatchColumns } {
    return this.columns(false);
  }

  private columns(copy: boolean): { requests: RequestColumns; batches: BatchColumns } {
    const r = this.nRequests;
    const b = this.nBatches;
    const cut = <T extends Float64Array | Float32Array | Int32Array | Uint8Array>(a: T, n: number): T =>
      (copy ? a.slice(0, n) : a.subarray(0, n)) as T;
    return {
      requests: {
        scheduledMs: cut(this.scheduled, r),
        enqueueMs: cut(this.enqueue, r),
        doneMs: cut(this.done, r),
        batch: cut(this.requestBatch, r),
        ...(this.priority ? { priority: cut(this.priority, r) } : {}),
      },
      batches: {
        dispatchMs: cut(this.dispatch, b),
        computeStartMs: cut(this.computeStart, b),
        computeEndMs: cut(this.computeEnd, b),
        size: cut(this.size, b),
        paddedSize: cut(this.paddedSize, b),
        padFraction: cut(this.padFraction, b),
        instance: cut(this.instance, b),
        firstMember: cut(this.firstMember, b),
        members: cut(this.members, this.nMembers),
        flushed: cut(this.flushed, b),
      },
    };
  }
}
