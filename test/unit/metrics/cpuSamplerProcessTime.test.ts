/**
 * CpuSampler's process share must account for every microsecond of CPU the process used: the
 * samples of a run add up to the whole. process.cpuUsage() and the wall clock are replaced by
 * counters that advance on every read, so CPU used between two reads inside one sample shows as a
 * shortfall (the live process's figure cannot be checked that exactly on a shared machine).
 */
import * as assert from 'assert';
import { CpuSampler } from '../../../src/engine/metrics/cpuSampler';

describe('CpuSampler process share from process.cpuUsage()', () => {
  it('charges each sample the CPU used since the previous one, so samples add up to the whole', () => {
    const realUsage = process.cpuUsage;
    const realHr = process.hrtime.bigint;
    let user = 0;
    let reads = 0;
    // Every read of the CPU time finds 1000 µs more used; every read of the wall clock, 1 ms later.
    process.cpuUsage = ((previous?: NodeJS.CpuUsage) => {
      user += 1000;
      reads++;
      return previous ? { user: user - previous.user, system: 0 } : { user, system: 0 };
    }) as typeof process.cpuUsage;
    let ns = 0n;
    process.hrtime.bigint = () => (ns += 1_000_000n);
    try {
      const sampler = new CpuSampler();
      const start = user;
      let chargedUs = 0;
      // Each sample spans 1 ms of wall time: its percent of one core times 10 is µs of CPU.
      for (let i = 0; i < 5; i++) chargedUs += sampler.sample().processCpuPercent * 10;
      assert.strictEqual(chargedUs, user - start, `charged ${chargedUs} µs of the ${user - start} µs used`);
      assert.strictEqual(reads, 6, 'one read at construction, then one per sample');
    } finally {
      process.cpuUsage = realUsage;
      process.hrtime.bigint = realHr;
    }
  });
});
