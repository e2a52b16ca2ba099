import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readProfile } from '../../../src/engine/profile/profileIo';
import { resummarizeStrategy, summaryFromProfile } from '../../../src/engine/profile/profileSummary';
import { assertNoStack, buildBundles, runCli, SAMPLES, startCli } from './runCli';

const PERCENTILE_KEYS = ['p50', 'p90', 'p95', 'p99', 'p999', 'max', 'mean'];

/** Plain-JSON view (NaN → null), as the CLI prints it. */
const asJson = (v: unknown): unknown => JSON.parse(JSON.stringify(v));

describe('CLI: real profile runs on samples/mlp.onnx (built dist/cli.js)', function () {
  this.timeout(90_000);
  let dir: string;
  before(() => buildBundles());
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'batchscope-run-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('--json prints only the result object, and the saved profile reads back with the same summaries', async () => {
    const out = path.join(dir, 'nested', 'mlp.json');
    const html = path.join(dir, 'report', 'mlp.html');
    const r = await runCli(
      [
        'profile',
        path.join(SAMPLES, 'mlp.onnx'),
        ...['--duration', '1', '--warmup', '0.2', '--rate', '200', '--slo-ms', '50', '--max-batch', '4'],
        ...['--json', '--out', out, '--report', html],
      ],
      dir,
    );
    assert.equal(r.code, 0, r.stderr);
    assertNoStack(r);
    const json = JSON.parse(r.stdout); // stdout is exactly one JSON document
    assert.equal(json.profilePath, out);
    assert.equal(json.reportPath, html);
    assert.match(fs.readFileSync(html, 'utf8'), /<html[\s>]/i, 'the HTML report was written');
    assert.deepEqual(fs.readdirSync(path.dirname(html)), ['mlp.html'], 'no temp file left beside the report');
    assert.equal(json.partial, false);
    assert.ok(Array.isArray(json.warnings));
    assert.equal(json.model.path.endsWith('mlp.onnx'), true);
    assert.ok(json.model.inputs.length > 0 && json.model.outputs.length > 0);
    assert.deepEqual(
      json.calibration.map((c: { batchSize: number }) => c.batchSize),
      [1, 2, 4],
    );
    for (const c of json.calibration) {
      assert.ok(c.latencyMs > 0 && c.throughput > 0, `calibration point ${JSON.stringify(c)}`);
    }
    assert.deepEqual(
      json.strategies.map((s: { name: string }) => s.name),
      ['none', 'static', 'dynamic'],
    );
    for (const s of json.strategies) {
      assert.equal(typeof s.label, 'string');
      assert.equal(s.config.name, s.name);
      assert.ok(s.requests > 50, `${s.label}: ${s.requests} requests at 200 req/s for 1 s`);
      assert.equal(s.completed, s.requests);
      assert.ok(s.throughputRps > 0);
      for (const key of ['latencyMs', 'queueMs', 'computeMs']) {
        assert.deepEqual(Object.keys(s[key]).sort(), [...PERCENTILE_KEYS].sort(), `${s.label}.${key}`);
        assert.ok(s[key].p50 <= s[key].p99 && s[key].p99 <= s[key].max, `${s.label}.${key} ordered`);
      }
      assert.ok(s.latencyMs.p50 >= s.computeMs.p50, 'latency includes compute');
      assert.ok(s.batchSize.mean >= 1 && s.batchSize.max <= 4);
      assert.equal(typeof s.cpuPercent, 'number');
      assert.ok(s.goodput >= 0 && s.goodput <= 1);
    }
    assert.equal(json.strategies[1].config.batchSize, 4, "static's batch size is --max-batch");

    const profile = readProfile(out);
    assert.deepEqual(asJson(summaryFromProfile(profile).strategies), json.strategies);
    for (const s of profile.strategies) {
      const again = resummarizeStrategy(s, profile.settings);
      assert.equal(again.requests, s.summary.requests);
      assert.equal(again.completed, s.summary.completed);
      assert.equal(again.batches, s.summary.batches);
      assert.ok(
        Math.abs(again.latencyMs.p99 - s.summary.latencyMs.p99) <= 0.002 + s.summary.latencyMs.p99 * 0.002,
      );
    }

    const shown = await runCli(['show', out, '--json'], dir);
    assert.equal(shown.code, 0, shown.stderr);
    assert.deepEqual(
      JSON.parse(shown.stdout).strategies,
      json.strategies,
      '`show` reports what the run reported',
    );
    const table = await runCli(['show', out], dir);
    assert.equal(table.code, 0, table.stderr);
    assert.match(
      table.stdout,
      /strategy +requests +done +req\/s +p50 ms +p95 ms +p99 ms +mean batch +CPU % +stable +goodput@50ms/,
    );
    assert.match(table.stdout, /dynamic\(max=4, delay=2ms\)/);
  });

  it('a fixed-batch model still runs with --strategies none (default profile path)', async () => {
    const r = await runCli(
      [
        'profile',
        path.join(SAMPLES, 'fixed_batch.onnx'),
        ...['--strategies', 'none', '--duration', '0.5', '--warmup', '0', '--rate', '100', '--no-progress'],
      ],
      dir,
    );
    assert.equal(r.code, 0, r.stderr);
    assertNoStack(r);
    assert.match(r.stdout, /Batchable: NO/);
    assert.match(r.stdout, /^none +\d+ +\d+/m);
    const saved = fs.readdirSync(path.join(dir, '.batchscope', 'profiles'));
    assert.equal(saved.length, 1);
    assert.match(saved[0], /^fixed_batch-\d{8}-\d{6}\.json$/);
    assert.match(r.stdout, new RegExp(`Profile saved to .*${saved[0].replace(/\./g, '\\.')}`));
  });

  it('Ctrl-C stops the run, saves the partial profile and exits 130', async () => {
    const out = path.join(dir, 'partial.json');
    const child = startCli(
      [
        'profile',
        path.join(SAMPLES, 'mlp.onnx'),
        ...['--duration', '20', '--warmup', '0', '--rate', '100', '--no-progress', '--out', out],
      ],
      dir,
    );
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    await new Promise<void>((resolve) => {
      child.stdout.on('data', (d) => {
        stdout += d;
        if (/Running none/.test(stdout)) resolve();
      });
      child.on('close', () => resolve());
    });
    child.kill('SIGINT');
    const killer = setTimeout(() => child.kill('SIGKILL'), 60_000); // never leave a hung CLI behind
    const code = await exited;
    clearTimeout(killer);
    assert.equal(code, 130, `exit ${code}; stderr:\n${stderr}`);
    assert.match(stderr, /partial profile was saved to/);
    assert.doesNotMatch(stderr, /\n\s+at /);
    const profile = readProfile(out);
    assert.equal(profile.partial, true);
    assert.ok(profile.strategies.length <= 1, 'strategies after the interrupted one did not run');
  });
});
