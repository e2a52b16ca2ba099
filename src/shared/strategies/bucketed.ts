/**
 * `bucketed`: dynamic batching with one queue per length bucket, so requests of similar size
 * (along the model's variable-length dims) share a batch and little of it is padding.
 */
import { maxBatchParam, maxDelayParam } from './commonParams';
import type { BatchingPolicy, PolicyDecision, QueueView, SchedulerState } from './policy';
import { formatMs, list, num, type StrategyDescriptor } from './strategyDescriptor';
import type { ParamSpec } from './strategyParams';

export interface BucketedBatchingOptions {
  /** Largest batch ever dispatched. */
  maxBatch: number;
  /** How long a bucket's oldest request may wait for its bucket to fill, ms. */
  maxDelayMs: number;
  /**
   * Inclusive upper size-key bounds of the buckets (keys above the last one form one more
   * bucket). Empty: learn them from the observed size keys.
   */
  bounds: readonly number[];
  /** Buckets to learn when `bounds` is empty. */
  bucketCount: number;
}

/** Size keys kept for learning bucket bounds (the most recent ones). */
export const LEARN_SAMPLE_SIZE = 1024;
/** New size keys between two recomputations of learned bounds (every arrival while fewer were seen). */
export const RELEARN_EVERY = 64;
/**
 * The policy looks at the oldest this many waiting requests (at least 64 full batches' worth):
 * it bounds the work per decision when the queue is long; younger requests are considered once
 * older ones have gone.
 */
export const SCAN_WINDOW = 4096;

/**
 * Buckets by size key (the product of a request's symbolic dim values, see `QueueView.sizeKey`);
 * each bucket batches by the dynamic batcher's rules:
 *
 * - Bucket `j` holds the requests with `bounds[j-1] < key <= bounds[j]`; keys above the last bound
 *   form the last bucket. Explicit bounds are sorted and deduplicated.
 * - Learned bounds (no `bounds` given): the policy keeps the size keys of the most recent
 *   {@link LEARN_SAMPLE_SIZE} requests it has seen arrive, and sets the `bucketCount − 1` bounds at
 *   their quantiles j/bucketCount (bound j = the smallest sampled key with at least j/bucketCount
 *   of the sample at or below it; equal bounds merge, so heavily tied keys give fewer buckets).
 *   It recomputes them after every {@link RELEARN_EVERY} new keys, and at every new key while the
 *   sample is smaller than that, so bucketing starts with the first requests. Before any key is
 *   seen there is one bucket (plain dynamic batching). A request counts as new when its scheduled
 *   time is later than any seen before (arrivals are scheduled in order); a request scheduled at
 *   exactly the latest time already seen is not sampled, which only thins the sample.
 * - A bucket with `maxBatch` requests is full and ready at once; a bucket whose oldest request has
 *   waited `maxDelayMs` since its enqueue is ready too (a zero delay makes every bucket ready).
 *   Of the ready buckets, the one whose oldest request comes first in the queue goes (oldest bucket
 *   first), with its first `maxBatch` requests, taken with `select`.
 * - Nothing ready: wait until the earliest bucket's oldest request reaches its delay.
 * - Draining (no more arrivals): the oldest bucket goes at once, marked `flushed`.
 * - Only the oldest {@link SCAN_WINDOW} (or 64 × maxBatch, if more) waiting requests are bucketed
 *   at each decision, bounding its cost when the queue is long.
 * - A decision's `select` is a view of a buffer the policy reuses: valid until its next `decide`
 *   (the scheduler consumes it at once). A decision allocates only itself (and new bounds when due).
 */
export class BucketedBatchingPolicy implements BatchingPolicy {
  readonly name = 'bucketed';
  readonly maxBatch: number;
  readonly maxDelayMs: number;
  private readonly learn: boolean;
  private readonly bucketCount: number;
  /** Current inclusive upper bounds, ascending; buckets in use = bounds.length + 1. */
  private current: number[];
  private readonly window: number;
  /** Per bucket: members found in the scan (view positions, ascending), their count and the head. */
  private readonly positions: Int32Array;
  private readonly counts: Int32Array;
  private readonly heads: Int32Array;
  /** The chosen bucket's positions, and views of it per count (subarray allocates). */
  private readonly select: Int32Array;
  private readonly selectViews: Int32Array[] = [];
  /** Learning: a ring of recent size keys, how many were ever added, since the last recompute. */
  private readonly sample: Float64Array;
  private sampled = 0;
  private sinceLearn = 0;
  private latestScheduled = -Infinity;

