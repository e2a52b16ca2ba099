/**
 * Triton Inference Server: `<model>/config.pbtxt` for the ONNX Runtime backend, a model
 * repository folder. Field names, types and nesting follow the ModelConfig protobuf,
 * triton-inference-server/common protobuf/model_config.proto (ModelConfig, ModelInput,
 * ModelOutput, ModelTensorReshape, ModelDynamicBatching, ModelQueuePolicy, ModelInstanceGroup);
 * the `[ 1 ]` + `reshape: { shape: [ ] }` form for per-item scalars and the rules for
 * max_batch_size follow server docs/user_guide/model_configuration.md; `model.onnx` in the version
 * folder follows docs/user_guide/model_repository.md ("ONNX Models"); intra_op_thread_count
 * follows the onnxruntime_backend README ("Model Config Options").
 */
import type { TensorSignature } from '../profileTypes';
import { formatMs } from '../strategies/strategyDescriptor';
import { microseconds, type ExportBatching } from './exportBatching';
import { OUTPUT_FOLDER, type ExportRequest, type ExportResult } from './exportTypes';
import { fullDims, itemDims, leadingAxisProblems, variableLengthInputs } from './tensorShapes';
import { enumValue, writeTextproto, type TextprotoField } from './textprotoWriter';

/** ONNX Runtime's element type names → Triton's DataType (model_config.proto). */
const DATA_TYPES: Record<string, string> = {
  bool: 'TYPE_BOOL',
  uint8: 'TYPE_UINT8',
  uint16: 'TYPE_UINT16',
  uint32: 'TYPE_UINT32',
  uint64: 'TYPE_UINT64',
  int8: 'TYPE_INT8',
  int16: 'TYPE_INT16',
  int32: 'TYPE_INT32',
  int64: 'TYPE_INT64',
  float16: 'TYPE_FP16',
  float32: 'TYPE_FP32',
  float64: 'TYPE_FP64',
  string: 'TYPE_STRING',
  bfloat16: 'TYPE_BF16',
};

export function tritonConfig(request: ExportRequest, batching: ExportBatching): ExportResult {
  const { model, modelName } = request;
  const differences = [...batching.differences];
  const notes: string[] = [];

  // Triton batches only along the first axis, and only when every input and output has it
  // (model_configuration.md, "Maximum Batch Size"); otherwise max_batch_size must be 0.
  const axisProblems = leadingAxisProblems(model);
  const batched = model.batchable && axisProblems.length === 0;
  if (!batched && batching.maxBatch > 1) {
    const why = model.batchable
      ? axisProblems.join('; ')
      : (model.notBatchableReason ?? 'the model takes no batch');
    differences.push(
      `Triton batches a model only along the first axis of every input and output, and ${why}: ` +
        `written with max_batch_size 0 (no batching), so the batches of up to ${batching.maxBatch} are lost.`,
    );
  }
  const variable = batched && batching.maxBatch > 1 ? variableLengthInputs(model) : [];
  if (variable.length > 0)
    differences.push(
      `Triton puts requests in one batch only when their ${variable.join(', ')} shapes match: it does not pad ` +
        'them as Batchscope did, so requests of different shapes run in separate batches unless clients pad them.',
    );

  const unknownTypes = [...model.inputs, ...model.outputs].filter((t) => !(t.dtype in DATA_TYPES));
  for (const t of unknownTypes)
    differences.push(
      `Triton has no data type for ${t.name}'s ONNX type "${t.dtype}": set its data_type by hand.`,
    );

  const tensor = (t: TensorSignature): TextprotoField[] => {
    const dims = batched ? itemDims(t) : fullDims(t);
    const fields: TextprotoField[] = [
      { name: 'name', value: t.name },
      { name: 'data_type', value: enumValue(DATA_TYPES[t.dtype] ?? 'TYPE_INVALID') },
    ];
    // Every tensor needs non-empty dims: a per-item scalar is declared [ 1 ] and reshaped to [ ].
    if (dims.length === 0)
      fields.push({ name: 'dims', list: [1] }, { name: 'reshape', message: [{ name: 'shape', list: [] }] });
    else fields.push({ name: 'dims', list: dims });
    return fields;
  };

  const fields: TextprotoField[] = [
    { comment: `Batchscope export of ${request.source}.` },
    { comment: `Triton model configuration: put ${model.fileName} at 1/model.onnx in this folder.` },
    { name: 'name', value: modelName },
    { name: 'backend', value: 'onnxruntime' },
    { name: 'max_batch_size', value: batched ? batching.maxBatch : 0 },
    { name: 'input', messages: model.inputs.map(tensor) },
    { name: 'output', messages: model.outputs.map(tensor) },
  ];

  const queue = queuePolicyFields(batching, differences);
  if (batched && (batching.maxBatch > 1 || queue.length > 0)) {
    const dynamic: TextprotoField[] = [];
    if (batching.preferredBatch.length > 0)
      dynamic.push({ name: 'preferred_batch_size', list: batching.preferredBatch });
    dynamic.push({ name: 'max_queue_delay_microseconds', value: microseconds(batching.maxDelayMs) });
    if (queue.length > 0) dynamic.push({ name: 'default_queue_policy', message: queue });
    fields.push({ name: 'dynamic_batching', message: dynamic });
  } else if (queue.length > 0) {
    differences.push(
      "Triton's queue policy lives in dynamic_batching, which needs max_batch_size > 0: the max queue size " +
        'and the queue timeout are not written.',
    );
  }

  const gpu = request.provider === 'cuda';
  const group: TextprotoField[] = [
    { name: 'count', value: request.instances },
    { name: 'kind', value: enumValue(gpu ? 'KIND_GPU' : 'KIND_CPU') },
  ];
  // Batchscope runs every instance on one device; without `gpus` Triton puts `count` on each GPU.
  if (gpu) group.push({ name: 'gpus', list: [0] });
  fields.push({ name: 'instance_group', messages: [group] });
  fields.push({
    name: 'parameters',
    message: [
      { name: 'key', value: 'intra_op_thread_count' },
      { name: 'value', message: [{ name: 'string_value', value: String(request.threads) }] },
    ],
  });

  notes.push(
    `Copy ${model.fileName} to ${OUTPUT_FOLDER}/${modelName}/1/model.onnx (Triton's ONNX Runtime backend loads ` +
      `model.onnx from a numbered version folder), then: tritonserver --model-repository=${OUTPUT_FOLDER}`,
  );
  return { files: [{ path: `${modelName}/config.pbtxt`, text: writeTextproto(fields) }], differences, notes };
}

/** default_queue_policy's fields, or [] when the queue is unbounded and nothing times out. */
function queuePolicyFields(batching: ExportBatching, differences: string[]): TextprotoField[] {
  const { maxQueue, timeoutMs, timeoutAction, timeoutStandsIn } = batching.queue;
  const fields: TextprotoField[] = [];
  if (timeoutMs > 0) {
    fields.push(
      { name: 'timeout_action', value: enumValue(timeoutAction === 'delay' ? 'DELAY' : 'REJECT') },
      { name: 'default_timeout_microseconds', value: microseconds(timeoutMs) },
    );
    if (timeoutStandsIn)
      differences.push(
        `The queue timeout of ${formatMs(timeoutMs)} ms (REJECT) stands in for the strategy's own shedding; ` +
          'Triton counts it from when a request entered the queue.',
      );
  }
  if (maxQueue > 0) fields.push({ name: 'max_queue_size', value: maxQueue });
  return fields;
}
