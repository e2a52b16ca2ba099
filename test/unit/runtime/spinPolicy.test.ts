/**
 * The spin/park policy's decisions (spinPolicy.ts) on made-up wait times: which wait mode a
 * machine gets, and how one waiter's spin budget follows the waits it sees. No clock, no threads.
 */
import * as assert from 'assert';
import {
  MIN_SPIN_MS,
  OVERSUBSCRIBED_MAX_SPIN_MS,
  SpinBudget,
  TIGHT_MAX_SPIN_MS,
  UpperEstimate,
  coreBudget,
} from '../../../src/engine/runtime/spinPolicy';
import { poolCoreBudget } from '../../../src/engine/runtime/workerPool';

/** Feeds `n` waits from `waitAt(i)` and returns the spins decided before each. */
function feed(budget: SpinBudget, n: number, waitAt: (i: number) => number): number[] {
  const spins: number[] = [];
  for (let i = 0; i < n; i++) {
    spins.push(budget.spinMs());
    budget.record(waitAt(i));
  }
  return spins;
}

/** A fixed pseudo-random sequence in [0, 1), so the mixed-wait tests are reproducible. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('coreBudget: wait mode from cores and model threads', () => {
  it('keeps precise (spin-heavy) waits when a core is left after the model and the scheduler', () => {
    const b = coreBudget(4, 1, 1);
    assert.strictEqual(b.mode, 'precise');
    assert.strictEqual(b.spare, 2);
    assert.strictEqual(b.maxSpinMs, Infinity);
    assert.strictEqual(coreBudget(8, 2, 2).mode, 'precise', '2 × 2 threads + scheduler leave 3 of 8 cores');
  });

  it('bounds spins when the model and the scheduler fill every core (2 cores, 1 thread)', () => {
    const b = coreBudget(2, 1, 1);
    assert.deepStrictEqual(
      { mode: b.mode, spare: b.spare, modelThreads: b.modelThreads, maxSpinMs: b.maxSpinMs },
      { mode: 'adaptive', spare: 0, modelThreads: 1, maxSpinMs: TIGHT_MAX_SPIN_MS },
    );
  });

  it('bounds spins tighter when the model alone oversubscribes the cores', () => {
    const b = coreBudget(2, 1, 2);
    assert.strictEqual(b.mode, 'adaptive');
    assert.strictEqual(b.spare, -1);
    assert.strictEqual(b.maxSpinMs, OVERSUBSCRIBED_MAX_SPIN_MS);
    assert.ok(OVERSUBSCRIBED_MAX_SPIN_MS < TIGHT_MAX_SPIN_MS);
  });

  it("counts the runtime's default thread count (0) as every core", () => {
    const b = coreBudget(16, 1, 0);
    assert.strictEqual(b.modelThreads, 16);
    assert.strictEqual(b.mode, 'adaptive');
  });

  it('a pool decides from the cores it is given, and a forced mode wins', () => {
    const spec = { kind: 'busyWait', serviceMs: 1 } as const;
    assert.strictEqual(
      poolCoreBudget({ instances: 1, maxBatch: 1, executor: spec, cores: 4 }).mode,
      'precise',
    );
    assert.strictEqual(
      poolCoreBudget({ instances: 1, maxBatch: 1, executor: spec, cores: 2 }).mode,
      'adaptive',
    );
    const forced = poolCoreBudget({
      instances: 1,
      maxBatch: 1,
      executor: spec,
      cores: 4,
      waitMode: 'adaptive',
    });
    assert.strictEqual(forced.mode, 'adaptive');
    assert.strictEqual(forced.maxSpinMs, TIGHT_MAX_SPIN_MS);
    const precise = poolCoreBudget({
      instances: 3,
      maxBatch: 1,
      executor: spec,
      cores: 2,
      waitMode: 'precise',
    });
    assert.strictEqual(precise.mode, 'precise');
    assert.strictEqual(precise.maxSpinMs, Infinity);
  });
});

describe('SpinBudget: spin while spinning pays, park when it does not', () => {
  const CAP = 0.2;

  it('starts by spinning to the cap, as the fixed spin did', () => {
    assert.strictEqual(new SpinBudget(CAP).spinMs(), CAP);
  });

  it('stops spinning within a few waits once events come long after the cap (an idle worker)', () => {
    const b = new SpinBudget(CAP);
    const spins = feed(b, 40, () => 20); // a request every 20 ms
    const firstZero = spins.indexOf(0);
    assert.ok(firstZero > 0 && firstZero <= 16, `should park at once after ≤ 16 far waits, spins: ${spins}`);
    assert.ok(
      spins.slice(firstZero).every((s) => s === 0),
      'should not spin again while waits stay far',
    );
  });

  it('keeps spinning, shorter than the cap but long enough, when events follow quickly (back to back)', () => {
    const b = new SpinBudget(CAP);
    feed(b, 100, () => 0.02);
    const spin = b.spinMs();
    assert.ok(spin >= 0.02, `a spin of ${spin} ms would miss the 0.02 ms waits`);
    assert.ok(spin < CAP, `a spin of ${spin} ms is longer than these waits need`);
  });

  it('covers most waits of a jittery near distribution', () => {
    const b = new SpinBudget(CAP);
    const rnd = lcg(1);
    const waits: number[] = [];
    feed(b, 300, () => {
      const w = 0.01 + 0.05 * rnd(); // 10–60 µs
      waits.push(w);
      return w;
    });
    const spin = b.spinMs();
    const caught = waits.slice(-100).filter((w) => w <= spin).length;
    assert.ok(caught >= 90, `spin ${spin} ms catches only ${caught} of the last 100 waits`);
    assert.ok(spin <= CAP);
  });

  it('starts spinning again when waits turn short after a quiet period', () => {
    const b = new SpinBudget(CAP);
    feed(b, 50, () => 30);
    assert.strictEqual(b.spinMs(), 0);
    const spins = feed(b, 40, () => 0.03);
    const resumed = spins.findIndex((s) => s > 0);
    assert.ok(resumed > 0 && resumed <= 16, `should resume spinning within 16 near waits, spins: ${spins}`);
    assert.ok(b.spinMs() >= 0.03);
  });

  it('parks when most waits are far, spins when most are near', () => {
    const mostlyFar = new SpinBudget(CAP);
    const rnd = lcg(2);
    feed(mostlyFar, 400, () => (rnd() < 0.3 ? 0.02 : 5));
    assert.strictEqual(mostlyFar.spinMs(), 0, `near share ${mostlyFar.recentNearShare}`);
    const mostlyNear = new SpinBudget(CAP);
    feed(mostlyNear, 400, () => (rnd() < 0.8 ? 0.02 : 5));
    assert.ok(mostlyNear.spinMs() > 0, `near share ${mostlyNear.recentNearShare}`);
  });

  it('never spins longer than the cap nor shorter than the minimum, whatever it is fed', () => {
    const rnd = lcg(3);
    for (const cap of [TIGHT_MAX_SPIN_MS, OVERSUBSCRIBED_MAX_SPIN_MS, 1]) {
      const b = new SpinBudget(cap);
      for (let i = 0; i < 2000; i++) {
        const s = b.spinMs();
        assert.ok(
          s === 0 || (s >= MIN_SPIN_MS && s <= cap),
          `spin ${s} outside [${MIN_SPIN_MS}, ${cap}] or 0`,
        );
        const r = rnd();
        b.record(r < 0.4 ? r * cap : r < 0.5 ? 0 : r < 0.9 ? cap * 10 * r : -1);
      }
    }
  });
});

describe('UpperEstimate', () => {
  it('settles on a constant', () => {
    const e = new UpperEstimate(1, 10);
    for (let i = 0; i < 500; i++) e.add(0.05);
    assert.ok(Math.abs(e.value - 0.05) < 1e-3, `estimate ${e.value}`);
  });

  it('sits above most samples of a spread', () => {
    const e = new UpperEstimate(0, 10);
    const rnd = lcg(4);
    const samples: number[] = [];
    for (let i = 0; i < 1000; i++) {
      const x = rnd();
      samples.push(x);
      e.add(x);
    }
    const covered = samples.slice(-200).filter((x) => x <= e.value).length;
    assert.ok(covered >= 170, `estimate ${e.value} covers ${covered} of the last 200`);
  });

  it('moves a bounded step on an outlier (a preemption of many ms)', () => {
    const e = new UpperEstimate(0.05, 0.8);
    for (let i = 0; i < 200; i++) e.add(0.05);
    const before = e.value;
    e.add(50);
    assert.ok(
      e.value - before <= (3 * 0.8) / 16 + 1e-9,
      `one outlier moved the estimate ${e.value - before} ms`,
    );
  });
});
