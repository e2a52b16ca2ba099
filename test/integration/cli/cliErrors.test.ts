import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { COMMAND_OPTIONS } from '../../../src/cli/optionSpecs';
import { assertNoStack, buildBundles, runCli, SAMPLES, type CliResult } from './runCli';

function expectExit(r: CliResult, code: number, message: RegExp): void {
  assert.equal(r.code, code, `exit code ${r.code}, expected ${code}; stderr:\n${r.stderr}`);
  assert.match(r.stderr, message);
  assertNoStack(r);
}

describe('CLI: help, version and errors (built dist/cli.js)', function () {
  this.timeout(60_000);
  let dir: string;
  before(() => buildBundles());
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'batchscope-cli-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  for (const command of ['profile', 'inspect', 'show'] as const) {
    it(`${command} --help documents every option with an example`, async () => {
      const r = await runCli([command, '--help'], dir);
      assert.equal(r.code, 0);
      for (const spec of COMMAND_OPTIONS[command]) {
        assert.ok(r.stdout.includes(`--${spec.name}`), `help does not mention --${spec.name}`);
        assert.ok(r.stdout.includes(`Example: ${spec.example}`), `help lacks the example for --${spec.name}`);
      }
    });
  }

  it('--version prints the package version', async () => {
    const r = await runCli(['--version'], dir);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /^batchscope \d+\.\d+\.\d+/);
  });

  it('no command and an unknown command exit 2', async () => {
    expectExit(await runCli([], dir), 2, /No command given/);
    expectExit(
      await runCli(['profil', 'x.onnx'], dir),
      2,
      /Unknown command "profil".*Did you mean profile\?/,
    );
  });

  it('a missing model file exits 2', async () => {
    expectExit(await runCli(['profile', path.join(dir, 'nope.onnx')], dir), 2, /nope\.onnx does not exist/);
  });

  it('a folder instead of a model exits 2', async () => {
    expectExit(await runCli(['profile', dir], dir), 2, /is a folder/);
  });

  it('non-ONNX bytes exit 3', async () => {
    const junk = path.join(dir, 'junk.onnx');
    fs.writeFileSync(junk, 'this is not a model\n');
    expectExit(await runCli(['profile', junk, '--duration', '0.2'], dir), 3, /not a valid ONNX model/);
  });

  it('a truncated model exits 3', async () => {
    const truncated = path.join(dir, 'truncated.onnx');
    const bytes = fs.readFileSync(path.join(SAMPLES, 'mlp.onnx'));
    fs.writeFileSync(truncated, bytes.subarray(0, Math.floor(bytes.length / 3)));
    expectExit(await runCli(['inspect', truncated], dir), 3, /truncated\.onnx/);
  });

  it('a fixed-batch model exits 3 with the re-export advice', async () => {
    const r = await runCli(['profile', path.join(SAMPLES, 'fixed_batch.onnx'), '--duration', '0.2'], dir);
    expectExit(r, 3, /re-export.*dynamic batch axis/i);
    assert.match(r.stderr, /--strategies none/);
    assert.equal(fs.existsSync(path.join(dir, '.batchscope')), false, 'nothing is saved for a refused run');
  });

  it('bad option values exit 2 with a message naming the option, nothing on stdout', async () => {
    // A few end to end; every rule is checked in-process in cliArgs.test.ts.
    const cases: Array<[string[], RegExp]> = [
      [['--rate', '-5'], /--rate must be a number > 0 and <= 1000000, got "-5"/],
      [['--strategies', 'none,dynamc'], /--strategies: unknown strategy "dynamc"\. Did you mean dynamic\?/],
      [['--rat', '5'], /Unknown option --rat .*Did you mean --rate\?/],
      [['--arrival', 'sometimes'], /--arrival "sometimes".*unknown arrival pattern/],
    ];
    const results = await Promise.all(
      cases.map(([args]) => runCli(['profile', path.join(SAMPLES, 'mlp.onnx'), ...args], dir)),
    );
    results.forEach((r, i) => {
      expectExit(r, 2, cases[i][1]);
      assert.equal(r.stdout, '', 'nothing on stdout for a bad argument');
    });
  });

  it('--out pointing at a folder exits 2', async () => {
    expectExit(
      await runCli(['profile', path.join(SAMPLES, 'mlp.onnx'), '--out', dir], dir),
      2,
      /--out .* is a folder/,
    );
  });

  it('show: missing, foreign and corrupt profiles exit 2 with a clear message', async () => {
    expectExit(await runCli(['show', path.join(dir, 'none.json')], dir), 2, /does not exist/);
    const foreign = path.join(dir, 'package.json');
    fs.writeFileSync(foreign, '{"name":"x"}');
    expectExit(await runCli(['show', foreign], dir), 2, /not a Batchscope profile/);
    const broken = path.join(dir, 'broken.json');
    fs.writeFileSync(broken, '{"format": "batchscope-profile", "version": 1, "strat');
    expectExit(await runCli(['show', broken], dir), 2, /truncated/);
  });

  it('inspect of a fixed-batch model reports the verdict and exits 0', async () => {
    const r = await runCli(['inspect', path.join(SAMPLES, 'fixed_batch.onnx'), '--json'], dir);
    assert.equal(r.code, 0, r.stderr);
    const summary = JSON.parse(r.stdout);
    assert.equal(summary.batchable, false);
    assert.match(summary.notBatchableReason, /re-export/i);
  });
});
