import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SAMPLES, encodeModel, node, valueInfo, type ElemType } from '../../../scripts/generateSamples';
import {
  assembleBatch,
  createSession,
  inspectModel,
  makeRequestInputPool,
  splitOutputs,
} from '../../../src/engine/model';
import { SAMPLES_DIR } from './sampleModels';

describe('sample models', () => {
  it('the committed samples are exactly what the generator writes, and each is small', () => {
    for (const [file, build] of Object.entries(SAMPLES)) {
      const committed = fs.readFileSync(path.join(SAMPLES_DIR, file));
      const built = build();
      assert.ok(
        Buffer.from(built).equals(committed),
        `${file} differs from the generator's output: run npm run samples`,
      );
      assert.ok(committed.length < 200 * 1024, `${file} is ${committed.length} bytes`);
    }
  });
});

describe('every synthesizable dtype goes through onnxruntime and back', () => {
  const dtypes: ElemType[] = ['float32', 'float16', 'float64', 'int64', 'int32', 'int8', 'uint8', 'bool'];
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'batchscope-dtypes-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('identity model over all dtypes: batched outputs split back equal each request’s inputs', async () => {
    const file = path.join(dir, 'identity.onnx');
    fs.writeFileSync(
      file,
      encodeModel({
        name: 'identity',
        node: dtypes.map((t) => node('Identity', [`in_${t}`], [`out_${t}`])),
        input: dtypes.map((t) => valueInfo(`in_${t}`, t, ['batch', 3])),
        output: dtypes.map((t) => valueInfo(`out_${t}`, t, ['batch', 3])),
      }),
    );
    const summary = await inspectModel(file);
    assert.deepEqual(
      summary.inputs.map((i) => [i.dtype, i.batchAxis]),
      dtypes.map((t) => [t, 0]),
    );
    const session = await createSession(file, { provider: 'cpu', threads: 1 });
    try {
      const pool = makeRequestInputPool(summary, 9, 3);
      const outputs = await session.run(assembleBatch(summary, pool).feeds);
      const split = splitOutputs(summary, outputs, 3);
      for (let r = 0; r < 3; r++) {
        for (const t of dtypes) {
          const got = Array.from(split[r][`out_${t}`].data as ArrayLike<unknown>, (v) => Number(v));
          const want = Array.from(pool[r].tensors[`in_${t}`].data as ArrayLike<unknown>, (v) => Number(v));
          assert.deepEqual(got, want, `${t} of request ${r}`);
        }
      }
    } finally {
      await session.release();
    }
  });
});
