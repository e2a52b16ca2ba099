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
  const open = { spans: [{ fromMs: 0, toMs: 1000 }], partial: false, closedLoop: false };

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

describe('assessOverload with rejected requests', () => {
  /** 500 requests over 1 s: the even ones are served at once (3 ms each), the odd ones rejected on arrival. */
  function shedding() {
    const buf = new RecordBuffer(500);
    for (let i = 0; i < 500; i++) buf.addRequest(2 * i, 2 * i);
    for (let i = 0; i < 500; i++) {
      if (i % 2 === 1) {
        buf.rejectRequest(i, 2 * i);
        continue;
      }
      const b = buf.addBatch({
        dispatchMs: 2 * i,
        computeStartMs: 2 * i,
        computeEndMs: 2 * i + 3,
        size: 1,
        paddedSize: 1,
        padFraction: 0,
        instance: 0,
        flushed: false,
        members: [i],
      });
      buf.completeRequest(i, b, 2 * i + 3);
    }
    return buf.toColumns();
  }

  it('a strategy that turns half the load away and serves the rest promptly is not overloaded', () => {
    const { requests, batches } = shedding();
    const a = assessOverload(requests, batches, {
      spans: [{ fromMs: 0, toMs: 1000 }],
      partial: false,
      closedLoop: false,
    });
    assert.strictEqual(a.rejected, 250);
    assert.strictEqual(a.neverRun, 0, 'rejected is not never-run');
    assert.strictEqual(a.backlogAtEnd, 0, 'nor backlog');
    assert.strictEqual(a.overloaded, false);
  });

  it('a bounded queue that stays full is not overloaded: the rest is turned away, not piled up', () => {
    // 1000 requests over 1 s, 1.5625 ms each (640/s): a queue of at most 60 fills, then rejects.
    const buf = new RecordBuffer(1000);
    const queue: number[] = [];
    let free = 0;
    const serve = (until: number): void => {
      while (queue.length > 0 && Math.max(free, queue[0]) <= until) {
        const id = queue.shift()!;
        const start = Math.max(free, id);
        free = start + 1.5625;
        const b = buf.addBatch({
          dispatchMs: start,
          computeStartMs: start,
          computeEndMs: free,
          size: 1,
          paddedSize: 1,
          padFraction: 0,
          instance: 0,
          flushed: false,
          members: [id],
        });
        buf.completeRequest(id, b, free);
      }
    };
    for (let i = 0; i < 1000; i++) {
      serve(i);
      buf.addRequest(i, i);
      if (queue.length >= 60) buf.rejectRequest(i, i);
      else queue.push(i);
    }
    serve(Infinity);
    const { requests, batches } = buf.toColumns();
    const a = assessOverload(requests, batches, {
      spans: [{ fromMs: 0, toMs: 1000 }],
      partial: false,
      closedLoop: false,
    });
    assert.ok(a.rejected > 250, `rejected ${a.rejected}`);
    assert.ok(a.backlogAtEnd > 50, `backlog ${a.backlogAtEnd}`);
    assert.ok(a.servedInWindowRps < 0.9 * a.offeredRps, 'served well below the offered rate');
    assert.strictEqual(a.overloaded, false);
  });

  it('rejections do not hide a queue that grew with the requests it accepted', () => {
    // Every 10th request rejected; the other 450/s queue for a server of 333/s (3 ms each).
    const buf = new RecordBuffer(500);
    for (let i = 0; i < 500; i++) buf.addRequest(2 * i, 2 * i);
    let t = 0;
    for (let i = 0; i < 500; i++) {
      if (i % 10 === 0) {
        buf.rejectRequest(i, 2 * i);
        continue;
      }
      const start = Math.max(t, 2 * i);
      const b = buf.addBatch({
        dispatchMs: start,
        computeStartMs: start,
        computeEndMs: start + 3,
        size: 1,
        paddedSize: 1,
        padFraction: 0,
        instance: 0,
        flushed: false,
        members: [i],
      });
      buf.completeRequest(i, b, (t = start + 3));
    }
    const { requests, batches } = buf.toColumns();
    const a = assessOverload(requests, batches, {
      spans: [{ fromMs: 0, toMs: 1000 }],
      partial: false,
      closedLoop: false,
    });
    assert.strictEqual(a.rejected, 50);
    assert.ok(a.backlogAtEnd > 100, `backlog ${a.backlogAtEnd}`);
    assert.strictEqual(a.overloaded, true);
  });
});