  /** Options are checked by the registry. */
  constructor(options: BucketedBatchingOptions) {
    this.maxBatch = options.maxBatch;
    this.maxDelayMs = options.maxDelayMs;
    const explicit = [...new Set(options.bounds)].sort((a, b) => a - b);
    this.learn = explicit.length === 0;
    this.bucketCount = Math.max(1, Math.floor(options.bucketCount));
    this.current = explicit;
    const maxBuckets = this.learn ? this.bucketCount : explicit.length + 1;
    this.positions = new Int32Array(maxBuckets * this.maxBatch);
    this.counts = new Int32Array(maxBuckets);
    this.heads = new Int32Array(maxBuckets);
    this.select = new Int32Array(this.maxBatch);
    this.sample = new Float64Array(this.learn ? LEARN_SAMPLE_SIZE : 0);
    this.window = Math.max(SCAN_WINDOW, 64 * this.maxBatch);
  }

  /** The bucket bounds in use now (inclusive upper size keys, ascending). */
  bounds(): readonly number[] {
    return this.current;
  }

  /** The bucket a size key falls in. */
  bucketOf(key: number): number {
    const b = this.current;
    let lo = 0;
    let hi = b.length; // first bound >= key, or b.length
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (b[mid] < key) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  decide(queue: QueueView, state: SchedulerState): PolicyDecision {
    const queued = queue.length;
    if (queued === 0) return { kind: 'wait' };
    const scan = Math.min(queued, this.window);
    if (this.learn) this.learnFrom(queue, scan);

    const buckets = this.current.length + 1;
    const max = this.maxBatch;
    const counts = this.counts;
    const heads = this.heads;
    counts.fill(0, 0, buckets);
    let oldestFull = -1;
    for (let i = 0; i < scan; i++) {
      const b = this.bucketOf(queue.sizeKey(i));
      const c = counts[b];
      if (c === max) continue;
      if (c === 0) heads[b] = i;
      this.positions[b * max + c] = i;
      counts[b] = c + 1;
      if (c + 1 === max && (oldestFull < 0 || heads[b] < heads[oldestFull])) {
        oldestFull = b;
        // The bucket of the oldest request is full: nothing can be older.
        if (heads[b] === 0) break;
      }
    }

    // Ready: full, or its oldest request's delay expired (a zero delay: every bucket). Oldest first.
    let ready = oldestFull;
    let earliestDeadline = Infinity;
    for (let b = 0; b < buckets; b++) {
      if (counts[b] === 0 || b === oldestFull) continue;
      if (ready >= 0 && heads[b] > heads[ready]) continue;
      const deadline = queue.enqueuedAt(heads[b]) + this.maxDelayMs;
      // As in dynamic, a zero delay dispatches at once; a positive one is exceeded at its deadline.
      if (this.maxDelayMs === 0 || state.now >= deadline) ready = b;
      else if (deadline < earliestDeadline) earliestDeadline = deadline;
    }
    if (ready >= 0) return this.take(ready, false);
    if (state.draining) {
      let oldest = -1;
      for (let b = 0; b < buckets; b++)
        if (counts[b] > 0 && (oldest < 0 || heads[b] < heads[oldest])) oldest = b;
      return this.take(oldest, true);
    }
    return { kind: 'wait', until: earliestDeadline };
  }

  /** The dispatch of bucket `b`'s scanned members. */
  private take(b: number, flushed: boolean): PolicyDecision {
    const count = this.counts[b];
    const from = b * this.maxBatch;
    // Contiguous from the front (always, with one bucket): a plain count, as dynamic would send.
    if (this.positions[from + count - 1] === count - 1)
      return flushed ? { kind: 'dispatch', count, flushed } : { kind: 'dispatch', count };
    this.select.set(this.positions.subarray(from, from + count));
    const select = (this.selectViews[count] ??= this.select.subarray(0, count));
    return flushed ? { kind: 'dispatch', count, flushed, select } : { kind: 'dispatch', count, select };
  }

  /** Samples the size keys of requests that arrived since the last decision; relearns when due. */
  private learnFrom(queue: QueueView, scan: number): void {
    const before = this.latestScheduled;
    let latest = before;
    for (let i = 0; i < scan; i++) {
      const t = queue.scheduledAt(i);
      if (t <= before) continue;
      if (t > latest) latest = t;
      this.sample[this.sampled % this.sample.length] = queue.sizeKey(i);
      this.sampled++;
      this.sinceLearn++;
    }
    this.latestScheduled = latest;
    if (this.sinceLearn > 0 && (this.sampled <= RELEARN_EVERY || this.sinceLearn >= RELEARN_EVERY)) {
      this.current = quantileBounds(
        this.sample.subarray(0, Math.min(this.sampled, this.sample.length)),
        this.bucketCount,
      );
      this.sinceLearn = 0;
    }
  }
}

/**
 * Upper bounds that split `keys` into `buckets` groups of about equal count: bound j (1 ≤ j <
 * buckets) is the smallest key with at least j/buckets of the keys at or below it. Equal bounds
 * merge; a bound equal to the largest key is dropped (the bucket above it would stay empty).
 */
export function quantileBounds(keys: ArrayLike<number>, buckets: number): number[] {
  const n = keys.length;
  if (n === 0 || buckets <= 1) return [];
  const sorted = Float64Array.from(keys).sort();
  const bounds: number[] = [];
  for (let j = 1; j < buckets; j++) {
    const q = sorted[Math.ceil((j * n) / buckets) - 1];
    if (q < sorted[n - 1] && (bounds.length === 0 || q > bounds[bounds.length - 1])) bounds.push(q);
  }
  return bounds;
}

/** Default of the learned bucket count. */
const DEFAULT_BUCKETS = 4;

const boundsParam: ParamSpec = {
  key: 'bucketBounds',
  short: 'bounds',
  type: 'intList',
  label: 'Bucket bounds',
  help: 'Inclusive upper size keys of the buckets, e.g. 64/128/256 (a size key is the product of a request’s variable dims; larger keys form one more bucket). Empty: learned from the traffic.',
  default: [],
  min: 1,
  max: 1_000_000_000,
};

const bucketsParam: ParamSpec = {
  key: 'bucketCount',
  short: 'buckets',
  type: 'int',
  label: 'Learned buckets',
  help: 'Without bounds: how many buckets to learn, split at quantiles of recent requests’ size keys (recomputed every 64 arrivals from the last 1024).',
  default: DEFAULT_BUCKETS,
  min: 1,
  max: 64,
};

export const bucketedStrategy: StrategyDescriptor = {
  name: 'bucketed',
  title: 'Bucketed batching',
  summary:
    'Groups requests into buckets by size along the variable-length dims and batches each bucket dynamically, so batches hold similar lengths and little padding.',
  reference:
    'Bucketing by sequence length, tf.data bucket_by_sequence_length (bucket_boundaries: upper length boundaries) — https://www.tensorflow.org/api_docs/python/tf/data/experimental/bucket_by_sequence_length ; TensorFlow Serving batching guide (padding of variable-length inputs, allowed_batch_sizes) — https://github.com/tensorflow/serving/blob/master/tensorflow_serving/batching/README.md',
  params: [
    maxBatchParam('The largest batch dispatched from one bucket.'),
    {
      ...maxDelayParam,
      help: 'The longest a bucket’s oldest request waits in the queue for its bucket to fill.',
    },
    boundsParam,
    bucketsParam,
  ],
  queuePolicy: true,
  maxBatch: (c) => num(c, 'maxBatch'),
  label: (c) => {
    const base = `max=${num(c, 'maxBatch')}, delay=${formatMs(num(c, 'maxDelayMs'))}ms`;
    const bounds = [...new Set(list(c, 'bucketBounds'))].sort((a, b) => a - b);
    return bounds.length > 0
      ? `bucketed(${base}, bounds=${bounds.join('/')})`
      : `bucketed(${base}, buckets=${num(c, 'bucketCount')})`;
  },
  crossCheck: (c) =>
    // With bounds the buckets are theirs: a bucket count besides them would be ignored (and two
    // configs differing only in it would look the same).
    list(c, 'bucketBounds').length > 0 && num(c, 'bucketCount') !== DEFAULT_BUCKETS
      ? [['bucketCount', 'Give either bucket bounds or a number of buckets to learn, not both.']]
      : [],
  create: (c) =>
    new BucketedBatchingPolicy({
      maxBatch: num(c, 'maxBatch'),
      maxDelayMs: num(c, 'maxDelayMs'),
      bounds: list(c, 'bucketBounds'),
      bucketCount: num(c, 'bucketCount'),
    }),
  // Servers keep one queue per model: the buckets are what cannot be exported.
  serverBatching: (c) => {
    const bounds = [...new Set(list(c, 'bucketBounds'))].sort((a, b) => a - b);
    const buckets =
      bounds.length > 0
        ? `buckets split at size keys ${bounds.join('/')}`
        : `${num(c, 'bucketCount')} buckets learned from the traffic`;
    return {
      maxBatch: num(c, 'maxBatch'),
      maxDelayMs: num(c, 'maxDelayMs'),
      preferredBatch: [],
      latencyBudgetMs: null,
      shedAfterMs: null,
      differences: [
        `bucketed batches each length bucket on its own (${buckets}); the servers keep one queue per model, ` +
          'so the export is plain dynamic batching with the same max batch and delay, and batches mix lengths again.',
      ],
    };
  },
};
