import * as assert from 'assert';
import { summarizeStrategy } from '../../../src/engine/metrics/summarize';
import { RecordBuffer } from '../../../src/engine/metrics/recordBuffer';

/**
 * Four requests scheduled at 0, 10, 20, 30 ms (enqueued 0.5 ms later). Batch 0 = {0, 1}: dispatch
 * 12, compute 12..16, done 17. Batch 1 = {2}: dispatch 22, compute 22..24, done 25, padded to 2.
 * Request 3 never completes.
 */
function handBuilt() {
  const buffer = new RecordBuffer(4);
  for (const t of [0, 10, 20, 30]) buffer.addRequest(t, t + 0.5);
  const b0 = buffer.addBatch({
    dispatchMs: 12,
    computeStartMs: 12,
    computeEndMs: 16,
    size: 2,
    paddedSize: 2,
    padFraction: 0,
    instance: 0,
    flushed: false,
    members: [0, 1],
  });
  buffer.completeRequest(0, b0, 17);
  buffer.completeRequest(1, b0, 17);
  const b1 = buffer.addBatch({
    dispatchMs: 22,
    computeStartMs: 22,
    computeEndMs: 24,
    size: 1,
    paddedSize: 2,
    padFraction: 0.5,
    instance: 1,
    flushed: true,
    members: [2],
  });
  buffer.completeRequest(2, b1, 25);
  return buffer.toColumns();
}

/** Percentiles come from hdr-histogram: the bucket's upper edge, within 0.1% of the exact value. */
function near(actual: number, expected: number, what: string): void {
  assert.ok(
    actual >= expected && actual <= expected * 1.001,
    `${what}: got ${actual}, expected ${expected} (+0.1%)`,
  );
}

describe('summarizeStrategy', () => {
  it('derives the known answers from a hand-built record set', () => {
    const s = summarizeStrategy({
      ...handBuilt(),
      processCpuPercent: 80,
      systemCpuPercent: 30,
      sloMs: 10,
      delayHonour: { p50ErrorMs: 0.01, p99ErrorMs: 0.05, maxErrorMs: 0.1, samples: 2 },
    });
    assert.strictEqual(s.requests, 4);
    assert.strictEqual(s.completed, 3);
    assert.strictEqual(s.batches, 2);
    // Window: first scheduled (0) to last done (25).
    assert.strictEqual(s.durationS, 0.025);
    assert.strictEqual(s.throughputRps, 3 / 0.025);
    // Latencies 17, 7, 5 (from the scheduled arrival, not the enqueue).
    assert.strictEqual(s.latencyMs.max, 17);
    assert.strictEqual(s.latencyMs.mean, (17 + 7 + 5) / 3);
    near(s.latencyMs.p50, 7, 'latency p50');
    // Queue waits to compute start: 12, 2, 2. Compute: 4, 4, 2.
    assert.strictEqual(s.queueMs.max, 12);
    assert.strictEqual(s.queueMs.mean, 16 / 3);
    near(s.queueMs.p50, 2, 'queue p50');
    near(s.queueMs.p99, 12, 'queue p99');
    assert.strictEqual(s.computeMs.mean, 10 / 3);
    near(s.computeMs.p50, 4, 'compute p50');
    assert.deepStrictEqual(s.batchSize, { mean: 1.5, max: 2 });
    // One padded slot over three real ones.
    assert.strictEqual(s.paddingRatio, 1 / 3);
    // Within 10 ms: requests 1 and 2, out of 4 scheduled (the one that never ran missed it).
    assert.strictEqual(s.goodput, 0.5);
    assert.strictEqual(s.cpuPercent, 80);
    assert.strictEqual(s.systemCpuPercent, 30);
    assert.deepStrictEqual(s.delayHonour, {
      p50ErrorMs: 0.01,
      p99ErrorMs: 0.05,
      maxErrorMs: 0.1,
      samples: 2,
    });
  });

  it('counts a request done exactly at the SLO as within it (latency <= SLO), overall and per level', () => {
    // Latencies 17, 7, 5 (request 3 never ran). At an SLO of exactly 7 ms, request 1 meets it.
    const at = (sloMs: number) =>
      summarizeStrategy({
        ...handBuilt(),
        processCpuPercent: 0,
        systemCpuPercent: 0,
        sloMs,
        delayHonour: null,
      }).goodput;
    assert.strictEqual(at(7), 2 / 4);
    assert.strictEqual(at(7 - 1e-9), 1 / 4);
    assert.strictEqual(at(17), 3 / 4);
    // Per priority level: the same boundary (level 0 holds requests 0 and 2, level 1 holds 1 and 3).
    const columns = handBuilt();
    const levels = summarizeStrategy({
      ...columns,
      requests: { ...columns.requests, priority: Uint8Array.from([0, 1, 0, 1]) },
      processCpuPercent: 0,
      systemCpuPercent: 0,
      sloMs: 7,
      delayHonour: null,
    }).levels!;
    assert.deepStrictEqual(
      levels.map((l) => l.goodput),
      [1 / 2, 1 / 2],
    );
  });

  it('reports no goodput without an SLO, and zeros for an empty run', () => {
    const s = summarizeStrategy({
      ...new RecordBuffer(0).toColumns(),
      processCpuPercent: 0,
      systemCpuPercent: 0,
      sloMs: null,
      delayHonour: null,
    });
    assert.strictEqual(s.goodput, null);
    assert.strictEqual(s.requests, 0);
    assert.strictEqual(s.throughputRps, 0);
    assert.strictEqual(s.latencyMs.p99, 0);
    assert.deepStrictEqual(s.batchSize, { mean: 0, max: 0 });
    assert.strictEqual(s.paddingRatio, 0);
  });
});

