/**
 * The scheduler's synchronous heart: one `step(now)` takes finished batches from the executor,
 * enqueues due arrivals, asks the policy what to dispatch, starts batches, and returns when it
 * next needs to run. It never waits and never reads a clock itself — the driver (strategyRun.ts)
 * does the waiting, the benchmark drives it in a tight loop with the null executor.
 *
 * Besides the policy, the core applies what a server applies to every policy (Triton's
 * ModelQueuePolicy and priority levels): a bounded queue, a per-request queue timeout, and
 * priority levels drawn per request; and it carries out the policy's own rejections (`shed`).
 */
import type { BatchingPolicy, SchedulerState } from '../../shared/strategies/policy';
import type { ArrivalSource } from './arrivalSource';
import type { Executor } from './executor';
import type { BatchRecordInput, RecordBuffer } from '../metrics/recordBuffer';
import { monotonicMs } from './clock';
import { RequestQueue } from './requestQueue';
import { NO_QUEUE_POLICY, type QueuePolicy } from './queuePolicy';
import { createLevelDraw } from '../workload/priorityLevels';

/** A finished batch as recorded (times run-relative, ms). */
export interface FinishedBatch {
  index: number;
  dispatchMs: number;
  computeStartMs: number;
  computeEndMs: number;
  doneMs: number;
  size: number;
  paddedSize: number;
  padFraction: number;
  instance: number;
  flushed: boolean;
  /** ids[0..size): valid only during the callback. */
  ids: Int32Array;
}

/** Receives finished batches (see SchedulerCoreOptions.batchListener). */
export interface BatchListener {
  /** `batch` is reused for the next one: copy what you keep. */
  batchFinished(batch: FinishedBatch, core: SchedulerCore): void;
}

/** The part of the metrics RecordBuffer the scheduler writes to. */
export type RecordSink = Pick<RecordBuffer, 'addRequest' | 'addBatch' | 'completeRequest' | 'rejectRequest'>;

export interface SchedulerCoreOptions {
  policy: BatchingPolicy;
  executor: Executor;
  arrivals: ArrivalSource;
  records: RecordSink;
  /** Arrivals stop at this run-relative time; what is queued then is drained. */
  durationMs: number;
  /** Absolute run-clock time (monotonicMs) of run-relative 0: worker timestamps are shifted by it. */
  originMs: number;
  /**
   * Run-relative clock, read when a poll finds finished batches: a batch can finish between the
   * driver reading the time and the poll, and its requests must not be "done" before it ended.
   * Omit only with an executor that completes synchronously (the null executor).
   */
  clock?: () => number;
  /**
   * Slots every batch is padded to when the model's batch dimension is fixed (e.g. 4 in [4, 64]);
   * null when batches are exactly as large as their requests.
   */
  fixedBatch?: number | null;
  /** Requests expected (sizes buffers up front; they still grow past it). */
  expectedRequests?: number;
  /**
   * Size key of request `id` (product of its symbolic dim values, as the executor will build it),
   * known at arrival and shown to the policy as `QueueView.sizeKey`; omitted: 1 for every request.
   */
  sizeKeyOf?: (id: number) => number;
  /** Queue size bound and queue timeout (see queuePolicy.ts); omitted: unbounded, no timeout. */
  queuePolicy?: QueuePolicy;
  /**
   * Priority mix: the share of requests at each level, level 0 the highest (RunSettings.priorities).
   * Each request's level is drawn at arrival from `prioritySeed`, so every strategy of a run sees
   * the same level for the same request. Omitted, null or one entry: one level.
   */
  priorities?: readonly number[] | null;
  prioritySeed?: number;
  /**
   * Told of every batch as it is recorded (in dispatch order). An object with a method rather than
   * a closure: a run creates one core per strategy (and per interleaved slice), and a new closure
   * each time is a new call target, which throws away the optimized code of this hot path at every
   * strategy's start (V8 deoptimizes on "wrong call target" and recompiles while the strategy is
   * being measured). A method of one class is one target for every strategy.
   */
  batchListener?: BatchListener;
  /**
   * Read the run clock (monotonicMs() − originMs) when a poll finds finished batches. The default
   * for real runs; `clock` is for tests with a clock of their own. A shared function, not a
   * closure per core, for the reason given at batchListener.
   */
  runClock?: boolean;
}

