/**
 * TensorFlow Serving: the batching parameters file (`--enable_batching
 * --batching_parameters_file=…`), a BatchingParameters textproto. Fields follow
 * tensorflow_serving/servables/tensorflow/session_bundle_config.proto (BatchingParameters:
 * Int64Value max_batch_size, batch_timeout_micros, max_enqueued_batches, num_batch_threads;
 * repeated int64 allowed_batch_sizes, whose last entry must equal max_batch_size; bool
 * pad_variable_length_inputs) and tensorflow_serving/batching/README.md.
 */
import { formatMs } from '../strategies/strategyDescriptor';
import { microseconds, type ExportBatching } from './exportBatching';
import { OUTPUT_FOLDER, type ExportRequest, type ExportResult } from './exportTypes';
import { leadingAxisProblems, variableLengthInputs } from './tensorShapes';
import { writeTextproto, type TextprotoField } from './textprotoWriter';

export const TF_SERVING_FILE = 'batching_parameters.txt';

/** Batches a queue may hold when the profiled queue was unbounded: a bound no realistic queue reaches. */
const UNBOUNDED_BATCHES = 1_000_000;

export function tfServingConfig(request: ExportRequest, batching: ExportBatching): ExportResult {
  const differences = [
    'TF Serving serves TensorFlow SavedModels, not ONNX: convert the model first (e.g. with onnx2tf); the ' +
      'batching below applies to the converted model.',
    ...batching.differences,
  ];
  const max = batching.maxBatch;
  const axisProblems = leadingAxisProblems(request.model);
  if (max > 1 && axisProblems.length > 0)
    differences.push(
      `TF Serving batches along the first axis of every tensor, and ${axisProblems.join('; ')}.`,
    );

  // allowed_batch_sizes pads each batch up to the next allowed size: for preferred sizes the closest
  // TF Serving has (static batching's [N] becomes "always run N").
  const allowed = batching.preferredBatch.length > 0 ? [...new Set([...batching.preferredBatch, max])] : [];
  if (allowed.length > 1 || (allowed.length === 1 && request.strategy.name !== 'static'))
    differences.push(
      `allowed_batch_sizes (${allowed.join(', ')}) pads every batch up to the next allowed size, where the ` +
        'preferred sizes sent a batch early when one could be formed.',
    );
  else if (allowed.length === 1)
    differences.push(`allowed_batch_sizes [${max}] pads every partial batch to ${max} rows of dummy data.`);

  const variable = variableLengthInputs(request.model);
  const { maxQueue, timeoutMs } = batching.queue;
  if (maxQueue > 0 && maxQueue % max !== 0)
    differences.push(
      `TF Serving bounds its queue in batches: max_enqueued_batches ${Math.ceil(maxQueue / max)} holds up to ` +
        `${Math.ceil(maxQueue / max) * max} requests, not ${maxQueue}.`,
    );
  if (timeoutMs > 0)
    differences.push(
      `TF Serving has no queue timeout: the profiled one (${formatMs(timeoutMs)} ms) is not written.`,
    );

  const fields: TextprotoField[] = [
    { comment: `Batchscope export of ${request.source}.` },
    { comment: 'TF Serving batching parameters: tensorflow_model_server --enable_batching' },
    { comment: `  --batching_parameters_file=${TF_SERVING_FILE}` },
    { name: 'max_batch_size', message: [{ name: 'value', value: max }] },
    { name: 'batch_timeout_micros', message: [{ name: 'value', value: microseconds(batching.maxDelayMs) }] },
    {
      name: 'max_enqueued_batches',
      message: [{ name: 'value', value: maxQueue > 0 ? Math.ceil(maxQueue / max) : UNBOUNDED_BATCHES }],
    },
    // Batch threads run batches in parallel, as model instances do.
    { name: 'num_batch_threads', message: [{ name: 'value', value: request.instances }] },
  ];
  if (allowed.length > 0) fields.push({ name: 'allowed_batch_sizes', list: allowed });
  // Batchscope padded each batch to its widest request along variable dims; TF Serving does so on request.
  if (variable.length > 0) fields.push({ name: 'pad_variable_length_inputs', value: true });

  return {
    files: [{ path: TF_SERVING_FILE, text: writeTextproto(fields) }],
    differences,
    notes: [
      `Start the server with batching: tensorflow_model_server --enable_batching ` +
        `--batching_parameters_file=${OUTPUT_FOLDER}/${TF_SERVING_FILE} --model_name=${request.modelName} ` +
        '--model_base_path=<the converted SavedModel folder>',
    ],
  };
}
