import type { CalibrationPoint } from '../profileTypes';
import { maxBatchParam, sloParam } from './commonParams';
import type {
  BatchOutcome,
  BatchingPolicy,
  PolicyDecision,
  PolicyState,
  QueueView,
  SchedulerState,
} from './policy';
import { formatMs, num, type StrategyDescriptor } from './strategyDescriptor';

/** Batches the cost model is fitted over (BentoML's Optimizer keeps the last 50 too). */
export const COST_WINDOW = 50;
/** Weight of a new inter-arrival gap in the smoothed gap. */
const GAP_SMOOTHING = 0.1;
/** Smallest per-item cost the fit may report, ms (BentoML clamps its slope the same way). */
const MIN_PER_ITEM_MS = 1e-6;

/** Knobs of the adaptive batcher, as in BentoML's `batching` config. */
export interface AdaptiveBatchingOptions {
  /** Largest batch ever dispatched (BentoML max_batch_size). */
  maxBatch: number;
  /** No request is served later than its scheduled arrival + this, ms (BentoML max_latency_ms). */
  maxLatencyMs: number;
  /** The model's measured latency per batch size, seeding the cost model before any batch ran. */
  calibration?: readonly CalibrationPoint[];
}

/**
 * `adaptive`: BentoML's adaptive batching (its CORK dispatcher), decided when an instance is free.
 *
 * A batch of n is modelled as costing `a·n + b` ms, fitted by least squares over the last
 * {@link COST_WINDOW} batches; the window starts filled with the calibration points, so the model
 * is right from the first request (with no calibration, a prior under which batching pays: see
 * the constructor). The time to the next arrival is a smoothed gap between arrivals. With the
 * oldest queued request having waited w0 (since its scheduled arrival) and n requests queued:
 *
 * 1. Shed: a head request that would finish late even alone (`w + a + b > L`) is rejected; so is
 *    one that would finish late in a full batch when the queue can fill one (`n ≥ cap`), as
 *    BentoML cancels the oldest while `w0 + a·n + b ≥ L`. The second rule is what keeps batches
 *    full under overload: serving the oldest barely-feasible request in a tiny batch instead
 *    would cut throughput to a batch of one per `a + b` and make everyone behind it late.
 * 2. Dispatch at once when the queue fills a batch (`cap`: max batch, or less when a batch that
 *    big cannot meet L even without waiting), or when waiting for one more arrival would make the
 *    oldest late (`w0 + Δ + a·(n+1) + b ≥ L`), or when waiting does not pay (below). A batch in
 *    which the oldest would be late (a burst into an idle system) is cut to the size that is not.
 * 3. Otherwise wait, and be asked again at the latest moment waiting can still keep the oldest in
 *    budget, or when waiting stops paying because the expected arrival is overdue.
 *
 * When waiting pays: holding n queued requests for one more, expected in Δ ms, costs each of
 * them Δ plus the extra item's compute a: `n·(Δ + a)`. It saves the newcomer a batch of its own,
 * i.e. the base cost b, which is both its own latency and instance time every later request
 * would queue behind. So it waits while `n·(Δ + a) < b`, i.e. while the time to the next arrival
 * is below the per-item saving `b/n − a`. This is BentoML's rule `n·(wn + dt + a) ≤ wait·decay`
 * with its learned average wait replaced by the base cost it stands for. At light load (Δ ≫ b) a
 * request goes at once; at moderate load batches grow to about `b/(Δ + a)`. Nothing is tuned
 * beyond the max latency.
 *
 * The learned gap only changes when requests arrive; an arrival that is overdue (the current gap
 * is already longer than the average) is taken as a sign the traffic slowed: Δ becomes the time
 * since the last arrival, so a lull does not hold a batch until the budget runs out.
 * Arrivals are learned by scanning the queue's tail for requests scheduled after the last one
 * seen: exact with one priority level; with several, new higher-priority requests in the middle
 * of the queue go unseen, which only makes the gap longer and the policy wait less.
 */
export class AdaptiveBatchingPolicy implements BatchingPolicy {
  readonly name = 'adaptive';
  readonly maxBatch: number;
  readonly maxLatencyMs: number;
  /** Recent batches `[size, computeMs]`, oldest first, at most COST_WINDOW; seeded from calibration. */
  private readonly samples: Array<[number, number]> = [];
  /** Fitted cost model: `a·n + b` ms per batch of n. */
  private a: number;
  private b: number;
  /** Scheduled arrival of the newest request seen, ms (-Infinity before any). */
  private lastArrival = -Infinity;
  /** Smoothed gap between arrivals, ms (NaN until two arrivals were seen). */
  private gap = NaN;
  /** Size of the batch last dispatched or held, for observe(). */
  private lastBatch = 1;

