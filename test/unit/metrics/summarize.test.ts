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