interface InFlight {
  seq: number;
  ids: Int32Array;
  count: number;
  dispatchMs: number;
  flushed: boolean;
}

interface Completed extends InFlight {
  instance: number;
  computeStartMs: number;
  computeEndMs: number;
  padFraction: number;
  doneMs: number;
}

export class SchedulerCore {
  readonly queue: RequestQueue;
  /** Dispatch − intended wake time, ms, for each dispatch the policy timed with `wait.until`. */
  readonly delayErrorsMs: number[] = [];
  completed = 0;
  enqueued = 0;
  /** Requests turned away so far: queue full, timed out (reject), or shed by the policy. */
  rejected = 0;
  /** Priority levels of the traffic (1: none). */
  readonly levels: number;
  private readonly drawLevel: (() => number) | null;
  private readonly queuePolicy: QueuePolicy;
  /** Ids a shed takes off the queue before they are recorded (grows to the largest shed). */
  private shedIds = new Int32Array(64);
  private busyCount = 0;
  private readonly inFlight: InFlight[];
  private readonly busy: Uint8Array;
  private scheduledById: Float64Array;
  private nextSeq = 0;
  private nextRecordSeq = 0;
  private readonly reorder = new Map<number, Completed>();
  private pendingUntil = Infinity;
  /** Reused for every addBatch call (the RecordBuffer copies what it keeps). */
  private readonly batchInput: BatchRecordInput = {
    dispatchMs: 0,
    computeStartMs: 0,
    computeEndMs: 0,
    size: 0,
    paddedSize: 0,
    padFraction: 0,
    instance: 0,
    flushed: false,
    members: new Int32Array(0),
  };
  private readonly viewCache = new Map<Int32Array, Int32Array[]>();
  /** Reused for every batchListener call. */
  private readonly finishedBatch: FinishedBatch = {
    index: 0,
    dispatchMs: 0,
    computeStartMs: 0,
    computeEndMs: 0,
    doneMs: 0,
    size: 0,
    paddedSize: 0,
    padFraction: 0,
    instance: 0,
    flushed: false,
    ids: new Int32Array(0),
  };
  /** Smoothed dispatch-to-done time of recent batches, ms (NaN before the first). */
  private turnaroundMs = NaN;
  private aborted = false;
  /** Arrivals stop here: the options' duration, or earlier when the driver ends them (until-stable). */
  private arrivalEndMs: number;
  private now = 0;
  private clockRead = false;
  private readonly state: { now: number; idleInstances: number; draining: boolean } = {
    now: 0,
    idleInstances: 0,
    draining: false,
  };

  constructor(private readonly o: SchedulerCoreOptions) {
    const expected = Math.max(1024, Math.min(o.expectedRequests ?? 0, 1 << 24));
    const priorities = o.priorities && o.priorities.length > 1 ? o.priorities : null;
    this.levels = priorities ? priorities.length : 1;
    this.drawLevel = priorities ? createLevelDraw(priorities, o.prioritySeed ?? 0) : null;
    this.queuePolicy = o.queuePolicy ?? NO_QUEUE_POLICY;
    this.arrivalEndMs = o.durationMs;
    this.queue = new RequestQueue(expected, this.levels);
    this.scheduledById = new Float64Array(expected);
    const n = o.executor.instances;
    this.busy = new Uint8Array(n);
    this.inFlight = [];
    for (let i = 0; i < n; i++) {
      this.inFlight.push({
        seq: -1,
        ids: new Int32Array(o.executor.maxBatch),
        count: 0,
        dispatchMs: 0,
        flushed: false,
      });
    }
  }

  /** Batches running right now. */
  get batchesInFlight(): number {
    return this.busyCount;
  }

