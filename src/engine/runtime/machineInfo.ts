/** The machine a profile was measured on (kept in the profile: numbers mean little without it). */
import * as os from 'os';
import type { MachineInfo } from '../../shared/profileTypes';
import { detectGpu } from '../metrics/gpuSampler';

export async function describeMachine(): Promise<MachineInfo> {
  const cpus = os.cpus();
  return {
    hostname: os.hostname(),
    platform: os.platform(),
    arch: os.arch(),
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    cpuCount: cpus.length,
    totalMemoryBytes: os.totalmem(),
    nodeVersion: process.version,
    gpu: await detectGpu(),
  };
}
