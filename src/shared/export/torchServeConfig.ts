/**
 * TorchServe: `model-config.yaml` (packed into the .mar with torch-model-archiver --config-file)
 * and the same settings as the `models=` line of `config.properties`, with a handler that runs the
 * ONNX model in batches. Keys and types follow TorchServe's ModelConfig
 * (frontend/archive/src/main/java/org/pytorch/serve/archive/model/ModelConfig.java: minWorkers,
 * maxWorkers, batchSize, maxBatchDelay as whole ms, deviceType, jobQueueSize,
 * clientTimeoutInMills); the `models=` JSON follows docs/batch_inference_with_ts.md (defaultVersion,
 * marName, minWorkers, maxWorkers, batchSize, maxBatchDelay, responseTimeout); job_queue_size,
 * TorchServe's per-model queue bound (default 100), docs/configuration.md.
 */
import { formatMs } from '../strategies/strategyDescriptor';
import type { ExportBatching } from './exportBatching';
import { OUTPUT_FOLDER, type ExportRequest, type ExportResult } from './exportTypes';
import { BATCH_IO_FILE, batchIoFile, pythonTypeDifferences } from './pythonBatchIo';

/** TorchServe's default per-model queue bound (config.properties job_queue_size). */
const TORCHSERVE_DEFAULT_QUEUE = 100;

export function torchServeConfig(request: ExportRequest, batching: ExportBatching): ExportResult {
  const { modelName } = request;
  const differences = [...batching.differences, ...pythonTypeDifferences(request)];
  const batchSize = batching.maxBatch;
  // TorchServe reads maxBatchDelay as an integer number of milliseconds.
  const delay = batchSize > 1 ? Math.round(batching.maxDelayMs) : 0;
  if (batchSize > 1 && delay !== batching.maxDelayMs)
    differences.push(
      `TorchServe takes maxBatchDelay in whole milliseconds: ${formatMs(batching.maxDelayMs)} ms becomes ${delay} ms` +
        (delay === 0 ? ', so it does not wait for a fuller batch.' : '.'),
    );
  if (batching.preferredBatch.length > 0)
    differences.push(
      `TorchServe has no preferred batch sizes (${batching.preferredBatch.join(', ')}): a batch goes when it ` +
        'reaches batchSize or maxBatchDelay runs out.',
    );

  const { maxQueue, timeoutMs, timeoutAction } = batching.queue;
  // TorchServe bounds every model's queue (job_queue_size, default 100); Batchscope's 0 is unbounded.
  const queueSize = maxQueue > 0 ? maxQueue : null;
  if (queueSize === null)
    differences.push(
      `TorchServe bounds each model's queue at ${TORCHSERVE_DEFAULT_QUEUE} requests by default and answers 503 ` +
        'beyond it, where the profiled queue was unbounded: raise jobQueueSize if bursts queue more.',
    );
  const clientTimeout =
    timeoutMs > 0 && timeoutAction === 'reject' ? Math.max(1, Math.ceil(timeoutMs)) : null;
  if (timeoutMs > 0 && timeoutAction === 'delay')
    differences.push(
      'TorchServe cannot delay timed-out requests behind the others: the queue timeout is not written.',
    );
  else if (clientTimeout !== null)
    differences.push(
      `clientTimeoutInMills (${clientTimeout} ms) drops a request that has not started by then, counted from ` +
        'when the frontend received it, where the profiled queue timeout rejected it from the queue.',
    );

  const settings: Array<[string, number | string]> = [
    ['minWorkers', request.instances],
    ['maxWorkers', request.instances],
    ['batchSize', batchSize],
    ['maxBatchDelay', delay],
    ['deviceType', request.provider === 'cuda' ? 'gpu' : 'cpu'],
  ];
  if (queueSize !== null) settings.push(['jobQueueSize', queueSize]);
  if (clientTimeout !== null) settings.push(['clientTimeoutInMills', clientTimeout]);

  const yaml = [
    `# Batchscope export of ${request.source}.`,
    '# TorchServe model configuration: pass it to torch-model-archiver with --config-file.',
    ...settings.map(([key, value]) => `${key}: ${typeof value === 'string' ? value : String(value)}`),
    '',
  ].join('\n');

  // config.properties takes the frontend settings per model version; deviceType and the client
  // timeout are model-config.yaml's only, and the queue bound is the server-wide job_queue_size.
  const version = {
    defaultVersion: true,
    marName: `${modelName}.mar`,
    minWorkers: request.instances,
    maxWorkers: request.instances,
    batchSize,
    maxBatchDelay: delay,
  };
  const properties = [
    `# Batchscope export of ${request.source}.`,
    '# TorchServe server configuration: torchserve --start --model-store model_store --ts-config config.properties',
    `load_models=${modelName}.mar`,
    ...(queueSize !== null ? [`job_queue_size=${queueSize}`] : []),
    `models=${JSON.stringify({ [modelName]: { '1.0': version } })}`,
    '',
  ].join('\n');

  return {
    files: [
      { path: 'model-config.yaml', text: yaml },
      { path: 'config.properties', text: properties },
      { path: 'handler.py', text: handler(request) },
      batchIoFile(request),
    ],
    differences,
    notes: [
      `Package the model in ${OUTPUT_FOLDER}, with ${request.model.fileName} copied there: torch-model-archiver --model-name ${modelName} --version 1.0 --serialized-file ` +
        `${request.model.fileName} --handler handler.py --extra-files ${BATCH_IO_FILE} --config-file model-config.yaml ` +
        '--export-path model_store',
      'Each request body is JSON: every input as the model takes it for a batch of one (see batch_io.py).',
    ],
  };
}

/** A module-level TorchServe handler: `handle(data, context)` gets one batch of requests. */
function handler(request: ExportRequest): string {
  return `"""TorchServe handler for ${request.model.fileName}, written by Batchscope (${request.source}).

TorchServe hands handle() one batch of up to batchSize requests; it returns one reply per request.
"""
import json
import os

from batch_io import make_session, run_batch

_session = None


def handle(data, context):
    global _session
    if data is None:
        return None
    if _session is None:
        model_dir = context.system_properties.get("model_dir")
        serialized = context.manifest["model"]["serializedFile"]
        _session = make_session(os.path.join(model_dir, serialized))
    requests = []
    for row in data:
        body = row.get("data") or row.get("body")
        if isinstance(body, (bytes, bytearray)):
            body = json.loads(body)
        requests.append(body)
    return run_batch(_session, requests)
`;
}
