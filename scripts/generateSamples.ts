/**
 * Generates the sample ONNX models in samples/ with onnx-proto (no Python), deterministically:
 * the same script always writes the same bytes (weights come from the seeded RNG).
 *
 *   npm run samples            # writes samples/*.onnx
 *
 * The small graph-building helpers are exported so tests can build odd models (string inputs,
 * fixed shapes) the same way.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { onnx } from 'onnx-proto';
import { createRng } from '../src/engine/workload/rng';

/** Opset used by every sample: ops below are all supported by ORT's CPU provider at this opset. */
const OPSET = 17;

/** A declared dim: a number (fixed), a string (symbolic name) or null (dynamic, unnamed). */
export type DimSpec = number | string | null;

/** Element type names understood by {@link valueInfo}. */
export type ElemType =
  'float32' | 'float16' | 'float64' | 'int64' | 'int32' | 'int8' | 'uint8' | 'bool' | 'string';

const ELEM: Record<ElemType, number> = {
  float32: onnx.TensorProto.DataType.FLOAT,
  int64: onnx.TensorProto.DataType.INT64,
  string: onnx.TensorProto.DataType.STRING,
  float16: onnx.TensorProto.DataType.FLOAT16,
  int32: onnx.TensorProto.DataType.INT32,
  bool: onnx.TensorProto.DataType.BOOL,
  uint8: onnx.TensorProto.DataType.UINT8,
  float64: onnx.TensorProto.DataType.DOUBLE,
  int8: onnx.TensorProto.DataType.INT8,
};

/** A graph input/output declaration. */
export function valueInfo(name: string, type: ElemType, shape: DimSpec[]): onnx.IValueInfoProto {
  return {
    name,
    type: {
      tensorType: {
        elemType: ELEM[type],
        shape: {
          dim: shape.map((d) =>
            d === null ? {} : typeof d === 'number' ? { dimValue: d } : { dimParam: d },
          ),
        },
      },
    },
  };
}

/** A float32 initializer stored as little-endian raw bytes. */
export function floatTensor(name: string, dims: number[], values: Float32Array): onnx.ITensorProto {
  const raw = new Uint8Array(values.byteLength);
  const view = new DataView(raw.buffer);
  values.forEach((v, i) => view.setFloat32(i * 4, v, true));
  return { name, dims, dataType: onnx.TensorProto.DataType.FLOAT, rawData: raw };
}

/** An int64 initializer (shapes, axes). */
export function int64Tensor(name: string, dims: number[], values: number[]): onnx.ITensorProto {
  return { name, dims, dataType: onnx.TensorProto.DataType.INT64, int64Data: values };
}

/** A node; attributes are ints, int lists or floats. */
export function node(
  opType: string,
  inputs: string[],
  outputs: string[],
  attrs: Record<string, number | number[]> = {},
): onnx.INodeProto {
  const attribute: onnx.IAttributeProto[] = Object.entries(attrs).map(([name, v]) =>
    Array.isArray(v)
      ? { name, type: onnx.AttributeProto.AttributeType.INTS, ints: v }
      : Number.isInteger(v)
        ? { name, type: onnx.AttributeProto.AttributeType.INT, i: v }
        : { name, type: onnx.AttributeProto.AttributeType.FLOAT, f: v },
  );
  return { opType, input: inputs, output: outputs, name: `${opType}_${outputs[0]}`, attribute };
}

/** Encodes a whole model (ir_version 8, one opset import). */
export function encodeModel(graph: onnx.IGraphProto): Uint8Array {
  const model: onnx.IModelProto = {
    irVersion: 8,
    producerName: 'batchscope-samples',
    producerVersion: '1',
    opsetImport: [{ domain: '', version: OPSET }],
    graph,
  };
  return onnx.ModelProto.encode(model).finish();
}

/** Uniform weights in [-scale, scale) from the seeded RNG. */
function weights(rng: () => number, count: number, scale: number): Float32Array {
  const w = new Float32Array(count);
  for (let i = 0; i < count; i++) w[i] = (rng() * 2 - 1) * scale;
  return w;
}

/**
 * A dense [rows, cols] weight that is computed inside the graph from two small low-rank factors:
 * W = sin(A·B) * scale. ORT folds this into a constant at session creation, so the file stays
 * small while inference does full dense matrix work.
 */
function foldedWeight(
  rng: () => number,
  name: string,
  rows: number,
  cols: number,
): { inits: onnx.ITensorProto[]; nodes: onnx.INodeProto[] } {
  const rank = 4;
  const inits = [
    floatTensor(`${name}_a`, [rows, rank], weights(rng, rows * rank, 1)),
    floatTensor(`${name}_b`, [rank, cols], weights(rng, rank * cols, 1)),
    floatTensor(`${name}_scale`, [], new Float32Array([Math.sqrt(3 / rows)])),
  ];
  const nodes = [
    node('MatMul', [`${name}_a`, `${name}_b`], [`${name}_ab`]),
    node('Sin', [`${name}_ab`], [`${name}_sin`]),
    node('Mul', [`${name}_sin`, `${name}_scale`], [name]),
  ];
  return { inits, nodes };
}

