import * as os from 'os';

/** CPU time of all cores, summed: busy and total, in ms. */
function systemTimes(): { busy: number; total: number } {
  let busy = 0;
  let total = 0;
  for (const cpu of os.cpus()) {
    const t = cpu.times;
    const all = t.user + t.nice + t.sys + t.idle + t.irq;
    total += all;
    busy += all - t.idle;
  }
  return { busy, total };
}

/**
 * CPU utilization between successive calls: this process (all its threads, percent of one core,
 * so 4 busy workers read ~400) from process.cpuUsage(), and the whole system (percent of all
 * cores) from os.cpus() tick deltas. The first call covers the time since construction.
 */
export class CpuSampler {
  private lastUsage = process.cpuUsage();
  private lastWallNs = process.hrtime.bigint();
  private lastSystem = systemTimes();

  /** Utilization since the previous call. 0 when no time has passed (or os.cpus() did not tick). */
  sample(): { processCpuPercent: number; systemCpuPercent: number } {
    // One read of the process's CPU time, used both as this sample's end and the next one's start:
    // reading it a second time for the next start would lose the CPU used between the two reads.
    const now = process.cpuUsage();
    const usedUs = now.user - this.lastUsage.user + (now.system - this.lastUsage.system);
    const wallNs = process.hrtime.bigint();
    const system = systemTimes();
    const wallUs = Number(wallNs - this.lastWallNs) / 1000;
    const busy = system.busy - this.lastSystem.busy;
    const total = system.total - this.lastSystem.total;
    this.lastUsage = now;
    this.lastWallNs = wallNs;
    this.lastSystem = system;
    return {
      processCpuPercent: wallUs > 0 ? (usedUs / wallUs) * 100 : 0,
      systemCpuPercent: total > 0 ? Math.min(100, Math.max(0, (busy / total) * 100)) : 0,
    };
  }
}