  /**
   * When the earliest running batch is expected to finish (run-relative ms), from recent
   * turnaround times; Infinity when nothing runs. Lets the driver spin instead of sleep just
   * before a completion, so the hand-back is not delayed by a wake-up.
   */
  expectedCompletionAt(): number {
    if (this.busyCount === 0) return Infinity;
    let earliest = Infinity;
    for (let i = 0; i < this.busy.length; i++) {
      if (this.busy[i] === 1 && this.inFlight[i].dispatchMs < earliest)
        earliest = this.inFlight[i].dispatchMs;
    }
    return earliest + (Number.isNaN(this.turnaroundMs) ? 0 : this.turnaroundMs);
  }

  /** True when nothing more will happen: arrivals over, queue empty, no batch running. */
  get finished(): boolean {
    return this.o.arrivals.exhausted() && this.queue.length === 0 && this.busyCount === 0;
  }

  get draining(): boolean {
    return this.o.arrivals.exhausted();
  }

  /**
   * Advances the scheduler to run-relative time `now`. Returns the run-relative time it must
   * next be stepped at even if no batch finishes (Infinity: only a completion matters).
   * Throws the executor's failure if an instance died.
   */
  step(now: number): number {
    this.now = now;
    const failure = this.o.executor.failure();
    if (failure) throw failure;
    if (this.busyCount > 0) {
      this.clockRead = false;
      this.o.executor.poll(this.onDone);
      now = this.now; // later if a completion refreshed it
    }
    const qp = this.queuePolicy;
    // Timeouts first: a request that timed out by now is no longer there for an arrival to wait
    // behind, nor for the policy to dispatch.
    if (qp.timeoutMs > 0 && this.queue.length > 0)
      this.queue.expire(now, qp.timeoutMs, qp.timeoutAction === 'delay', this.rejectTimedOut);
    const arrivals = this.o.arrivals;
    if (now >= this.arrivalEndMs && !arrivals.exhausted()) arrivals.end(this.arrivalEndMs);
    while (arrivals.nextAt() <= now) {
      const scheduled = arrivals.take();
      const level = this.drawLevel ? this.drawLevel() : 0;
      const id = this.o.records.addRequest(scheduled, now, level);
      if (id >= this.scheduledById.length) this.growScheduled(id);
      this.scheduledById[id] = scheduled;
      if (qp.maxQueue > 0 && this.queue.levelLength(level) >= qp.maxQueue) {
        // Triton's max_queue_size: a full queue turns the request away at once.
        this.o.records.rejectRequest(id, now);
        this.rejected++;
        continue;
      }
      this.queue.push(id, scheduled, now, this.o.sizeKeyOf ? this.o.sizeKeyOf(id) : 1, level);
      this.enqueued++;
    }
    let wake = Infinity;
    if (!this.aborted && this.queue.length > 0 && this.busyCount < this.busy.length) wake = this.decide(now);
    if (qp.timeoutMs > 0 && this.queue.length > 0) {
      const expiry = this.queue.nextTimeout(qp.timeoutMs);
      if (expiry < wake) wake = expiry;
    }
    const next = arrivals.nextAt();
    if (next < wake) wake = next;
    if (!arrivals.exhausted() && this.arrivalEndMs < wake) wake = this.arrivalEndMs;
    return wake;
  }

  /**
   * Ends arrivals at `atMs` (≤ the planned duration): nothing scheduled from then on arrives; what
   * is queued drains as at the end of the duration. Takes effect at the next step.
   */
  endArrivals(atMs: number): void {
    if (atMs < this.arrivalEndMs) this.arrivalEndMs = atMs;
  }

  /** Stops arrivals and abandons queued requests (they stay recorded, never completed). */
  abort(): void {
    this.aborted = true;
    this.o.arrivals.stop();
    this.queue.drain();
  }

  /**
   * Ends an over-long drain: dispatches nothing more and abandons what is queued (those requests
   * stay recorded as never run: batch -1, done NaN). Running batches still finish and are recorded.
   * Returns how many queued requests were abandoned.
   */
  cutDrain(): number {
    const abandoned = this.queue.length;
    this.aborted = true;
    this.queue.drain();
    return abandoned;
  }

