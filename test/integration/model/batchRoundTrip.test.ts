import { strict as assert } from 'node:assert';
import type * as ort from 'onnxruntime-node';
import {
  assembleBatch,
  createSession,
  inspectModel,
  makeRequestInputPool,
  splitOutputs,
  type RequestInput,
} from '../../../src/engine/model';
import type { ModelSummary } from '../../../src/shared/profileTypes';
import { samplePath } from './sampleModels';

/** Runs each request alone, then all of them as one padded batch, and compares per request. */
async function compareBatchedWithAlone(
  session: ort.InferenceSession,
  summary: ModelSummary,
  members: RequestInput[],
  paddedSize: number,
): Promise<void> {
  const batch = assembleBatch(summary, members, paddedSize);
  const split = splitOutputs(summary, await session.run(batch.feeds), members.length, paddedSize);
  assert.equal(split.length, members.length);
  for (let r = 0; r < members.length; r++) {
    const alone = splitOutputs(summary, await session.run(assembleBatch(summary, [members[r]]).feeds), 1)[0];
    for (const output of summary.outputs) {
      const got = split[r][output.name];
      const want = alone[output.name];
      assert.deepEqual(got.shape, want.shape, `shape of ${output.name} for request ${r}`);
      const g = got.data as Float32Array;
      const w = want.data as Float32Array;
      for (let i = 0; i < w.length; i++) {
        assert.ok(
          Math.abs(g[i] - w[i]) <= 1e-4 * Math.max(1, Math.abs(w[i])),
          `${output.name}[${i}] of request ${r}: ${g[i]} vs ${w[i]}`,
        );
      }
    }
  }
}

describe('assemble -> run -> split equals running each request alone (real onnxruntime)', () => {
  for (const name of ['mlp', 'recurrent_state'] as const) {
    it(`${name}: 3 requests in a batch padded to 4 slots`, async () => {
      const summary = await inspectModel(samplePath(name));
      const session = await createSession(summary.path, { provider: 'cpu', threads: 1 });
      try {
        const pool = makeRequestInputPool(summary, 11, 3);
        await compareBatchedWithAlone(session, summary, pool, 4);
      } finally {
        await session.release();
      }
    });
  }

  it('convnet and sequence run batched with per-request dims padded to the largest member', async () => {
    for (const [name, dims] of [
      ['convnet', { H: { min: 8, max: 20 }, W: { min: 8, max: 20 } }],
      ['sequence', { sequence: { min: 2, max: 10 } }],
    ] as const) {
      const summary = await inspectModel(samplePath(name), { dims });
      const session = await createSession(summary.path, { provider: 'cpu', threads: 1 });
      try {
        const pool = makeRequestInputPool(summary, 5, 6);
        assert.ok(
          new Set(pool.map((r) => JSON.stringify(r.dims))).size > 1,
          'dims should differ between requests',
        );
        const { feeds, padFraction } = assembleBatch(summary, pool);
        assert.ok(padFraction > 0 && padFraction < 1, `${name} padFraction ${padFraction}`);
        const split = splitOutputs(summary, await session.run(feeds), pool.length);
        assert.equal(split.length, 6);
        for (const out of split) assert.equal(out[summary.outputs[0].name].shape[0], 1);
      } finally {
        await session.release();
      }
    }
  });
});
