/**
 * One model instance: a worker thread with its own InferenceSession (session.run is synchronous
 * on its thread, so it must never run on the scheduler's). Builds each batch from its own seeded
 * request-input pool, so the scheduler hands over only request ids.
 */
import { workerData } from 'worker_threads';
import { assembleBatch, createSession, makeRequestInputPool, requestInputFor, splitOutputs } from '../model';
import { channelViews } from './channel';
import { postToPool, serveBatches } from './workerLoop';
import type { InferenceWorkerData } from './workerProtocol';

const data = workerData as InferenceWorkerData;

async function main(): Promise<void> {
  let session: Awaited<ReturnType<typeof createSession>>;
  let pool: ReturnType<typeof makeRequestInputPool>;
  try {
    session = await createSession(data.modelPath, {
      provider: data.modelOptions.provider,
      threads: data.modelOptions.threads,
    });
    pool = makeRequestInputPool(data.summary, data.inputSeed, data.inputPoolSize);
  } catch (err) {
    postToPool({ kind: 'initFailed', message: err instanceof Error ? err.message : String(err) });
    return;
  }
  const members: ReturnType<typeof requestInputFor>[] = [];
  postToPool({ kind: 'ready' });
  await serveBatches(channelViews(data.channel), data.failurePort, async (ids, count, paddedSize) => {
    members.length = count;
    for (let i = 0; i < count; i++) members[i] = requestInputFor(pool, ids[i]);
    // No padding asked: let the model's own fixed batch dim (if any) decide the slots.
    const slots = paddedSize > count ? paddedSize : undefined;
    const { feeds, padFraction } = assembleBatch(data.summary, members, slots);
    const outputs = await session.run(feeds);
    // A server hands each caller its own slice: that work is part of serving the batch.
    splitOutputs(data.summary, outputs, count, slots);
    return padFraction;
  });
  await session.release();
}

void main();