/** MLP: input [batch, 64] → 4 hidden layers of 512 (Gemm+Relu) → [batch, 10]. The default sample. */
export function buildMlp(): Uint8Array {
  const rng = createRng(1);
  const sizes = [64, 512, 512, 512, 512, 10];
  const inits: onnx.ITensorProto[] = [];
  const nodes: onnx.INodeProto[] = [];
  let x = 'input';
  for (let l = 0; l + 1 < sizes.length; l++) {
    const w = foldedWeight(rng, `w${l}`, sizes[l], sizes[l + 1]);
    inits.push(...w.inits, floatTensor(`b${l}`, [sizes[l + 1]], weights(rng, sizes[l + 1], 0.1)));
    nodes.push(...w.nodes);
    const last = l + 2 === sizes.length;
    const y = last ? 'logits' : `h${l}`;
    nodes.push(node('Gemm', [x, `w${l}`, `b${l}`], [last ? y : `${y}_pre`]));
    if (!last) nodes.push(node('Relu', [`${y}_pre`], [y]));
    x = y;
  }
  return encodeModel({
    name: 'mlp',
    node: nodes,
    initializer: inits,
    input: [valueInfo('input', 'float32', ['batch', 64])],
    output: [valueInfo('logits', 'float32', ['batch', 10])],
  });
}

/**
 * Small conv net, NCHW: image [N, 3, H, W] → Conv 3→8 → Relu → Conv 8→16 stride 2 → Relu →
 * GlobalAveragePool → Flatten → Gemm → logits [batch_size, 10]. Batch named differently in/out.
 */
export function buildConvnet(): Uint8Array {
  const rng = createRng(2);
  const inits = [
    floatTensor('conv1_w', [8, 3, 3, 3], weights(rng, 8 * 27, 0.3)),
    floatTensor('conv1_b', [8], weights(rng, 8, 0.1)),
    floatTensor('conv2_w', [16, 8, 3, 3], weights(rng, 16 * 72, 0.2)),
    floatTensor('conv2_b', [16], weights(rng, 16, 0.1)),
    floatTensor('fc_w', [16, 10], weights(rng, 160, 0.3)),
    floatTensor('fc_b', [10], weights(rng, 10, 0.1)),
  ];
  const nodes = [
    node('Conv', ['image', 'conv1_w', 'conv1_b'], ['c1'], { kernel_shape: [3, 3], pads: [1, 1, 1, 1] }),
    node('Relu', ['c1'], ['r1']),
    node('Conv', ['r1', 'conv2_w', 'conv2_b'], ['c2'], {
      kernel_shape: [3, 3],
      pads: [1, 1, 1, 1],
      strides: [2, 2],
    }),
    node('Relu', ['c2'], ['r2']),
    node('GlobalAveragePool', ['r2'], ['gap']),
    node('Flatten', ['gap'], ['flat'], { axis: 1 }),
    node('Gemm', ['flat', 'fc_w', 'fc_b'], ['logits']),
  ];
  return encodeModel({
    name: 'convnet',
    node: nodes,
    initializer: inits,
    input: [valueInfo('image', 'float32', ['N', 3, 'H', 'W'])],
    output: [valueInfo('logits', 'float32', ['batch_size', 10])],
  });
}

/**
 * Token model: input_ids int64 [batch, sequence] → Gather(embedding 256×32) → ReduceMean over the
 * sequence → MatMul → / temperature (a float scalar input with no batch axis) → scores [batch, 8].
 */
export function buildSequence(): Uint8Array {
  const rng = createRng(3);
  const inits = [
    floatTensor('embedding', [256, 32], weights(rng, 256 * 32, 1)),
    floatTensor('proj', [32, 8], weights(rng, 256, 0.3)),
  ];
  const nodes = [
    node('Gather', ['embedding', 'input_ids'], ['emb'], { axis: 0 }),
    node('ReduceMean', ['emb'], ['pooled'], { axes: [1], keepdims: 0 }),
    node('MatMul', ['pooled', 'proj'], ['raw']),
    node('Div', ['raw', 'temperature'], ['scores']),
  ];
  return encodeModel({
    name: 'sequence',
    node: nodes,
    initializer: inits,
    input: [valueInfo('input_ids', 'int64', ['batch', 'sequence']), valueInfo('temperature', 'float32', [])],
    output: [valueInfo('scores', 'float32', ['batch', 8])],
  });
}

/**
 * Recurrent-style step: x [batch, 16] and state [2, batch, 32] (layers first, batch at axis 1) →
 * new_state = tanh(state·U + x·W) [2, batch, 32], y = mean over layers [batch, 32].
 */