  /** Scheduled time of request `id` (run-relative ms). */
  scheduledAt(id: number): number {
    return this.scheduledById[id];
  }

  private decide(now: number): number {
    const s = this.state;
    s.now = now;
    s.draining = this.o.arrivals.exhausted();
    const instances = this.busy.length;
    while (this.busyCount < instances && this.queue.length > 0) {
      s.idleInstances = instances - this.busyCount;
      const d = this.o.policy.decide(this.queue, s as SchedulerState);
      if (d.kind === 'wait') {
        this.pendingUntil = d.until ?? Infinity;
        return this.pendingUntil;
      }
      if (d.kind === 'shed') {
        this.shed(now, d.count, d.select);
        continue; // ask again: the queue changed
      }
      if (!(d.count >= 1 && d.count <= this.queue.length && d.count <= this.o.executor.maxBatch)) {
        throw new Error(
          `Policy ${this.o.policy.name} asked to dispatch ${d.count} requests with ${this.queue.length} queued ` +
            `(max batch ${this.o.executor.maxBatch}); this is a bug in the policy.`,
        );
      }
      // A timed dispatch: the policy asked to be woken at pendingUntil and now dispatches. End-of-run
      // flushes are not the policy's timing, so they are left out.
      if (this.pendingUntil !== Infinity && now >= this.pendingUntil && d.flushed !== true) {
        this.delayErrorsMs.push(now - this.pendingUntil);
      }
      this.pendingUntil = Infinity;
      this.dispatch(now, d.count, d.flushed === true, d.select);
    }
    this.pendingUntil = Infinity;
    return Infinity;
  }

  /** Rejects the `count` first requests of the queue, or those at `select` (a policy's `shed`). */
  private shed(now: number, count: number, select?: ArrayLike<number>): void {
    if (!(Number.isInteger(count) && count >= 1 && count <= this.queue.length)) {
      throw new Error(
        `Policy ${this.o.policy.name} asked to shed ${count} requests with ${this.queue.length} queued; ` +
          'this is a bug in the policy.',
      );
    }
    if (this.shedIds.length < count) this.shedIds = new Int32Array(Math.max(count, 2 * this.shedIds.length));
    if (select) this.queue.takeInto(this.shedIds, select, count);
    else this.queue.shiftInto(this.shedIds, count);
    for (let i = 0; i < count; i++) this.o.records.rejectRequest(this.shedIds[i], now);
    this.rejected += count;
  }

  /** A request whose queue timeout expired, with the reject action (bound once: the hot path allocates nothing). */
  private readonly rejectTimedOut = (id: number): void => {
    this.o.records.rejectRequest(id, this.now);
    this.rejected++;
  };

  private dispatch(now: number, count: number, flushed: boolean, select?: ArrayLike<number>): void {
    let instance = 0;
    while (this.busy[instance] === 1) instance++;
    const f = this.inFlight[instance];
    // `select`: the policy picked these queue positions (bucketed batching), not the first `count`.
    if (select) this.queue.takeInto(f.ids, select, count);
    else this.queue.shiftInto(f.ids, count);
    f.seq = this.nextSeq++;
    f.count = count;
    f.dispatchMs = now;
    f.flushed = flushed;
    this.busy[instance] = 1;
    this.busyCount++;
    this.o.executor.submit(instance, f.ids, count, this.paddedSize(count));
  }

