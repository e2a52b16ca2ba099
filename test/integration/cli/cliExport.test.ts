import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { schemaProblems, TRITON_MODEL_CONFIG } from '../../unit/export/protoSchemas';
import { all, one, parseTextproto, type TextprotoMessage } from '../../unit/export/textproto';
import { assertNoStack, buildBundles, runCli, SAMPLES, type CliResult } from './runCli';

function expectUsageError(r: CliResult, message: RegExp): void {
  assert.equal(r.code, 2, `exit code ${r.code}, expected 2; stderr:\n${r.stderr}`);
  assert.match(r.stderr, message);
  assertNoStack(r);
}

/** A written config.pbtxt, parsed and checked against model_config.proto. */
function readTriton(file: string): TextprotoMessage {
  const parsed = parseTextproto(fs.readFileSync(file, 'utf8'));
  assert.deepEqual(schemaProblems(parsed, TRITON_MODEL_CONFIG), [], `${file} fits model_config.proto`);
  return parsed;
}

describe('CLI: export a profiled configuration (built dist/cli.js, real profile of samples/mlp.onnx)', function () {
  this.timeout(120_000);
  let dir: string;
  before(async () => {
    buildBundles();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'batchscope-export-'));
    // The model in the temporary folder, so Triton's default repository lands beside it there.
    fs.copyFileSync(path.join(SAMPLES, 'mlp.onnx'), path.join(dir, 'mlp.onnx'));
    const r = await runCli(
      [
        'profile',
        'mlp.onnx',
        ...['--strategies', 'none,static(4),dynamic(max=4,delay=1,queue=32)', '--rate', '200'],
        ...[
          '--duration',
          '0.3',
          '--warmup',
          '0.1',
          '--strategy-warmup',
          '0',
          '--out',
          'run.json',
          '--no-progress',
        ],
      ],
      dir,
    );
    assert.equal(r.code, 0, r.stderr);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('writes config.pbtxt into model_repository next to the model, and prints the file and what differs', async () => {
    const r = await runCli(['export', 'run.json', '--config', 'static(4)', '--format', 'triton'], dir);
    assert.equal(r.code, 0, r.stderr);
    assertNoStack(r);
    const written = path.join(dir, 'model_repository', 'mlp', 'config.pbtxt');
    assert.ok(r.stdout.includes(written), `prints the file it wrote:\n${r.stdout}`);
    const c = readTriton(written);
    assert.equal(one(c, 'name'), 'mlp');
    assert.equal(one(c, 'max_batch_size'), 4);
    assert.deepEqual(all(one(c, 'dynamic_batching') as TextprotoMessage, 'preferred_batch_size'), [4]);
    assert.equal(one(c, 'dynamic_batching.max_queue_delay_microseconds'), 1_000_000);
    assert.deepEqual(
      all(one(c, 'input') as TextprotoMessage, 'dims'),
      [64],
      'input [batch, 64] without the batch dim',
    );
    assert.match(r.stdout, /What differs[^\n]*:\n\s+- static waits for a full batch of 4/);
    assert.ok(
      r.stdout.includes(`Copy mlp.onnx to ${path.join(dir, 'model_repository')}/mlp/1/model.onnx`),
      `says where the model goes, in the folder written to:\n${r.stdout}`,
    );
  });

  it('finds a label typed without spaces in another case, writes to --out, and says when nothing differs', async () => {
    const r = await runCli(
      [
        'export',
        'run.json',
        '--config',
        'DYNAMIC(max=4,delay=1ms,queue=32)',
        '--format',
        'triton',
        '--out',
        'repo',
      ],
      dir,
    );
    assert.equal(r.code, 0, r.stderr);
    const c = readTriton(path.join(dir, 'repo', 'mlp', 'config.pbtxt'));
    assert.equal(one(c, 'dynamic_batching.max_queue_delay_microseconds'), 1000);
    assert.equal(one(c, 'dynamic_batching.default_queue_policy.max_queue_size'), 32);
    assert.match(r.stdout, /runs this configuration as profiled/);

    const ts = await runCli(['export', 'run.json', '--config', 'none', '--format', 'torchserve'], dir);
    assert.equal(ts.code, 0, ts.stderr);
    const yaml = fs.readFileSync(
      path.join(dir, 'batchscope-export', 'torchserve', 'model-config.yaml'),
      'utf8',
    );
    assert.match(yaml, /^batchSize: 1$/m);
  });

  it('bad input exits 2 and says what to type: several configurations, an unknown label, a mistyped format', async () => {
    const several = await runCli(['export', 'run.json', '--format', 'triton'], dir);
    expectUsageError(several, /holds 3 configurations; choose the one to export with --config/);
    assert.match(several.stderr, /--config 'static\(4\)'\s+p99 [\d.]+ ms, [\d.]+ req\/s/);

    const unknown = await runCli(
      ['export', 'run.json', '--config', 'dynamic(max=8)', '--format', 'triton'],
      dir,
    );
    expectUsageError(
      unknown,
      /No configuration "dynamic\(max=8\)" in run\.json\..*\n(.*\n)*\s+--config 'none'/,
    );

    const format = await runCli(['export', 'run.json', '--config', 'none', '--format', 'trition'], dir);
    expectUsageError(
      format,
      /--format trition is not a server Batchscope writes for\. Did you mean triton\?/,
    );
  });
});
