/**
 * The protobuf messages the exports write, transcribed for tests from their .proto sources, so a
 * test can check that every field an export wrote exists where it wrote it, with the right type:
 * - Triton: triton-inference-server/common protobuf/model_config.proto (ModelConfig and the
 *   messages below it; only the fields Batchscope could write, plus their neighbours);
 * - TF Serving: tensorflow_serving/servables/tensorflow/session_bundle_config.proto
 *   (BatchingParameters, whose scalars are google.protobuf wrappers: `{ value: … }`).
 */
import { isMessage, type TextprotoMessage, type TextprotoValue } from './textproto';

export type FieldType = 'int' | 'string' | 'bool' | { enum: readonly string[] } | { message: MessageSchema };

export interface FieldSchema {
  type: FieldType;
  repeated?: boolean;
}

export type MessageSchema = Record<string, FieldSchema>;

const DATA_TYPE = {
  enum: [
    'TYPE_INVALID',
    'TYPE_BOOL',
    'TYPE_UINT8',
    'TYPE_UINT16',
    'TYPE_UINT32',
    'TYPE_UINT64',
    'TYPE_INT8',
    'TYPE_INT16',
    'TYPE_INT32',
    'TYPE_INT64',
    'TYPE_FP16',
    'TYPE_FP32',
    'TYPE_FP64',
    'TYPE_STRING',
    'TYPE_BF16',
  ],
} as const;

const RESHAPE: MessageSchema = { shape: { type: 'int', repeated: true } };

const MODEL_INPUT: MessageSchema = {
  name: { type: 'string' },
  data_type: { type: DATA_TYPE },
  format: { type: { enum: ['FORMAT_NONE', 'FORMAT_NHWC', 'FORMAT_NCHW'] } },
  dims: { type: 'int', repeated: true },
  reshape: { type: { message: RESHAPE } },
  is_shape_tensor: { type: 'bool' },
  allow_ragged_batch: { type: 'bool' },
  optional: { type: 'bool' },
};

const MODEL_OUTPUT: MessageSchema = {
  name: { type: 'string' },
  data_type: { type: DATA_TYPE },
  dims: { type: 'int', repeated: true },
  reshape: { type: { message: RESHAPE } },
  label_filename: { type: 'string' },
  is_shape_tensor: { type: 'bool' },
};

const QUEUE_POLICY: MessageSchema = {
  timeout_action: { type: { enum: ['REJECT', 'DELAY'] } },
  default_timeout_microseconds: { type: 'int' },
  allow_timeout_override: { type: 'bool' },
  max_queue_size: { type: 'int' },
};

const DYNAMIC_BATCHING: MessageSchema = {
  preferred_batch_size: { type: 'int', repeated: true },
  max_queue_delay_microseconds: { type: 'int' },
  preserve_ordering: { type: 'bool' },
  priority_levels: { type: 'int' },
  default_priority_level: { type: 'int' },
  default_queue_policy: { type: { message: QUEUE_POLICY } },
};

const INSTANCE_GROUP: MessageSchema = {
  name: { type: 'string' },
  kind: { type: { enum: ['KIND_AUTO', 'KIND_GPU', 'KIND_CPU', 'KIND_MODEL'] } },
  count: { type: 'int' },
  gpus: { type: 'int', repeated: true },
  passive: { type: 'bool' },
  host_policy: { type: 'string' },
};

/** map<string, ModelParameter> parameters: written as repeated { key, value { string_value } }. */
const PARAMETER_ENTRY: MessageSchema = {
  key: { type: 'string' },
  value: { type: { message: { string_value: { type: 'string' } } } },
};

export const TRITON_MODEL_CONFIG: MessageSchema = {
  name: { type: 'string' },
  platform: { type: 'string' },
  backend: { type: 'string' },
  max_batch_size: { type: 'int' },
  input: { type: { message: MODEL_INPUT }, repeated: true },
  output: { type: { message: MODEL_OUTPUT }, repeated: true },
  dynamic_batching: { type: { message: DYNAMIC_BATCHING } },
  instance_group: { type: { message: INSTANCE_GROUP }, repeated: true },
  default_model_filename: { type: 'string' },
  parameters: { type: { message: PARAMETER_ENTRY }, repeated: true },
};

const INT64_VALUE: FieldSchema = { type: { message: { value: { type: 'int' } } } };

export const TF_SERVING_BATCHING_PARAMETERS: MessageSchema = {
  max_batch_size: INT64_VALUE,
  batch_timeout_micros: INT64_VALUE,
  max_enqueued_batches: INT64_VALUE,
  num_batch_threads: INT64_VALUE,
  thread_pool_name: { type: { message: { value: { type: 'string' } } } },
  allowed_batch_sizes: { type: 'int', repeated: true },
  pad_variable_length_inputs: { type: 'bool' },
};

/** Every way `message` breaks `schema`: unknown fields, repeated singulars, values of the wrong type. */
export function schemaProblems(message: TextprotoMessage, schema: MessageSchema, where = ''): string[] {
  const problems: string[] = [];
  for (const [name, values] of Object.entries(message)) {
    const at = where ? `${where}.${name}` : name;
    const field = schema[name];
    if (!field) {
      problems.push(`${at} is not a field of this message`);
      continue;
    }
    if (!field.repeated && values.length !== 1)
      problems.push(`${at} is not repeated but has ${values.length} values`);
    values.forEach((v, i) =>
      problems.push(...typeProblems(v, field.type, values.length > 1 ? `${at}[${i}]` : at)),
    );
  }
  return problems;
}

function typeProblems(value: TextprotoValue, type: FieldType, at: string): string[] {
  if (type === 'int')
    return Number.isInteger(value) ? [] : [`${at} should be an integer, is ${JSON.stringify(value)}`];
  if (type === 'string')
    return typeof value === 'string' ? [] : [`${at} should be a string, is ${JSON.stringify(value)}`];
  if (type === 'bool')
    return typeof value === 'boolean' ? [] : [`${at} should be true or false, is ${JSON.stringify(value)}`];
  if ('enum' in type) {
    const ident =
      typeof value === 'object' && 'ident' in value && typeof value.ident === 'string' ? value.ident : null;
    return ident !== null && type.enum.includes(ident)
      ? []
      : [`${at} should be one of ${type.enum.join(', ')}, is ${JSON.stringify(value)}`];
  }
  return isMessage(value)
    ? schemaProblems(value, type.message, at)
    : [`${at} should be a message, is ${JSON.stringify(value)}`];
}