export function buildRecurrentState(): Uint8Array {
  const rng = createRng(4);
  const inits = [
    floatTensor('w_in', [16, 32], weights(rng, 16 * 32, 0.4)),
    floatTensor('u_state', [32, 32], weights(rng, 32 * 32, 0.3)),
  ];
  const nodes = [
    node('MatMul', ['x', 'w_in'], ['xw']),
    node('MatMul', ['state', 'u_state'], ['su']),
    node('Add', ['su', 'xw'], ['pre']),
    node('Tanh', ['pre'], ['new_state']),
    node('ReduceMean', ['new_state'], ['y'], { axes: [0], keepdims: 0 }),
  ];
  return encodeModel({
    name: 'recurrent_state',
    node: nodes,
    initializer: inits,
    input: [valueInfo('x', 'float32', ['batch', 16]), valueInfo('state', 'float32', [2, 'batch', 32])],
    output: [valueInfo('y', 'float32', ['batch', 32]), valueInfo('new_state', 'float32', [2, 'batch', 32])],
  });
}

/** Fixed batch: input [1, 64] → Gemm → [1, 10]. Not batchable; used for the error path. */
export function buildFixedBatch(): Uint8Array {
  const rng = createRng(5);
  return encodeModel({
    name: 'fixed_batch',
    node: [node('Gemm', ['input', 'w', 'b'], ['logits'])],
    initializer: [
      floatTensor('w', [64, 10], weights(rng, 640, 0.2)),
      floatTensor('b', [10], weights(rng, 10, 0.1)),
    ],
    input: [valueInfo('input', 'float32', [1, 64])],
    output: [valueInfo('logits', 'float32', [1, 10])],
  });
}

/**
 * Voice-activity-detection-like (Silero VAD's inputs): input float32 [batch, sequence] and the
 * sample rate sr int64 [] → output [batch, 1]. It runs only for sr = 16000 (16000..16124, by integer
 * division) and sequence = 512, like a model that needs a real setting, so synthetic probing fails:
 * k = sr / 125 * 4 is the frame length; Reshape 'frame' makes input [batch, k] (allowzero, so a
 * k of 0 fails instead of copying a dim), which needs sequence = k; MatMul 'classify' with a
 * [512, 1] weight needs k = 512. sr is a scalar: it has no batch axis and is fed once per batch.
 */
export function buildVad(): Uint8Array {
  const rng = createRng(6);
  const inits = [
    floatTensor('classifier', [512, 1], weights(rng, 512, 0.1)),
    int64Tensor('hop_divisor', [], [125]),
    int64Tensor('hop_frames', [], [4]),
    int64Tensor('axis0', [1], [0]),
  ];
  const named = (n: onnx.INodeProto, name: string): onnx.INodeProto => ({ ...n, name });
  const nodes = [
    node('Div', ['sr', 'hop_divisor'], ['sr_hops']),
    node('Mul', ['sr_hops', 'hop_frames'], ['frame_len']),
    node('Unsqueeze', ['frame_len', 'axis0'], ['frame_len_1d']),
    node('Shape', ['input'], ['batch_dim'], { start: 0, end: 1 }),
    node('Concat', ['batch_dim', 'frame_len_1d'], ['frame_shape'], { axis: 0 }),
    named(node('Reshape', ['input', 'frame_shape'], ['frames'], { allowzero: 1 }), 'frame'),
    named(node('MatMul', ['frames', 'classifier'], ['logit']), 'classify'),
    node('Sigmoid', ['logit'], ['output']),
  ];
  return encodeModel({
    name: 'vad',
    node: nodes,
    initializer: inits,
    input: [valueInfo('input', 'float32', ['batch', 'sequence']), valueInfo('sr', 'int64', [])],
    output: [valueInfo('output', 'float32', ['batch', 1])],
  });
}

/** Every sample, by file name. */
export const SAMPLES: Record<string, () => Uint8Array> = {
  'mlp.onnx': buildMlp,
  'convnet.onnx': buildConvnet,
  'sequence.onnx': buildSequence,
  'recurrent_state.onnx': buildRecurrentState,
  'fixed_batch.onnx': buildFixedBatch,
  'vad.onnx': buildVad,
};

/** Writes every sample into `dir`. */
export function writeSamples(dir: string): string[] {
  fs.mkdirSync(dir, { recursive: true });
  return Object.entries(SAMPLES).map(([file, build]) => {
    const target = path.join(dir, file);
    fs.writeFileSync(target, build());
    return target;
  });
}

if (require.main === module) {
  const dir = path.resolve(__dirname, '..', 'samples');
  for (const file of writeSamples(dir)) {
    console.log(`${path.relative(process.cwd(), file)}  ${fs.statSync(file).size} bytes`);
  }
}
