import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { generateArrivals } from '../../../src/engine/workload/arrivals';

/** Asserts offsets are ascending and inside [0, endMs). */
function assertSchedule(t: Float64Array, endMs: number): void {
  for (let i = 0; i < t.length; i++) {
    assert.ok(t[i] >= 0 && t[i] < endMs, `arrival ${i} at ${t[i]} ms is outside [0, ${endMs})`);
    if (i > 0)
      assert.ok(t[i] >= t[i - 1], `arrival ${i} at ${t[i]} ms comes before arrival ${i - 1} (${t[i - 1]})`);
  }
}

/** Number of arrivals in [fromMs, toMs). */
const countIn = (t: Float64Array, fromMs: number, toMs: number) =>
  t.filter((x) => x >= fromMs && x < toMs).length;

describe('generateArrivals', () => {
  it('constant: evenly spaced from 0 at the rate, none at or after the end', () => {
    const t = generateArrivals({ kind: 'constant' }, 4, 1, 1);
    assert.deepStrictEqual(Array.from(t), [0, 250, 500, 750]);
    const many = generateArrivals({ kind: 'constant' }, 1000, 60, 1);
    assert.strictEqual(many.length, 60000);
    assert.ok(Math.abs(many[59999] - 59999) < 1e-6, 'no drift over a long run');
  });

  it('is reproducible from the seed and differs between seeds', () => {
    for (const spec of [
      { kind: 'poisson' as const },
      { kind: 'bursty' as const, ratio: 3, periodS: 1, dutyCycle: 0.25 },
      { kind: 'ramp' as const, fromRps: 10, toRps: 500 },
    ]) {
      const a = generateArrivals(spec, 200, 5, 42);
      const b = generateArrivals(spec, 200, 5, 42);
      const c = generateArrivals(spec, 200, 5, 43);
      assert.deepStrictEqual(a, b, `${spec.kind}: same seed, same schedule`);
      assert.notDeepStrictEqual(a, c, `${spec.kind}: another seed, another schedule`);
      assertSchedule(a, 5000);
    }
  });

  it('poisson: count is about rate x duration and gaps look exponential', () => {
    const t = generateArrivals({ kind: 'poisson' }, 1000, 20, 7); // expect 20000, sd ~141
    assert.ok(Math.abs(t.length - 20000) < 800, `got ${t.length} arrivals, expected about 20000`);
    assertSchedule(t, 20000);
    // For an exponential distribution, the share of gaps below the mean is 1 - 1/e ~ 0.632.
    let below = 0;
    for (let i = 1; i < t.length; i++) if (t[i] - t[i - 1] < 1) below++;
    const share = below / (t.length - 1);
    assert.ok(Math.abs(share - 0.632) < 0.03, `share of gaps below the mean ${share}, expected ~0.632`);
  });

  it('bursty: the mean rate equals the asked rate, and the high phase runs at rate x ratio', () => {
    const spec = { kind: 'bursty' as const, ratio: 3, periodS: 1, dutyCycle: 0.25 };
    const t = generateArrivals(spec, 400, 20, 3); // 8000 expected
    assert.ok(Math.abs(t.length - 8000) < 400, `got ${t.length} arrivals, expected about 8000`);
    // High phase = first 250 ms of each second at 1200 req/s; low phase at (400 - 300) / 0.75 = 133 req/s.
    let high = 0;
    for (let s = 0; s < 20; s++) high += countIn(t, s * 1000, s * 1000 + 250);
    const highRate = high / (20 * 0.25);
    const lowRate = (t.length - high) / (20 * 0.75);
    assert.ok(Math.abs(highRate - 1200) < 100, `high-phase rate ${highRate}, expected about 1200`);
    assert.ok(Math.abs(lowRate - 133.3) < 25, `low-phase rate ${lowRate}, expected about 133`);
  });

  it('bursty: rejects a shape whose high phase alone exceeds the mean rate', () => {
    assert.throws(
      () => generateArrivals({ kind: 'bursty', ratio: 5, periodS: 1, dutyCycle: 0.5 }, 100, 1, 1),
      /ratio 5 x duty 0\.5 = 2\.5 > 1/,
    );
    assert.throws(
      () => generateArrivals({ kind: 'bursty', ratio: 0.5, periodS: 1, dutyCycle: 0.5 }, 100, 1, 1),
      /ratio must be >= 1/,
    );
  });

  it('ramp: density rises (or falls) with the ramp and the total matches its mean rate', () => {
    const up = generateArrivals({ kind: 'ramp', fromRps: 100, toRps: 1000 }, null, 10, 11); // 5500 expected
    assert.ok(Math.abs(up.length - 5500) < 300, `got ${up.length} arrivals, expected about 5500`);
    const perSecond = Array.from({ length: 10 }, (_, s) => countIn(up, s * 1000, (s + 1) * 1000));
    // Expected 145, 235, ..., 955: each 2 s window holds more than the one before.
    for (let w = 1; w < 5; w++) {
      const prev = perSecond[2 * w - 2] + perSecond[2 * w - 1];
      const cur = perSecond[2 * w] + perSecond[2 * w + 1];
      assert.ok(
        cur > prev,
        `window ${w} has ${cur} arrivals, not more than the previous ${prev}: ${perSecond}`,
      );
    }
    assert.ok(
      Math.abs(perSecond[0] - 145) < 45 && Math.abs(perSecond[9] - 955) < 110,
      `per second: ${perSecond}`,
    );

    const down = generateArrivals({ kind: 'ramp', fromRps: 500, toRps: 0 }, null, 4, 11); // 1000 expected
    assertSchedule(down, 4000);
    assert.ok(countIn(down, 0, 1000) > 2 * countIn(down, 2000, 3000), 'a falling ramp thins out');
    assert.ok(countIn(down, 3900, 4000) < 10, 'almost nothing as the rate reaches 0');
  });

  it('trace: replays the file, cut at the duration', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'batchscope-arrivals-'));
    try {
      const file = path.join(dir, 'trace.csv');
      fs.writeFileSync(file, '1000\n1005\n1500\n2999\n3000\n');
      const t = generateArrivals({ kind: 'trace', file, format: 'timestamps' }, null, 2, 1);
      assert.deepStrictEqual(Array.from(t), [0, 5, 500, 1999]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses what it cannot schedule, saying why', () => {
    assert.throws(() => generateArrivals({ kind: 'closed', concurrency: 4 }, null, 1, 1), /closed-loop/);
    assert.throws(
      () => generateArrivals({ kind: 'poisson' }, null, 1, 1),
      /poisson arrivals need a rate > 0/,
    );
    assert.throws(() => generateArrivals({ kind: 'constant' }, 0, 1, 1), /need a rate > 0 .*got 0/);
    assert.throws(() => generateArrivals({ kind: 'constant' }, 10, 0, 1), /duration must be a positive/);
  });
});
