/** Stability windows: collection by done time, and the judgement over the last three. */
import * as assert from 'assert';
import {
  defaultWindowS,
  judgeStability,
  WindowCollector,
  type WindowStat,
} from '../../../src/shared/stability';

const stat = (throughputRps: number, p99Ms: number, i = 0): WindowStat => ({
  fromMs: i * 1000,
  toMs: (i + 1) * 1000,
  completed: throughputRps,
  throughputRps,
  p99Ms,
});

describe('judgeStability', () => {
  it('is stable when the last 3 windows agree within the tolerance, whatever came before', () => {
    const s = judgeStability([stat(50, 90), stat(100, 10), stat(104, 10.5), stat(101, 10.2)], 0.1, 1000);
    assert.strictEqual(s.stable, true);
    assert.match(s.reason, /throughput varies 4% and p99 5%/);
  });

  it('is unstable when either figure spreads beyond it (max ÷ min, as perf_analyzer)', () => {
    assert.strictEqual(
      judgeStability([stat(100, 10), stat(100, 10), stat(115, 10)], 0.1, 1000).stable,
      false,
    );
    assert.strictEqual(
      judgeStability([stat(100, 10), stat(100, 12), stat(100, 10)], 0.1, 1000).stable,
      false,
    );
    // Exactly at the tolerance is still stable.
    assert.strictEqual(judgeStability([stat(100, 10), stat(110, 11), stat(100, 10)], 0.1, 1000).stable, true);
  });

  it('cannot judge fewer than 3 windows, and says so', () => {
    const s = judgeStability([stat(100, 10), stat(100, 10)], 0.1, 1000);
    assert.strictEqual(s.stable, null);
    assert.match(s.reason, /only 2 window/);
  });

  it('a window with no completion is unstable, not a division by zero', () => {
    const s = judgeStability([stat(100, 10), stat(0, NaN), stat(100, 10)], 0.1, 1000);
    assert.strictEqual(s.stable, false);
    assert.match(s.reason, /unbounded/);
  });
});

describe('WindowCollector', () => {
  const windows = [
    { fromMs: 0, toMs: 100 },
    { fromMs: 100, toMs: 200 },
    { fromMs: 300, toMs: 400 },
  ];

  it('counts completions by done time and takes the p99 of their latencies', () => {
    const c = new WindowCollector(windows);
    for (let i = 0; i < 100; i++) c.add(i, i + 1); // latencies 1..100 in window 0
    c.add(150, 7);
    c.add(250, 1000); // between windows (another strategy's turn): ignored
    c.add(399.9, 3);
    const [w0, w1, w2] = c.stats();
    assert.deepStrictEqual([w0.completed, w1.completed, w2.completed], [100, 1, 1]);
    assert.strictEqual(w0.p99Ms, 99);
    assert.strictEqual(w0.throughputRps, 1000);
    assert.strictEqual(w1.p99Ms, 7);
  });

  it('reports only the windows that ended by the time asked', () => {
    const c = new WindowCollector(windows);
    c.add(50, 1);
    assert.strictEqual(c.stats(150).length, 1);
    assert.strictEqual(c.stats(200).length, 2);
  });

  it('takes completions out of time order (several instances finish out of order)', () => {
    const c = new WindowCollector(windows);
    c.add(350, 1);
    c.add(50, 1);
    c.add(150, 1);
    assert.deepStrictEqual(
      c.stats().map((w) => w.completed),
      [1, 1, 1],
    );
  });
});

describe('defaultWindowS', () => {
  it('gives every run 5 windows up to 5 s, then 1 s windows', () => {
    assert.strictEqual(defaultWindowS(2), 0.4);
    assert.strictEqual(defaultWindowS(5), 1);
    assert.strictEqual(defaultWindowS(60), 1);
    assert.strictEqual(defaultWindowS(0.2), 0.1);
  });
});
