/**
 * assessOverload's rates are per second of the arrival window, whatever its length (the other
 * tests all use a 1 s window, where dividing and multiplying by it agree), and overloadContext
 * takes the closed loop from the arrival kind.
 */
import * as assert from 'assert';
import { RecordBuffer } from '../../../src/engine/metrics/recordBuffer';
import { assessOverload, overloadContext } from '../../../src/engine/metrics/overload';

/** `n` requests arriving evenly over `windowMs`, each served alone in 1 ms as it arrives. */
function keptUp(n: number, windowMs: number) {
  const buf = new RecordBuffer(n);
  for (let i = 0; i < n; i++) {
    const t = (windowMs * i) / n;
    buf.addRequest(t, t);
    const b = buf.addBatch({
      dispatchMs: t,
      computeStartMs: t,
      computeEndMs: t + 1,
      size: 1,
      paddedSize: 1,
      padFraction: 0,
      instance: 0,
      flushed: false,
      members: [i],
    });
    buf.completeRequest(i, b, t + 1);
  }
  return buf.toColumns();
}

describe('assessOverload rates over the arrival window', () => {
  it('divides by the window length: 400 requests over 4 s are 100 requests/s offered and served', () => {
    const { requests, batches } = keptUp(400, 4000);
    const a = assessOverload(requests, batches, {
      spans: [{ fromMs: 0, toMs: 4000 }],
      partial: false,
      closedLoop: false,
    });
    assert.strictEqual(a.offeredRps, 100);
    assert.strictEqual(a.servedInWindowRps, 100);
    assert.strictEqual(a.overloaded, false);
  });

  it('reports 0 requests/s, not Infinity, for an empty window', () => {
    const { requests, batches } = keptUp(10, 0);
    const a = assessOverload(requests, batches, {
      spans: [{ fromMs: 0, toMs: 0 }],
      partial: false,
      closedLoop: false,
    });
    assert.strictEqual(a.offeredRps, 0);
    assert.strictEqual(a.servedInWindowRps, 0);
  });
});

describe('overloadContext', () => {
  it('is a closed loop only for closed-loop arrivals, and passes the window and partial through', () => {
    assert.deepStrictEqual(
      overloadContext({ partial: true }, { durationS: 3, arrival: { kind: 'closed', concurrency: 4 } }),
      { spans: [{ fromMs: 0, toMs: 3000 }], partial: true, closedLoop: true },
    );
    assert.deepStrictEqual(
      overloadContext({ partial: false }, { durationS: 5, arrival: { kind: 'poisson' } }),
      {
        spans: [{ fromMs: 0, toMs: 5000 }],
        partial: false,
        closedLoop: false,
      },
    );
  });

  it('puts each measured interval behind its warm-up: the spans arrivals fell in', () => {
    const measured = [
      { fromMs: 500, toMs: 1500 },
      { fromMs: 2000, toMs: 3000 },
    ];
    assert.deepStrictEqual(
      overloadContext(
        { partial: false, measured },
        { durationS: 2, arrival: { kind: 'poisson' }, strategyWarmupS: 0.5 },
      ).spans,
      [
        { fromMs: 0, toMs: 1500 },
        { fromMs: 1500, toMs: 3000 },
      ],
    );
  });
});
