/**
 * Everything the charts need about one strategy of one profile, accumulated from live events in
 * columnar buffers. Derived views (percentiles over time, histograms) are computed on demand by
 * the chart modules, so a tick costs O(batches in the tick).
 */
import { inIntervals, type Interval } from '../../src/shared/measurementPlan';
import { nearestRank } from '../../src/shared/nearestRank';
import type { LiveBatch, LiveSample } from '../../src/shared/liveEvents';
import type { StrategyConfig, StrategyResult, StrategySummary } from '../../src/shared/profileTypes';
import { growF64, growI32, type Growable } from './growable';
import { LatencyHistogram } from './latencyHistogram';

/** Latencies finishing in the same time slot; sorted in place when a quantile is asked for. */
export interface LatencySlot {
  values: Growable<Float64Array>;
  /** True while `values` is in ascending order (no value added since the last sort). */
  sorted: boolean;
}

export class SeriesData {
  /** Colour slot: one colour per series across the whole panel. */
  colorIndex = 0;
  fraction = 0;
  completed = 0;
  /** Requests rejected so far (queue policy or shed), and how many in each tick, by tick time. */
  rejected = 0;
  readonly rejections = { tMs: growF64(), count: growF64() };
  summary: StrategySummary | null = null;
  /**
   * The strategy's measured intervals (from its start event, then its end event or saved profile):
   * requests scheduled outside them arrived during its warm-up. They still show in the latency
   * over time (shaded), but not in the distribution or the breakdown. Null: all measured.
   */
  measured: Interval[] | null = null;
  partial = false;
  ended = false;

  readonly batches = {
    dispatchMs: growF64(),
    computeStartMs: growF64(),
    computeEndMs: growF64(),
    size: growI32(),
    paddedSize: growI32(),
    padFraction: growF64(),
    flushed: growI32(),
    firstMember: growI32(),
  };
  /**
   * Per member of every live batch, batch order: request id and queue wait (ms), for the batch
   * tooltips (read them through {@link memberOf}). Latencies are in `slots`.
   */
  readonly members = { id: growI32(), queueMs: growF64() };
  /**
   * The saved profile's columns this series was loaded from ({@link addBatchOf}): its members
   * are read from them when asked for, not copied (a million of them is megabytes of fresh memory
   * for a tooltip). A series holds either live batches or one saved profile's.
   */
  private source: StrategyResult | null = null;
  /** Batch count by real size (index = size). */
  readonly sizeCounts: number[] = [];
  readonly latency = new LatencyHistogram();
  /** Sums for the mean breakdown: queue wait, compute, everything after compute. */
  readonly sums = { queueMs: 0, computeMs: 0, otherMs: 0, latencyMs: 0, requests: 0 };
  /** Latencies grouped by completion-time slot of `slotMs`. */
  readonly slots: LatencySlot[] = [];
  readonly samples = {
    tMs: growF64(),
    completionsPerS: growF64(),
    queueDepth: growF64(),
    processCpuPercent: growF64(),
    systemCpuPercent: growF64(),
    gpuUtilPercent: growF64(),
    gpuMemoryMiB: growF64(),
    /** An adaptive policy's batch cap and latency estimate (NaN where it reported none). */
    policyCapBatch: growF64(),
    policyEstimateMs: growF64(),
  };
  hasGpuSamples = false;
  /** True once an adaptive policy reported its state (the adaptivity chart shows it). */
  hasPolicySamples = false;
  /** Latest time seen (ms), for the x range. */
  maxTimeMs = 0;
  /** Bumped on every change, so views can skip unchanged series. */
  version = 0;

  constructor(
    readonly stream: number,
    readonly strategy: number,
    readonly label: string,
    readonly config: StrategyConfig,
    readonly expectedRequests: number | null,
    readonly durationS: number,
    /** Width of a latency-over-time slot: ~300 slots over the planned duration, at least 100 ms. */
    readonly slotMs = Math.max(100, (durationS * 1000) / 300),
  ) {}

