import * as assert from 'assert';
import { RecordBuffer } from '../../../src/engine/metrics/recordBuffer';
import { assessOverload } from '../../../src/engine/metrics/overload';

/**
 * Records `n` requests arriving evenly over a 1 s window, served one per batch every
 * `serviceMs` from t=0; requests whose turn would come after `cutAtMs` never run.
 */
function records(n: number, serviceMs: number, cutAtMs = Infinity) {
  const buf = new RecordBuffer(n);
  for (let i = 0; i < n; i++) buf.addRequest((1000 * i) / n, (1000 * i) / n);
  let t = 0;
  for (let i = 0; i < n; i++) {
    const start = Math.max(t, (1000 * i) / n);
    const end = start + serviceMs;
    if (end > cutAtMs) break;
    const b = buf.addBatch({
      dispatchMs: start,
      computeStartMs: start,
      computeEndMs: end,
      size: 1,
      paddedSize: 1,
      padFraction: 0,
      instance: 0,
      flushed: false,
      members: [i],
    });
    buf.completeRequest(i, b, end);
    t = end;
  }
  return buf.toColumns();
}

describe('assessOverload', () => {
  const open = { durationS: 1, partial: false, closedLoop: false };

  it('a strategy that keeps up is not overloaded', () => {
    const { requests, batches } = records(500, 1); // 50% busy
    const a = assessOverload(requests, batches, open);
    assert.strictEqual(a.overloaded, false);
    assert.strictEqual(a.neverRun, 0);
    assert.strictEqual(a.offeredRps, 500);
  });

  it('a queue that grew during the window is overload even when it drained afterwards', () => {
    const { requests, batches } = records(500, 3); // 1.5x capacity
    const a = assessOverload(requests, batches, open);
    assert.strictEqual(a.neverRun, 0);
    assert.ok(a.backlogAtEnd > 100, `backlog ${a.backlogAtEnd}`);
    assert.ok(a.servedInWindowRps < 0.9 * a.offeredRps);
    assert.strictEqual(a.overloaded, true);
    // A closed loop cannot grow its queue past its clients: the same shape does not count there.
    assert.strictEqual(assessOverload(requests, batches, { ...open, closedLoop: true }).overloaded, false);
  });

  it('requests that never ran are overload, unless an abort left them', () => {
    const { requests, batches } = records(500, 3, 1200);
    const a = assessOverload(requests, batches, open);
    assert.ok(a.neverRun > 0);
    assert.strictEqual(a.overloaded, true);
    assert.strictEqual(assessOverload(requests, batches, { ...open, closedLoop: true }).overloaded, true);
    assert.strictEqual(assessOverload(requests, batches, { ...open, partial: true }).overloaded, false);
  });
});