describe('summarizeStrategy with rejections, padding and priority levels', () => {
  const batchOf = (members: number[], paddedSize: number, padFraction: number) => ({
    dispatchMs: 0,
    computeStartMs: 1,
    computeEndMs: 2,
    size: members.length,
    paddedSize,
    padFraction,
    instance: 0,
    flushed: false,
    members,
  });

  /**
   * Five requests at 0 ms: 0 and 1 done at 4 (level 0), 2 done at 20 (level 1), 3 rejected at 1
   * (level 1), 4 never ran (level 0). Level 2 exists but nobody drew it.
   */
  function leveled() {
    const buffer = new RecordBuffer(5, 3);
    for (const level of [0, 0, 1, 1, 0]) buffer.addRequest(0, 0, level);
    const b0 = buffer.addBatch(batchOf([0, 1], 2, 0));
    buffer.completeRequest(0, b0, 4);
    buffer.completeRequest(1, b0, 4);
    const b1 = buffer.addBatch(batchOf([2], 1, 0));
    buffer.completeRequest(2, b1, 20);
    buffer.rejectRequest(3, 1);
    return buffer.toColumns();
  }

  const summarize = (columns: ReturnType<typeof leveled>, levels?: number) =>
    summarizeStrategy({
      ...columns,
      processCpuPercent: 0,
      systemCpuPercent: 0,
      sloMs: 10,
      delayHonour: null,
      levels,
    });

  it('counts rejected requests apart from completed ones, and goodput over every offered request', () => {
    const s = summarize(leveled());
    assert.strictEqual(s.requests, 5);
    assert.strictEqual(s.completed, 3);
    assert.strictEqual(s.rejected, 1);
    // Within 10 ms: requests 0 and 1, out of all 5 offered (the rejected and the never-run missed it).
    assert.strictEqual(s.goodput, 2 / 5);
    // The rejection time is no latency: only completed requests count.
    assert.strictEqual(s.latencyMs.max, 20);
  });

  it('summarizes each priority level, including one nobody drew', () => {
    const s = summarize(leveled(), 3);
    assert.deepStrictEqual(
      s.levels!.map((l) => [l.level, l.requests, l.completed, l.rejected, l.goodput]),
      [
        [0, 3, 2, 0, 2 / 3],
        [1, 2, 1, 1, 0],
        [2, 0, 0, 0, 0],
      ],
    );
    assert.strictEqual(s.levels![0].latencyMs.max, 4);
    assert.strictEqual(s.levels![1].latencyMs.max, 20);
    // Without the run's level count, the column tells how many levels there were.
    assert.strictEqual(summarize(leveled()).levels!.length, 2);
    // One level: no per-level block.
    assert.strictEqual(
      summarize({ ...leveled(), requests: { ...leveled().requests, priority: undefined } }).levels,
      undefined,
    );
  });

  it('weights each batch padding share by its padded size; empty slots are padding even when unmeasured', () => {
    const buffer = new RecordBuffer(6);
    for (let i = 0; i < 6; i++) buffer.addRequest(0, 0);
    buffer.addBatch(batchOf([0, 1], 2, 0.25)); // measured: a quarter of its elements padded
    buffer.addBatch(batchOf([2], 4, 0)); // unmeasured (null executor): 3 of 4 slots empty
    buffer.addBatch(batchOf([3, 4, 5], 4, 0.5)); // measured 0.5, more than its empty slot (0.25)
    const s = summarizeStrategy({
      ...buffer.toColumns(),
      processCpuPercent: 0,
      systemCpuPercent: 0,
      sloMs: null,
      delayHonour: null,
    });
    assert.strictEqual(s.padFraction, (2 * 0.25 + 4 * 0.75 + 4 * 0.5) / (2 + 4 + 4));
  });
});
