/**
 * Ray Serve and BentoML exports, and the Python every Python export writes: it compiles, and
 * batch_io.py joins and splits requests as Batchscope batched them (run with numpy when this
 * machine has python3 and numpy; onnxruntime is stubbed, the helpers never call it).
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { exportConfig } from '../../../src/shared/export/exportConfig';
import type { ExportRequest, ExportResult } from '../../../src/shared/export/exportTypes';
import { config, request, sampleModel } from './exportFixtures';
import { GOLDEN_CASES } from './goldenCases';

const file = (result: ExportResult, name: string): string => {
  const f = result.files.find((x) => x.path === name);
  assert.ok(f, `writes ${name}`);
  return f.text;
};
const ray = (req: Partial<ExportRequest>): ExportResult => exportConfig(request({ ...req, format: 'ray' }));
const bentoml = (req: Partial<ExportRequest>): ExportResult =>
  exportConfig(request({ ...req, format: 'bentoml' }));

describe('Ray Serve export (serve_app.py)', () => {
  it('batches with @serve.batch and leaves a replica room for a full batch', () => {
    const app = file(ray({}), 'serve_app.py');
    assert.match(app, /@serve\.batch\(max_batch_size=8, batch_wait_timeout_s=0\.002\)/);
    assert.match(app, /num_replicas=2,/);
    const ongoing = Number(/max_ongoing_requests=(\d+)/.exec(app)?.[1]);
    assert.ok(ongoing >= 8, `max_ongoing_requests ${ongoing} is at least the max batch`);
    assert.match(app, /max_queued_requests=64,/);
    assert.match(app, /ray_actor_options=\{"num_cpus": 1\}/);
  });

  it('none runs each request alone; a GPU run asks for a GPU; static waits up to 1 s', () => {
    const none = file(ray({ strategy: config('none'), provider: 'cuda' }), 'serve_app.py');
    assert.doesNotMatch(none, /@serve\.batch/);
    assert.match(none, /max_ongoing_requests=1,/);
    assert.match(none, /\{"num_gpus": 1\}/);
    assert.match(
      file(ray({ strategy: config('static', { batchSize: 4 }) }), 'serve_app.py'),
      /batch_wait_timeout_s=1\.0\)/,
    );
  });
});

describe('BentoML export (service.py)', () => {
  it('adaptive is BentoML’s own batching: its max batch and max latency, nothing generic to say', () => {
    const r = bentoml({ strategy: config('adaptive', { maxBatch: 8, maxLatencyMs: 20 }), instances: 1 });
    assert.match(
      file(r, 'service.py'),
      /@bentoml\.api\(batchable=True, max_batch_size=8, max_latency_ms=20\)/,
    );
    assert.equal(r.differences.length, 1, r.differences.join(' | '));
    assert.match(r.differences[0], /BentoML batches as adaptive does/);
  });

  it('dynamic takes the run’s SLO as max_latency_ms and says BentoML has no fixed delay', () => {
    const r = bentoml({ sloMs: 25 });
    assert.match(file(r, 'service.py'), /max_batch_size=8, max_latency_ms=25\)/);
    assert.ok(r.differences.some((d) => d.includes('no fixed queue delay') && d.includes("(the run's SLO)")));
    assert.match(
      file(bentoml({}), 'service.py'),
      /max_latency_ms=60000\)/,
      "BentoML's default without an SLO",
    );
  });

  it('none is a plain API: BentoML refuses max_batch_size 1 for a batchable one', () => {
    const service = file(bentoml({ strategy: config('none') }), 'service.py');
    assert.doesNotMatch(service, /batchable/);
    assert.match(service, /@bentoml\.api\n {4}def predict\(self, request: dict\) -> dict:/);
  });
});

const python = spawnSync('python3', ['-c', 'import sys; print(sys.version_info[0])'], { encoding: 'utf8' });
const hasPython = python.status === 0 && python.stdout.trim() === '3';
const hasNumpy = hasPython && spawnSync('python3', ['-c', 'import numpy'], { encoding: 'utf8' }).status === 0;

// Registered only where python3 (and numpy) are installed: the generated code's syntax and
// behaviour are Python's to judge, and a machine without it has nothing to run the check with.
// (Registered, not skipped: the suite runs with --forbid-pending.)
if (hasPython)
  describe('generated Python (python3)', function () {
    this.timeout(30_000);
    let dir: string;
    beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'batchscope-py-'))));
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    it('every Python file of every golden case compiles', () => {
      const targets: string[] = [];
      for (const { name, request: req } of GOLDEN_CASES) {
        for (const f of exportConfig(req).files.filter((x) => x.path.endsWith('.py'))) {
          const target = path.join(dir, name, f.path);
          fs.mkdirSync(path.dirname(target), { recursive: true });
          fs.writeFileSync(target, f.text);
          targets.push(target);
        }
      }
      assert.ok(targets.length >= 6, `${targets.length} Python files`);
      const r = spawnSync('python3', ['-m', 'py_compile', ...targets], { encoding: 'utf8' });
      assert.equal(r.status, 0, `a generated Python file does not compile:\n${r.stderr}`);
    });

    if (hasNumpy)
      it('batch_io.py pads to the widest request, takes unbatched inputs once and splits outputs back', () => {
        const result = exportConfig(
          request({ format: 'ray', model: sampleModel('sequence'), modelName: 'sequence' }),
        );
        fs.writeFileSync(path.join(dir, 'batch_io.py'), file(result, 'batch_io.py'));
        fs.writeFileSync(
          path.join(dir, 'onnxruntime.py'),
          '# stand-in: the helpers under test never call onnxruntime\n',
        );
        const script = [
          'import json, numpy as np',
          'from batch_io import stack, split',
          'a = {"input_ids": [[1, 2, 3]], "temperature": 0.5}',
          'b = {"input_ids": [[4, 5], [6, 7]], "temperature": 9.0}',
          'feeds = stack([a, b])',
          'scores = np.arange(24, dtype=np.float32).reshape(3, 8)',
          'replies = split({"scores": scores}, [a, b])',
          'print(json.dumps({"ids": feeds["input_ids"].tolist(), "dtype": str(feeds["input_ids"].dtype),',
          '  "temperature": float(feeds["temperature"]), "shapes": [np.shape(r["scores"]) for r in replies]}))',
        ].join('\n');
        const r = spawnSync('python3', ['-c', script], { cwd: dir, encoding: 'utf8' });
        assert.equal(r.status, 0, r.stderr);
        assert.deepEqual(JSON.parse(r.stdout), {
          ids: [
            [1, 2, 3],
            [4, 5, 0],
            [6, 7, 0],
          ],
          dtype: 'int64',
          temperature: 0.5,
          shapes: [
            [1, 8],
            [2, 8],
          ],
        });
      });
  });
