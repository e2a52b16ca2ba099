/**
 * CpuSampler's system share from os.cpus() tick deltas, with os.cpus() replaced by fixed ticks so
 * the arithmetic is checked exactly (the live tests can only check bounds on a shared machine).
 */
import * as assert from 'assert';
import os from 'os';
import { CpuSampler } from '../../../src/engine/metrics/cpuSampler';

type Times = os.CpuInfo['times'];

/** Makes os.cpus() return one tick set per call, in order, each for `cores` cores. */
function withTicks<T>(ticks: Times[][], run: () => T): T {
  const original = os.cpus;
  let call = 0;
  os.cpus = () =>
    ticks[Math.min(call++, ticks.length - 1)].map((times) => ({ model: 'fake', speed: 1, times }));
  try {
    return run();
  } finally {
    os.cpus = original;
  }
}

const t = (user: number, nice: number, sys: number, idle: number, irq: number): Times => ({
  user,
  nice,
  sys,
  idle,
  irq,
});

describe('CpuSampler system share from os.cpus() ticks', () => {
  it('is busy ticks (user, nice, sys, irq) over all ticks, summed over every core, since the last call', () => {
    const s = withTicks(
      [
        [t(100, 0, 0, 100, 0), t(50, 0, 0, 150, 0)],
        // core 1: +300 user, +100 nice, +100 sys, +200 idle, +100 irq; core 2: +100 user, +300 idle.
        [t(400, 100, 100, 300, 100), t(150, 0, 0, 450, 0)],
      ],
      () => new CpuSampler().sample(),
    );
    // busy 600 + 100 = 700 of 800 + 400 = 1200 ticks.
    assert.ok(Math.abs(s.systemCpuPercent - (700 / 1200) * 100) < 1e-9, `${s.systemCpuPercent}`);
  });

  it('reads 0 when the ticks did not move, and stays within 0..100 when they go backwards', () => {
    const same = withTicks([[t(10, 1, 2, 30, 4)]], () => new CpuSampler().sample());
    assert.strictEqual(same.systemCpuPercent, 0);
    // A counter reset (busy fell while idle grew): clamped to 0, never negative.
    const reset = withTicks([[t(500, 0, 0, 100, 0)], [t(100, 0, 0, 900, 0)]], () =>
      new CpuSampler().sample(),
    );
    assert.strictEqual(reset.systemCpuPercent, 0);
    // All busy: exactly 100, never above.
    const full = withTicks([[t(0, 0, 0, 0, 0)], [t(300, 0, 100, 0, 0)]], () => new CpuSampler().sample());
    assert.strictEqual(full.systemCpuPercent, 100);
  });

  it('measures each sample from the previous one, not from construction', () => {
    const s = withTicks([[t(0, 0, 0, 0, 0)], [t(100, 0, 0, 100, 0)], [t(100, 0, 0, 300, 0)]], () => {
      const sampler = new CpuSampler();
      sampler.sample();
      return sampler.sample();
    });
    assert.strictEqual(s.systemCpuPercent, 0);
  });
});