  /** Options are checked by the registry. */
  constructor(options: AdaptiveBatchingOptions) {
    this.maxBatch = options.maxBatch;
    this.maxLatencyMs = options.maxLatencyMs;
    // Uncalibrated prior: batching pays (b = 10·a, a batch of one at L/30 + L/300). BentoML starts
    // pessimistic (o_a = 2L/30, o_b = L/30) and then forces batches of 2 and 3 in a training phase
    // to learn the slope; a policy cannot force traffic, and a pessimistic line never waits, so
    // never sees two batch sizes and never learns. An optimistic one waits a little (within L),
    // sees several sizes, and the fit corrects it.
    this.a = this.maxLatencyMs / 300;
    this.b = this.maxLatencyMs / 30;
    for (const point of options.calibration ?? []) {
      if (point.batchSize >= 1 && point.latencyMs > 0 && Number.isFinite(point.latencyMs))
        this.samples.push([point.batchSize, point.latencyMs]);
    }
    this.samples.splice(0, Math.max(0, this.samples.length - COST_WINDOW));
    this.fit();
  }

  decide(queue: QueueView, state: SchedulerState): PolicyDecision {
    const queued = queue.length;
    if (queued === 0) return { kind: 'wait' };
    const { now } = state;
    const L = this.maxLatencyMs;
    const { a, b } = this;
    this.learnArrivals(queue);
    const cap = this.capBatch();
    const waited = (i: number): number => now - queue.scheduledAt(i);

    // 1. Shed the head: late even alone, or late in the full batch the queue could fill.
    let shed = 0;
    while (shed < queued) {
      const w = waited(shed);
      const fullBatch = queued - shed >= cap;
      if (w + a + b > L || (fullBatch && w + a * cap + b > L)) shed++;
      else break;
    }
    if (shed > 0) return { kind: 'shed', count: shed };

    // 2. Dispatch at once: a full batch, or a batch in which the oldest is already at risk.
    const w0 = waited(0);
    const n = Math.min(queued, cap);
    if (w0 + a * n + b > L) {
      // Only with n < cap (the shed rule covers a full batch): cut the batch to what the oldest can
      // afford. At least 1: the head passed the shed check.
      return this.dispatch(Math.max(1, Math.min(n, Math.floor((L - b - w0) / a))));
    }
    if (n >= cap) return this.dispatch(n);

    // Expected time to the next arrival (Infinity until a gap has been seen: then never wait).
    const sinceLast = now - this.lastArrival;
    const delta = Number.isNaN(this.gap) ? Infinity : Math.max(this.gap, sinceLast);
    const budgetAllowsWait = w0 + delta + a * (n + 1) + b < L;
    const waitPays = n * (delta + a) < b;
    if (!budgetAllowsWait || !waitPays) return this.dispatch(n);
    // The run is over: nobody else will come, so waiting is pointless.
    if (state.draining) return this.dispatch(n, true);

    // 3. Wait. Ask again when waiting for the next arrival would break the budget, or when an
    // overdue arrival makes it stop paying (Δ = time since the last arrival reaches b/n − a).
    const budgetEnds = queue.scheduledAt(0) + L - delta - a * (n + 1) - b;
    const payEnds = this.lastArrival + b / n - a;
    const until = Math.min(budgetEnds, payEnds);
    if (!(until > now)) return this.dispatch(n); // rounding at the boundary
    this.lastBatch = n;
    return { kind: 'wait', until };
  }

  onBatchComplete(outcome: BatchOutcome): void {
    const { size, computeMs } = outcome;
    if (!(size >= 1 && Number.isFinite(computeMs) && computeMs >= 0)) return;
    this.samples.push([size, computeMs]);
    if (this.samples.length > COST_WINDOW) this.samples.shift();
    this.fit();
  }

  /** The fitted cost model, its estimate for the batch last formed, and the batch cap. */
  observe(): PolicyState {
    return {
      costPerItemMs: this.a,
      costBaseMs: this.b,
      estimateMs: this.a * this.lastBatch + this.b,
      capBatch: this.capBatch(),
    };
  }

  private dispatch(count: number, flushed = false): PolicyDecision {
    this.lastBatch = count;
    return flushed ? { kind: 'dispatch', count, flushed } : { kind: 'dispatch', count };
  }

  /** The largest batch dispatched: max batch, or less when a batch that big cannot meet L even unqueued. */
  private capBatch(): number {
    return Math.max(1, Math.min(this.maxBatch, Math.floor((this.maxLatencyMs - this.b) / this.a)));
  }