  addBatch(b: LiveBatch): void {
    const computeMs = b.computeEndMs - b.computeStartMs;
    const slot = this.openBatch(
      b.dispatchMs,
      b.computeStartMs,
      b.computeEndMs,
      b.size,
      b.paddedSize,
      b.padFraction,
      b.flushed,
    );
    for (let i = 0; i < b.requestIds.length; i++)
      this.addMember(
        slot,
        b.requestIds[i],
        b.queueMs[i],
        b.latencyMs[i],
        computeMs,
        this.isMeasured(b.computeStartMs - b.queueMs[i]),
      );
    this.closeBatch(b.computeEndMs);
  }

  /**
   * The same as `addBatch(batchAt(result, b))` (src/shared/profileReplay.ts), read straight from
   * a saved profile's columns: a million requests load without a trail of batch objects and
   * member arrays to build and collect, and the members stay in the columns ({@link memberOf}).
   */
  addBatchOf(result: StrategyResult, b: number): void {
    this.source = result;
    const { batches, requests } = result;
    const startMs = batches.computeStartMs[b];
    const endMs = batches.computeEndMs[b];
    const size = batches.size[b];
    const first = batches.firstMember[b];
    const slot = this.openBatch(
      batches.dispatchMs[b],
      startMs,
      endMs,
      size,
      batches.paddedSize[b],
      batches.padFraction[b],
      batches.flushed[b] === 1,
      first,
    );
    const computeMs = endMs - startMs;
    // addMember's work for the whole batch, written straight into the buffers. The sums add up in
    // the same order as addMember's, so both ways give the same numbers to the last bit.
    const values = slot.values.append(size);
    const valueData = values.data;
    const valueAt = values.start;
    const { members } = batches;
    const { scheduledMs: scheduled, doneMs: done } = requests;
    const histogram = this.latency;
    const sums = this.sums;
    let { queueMs: queueSum, computeMs: computeSum, otherMs: otherSum, latencyMs: latencySum } = sums;
    let counted = 0;
    for (let j = 0; j < size; j++) {
      const id = members[first + j];
      const scheduledMs = scheduled[id];
      const queue = startMs - scheduledMs;
      const latency = done[id] - scheduledMs;
      valueData[valueAt + j] = latency;
      if (!this.isMeasured(scheduledMs)) continue;
      counted++;
      histogram.add(latency);
      queueSum += queue;
      computeSum += computeMs;
      otherSum += Math.max(0, latency - queue - computeMs);
      latencySum += latency;
    }
    sums.queueMs = queueSum;
    sums.computeMs = computeSum;
    sums.otherMs = otherSum;
    sums.latencyMs = latencySum;
    sums.requests += counted;
    this.closeBatch(endMs);
  }

  /**
   * Sizes the buffers for a saved profile's columns before {@link addBatchOf} fills them: a
   * million latencies otherwise grow through a dozen doublings, copies and collections.
   */
  reserve(result: StrategyResult): void {
    const { computeEndMs, size } = result.batches;
    const batches = this.batchCount + size.length;
    for (const column of Object.values(this.batches)) column.reserve(batches);
    // Each latency slot gets exactly the room its requests take (fresh memory is costly in a page).
    const perSlot: number[] = [];
    for (let b = 0; b < size.length; b++) {
      const k = this.slotOf(computeEndMs[b]);
      perSlot[k] = (perSlot[k] ?? 0) + size[b];
    }
    perSlot.forEach((count, k) => this.slotAt(k).values.reserve(this.slotAt(k).values.length + count));
  }

  private slotOf(computeEndMs: number): number {
    return Math.max(0, Math.floor(computeEndMs / this.slotMs));
  }

  private slotAt(index: number): LatencySlot {
    while (this.slots.length <= index) this.slots.push({ values: growF64(0), sorted: true });
    return this.slots[index];
  }

  /** Records a batch's own columns; returns the latency slot its members go into. */
  private openBatch(
    dispatchMs: number,
    computeStartMs: number,
    computeEndMs: number,
    size: number,
    paddedSize: number,
    padFraction: number,
    flushed: boolean,
    firstMember = this.members.id.length,
  ): LatencySlot {
    const c = this.batches;
    c.dispatchMs.push(dispatchMs);
    c.computeStartMs.push(computeStartMs);
    c.computeEndMs.push(computeEndMs);
    c.size.push(size);
    c.paddedSize.push(paddedSize);
    c.padFraction.push(padFraction);
    c.flushed.push(flushed ? 1 : 0);
    c.firstMember.push(firstMember);
    this.sizeCounts[size] = (this.sizeCounts[size] ?? 0) + 1;
    const slot = this.slotAt(this.slotOf(computeEndMs));
    slot.sorted = false;
    return slot;
  }