  private readonly onDone = (
    instance: number,
    startAbs: number,
    endAbs: number,
    padFraction: number,
  ): void => {
    const f = this.inFlight[instance];
    if (!this.clockRead && this.o.runClock) {
      this.now = monotonicMs() - this.o.originMs;
      this.clockRead = true;
    } else if (!this.clockRead && this.o.clock) {
      this.now = this.o.clock();
      this.clockRead = true;
    }
    const now = this.now;
    this.busy[instance] = 0;
    this.busyCount--;
    this.completed += f.count;
    const turnaround = now - f.dispatchMs;
    this.turnaroundMs = Number.isNaN(this.turnaroundMs)
      ? turnaround
      : 0.8 * this.turnaroundMs + 0.2 * turnaround;
    const computeStartMs = startAbs - this.o.originMs;
    const computeEndMs = endAbs - this.o.originMs;
    // Closed-loop clients and adaptive policies react at completion time, not record time.
    for (let i = 0; i < f.count; i++) this.o.arrivals.onComplete(now);
    if (this.o.policy.onBatchComplete) {
      const lat = new Float64Array(f.count);
      for (let i = 0; i < f.count; i++) lat[i] = now - this.scheduledById[f.ids[i]];
      this.o.policy.onBatchComplete({
        size: f.count,
        computeMs: computeEndMs - computeStartMs,
        latenciesMs: lat,
        completedAt: now,
      });
    }
    if (f.seq === this.nextRecordSeq) {
      // The common case (always, with one instance): record straight from the in-flight slot.
      this.record(
        f.ids,
        f.count,
        f.dispatchMs,
        computeStartMs,
        computeEndMs,
        padFraction,
        instance,
        f.flushed,
        now,
      );
      // Later batches that finished first were held back to keep batch indices in dispatch order.
      for (let r = this.reorder.get(this.nextRecordSeq); r; r = this.reorder.get(this.nextRecordSeq)) {
        this.reorder.delete(r.seq);
        this.record(
          r.ids,
          r.count,
          r.dispatchMs,
          r.computeStartMs,
          r.computeEndMs,
          r.padFraction,
          r.instance,
          r.flushed,
          r.doneMs,
        );
      }
    } else {
      this.reorder.set(f.seq, {
        seq: f.seq,
        ids: f.ids.slice(0, f.count),
        count: f.count,
        dispatchMs: f.dispatchMs,
        flushed: f.flushed,
        instance,
        computeStartMs,
        computeEndMs,
        padFraction,
        doneMs: now,
      });
    }
  };

  private paddedSize(count: number): number {
    const fixed = this.o.fixedBatch;
    return fixed && fixed > count ? fixed : count;
  }

  /** Views ids[0..count) of each in-flight slot, made once: subarray allocates, and this is the hot path. */
  private membersView(ids: Int32Array, count: number): Int32Array {
    let views = this.viewCache.get(ids);
    if (!views) {
      views = [];
      this.viewCache.set(ids, views);
    }
    return (views[count] ??= ids.subarray(0, count));
  }

  private record(
    ids: Int32Array,
    count: number,
    dispatchMs: number,
    computeStartMs: number,
    computeEndMs: number,
    padFraction: number,
    instance: number,
    flushed: boolean,
    doneMs: number,
  ): void {
    // A held-back batch's ids are already its own exact copy: caching a view of it would keep one
    // cache entry per reordered batch for the rest of the run.
    const members = ids.length === count ? ids : this.membersView(ids, count);
    const b = this.batchInput;
    b.dispatchMs = dispatchMs;
    b.computeStartMs = computeStartMs;
    b.computeEndMs = computeEndMs;
    b.size = count;
    b.paddedSize = this.paddedSize(count);
    b.padFraction = padFraction;
    b.instance = instance;
    b.flushed = flushed;
    b.members = members;
    const index = this.o.records.addBatch(b);
    for (let i = 0; i < count; i++) this.o.records.completeRequest(members[i], index, doneMs);
    this.nextRecordSeq++;
    const listener = this.o.batchListener;
    if (listener) {
      const f = this.finishedBatch;
      f.index = index;
      f.dispatchMs = dispatchMs;
      f.computeStartMs = computeStartMs;
      f.computeEndMs = computeEndMs;
      f.doneMs = doneMs;
      f.size = count;
      f.paddedSize = this.paddedSize(count);
      f.padFraction = padFraction;
      f.instance = instance;
      f.flushed = flushed;
      f.ids = members;
      listener.batchFinished(f, this);
    }
  }

  private growScheduled(id: number): void {
    let cap = this.scheduledById.length;
    while (cap <= id) cap *= 2;
    const next = new Float64Array(cap);
    next.set(this.scheduledById);
    this.scheduledById = next;
  }
}
