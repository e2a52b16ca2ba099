/**
 * Everything the charts need about one strategy of one profile, accumulated from live events in
 * columnar buffers. Derived views (percentiles over time, histograms) are computed on demand by
 * the chart modules, so a tick costs O(batches in the tick).
 */
import { nearestRank } from '../../src/shared/nearestRank';
import type { LiveBatch, LiveSample } from '../../src/shared/liveEvents';
import type { StrategyConfig, StrategySummary } from '../../src/shared/profileTypes';
import { growF64, growI32 } from './growable';
import { LatencyHistogram } from './latencyHistogram';

/** Latencies finishing in the same time slot, with their percentiles cached until the slot changes. */
export interface LatencySlot {
  values: number[];
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
  /** Per member of every batch, batch order: request id, queue wait and end-to-end latency (ms). */
  readonly members = { id: growI32(), queueMs: growF64(), latencyMs: growF64() };
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
    const c = this.batches;
    c.dispatchMs.push(b.dispatchMs);
    c.computeStartMs.push(b.computeStartMs);
    c.computeEndMs.push(b.computeEndMs);
    c.size.push(b.size);
    c.paddedSize.push(b.paddedSize);
    c.padFraction.push(b.padFraction);
    c.flushed.push(b.flushed ? 1 : 0);
    c.firstMember.push(this.members.id.length);
    this.sizeCounts[b.size] = (this.sizeCounts[b.size] ?? 0) + 1;
    const computeMs = b.computeEndMs - b.computeStartMs;
    const slotIndex = Math.max(0, Math.floor(b.computeEndMs / this.slotMs));
    while (this.slots.length <= slotIndex) this.slots.push({ values: [], sorted: true });
    const slot = this.slots[slotIndex];
    for (let i = 0; i < b.requestIds.length; i++) {
      const latency = b.latencyMs[i];
      const queue = b.queueMs[i];
      this.members.id.push(b.requestIds[i]);
      this.members.queueMs.push(queue);
      this.members.latencyMs.push(latency);
      this.latency.add(latency);
      slot.values.push(latency);
      this.sums.queueMs += queue;
      this.sums.computeMs += computeMs;
      this.sums.otherMs += Math.max(0, latency - queue - computeMs);
      this.sums.latencyMs += latency;
      this.sums.requests++;
    }
    slot.sorted = slot.values.length <= 1;
    this.maxTimeMs = Math.max(this.maxTimeMs, b.computeEndMs);
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

  /** A tick's running total of rejections, stamped with the tick's time (ms). */
  addRejections(total: number, atMs: number): void {
    if (!(total > this.rejected)) return;
    this.rejections.tMs.push(atMs);
    this.rejections.count.push(total - this.rejected);
    this.rejected = total;
    this.version++;
  }

  get batchCount(): number {
    return this.batches.size.length;
  }
}

/** The q-quantile (0..1) of a slot's latencies (nearest rank), sorting the slot once. */
export function slotQuantile(slot: LatencySlot, q: number): number {
  if (!slot.sorted) {
    slot.values.sort((a, b) => a - b);
    slot.sorted = true;
  }
  return slot.values.length === 0 ? NaN : nearestRank(slot.values, q);
}