  /**
   * Whether a request scheduled at `scheduledMs` counts (see `measured`). Rounded to the µs the
   * profile stores times in, so a live batch's (compute start − queue wait) and a saved profile's
   * scheduled time decide alike at an interval's edge.
   */
  private isMeasured(scheduledMs: number): boolean {
    return this.measured === null || inIntervals(this.measured, Math.round(scheduledMs * 1000) / 1000);
  }

  private addMember(
    slot: LatencySlot,
    id: number,
    queue: number,
    latency: number,
    computeMs: number,
    counted: boolean,
  ): void {
    this.members.id.push(id);
    this.members.queueMs.push(queue);
    slot.values.push(latency);
    if (!counted) return;
    this.latency.add(latency);
    this.sums.queueMs += queue;
    this.sums.computeMs += computeMs;
    this.sums.otherMs += Math.max(0, latency - queue - computeMs);
    this.sums.latencyMs += latency;
    this.sums.requests++;
  }

  private closeBatch(computeEndMs: number): void {
    this.maxTimeMs = Math.max(this.maxTimeMs, computeEndMs);
    this.version++;
  }

  addSample(s: LiveSample): void {
    const c = this.samples;
    c.tMs.push(s.tMs);
    c.completionsPerS.push(s.completionsPerS);
    c.queueDepth.push(s.queueDepth);
    c.processCpuPercent.push(s.processCpuPercent);
    c.systemCpuPercent.push(s.systemCpuPercent);
    c.gpuUtilPercent.push(s.gpuUtilPercent ?? NaN);
    c.gpuMemoryMiB.push(s.gpuMemoryMiB ?? NaN);
    if (s.gpuUtilPercent !== undefined || s.gpuMemoryMiB !== undefined) this.hasGpuSamples = true;
    c.policyCapBatch.push(s.policyCapBatch ?? NaN);
    c.policyEstimateMs.push(s.policyEstimateMs ?? NaN);
    if (s.policyCapBatch !== undefined || s.policyEstimateMs !== undefined) this.hasPolicySamples = true;
    this.maxTimeMs = Math.max(this.maxTimeMs, s.tMs);
    this.version++;
  }

  /**
   * The rest of a tick once its batches are added: progress, samples, and the running rejection
   * count (absent in older recordings), stamped with the tick's time (its last sample's).
   */
  endTick(fraction: number, completed: number, samples: LiveSample[], rejected: number | undefined): void {
    this.fraction = fraction;
    this.completed = completed;
    for (const sample of samples) this.addSample(sample);
    if (typeof rejected === 'number') this.addRejections(rejected, this.maxTimeMs);
  }

  /** A tick's running total of rejections, stamped with the tick's time (ms). */
  addRejections(total: number, atMs: number): void {
    if (!(total > this.rejected)) return;
    this.rejections.tMs.push(atMs);
    this.rejections.count.push(total - this.rejected);
    this.rejected = total;
    this.version++;
  }

  /** Request id and queue wait (ms) of member `j` of batch `b`. */
  memberOf(b: number, j: number): { id: number; queueMs: number } {
    const k = this.batches.firstMember.get(b) + j;
    if (!this.source) return { id: this.members.id.get(k), queueMs: this.members.queueMs.get(k) };
    const { batches, requests } = this.source;
    const id = batches.members[k];
    return { id, queueMs: batches.computeStartMs[b] - requests.scheduledMs[id] };
  }

  get batchCount(): number {
    return this.batches.size.length;
  }
}

/** The q-quantile (0..1) of a slot's latencies (nearest rank), sorting the slot once. */
export function slotQuantile(slot: LatencySlot, q: number): number {
  const values = slot.values.view();
  // A typed array's own sort is numeric and several times faster than an array's with a comparator.
  if (!slot.sorted) values.sort();
  slot.sorted = true;
  return values.length === 0 ? NaN : nearestRank(values, q);
}
