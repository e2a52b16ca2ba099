/** Each strategy's export mapping (its descriptor's serverBatching), and the queue policy the export adds. */
import { strict as assert } from 'node:assert';
import { exportBatching } from '../../../src/shared/export/exportBatching';
import type { CalibrationPoint } from '../../../src/shared/profileTypes';
import { settledCap } from '../../../src/shared/strategies/aimd';
import { STRATEGIES } from '../../../src/shared/strategies/registry';
import { CALIBRATION, config, request } from './exportFixtures';

const batching = (name: string, given: Parameters<typeof config>[1] = {}, calibration = CALIBRATION) =>
  exportBatching(request({ strategy: config(name, given), calibration }));

describe('export mappings of the strategies', () => {
  it('every registered strategy has its own mapping', () => {
    for (const d of STRATEGIES)
      assert.equal(typeof d.serverBatching, 'function', `${d.name} has serverBatching`);
  });

  it('none: batches of one, no wait, nothing differs', () => {
    const b = batching('none');
    assert.deepEqual([b.maxBatch, b.maxDelayMs, b.preferredBatch, b.differences], [1, 0, [], []]);
  });

  it('dynamic: its own settings, exactly', () => {
    const b = batching('dynamic', { maxBatch: 16, maxDelayMs: 0.5, preferredBatch: [8, 4, 8] });
    assert.deepEqual([b.maxBatch, b.maxDelayMs, b.preferredBatch, b.differences], [16, 0.5, [4, 8], []]);
  });

  it('static: its size as max and only preferred size, a long bounded delay, and the difference said', () => {
    const b = batching('static', { batchSize: 6 });
    assert.deepEqual([b.maxBatch, b.preferredBatch, b.maxDelayMs], [6, [6], 1000]);
    assert.match(b.differences.join(' '), /waits for a full batch of 6 however long/);
  });

  it('aimd: the max batch where the cap settles on the calibration, no wait, and why', () => {
    // Median compute 2, 3, 5, 9 ms at 1, 2, 4, 8: batch 5 interpolates to 6 ms (fits), batch 6 to 7 ms.
    const b = batching('aimd', { maxBatch: 8, sloMs: 6 });
    assert.equal(b.maxBatch, 5);
    assert.equal(b.maxDelayMs, 0);
    assert.match(b.differences.join(' '), /AIMD is in none of these servers/);
    const uncalibrated = batching('aimd', { maxBatch: 8, sloMs: 6 }, []);
    assert.equal(uncalibrated.maxBatch, 8, 'its max, without calibration');
    assert.match(uncalibrated.differences.join(' '), /no calibration/);
  });

  it('aimd settles by interpolation, extrapolation past the largest size, and never below 1', () => {
    const one: CalibrationPoint[] = [{ batchSize: 1, latencyMs: 2, p90Ms: 2, throughput: 500, samples: 5 }];
    assert.equal(settledCap(CALIBRATION, 1, 8), 1, 'even a batch of one is over budget');
    assert.equal(settledCap(CALIBRATION, 100, 32), 32, 'the max when every size fits');
    assert.equal(settledCap(CALIBRATION, 11, 16), 10, 'past 8 the 4→8 slope (1 ms/item) goes on: 10 → 11 ms');
    assert.equal(settledCap(one, 7, 16), 3, 'one point: assumed proportional, 3 × 2 ms fits 7 ms');
    assert.equal(settledCap([], 7, 16), null);
  });

  it('adaptive: its cost model fit gives the wait and the shedding timeout; BentoML is its home', () => {
    const b = batching('adaptive', { maxBatch: 8, maxLatencyMs: 20 });
    // The calibration fits a·n + b with a = 1 ms/item, b = 1 ms.
    assert.equal(b.maxDelayMs, 0, 'b − a = 0: waiting for company never pays on this model');
    assert.equal(b.latencyBudgetMs, 20);
    assert.equal(b.shedAfterMs, 18, 'a request that waited 20 − (a + b) = 18 ms is late even alone');
    assert.deepEqual(b.queue, { maxQueue: 0, timeoutMs: 18, timeoutAction: 'reject', timeoutStandsIn: true });
    assert.deepEqual(b.nativeIn, ['bentoml']);
    const flat: CalibrationPoint[] = CALIBRATION.map((p) => ({ ...p, latencyMs: 4 + 0.5 * p.batchSize }));
    assert.equal(
      batching('adaptive', { maxBatch: 8, maxLatencyMs: 20 }, flat).maxDelayMs,
      3.5,
      'b − a = 4 − 0.5',
    );
  });

  it('deadline: the largest batch its estimates fit in the SLO, no wait, a timeout for the shedding', () => {
    const b = batching('deadline', { maxBatch: 8, sloMs: 6 });
    // p90 seeds: 2.2 at 1, 3.3 at 2, 5.5 at 4: batch 4 fits 6 ms, batch 5 (6.6) does not.
    assert.equal(b.maxBatch, 4);
    assert.equal(b.maxDelayMs, 0);
    assert.equal(b.shedAfterMs, 3.8, '6 − 2.2: late even alone');
    assert.match(b.differences.join(' '), /Clockwork/);
  });

  it('bucketed: dynamic with the same max and delay, and the buckets said to be lost', () => {
    const b = batching('bucketed', { maxBatch: 8, maxDelayMs: 3, bucketBounds: [64, 256] });
    assert.deepEqual([b.maxBatch, b.maxDelayMs], [8, 3]);
    assert.match(b.differences.join(' '), /size keys 64\/256/);
  });

  it("the config's own queue timeout wins over a strategy's stand-in; older configs get their defaults", () => {
    const own = batching('deadline', { maxBatch: 8, sloMs: 6, timeoutMs: 2, timeoutAction: 'delay' });
    assert.deepEqual(own.queue, {
      maxQueue: 0,
      timeoutMs: 2,
      timeoutAction: 'delay',
      timeoutStandsIn: false,
    });
    const old = exportBatching(request({ strategy: { name: 'dynamic', maxBatch: 4, maxDelayMs: 1 } }));
    assert.deepEqual([old.maxBatch, old.preferredBatch, old.queue.maxQueue], [4, [], 0]);
  });
});
