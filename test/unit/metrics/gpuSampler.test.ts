/**
 * This machine has no NVIDIA GPU, so nvidia-smi is replaced by a small shell script put first on
 * PATH: it prints what the real tool prints for the query (or fails), which exercises the real
 * spawn-and-parse path of detectGpu and GpuSampler.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { detectGpu, GpuSampler, parseNvidiaSmi } from '../../../src/engine/metrics/gpuSampler';

describe('GPU sampling through nvidia-smi', function () {
  if (process.platform === 'win32') return; // the fake is a POSIX shell script
  let dir: string;
  const originalPath = process.env.PATH;

  /** Installs a fake nvidia-smi whose body is the given shell script, alone on PATH (plus /bin for sh). */
  function fakeNvidiaSmi(body: string | null): void {
    const bin = fs.mkdtempSync(path.join(dir, 'bin-'));
    if (body !== null) {
      const file = path.join(bin, 'nvidia-smi');
      fs.writeFileSync(file, `#!/bin/sh\n${body}\n`);
      fs.chmodSync(file, 0o755);
    }
    process.env.PATH = body === null ? bin : `${bin}${path.delimiter}${originalPath}`;
  }

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'batchscope-gpu-'));
  });
  afterEach(() => {
    process.env.PATH = originalPath;
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('parses the query line of the first GPU', () => {
    assert.deepStrictEqual(
      parseNvidiaSmi('37, 1200, NVIDIA H200, 143771, 550.54.15\n12, 5, Other, 80, 550\n'),
      {
        utilPercent: 37,
        memoryUsedMiB: 1200,
        name: 'NVIDIA H200',
        memoryTotalMiB: 143771,
        driver: '550.54.15',
      },
    );
    assert.strictEqual(parseNvidiaSmi(''), null);
    assert.strictEqual(parseNvidiaSmi('[N/A], 1, x, 2, 3'), null);
  });

  it('detectGpu reads the name, total memory and driver', async () => {
    fakeNvidiaSmi('echo "37, 1200, NVIDIA H200, 143771, 550.54.15"');
    assert.deepStrictEqual(await detectGpu(), {
      name: 'NVIDIA H200',
      memoryMiB: 143771,
      driver: '550.54.15',
    });
  });

  it('detectGpu is null when nvidia-smi is absent', async () => {
    fakeNvidiaSmi(null);
    assert.strictEqual(await detectGpu(), null);
  });

  it('detectGpu is null when nvidia-smi fails (driver not loaded)', async () => {
    fakeNvidiaSmi(
      'echo "NVIDIA-SMI has failed because it could not communicate with the NVIDIA driver." >&2; exit 9',
    );
    assert.strictEqual(await detectGpu(), null);
  });

  it('GpuSampler keeps the latest utilization and memory, and stops', async () => {
    const counter = path.join(dir, 'calls');
    // Each call reports a higher utilization: 1, 2, 3...
    fakeNvidiaSmi(
      `n=$(($(cat "${counter}" 2>/dev/null || echo 0) + 1)); echo $n > "${counter}"; echo "$n, 2048, Fake GPU, 8192, 1.0"`,
    );
    const sampler = new GpuSampler();
    assert.strictEqual(sampler.latest(), null, 'nothing before the first reading');
    sampler.start(10); // clamped to 500 ms; the first query runs at once
    try {
      const first = await waitFor(() => sampler.latest());
      assert.deepStrictEqual(first, { gpuUtilPercent: 1, gpuMemoryMiB: 2048 });
    } finally {
      sampler.stop();
    }
    const calls = Number(fs.readFileSync(counter, 'utf8'));
    await new Promise((r) => setTimeout(r, 700));
    assert.strictEqual(Number(fs.readFileSync(counter, 'utf8')), calls, 'no more queries after stop()');
    assert.deepStrictEqual(
      sampler.latest(),
      { gpuUtilPercent: calls, gpuMemoryMiB: 2048 },
      'keeps the last reading',
    );
  });

  it('GpuSampler stays null when nvidia-smi is absent', async () => {
    fakeNvidiaSmi(null);
    const sampler = new GpuSampler();
    sampler.start(500);
    await new Promise((r) => setTimeout(r, 200));
    sampler.stop();
    assert.strictEqual(sampler.latest(), null);
  });
});

/** Polls until `get` returns non-null (at most 5 s). */
async function waitFor<T>(get: () => T | null): Promise<T> {
  const end = Date.now() + 5000;
  for (;;) {
    const v = get();
    if (v !== null) return v;
    if (Date.now() > end) throw new Error('no GPU reading arrived within 5 s');
    await new Promise((r) => setTimeout(r, 20));
  }
}
