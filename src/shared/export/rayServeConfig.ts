/**
 * Ray Serve: a deployment (`serve_app.py`) whose calls are batched by `@serve.batch`. Parameters
 * follow the Ray docs: serve/advanced-guides/dyn-req-batch.md (`max_batch_size`;
 * `batch_wait_timeout_s`, counted from the first request of a batch) and
 * serve/configure-serve-deployment.md (`num_replicas`, `max_ongoing_requests` — at most that many
 * requests reach a replica at once, default 5, so it must leave room for a full batch —
 * `ray_actor_options`); `max_queued_requests` from the `serve.deployment` docstring.
 */
import { formatMs } from '../strategies/strategyDescriptor';
import type { ExportBatching } from './exportBatching';
import { OUTPUT_FOLDER, type ExportRequest, type ExportResult } from './exportTypes';
import { BATCH_IO_FILE, batchIoFile, pyClassName, pyString, pythonTypeDifferences } from './pythonBatchIo';

export const RAY_APP_FILE = 'serve_app.py';

export function rayServeConfig(request: ExportRequest, batching: ExportBatching): ExportResult {
  const differences = [...batching.differences, ...pythonTypeDifferences(request)];
  const batched = batching.maxBatch > 1;
  if (batching.preferredBatch.length > 0)
    differences.push(
      `Ray Serve has no preferred batch sizes (${batching.preferredBatch.join(', ')}): a batch goes when it ` +
        'reaches max_batch_size or batch_wait_timeout_s runs out.',
    );
  if (batched && batching.maxDelayMs > 0)
    differences.push(
      `Ray Serve counts batch_wait_timeout_s (${formatMs(batching.maxDelayMs)} ms) from the first request of the ` +
        'batch reaching the replica, not from when it entered the queue.',
    );
  const { maxQueue, timeoutMs } = batching.queue;
  if (maxQueue > 0)
    differences.push(
      `max_queued_requests (${maxQueue}) bounds the queue at each caller (every proxy or handle), on top of the ` +
        'max_ongoing_requests already sent to replicas; the profiled queue held at most that many in all.',
    );
  if (timeoutMs > 0)
    differences.push(
      `Ray Serve has no queue timeout: the profiled one (${formatMs(timeoutMs)} ms) is not written; ` +
        "the HTTP proxy's request_timeout_s bounds a whole request instead.",
    );

  if (batched && request.instances > 1)
    differences.push(
      `Each of the ${request.instances} replicas batches the requests routed to it on its own; the profiled ` +
        'instances took their batches from one shared queue.',
    );

  // A replica must hold a full batch to form one; twice that lets the next fill while one runs.
  const maxOngoing = batched ? 2 * batching.maxBatch : 1;
  const actorOptions = request.provider === 'cuda' ? '{"num_gpus": 1}' : `{"num_cpus": ${request.threads}}`;
  const deployment = [
    `    num_replicas=${request.instances},`,
    `    max_ongoing_requests=${maxOngoing},`,
    ...(maxQueue > 0 ? [`    max_queued_requests=${maxQueue},`] : []),
    `    ray_actor_options=${actorOptions},`,
  ];
  const className = pyClassName(request.modelName);
  const call = batched
    ? [
        `    @serve.batch(max_batch_size=${batching.maxBatch}, batch_wait_timeout_s=${seconds(batching.maxDelayMs)})`,
        '    async def run(self, requests):',
        '        return run_batch(self.session, requests)',
        '',
        '    async def __call__(self, request: Request):',
        '        return await self.run(await request.json())',
      ]
    : [
        '    async def __call__(self, request: Request):',
        '        # No batching: each request runs alone, as profiled.',
        '        return run_batch(self.session, [await request.json()])[0]',
      ];
  const text = `"""Ray Serve deployment of ${request.model.fileName}, written by Batchscope (${request.source}).

Run with ${request.model.fileName} beside this file: serve run serve_app:app
Each request body is JSON: every input as the model takes it for a batch of one (see ${BATCH_IO_FILE}).
"""
from pathlib import Path

from ray import serve
from starlette.requests import Request

from batch_io import make_session, run_batch

MODEL = Path(__file__).with_name(${pyString(request.model.fileName)})


@serve.deployment(
${deployment.join('\n')}
)
class ${className}:
    def __init__(self):
        self.session = make_session(MODEL)

${call.join('\n')}


app = ${className}.bind()
`;
  return {
    files: [{ path: RAY_APP_FILE, text }, batchIoFile(request)],
    differences,
    notes: [`Copy ${request.model.fileName} into ${OUTPUT_FOLDER}, then run there: serve run serve_app:app`],
  };
}

/** Milliseconds as a Python float of seconds: 2 → 0.002. */
function seconds(ms: number): string {
  const s = String(Number((ms / 1000).toPrecision(6)));
  return s.includes('.') || s.includes('e') ? s : `${s}.0`;
}