  /** Updates the smoothed inter-arrival gap from requests scheduled after the newest one seen. */
  private learnArrivals(queue: QueueView): void {
    let first = queue.length;
    while (first > 0 && queue.scheduledAt(first - 1) > this.lastArrival) first--;
    for (let i = first; i < queue.length; i++) {
      const t = queue.scheduledAt(i);
      if (t <= this.lastArrival) continue; // out of order (priorities): seen in effect
      if (Number.isFinite(this.lastArrival)) {
        const g = t - this.lastArrival;
        this.gap = Number.isNaN(this.gap) ? g : this.gap + GAP_SMOOTHING * (g - this.gap);
      }
      this.lastArrival = t;
    }
  }

  /**
   * Least-squares fit of `a·n + b` over the window. With a single batch size in it the slope
   * cannot be told from the intercept: the current line keeps its shape, scaled through the mean.
   */
  private fit(): void {
    const m = this.samples.length;
    if (m === 0) return;
    let sx = 0;
    let sy = 0;
    for (const [x, y] of this.samples) {
      sx += x;
      sy += y;
    }
    const mx = sx / m;
    const my = sy / m;
    let sxx = 0;
    let sxy = 0;
    for (const [x, y] of this.samples) {
      sxx += (x - mx) * (x - mx);
      sxy += (x - mx) * (y - my);
    }
    if (sxx > 0) {
      this.a = Math.max(MIN_PER_ITEM_MS, sxy / sxx);
      this.b = Math.max(0, my - this.a * mx);
    } else {
      const scale = my / (this.a * mx + this.b);
      this.a = Math.max(MIN_PER_ITEM_MS, this.a * scale);
      this.b = Math.max(0, this.b * scale);
    }
  }
}

export const adaptiveStrategy: StrategyDescriptor = {
  name: 'adaptive',
  title: 'Adaptive batching',
  summary:
    'Learns a linear batch cost model, waits for more requests only while that pays off within the max latency, and sheds requests that would miss it.',
  reference:
    'BentoML adaptive batching (CorkDispatcher: max_batch_size, max_latency_ms) — https://docs.bentoml.com/en/latest/get-started/adaptive-batching.html',
  params: [
    maxBatchParam('The largest batch dispatched (BentoML max_batch_size).'),
    {
      ...sloParam(
        'No request is served later than its arrival plus this; requests that cannot make it are shed (BentoML max_latency_ms).',
      ),
      key: 'maxLatencyMs',
      short: 'latency',
      label: 'Max latency (ms)',
    },
  ],
  queuePolicy: true,
  maxBatch: (c) => num(c, 'maxBatch'),
  label: (c) => `adaptive(max=${num(c, 'maxBatch')}, latency=${formatMs(num(c, 'maxLatencyMs'))}ms)`,
  create: (c, context) =>
    new AdaptiveBatchingPolicy({
      maxBatch: num(c, 'maxBatch'),
      maxLatencyMs: num(c, 'maxLatencyMs'),
      calibration: context.calibration,
    }),
  serverBatching: (c, context) => {
    const max = num(c, 'maxBatch');
    const L = num(c, 'maxLatencyMs');
    // The cost model the policy starts from on this model (its calibration fit), read from the policy
    // itself so the export follows the same fit.
    const start = new AdaptiveBatchingPolicy({
      maxBatch: max,
      maxLatencyMs: L,
      calibration: context.calibration,
    });
    const { costPerItemMs: a = 0, costBaseMs: b = 0, capBatch = max } = start.observe();
    // A lone request is held for company only while the next arrival is due within b − a (waiting
    // pays): the longest the policy ever holds a batch on purpose.
    const delay = roundMs(Math.max(0, b - a));
    // A request that has waited L − (a + b) would be late even alone: adaptive sheds it.
    const shed = roundMs(L - (a + b));
    return {
      maxBatch: capBatch,
      maxDelayMs: delay,
      preferredBatch: [],
      latencyBudgetMs: L,
      shedAfterMs: shed > 0 ? shed : null,
      differences: [
        `adaptive (BentoML's batcher) decides how long to wait from a batch cost model it keeps learning ` +
          `(a·n + b, here a = ${formatMs(roundMs(a))} ms, b = ${formatMs(roundMs(b))} ms) and the gap between arrivals; ` +
          `a fixed-delay server cannot. The export waits at most ${formatMs(delay)} ms (b − a, the longest adaptive ` +
          `holds a lone request for company), with batches up to ${capBatch} (the largest that meets ${formatMs(L)} ms)` +
          (shed > 0
            ? `, and times out requests that waited ${formatMs(shed)} ms (late even alone) where adaptive sheds by its model.`
            : '; even a batch of one misses the max latency on this calibration, so nothing stands in for the shedding.'),
      ],
      nativeIn: ['bentoml'],
    };
  },
};

/** Milliseconds to the microsecond, as servers take them. */
function roundMs(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}
