import { inIntervals } from '../../../src/shared/measurementPlan';
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readProfile } from '../../../src/engine/profile/profileIo';
import { assertNoStack, buildBundles, runCli, SAMPLES } from './runCli';

/**
 * Without --rate the offered load is 60% of what batch-max serves, far beyond what `none`
 * (batch 1) serves: the run must still end promptly (the drain is bounded; runCli fails a hang)
 * and report `none` as overloaded rather than print its percentiles as if they were clean.
 */
describe('CLI: an overloaded strategy under the derived rate (built dist/cli.js, samples/mlp.onnx)', function () {
  this.timeout(90_000);
  let dir: string;
  before(() => buildBundles());
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'batchscope-overload-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('finishes and reports none as overloaded, with a warning and a consistent saved profile', async () => {
    const out = path.join(dir, 'mlp.json');
    const r = await runCli(
      [
        'profile',
        path.join(SAMPLES, 'mlp.onnx'),
        ...['--strategies', 'none', '--duration', '1', '--warmup', '0.2', '--json', '--out', out],
      ],
      dir,
    );
    assert.equal(r.code, 0, r.stderr);
    assertNoStack(r);
    const json = JSON.parse(r.stdout);
    assert.equal(json.settings.rateDerived, true);
    const none = json.strategies.find((s: { name: string }) => s.name === 'none');
    assert.ok(none, 'none was run');
    assert.equal(
      none.overloaded,
      true,
      `none: ${none.completed} of ${none.requests} at ${json.settings.rateRps} req/s`,
    );
    assert.ok(none.completed <= none.requests);
    assert.ok(
      json.warnings.some((w: string) => w.startsWith('none: overloaded — offered')),
      `warnings: ${json.warnings.join('\n')}`,
    );
    // The saved profile holds every request, warm-up included; those cut by the drain limit are
    // marked as never run. The summary counts the measured ones.
    const strategy = readProfile(out).strategies[0];
    const r2 = strategy.requests;
    let neverRun = 0;
    let measured = 0;
    for (let i = 0; i < r2.batch.length; i++) {
      if (r2.batch[i] < 0)
        assert.ok(Number.isNaN(r2.doneMs[i]), `request ${i} never ran but has a done time`);
      if (!inIntervals(strategy.measured, r2.scheduledMs[i])) continue;
      measured++;
      if (r2.batch[i] < 0) neverRun++;
    }
    assert.equal(measured, strategy.summary.requests);
    assert.equal(strategy.summary.completed + neverRun, strategy.summary.requests);
  });

  it('marks the overloaded strategy in the results table', async () => {
    const r = await runCli(
      [
        'profile',
        path.join(SAMPLES, 'mlp.onnx'),
        ...['--strategies', 'none', '--duration', '0.5', '--warmup', '0', '--no-progress'],
        ...['--out', path.join(dir, 'mlp.json')],
      ],
      dir,
    );
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^none OVERLOADED\s/m);
    assert.match(r.stdout + r.stderr, /WARNING: none: overloaded/);
  });
});
