import { execFile } from 'child_process';
import type { MachineInfo } from '../../shared/profileTypes';

const QUERY = [
  '--query-gpu=utilization.gpu,memory.used,name,memory.total,driver_version',
  '--format=csv,noheader,nounits',
];

/** nvidia-smi must answer within this, or the GPU is treated as absent for that reading. */
const TIMEOUT_MS = 5000;

/** The sampler never polls nvidia-smi more often than this (each call costs tens of ms of CPU). */
export const MIN_GPU_SAMPLE_INTERVAL_MS = 500;

interface GpuReading {
  utilPercent: number;
  memoryUsedMiB: number;
  name: string;
  memoryTotalMiB: number;
  driver: string;
}

/** Parses the first GPU's line of the query; null when it does not look like one. */
export function parseNvidiaSmi(stdout: string): GpuReading | null {
  const line = stdout.split(/\r?\n/).find((l) => l.trim() !== '');
  if (!line) return null;
  const cells = line.split(',').map((c) => c.trim());
  if (cells.length < 5) return null;
  // The name sits in the middle and could itself hold a comma: take the numbers from the ends.
  const utilPercent = Number(cells[0]);
  const memoryUsedMiB = Number(cells[1]);
  const memoryTotalMiB = Number(cells[cells.length - 2]);
  const driver = cells[cells.length - 1];
  const name = cells.slice(2, cells.length - 2).join(', ');
  if (![utilPercent, memoryUsedMiB, memoryTotalMiB].every(Number.isFinite) || name === '') return null;
  return { utilPercent, memoryUsedMiB, name, memoryTotalMiB, driver };
}

/** Runs the query without blocking the calling thread; resolves null on any failure. */
function queryGpu(): Promise<GpuReading | null> {
  return new Promise((resolve) => {
    try {
      execFile('nvidia-smi', QUERY, { timeout: TIMEOUT_MS, windowsHide: true }, (err, stdout) => {
        resolve(err ? null : parseNvidiaSmi(String(stdout)));
      });
    } catch {
      resolve(null);
    }
  });
}

/** The first NVIDIA GPU's name, memory and driver, or null when nvidia-smi is absent or fails. */
export async function detectGpu(): Promise<MachineInfo['gpu']> {
  const reading = await queryGpu();
  return reading ? { name: reading.name, memoryMiB: reading.memoryTotalMiB, driver: reading.driver } : null;
}

/**
 * Polls nvidia-smi in the background (a child process, never blocking the scheduler thread) and
 * keeps the latest reading of the first GPU. At most one query runs at a time.
 */
export class GpuSampler {
  private timer: NodeJS.Timeout | null = null;
  private inFlight = false;
  /** Bumped by start and stop, so a reading that lands after stop() or a restart is dropped. */
  private generation = 0;
  private reading: { gpuUtilPercent: number; gpuMemoryMiB: number } | null = null;

  /** Starts polling now and then every max(intervalMs, 500) ms. Calling it again restarts. */
  start(intervalMs: number): void {
    this.stop();
    this.generation++;
    const every = Math.max(MIN_GPU_SAMPLE_INTERVAL_MS, intervalMs);
    this.poll();
    this.timer = setInterval(() => this.poll(), every);
    // Polling must never keep the process alive on its own.
    this.timer.unref();
  }

  /** The most recent reading, or null until one arrived (or when the GPU cannot be read). */
  latest(): { gpuUtilPercent: number; gpuMemoryMiB: number } | null {
    return this.reading;
  }

  /** Stops polling; a query already running finishes but is ignored. Keeps the last reading. */
  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.generation++;
  }

  private poll(): void {
    if (this.inFlight) return;
    this.inFlight = true;
    const generation = this.generation;
    void queryGpu().then((r) => {
      this.inFlight = false;
      if (r && generation === this.generation) {
        this.reading = { gpuUtilPercent: r.utilPercent, gpuMemoryMiB: r.memoryUsedMiB };
      }
    });
  }
}
