import * as assert from 'assert';
import * as os from 'os';
import { CpuSampler } from '../../../src/engine/metrics/cpuSampler';

describe('CpuSampler', () => {
  it('sees this process burning CPU, within the bounds the machine allows', () => {
    const sampler = new CpuSampler();
    // Spin for ~150 ms of wall time (the machine is shared, so only require *some* CPU share).
    const end = Date.now() + 150;
    let x = 0;
    while (Date.now() < end) x += Math.sqrt(x + 1);
    const s = sampler.sample();
    assert.ok(x > 0);
    assert.ok(s.processCpuPercent > 5, `process CPU ${s.processCpuPercent}% while spinning`);
    assert.ok(s.processCpuPercent <= 100 * os.cpus().length * 1.1, `process CPU ${s.processCpuPercent}%`);
    assert.ok(s.systemCpuPercent >= 0 && s.systemCpuPercent <= 100, `system CPU ${s.systemCpuPercent}%`);
  });

  it('measures each call from the previous one: an idle wait reads far less than spinning', async () => {
    const sampler = new CpuSampler();
    const end = Date.now() + 100;
    while (Date.now() < end);
    const busy = sampler.sample();
    await new Promise((r) => setTimeout(r, 150));
    const idle = sampler.sample();
    assert.ok(
      idle.processCpuPercent < busy.processCpuPercent,
      `idle ${idle.processCpuPercent}% should be below busy ${busy.processCpuPercent}%`,
    );
  });
});
