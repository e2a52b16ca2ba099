/**
 * The synthetic model through the built CLI: `inspect` and `profile synthetic:…` on real worker
 * threads and the real scheduler, and the textbook example of docs/strategies.md (five requests
 * at t=0, static(3) against dynamic(max=3): batches [1 2 3] then [4 5]).
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readProfile } from '../../../src/engine/profile/profileIo';
import type { StrategyResult } from '../../../src/shared/profileTypes';
import { assertNoStack, buildBundles, runCli } from './runCli';

/** Each batch's request ids (1-based, as the textbook counts them), in dispatch order. */
function batchesOf(s: StrategyResult): number[][] {
  const b = s.batches;
  return Array.from(b.size, (size, i) =>
    Array.from(b.members.subarray(b.firstMember[i], b.firstMember[i] + size), (id) => id + 1),
  );
}

describe('CLI: synthetic model (built dist/cli.js)', function () {
  this.timeout(90_000);
  let dir: string;
  before(() => buildBundles());
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'batchscope-synthetic-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('inspect prints the synthetic signature and cost instead of a file', async () => {
    const r = await runCli(['inspect', 'synthetic:base=20ms,per-item=2ms,jitter=10%'], dir);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^Model synthetic:base=20ms,per-item=2ms,jitter=10%\n/);
    assert.match(
      r.stdout,
      /busy-waits 20 ms \+ 2 ms × n on a worker thread \(jitter 10% \(lognormal, seeded\)/,
    );
    assert.match(r.stdout, /x\s+float32\s+\[batch, 1\]\s+0/);
    assert.match(r.stdout, /Batchable: yes \(any batch size\)/);
    assert.doesNotMatch(r.stdout, /sha256|KiB/);
  });

  it('refuses a bad spec or a batch over its max-batch before anything runs: exit 2, the parameter and the fix, no stack', async () => {
    const r = await runCli(['profile', 'synthetic:base=20,per-item=2ms'], dir);
    assert.equal(r.code, 2);
    assertNoStack(r);
    assert.match(r.stderr, /Model synthetic:base=20,per-item=2ms: base=20 has no unit; write base=20ms/);
    const capped = await runCli(['profile', 'synthetic:base=1ms,max-batch=4'], dir);
    assert.equal(capped.code, 2);
    assert.match(
      capped.stderr,
      /--max-batch 8 is larger than the model accepts \(its spec says max-batch=4\); use --max-batch 4 or raise max-batch/,
    );
    const missing = await runCli(['profile', 'no-such-model.onnx'], dir);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /or a synthetic model such as synthetic:base=20ms,per-item=2ms/);
  });

  it('reproduces the textbook example: five requests at t=0 give batches [1 2 3] then [4 5] under static(3) and dynamic(max=3)', async () => {
    fs.writeFileSync(path.join(dir, 'five-at-once.csv'), '0\n0\n0\n0\n0\n');
    const out = path.join(dir, 'textbook.json');
    // The command line of docs/strategies.md, with --out and --json for the test.
    const r = await runCli(
      [
        ...['profile', 'synthetic:base=100ms,per-item=0ms', '--arrival', 'trace:five-at-once.csv'],
        ...['--max-batch', '3', '--strategies', 'static(3),dynamic(max=3)', '--warmup', '0'],
        ...['--out', out, '--json'],
      ],
      dir,
    );
    assert.equal(r.code, 0, r.stderr);
    assert.equal(
      JSON.parse(r.stdout).model.target.spec,
      'synthetic:base=100ms,per-item=0ms',
      '--json names the target',
    );
    const profile = readProfile(out);
    assert.deepEqual(profile.model.target, {
      kind: 'synthetic',
      spec: 'synthetic:base=100ms,per-item=0ms',
      baseMs: 100,
      perItemMs: 0,
      jitter: 0,
      maxBatch: null,
    });
    // Calibration timed the busy-wait: 100 ms a batch whatever its size (a slow run was preempted).
    for (const c of profile.calibration)
      assert.ok(c.latencyMs >= 100 && c.latencyMs < 150, `batch ${c.batchSize}: ${c.latencyMs} ms`);
    const [fixed, dynamic] = profile.strategies;
    assert.deepEqual(
      batchesOf(fixed),
      [
        [1, 2, 3],
        [4, 5],
      ],
      `${fixed.label} batches`,
    );
    assert.deepEqual(
      batchesOf(dynamic),
      [
        [1, 2, 3],
        [4, 5],
      ],
      `${dynamic.label} batches`,
    );
    // static sends [4 5] only because the run ended (a flush); dynamic sends it by its max delay.
    assert.deepEqual(Array.from(fixed.batches.flushed), [0, 1]);
    assert.deepEqual(Array.from(dynamic.batches.flushed), [0, 0]);
    for (const s of [fixed, dynamic]) {
      const b = s.batches;
      assert.ok(b.dispatchMs[1] >= b.computeEndMs[0], `${s.label}: [4 5] waited for the one instance`);
      assert.ok(b.computeEndMs[0] - b.computeStartMs[0] >= 100, `${s.label}: a batch busy-waits 100 ms`);
    }

    const shown = await runCli(['show', out], dir);
    assert.equal(shown.code, 0, shown.stderr);
    assert.match(shown.stdout, /Model synthetic:base=100ms,per-item=0ms;/);
    assert.match(shown.stdout, /Synthetic model: a batch of n requests busy-waits 100 ms on a worker thread/);
  });
});
