/**
 * `batchscope sweep` as a user runs it, on the bundled MLP with real onnxruntime: the curves, the
 * recommendation with its reasons, the verification on the model, the saved sweep file and the
 * JSON; and bad input refused before anything runs.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readSweepFile } from '../../../src/engine/sweep/sweepIo';
import { buildBundles, runCli, SAMPLES } from './runCli';

describe('batchscope sweep (built CLI, real model)', function () {
  this.timeout(120_000);
  let dir: string;
  before(() => {
    buildBundles();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bs-sweep-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  const grid = ['--strategies', 'none,dynamic(max=4|8,delay=0|1)', '--load', '0.2,0.5', '--warmup', '0.2'];

  it('prints the curves and a recommendation under the SLO, verifies it on the model and saves the sweep', async () => {
    const out = path.join(dir, 'mlp.sweep.json');
    const r = await runCli(
      [
        'sweep',
        path.join(SAMPLES, 'mlp.onnx'),
        ...grid,
        '--slo-ms',
        '50',
        '--verify-duration',
        '1',
        '--out',
        out,
        '--report',
        path.join(dir, 'mlp-sweep.html'),
      ],
      dir,
    );
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /p99 latency, ms, by offered rate/);
    assert.match(r.stdout, /dynamic\(max=8, delay=1ms\)/);
    assert.match(r.stdout, /Recommendation: dynamic\(max=\d+, delay=\d+ms\) at \d+ req\/s/);
    assert.match(r.stdout, /Binding constraint: /);
    assert.match(r.stdout, /Verified on the model \(predicted by the simulator against measured\)/);
    // The report is one page with the sweep embedded (the webview draws it; see test/webview/sweep.test.ts).
    const html = fs.readFileSync(path.join(dir, 'mlp-sweep.html'), 'utf8');
    assert.match(html, /batchscope-sweep/);
    assert.match(r.stdout, /Report saved to .*mlp-sweep\.html/);
    const sweep = readSweepFile(out);
    assert.equal(sweep.configs.length, 5);
    // 5 configurations × 2 rates, simulated.
    assert.equal(sweep.points.filter((p) => !p.measured).length, 10);
    assert.ok(sweep.pareto.length >= 1);
    assert.ok(sweep.recommendation, 'a recommendation');
    assert.equal(sweep.verifications.length >= 1, true);
    const v = sweep.verifications[0];
    assert.ok(v.measured.throughputRps > 0 && Number.isFinite(v.measured.p99Ms));
    assert.ok(v.profilePath && fs.existsSync(v.profilePath), 'the verification run saved its profile');
  });

  it('--json carries points, pareto and the recommendation with predicted figures (no verification with --no-verify)', async () => {
    const r = await runCli(
      [
        'sweep',
        path.join(SAMPLES, 'mlp.onnx'),
        ...grid,
        '--slo-ms',
        '50',
        '--no-verify',
        '--json',
        '--out',
        path.join(dir, 'j.json'),
      ],
      dir,
    );
    assert.equal(r.code, 0, r.stderr);
    const j = JSON.parse(r.stdout) as Record<string, unknown> & {
      recommendation: {
        config: { name: string };
        instances: number;
        rateRps: number;
        predicted: { p99Ms: number };
        reasons: string[];
      };
    };
    assert.ok(Array.isArray(j.points) && Array.isArray(j.pareto));
    assert.ok(j.recommendation, `no recommendation: ${String(j.noRecommendation)}`);
    assert.equal(j.recommendation.instances, 1);
    assert.ok(j.recommendation.rateRps > 0 && j.recommendation.predicted.p99Ms > 0);
    assert.ok(!('measured' in j.recommendation));
    assert.ok(j.recommendation.reasons.length >= 2);
  });

  it('--measure runs every point on the model too, with progress, and lists measured beside simulated', async () => {
    const out = path.join(dir, 'measured.sweep.json');
    const r = await runCli(
      [
        'sweep',
        path.join(SAMPLES, 'mlp.onnx'),
        '--strategies',
        'none,dynamic(max=4)',
        '--load',
        '0.1,0.3',
        '--measure',
        '--point-duration',
        '0.3',
        '--warmup',
        '0.2',
        '--no-verify',
        '--out',
        out,
      ],
      dir,
    );
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /Measuring 2 configuration\(s\) on 1 instance\(s\) at \d+ req\/s \(1\/2\)/);
    assert.match(r.stderr, /\(2\/2, about \d+ s left\)/);
    assert.match(r.stdout, /Measured on the model \(--measure\) against simulated/);
    const sweep = readSweepFile(out);
    const measured = sweep.points.filter((p) => p.measured);
    // Every configuration at every rate, once each.
    assert.equal(measured.length, 4);
    for (const p of measured) assert.ok(p.throughputRps > 0 && Number.isFinite(p.p99Ms), JSON.stringify(p));
  });

  it('show prints a saved sweep, and compares two sweeps side by side', async () => {
    const a = path.join(dir, 'mlp.sweep.json');
    const b = path.join(dir, 'j.json');
    const one = await runCli(['show', a], dir);
    assert.equal(one.code, 0, one.stderr);
    assert.match(one.stdout, /p99 latency, ms, by offered rate/);
    assert.match(one.stdout, /Recommendation: /);
    const two = await runCli(['show', a, b], dir);
    assert.equal(two.code, 0, two.stderr);
    assert.match(two.stdout, /Largest sustainable rate under each sweep's SLO/);
    assert.match(two.stdout, /dynamic\(max=8, delay=1ms\)\s+[\d-]+\s+[\d-]+\s+([\d.]+×|-)/);
    assert.match(two.stdout, /Recommendation A: .* req\/s/);
    assert.match(two.stdout, /Recommendation B: .* req\/s/);
    // A sweep and a file that is not one: refused, naming what to do.
    const notSweep = path.join(dir, 'plain.json');
    fs.writeFileSync(notSweep, '{}');
    const mixed = await runCli(['show', a, notSweep], dir);
    assert.equal(mixed.code, 2);
    assert.match(mixed.stderr, /compared only when both are sweeps/);
  });

  it('refuses bad input with the option named, exit 2, before calibrating', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['--load', '0:1:0'], /--load 0:1:0: a range is FROM:TO:STEP/],
      [['--strategies', 'dynamic(max=4|x)'], /--strategies: dynamic\(max=x\)/],
      [['--target-rps', '100'], /--target-rps needs --slo-ms/],
      [['--rates', '100', '--load', '0.5'], /Give --rates \(req\/s\) or --load/],
    ];
    for (const [args, message] of cases) {
      const r = await runCli(['sweep', path.join(SAMPLES, 'mlp.onnx'), ...args], dir);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, message);
      assert.doesNotMatch(r.stderr, /at .*\.js:\d+/);
    }
  });
});
