/** Where each strategy's warm-up and measured time lie, for each order. */
import * as assert from 'assert';
import {
  inIntervals,
  measuredIntervals,
  planSegments,
  sliceCount,
  totalMs,
  turnOrder,
  windowsOf,
} from '../../../src/shared/measurementPlan';

describe('planSegments', () => {
  it('fixed order: one segment, the warm-up first, then the whole duration measured', () => {
    assert.deepStrictEqual(planSegments({ durationMs: 5000, warmupMs: 500, order: 'fixed', sliceMs: 1000 }), [
      { fromMs: 0, measureFromMs: 500, toMs: 5500 },
    ]);
  });

  it('until-stable plans as far as the maximum', () => {
    const [s] = planSegments({ durationMs: 5000, warmupMs: 500, order: 'reversed', sliceMs: 1000 }, 20000);
    assert.deepStrictEqual(s, { fromMs: 0, measureFromMs: 500, toMs: 20500 });
  });

  it('interleaved: back-to-back slices, each with its own warm-up, measuring the duration in total', () => {
    const segments = planSegments({ durationMs: 2500, warmupMs: 200, order: 'interleaved', sliceMs: 1000 });
    assert.deepStrictEqual(segments, [
      { fromMs: 0, measureFromMs: 200, toMs: 1200 },
      { fromMs: 1200, measureFromMs: 1400, toMs: 2400 },
      { fromMs: 2400, measureFromMs: 2600, toMs: 3100 },
    ]);
    assert.strictEqual(totalMs(measuredIntervals(segments)), 2500);
    // No overlap: a request is served once per strategy.
    for (let i = 1; i < segments.length; i++) assert.ok(segments[i].fromMs >= segments[i - 1].toMs);
  });

  it('a slice longer than the duration is one slice', () => {
    assert.strictEqual(
      planSegments({ durationMs: 500, warmupMs: 0, order: 'interleaved', sliceMs: 1000 }).length,
      1,
    );
    assert.strictEqual(sliceCount(3000, 1000), 3);
    assert.strictEqual(sliceCount(3001, 1000), 4);
  });
});

describe('turnOrder', () => {
  it('reversed runs the last strategy first; fixed and interleaved keep the list order', () => {
    assert.deepStrictEqual(turnOrder(3, 'reversed'), [2, 1, 0]);
    assert.deepStrictEqual(turnOrder(3, 'fixed'), [0, 1, 2]);
    assert.deepStrictEqual(turnOrder(3, 'interleaved'), [0, 1, 2]);
  });
});

describe('inIntervals', () => {
  const ivs = [
    { fromMs: 100, toMs: 200 },
    { fromMs: 300, toMs: 400 },
  ];
  it('is half-open and finds every interval', () => {
    assert.deepStrictEqual(
      [99, 100, 199.9, 200, 250, 300, 399, 400].map((t) => inIntervals(ivs, t)),
      [false, true, true, false, false, true, true, false],
    );
  });
  it('no intervals (an older profile) means everything is measured', () => {
    assert.strictEqual(inIntervals(undefined, -5), true);
    assert.strictEqual(inIntervals([], 1e9), true);
  });
});

describe('windowsOf', () => {
  it('cuts each interval into windows, keeping a remainder of at least half a window', () => {
    assert.deepStrictEqual(windowsOf([{ fromMs: 0, toMs: 2600 }], 1000), [
      { fromMs: 0, toMs: 1000 },
      { fromMs: 1000, toMs: 2000 },
      { fromMs: 2000, toMs: 2600 },
    ]);
    assert.deepStrictEqual(windowsOf([{ fromMs: 0, toMs: 2400 }], 1000).length, 2);
  });
  it('never lets a window span two interleaved slices', () => {
    const w = windowsOf(
      [
        { fromMs: 0, toMs: 1000 },
        { fromMs: 1500, toMs: 2500 },
      ],
      1000,
    );
    assert.deepStrictEqual(w, [
      { fromMs: 0, toMs: 1000 },
      { fromMs: 1500, toMs: 2500 },
    ]);
  });
});
