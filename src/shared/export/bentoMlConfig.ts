/**
 * BentoML: a `service.py` whose API is batched by BentoML's adaptive batching. Parameters follow
 * docs/source/get-started/adaptive-batching.rst (`@bentoml.api(batchable=True, max_batch_size,
 * max_latency_ms)`; a batchable API takes one parameter, a list here, concatenated across requests;
 * HTTP 503 when max_latency_ms cannot be met) and `@bentoml.service(workers=…, resources=…)`
 * (guides/workers.rst, configurations); BentoML's APIMethod requires max_batch_size > 1 and
 * defaults max_latency_ms to 60000 (src/_bentoml_sdk/method.py).
 */
import { formatMs } from '../strategies/strategyDescriptor';
import type { ExportBatching } from './exportBatching';
import { OUTPUT_FOLDER, type ExportRequest, type ExportResult } from './exportTypes';
import { BATCH_IO_FILE, batchIoFile, pyClassName, pyString, pythonTypeDifferences } from './pythonBatchIo';

export const BENTOML_FILE = 'service.py';

/** BentoML's own default max_latency_ms. */
const BENTOML_DEFAULT_LATENCY_MS = 60_000;

export function bentoMlConfig(request: ExportRequest, batching: ExportBatching): ExportResult {
  const native = batching.nativeIn?.includes('bentoml') ?? false;
  const differences = native
    ? [
        "BentoML batches as adaptive does, with its own dispatcher's details (adaptive.ts lists where Batchscope's " +
          'version differs), so batch sizes and shedding will not match the profile exactly.',
      ]
    : [...batching.differences];
  differences.push(...pythonTypeDifferences(request));
  // BentoML rejects max_batch_size <= 1 for a batchable API: no batching is a plain API.
  const batched = batching.maxBatch > 1;
  const budget = batching.latencyBudgetMs ?? request.sloMs;
  const latency = Math.max(1, Math.ceil(budget ?? BENTOML_DEFAULT_LATENCY_MS));
  if (batched && !native)
    differences.push(
      `BentoML has no fixed queue delay: its adaptive batcher decides how long to wait (the profiled strategy ` +
        `waited at most ${formatMs(batching.maxDelayMs)} ms), within max_latency_ms = ${latency} ms ` +
        (batching.latencyBudgetMs !== null
          ? "(the strategy's own latency budget)"
          : request.sloMs !== null
            ? "(the run's SLO)"
            : "(BentoML's default; the run had no SLO)") +
        ', and answers 503 to requests it cannot serve within it.',
    );
  if (batching.preferredBatch.length > 0)
    differences.push(`BentoML has no preferred batch sizes (${batching.preferredBatch.join(', ')}).`);
  const { maxQueue, timeoutMs, timeoutStandsIn } = batching.queue;
  if (maxQueue > 0)
    differences.push(`BentoML has no queue bound: the max queue size (${maxQueue}) is not written.`);
  if (timeoutMs > 0 && !(native && timeoutStandsIn))
    differences.push(
      `BentoML has no queue timeout: the profiled one (${formatMs(timeoutMs)} ms) is not written` +
        (batched ? '; max_latency_ms is the closest bound.' : '.'),
    );

  if (batched && request.instances > 1)
    differences.push(
      `Each of the ${request.instances} BentoML workers batches the requests it receives on its own; the profiled ` +
        'instances took their batches from one shared queue.',
    );

  const resources = request.provider === 'cuda' ? ['    resources={"gpu": 1},'] : [];
  const className = pyClassName(request.modelName);
  const api = batched
    ? [
        `    @bentoml.api(batchable=True, max_batch_size=${batching.maxBatch}, max_latency_ms=${latency})`,
        '    def predict(self, requests: list[dict]) -> list[dict]:',
        '        return run_batch(self.session, requests)',
      ]
    : [
        '    @bentoml.api',
        '    def predict(self, request: dict) -> dict:',
        '        # No batching: each request runs alone, as profiled.',
        '        return run_batch(self.session, [request])[0]',
      ];
  const text = `"""BentoML service for ${request.model.fileName}, written by Batchscope (${request.source}).

Run with ${request.model.fileName} beside this file: bentoml serve service:${className}
${
  batched
    ? `A request body is {"requests": [...]}: a list of items, each every input as the model takes it for a batch of one`
    : `A request body is {"request": {...}}: every input as the model takes it for a batch of one`
} (see ${BATCH_IO_FILE}).
"""
from pathlib import Path

import bentoml

from batch_io import make_session, run_batch

MODEL = Path(__file__).with_name(${pyString(request.model.fileName)})


@bentoml.service(
    workers=${request.instances},
${resources.join('\n')}${resources.length > 0 ? '\n' : ''})
class ${className}:
    def __init__(self) -> None:
        self.session = make_session(MODEL)

${api.join('\n')}
`;
  return {
    files: [{ path: BENTOML_FILE, text }, batchIoFile(request)],
    differences,
    notes: [
      `Copy ${request.model.fileName} into ${OUTPUT_FOLDER}, then run there: bentoml serve service:${className}`,
    ],
  };
}
