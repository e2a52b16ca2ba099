/**
 * `batch_io.py`, the part of a Python server's code that is the same everywhere (Ray Serve,
 * BentoML, a TorchServe handler): an onnxruntime session set up as Batchscope profiled it, and
 * one batch made from many requests and split back, padded as Batchscope padded it.
 */
import type { TensorSignature } from '../profileTypes';
import type { ExportFile, ExportRequest } from './exportTypes';

/** ONNX Runtime's element type names → numpy dtype names. */
const NUMPY_TYPES: Record<string, string> = {
  bool: 'bool',
  uint8: 'uint8',
  uint16: 'uint16',
  uint32: 'uint32',
  uint64: 'uint64',
  int8: 'int8',
  int16: 'int16',
  int32: 'int32',
  int64: 'int64',
  float16: 'float16',
  float32: 'float32',
  float64: 'float64',
  string: 'object',
};

/** The module's file name, imported by the server code beside it. */
export const BATCH_IO_FILE = 'batch_io.py';

/** A Python string literal (JSON's escapes are Python's too). */
export function pyString(text: string): string {
  return JSON.stringify(text);
}

/** An identifier for a Python class named after the model: `mlp` → `Mlp`, `resnet-50` → `Resnet50`. */
export function pyClassName(modelName: string): string {
  const words = modelName.split(/[^A-Za-z0-9]+/).filter(Boolean);
  const name = words.map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('');
  return /^[A-Za-z]/.test(name) ? name : `Model${name}`;
}

/** What the Python side cannot type as ONNX declares it, in words. */
export function pythonTypeDifferences(request: ExportRequest): string[] {
  return [...request.model.inputs, ...request.model.outputs]
    .filter((t) => !(t.dtype in NUMPY_TYPES))
    .map(
      (t) =>
        `numpy has no type for ${t.name}'s ONNX type "${t.dtype}": batch_io.py passes it as Python objects.`,
    );
}

export function batchIoFile(request: ExportRequest): ExportFile {
  const inputs = request.model.inputs.map(
    (t) => `    ${pyString(t.name)}: (${pyString(NUMPY_TYPES[t.dtype] ?? 'object')}, ${axis(t)}),`,
  );
  const outputs = request.model.outputs.map((t) => `    ${pyString(t.name)}: ${axis(t)},`);
  const text = `"""Batching helpers for ${request.model.fileName}, written by Batchscope (${request.source}).

Each request carries every input as the model takes it for a batch of one: with its batch axis,
of size 1 (or however many items the request brings). A batch joins the requests' batched inputs
along their batch axis, padded with zeros to the widest request along the other axes, as
Batchscope padded them when it profiled; an input without a batch axis is taken from the first
request. Each request gets back its own slice of every output, as nested lists.
"""
import numpy as np
import onnxruntime as ort

# Input name -> (numpy dtype, batch axis, or None when the input is fed once per batch).
INPUTS = {
${inputs.join('\n')}
}
# Output name -> batch axis, or None when the output is one value for the whole batch.
OUTPUTS = {
${outputs.join('\n')}
}


def make_session(model_path, threads=${request.threads}, provider=${pyString(request.provider)}):
    """An onnxruntime session as Batchscope profiled the model: the same provider and intra-op threads."""
    options = ort.SessionOptions()
    options.intra_op_num_threads = threads
    providers = ["CPUExecutionProvider"]
    if provider == "cuda":
        providers.insert(0, "CUDAExecutionProvider")
    return ort.InferenceSession(str(model_path), options, providers=providers)


def items_in(request):
    """How many items a request brings: the length of its first batched input's batch axis."""
    for name, (_, axis) in INPUTS.items():
        if axis is not None:
            return np.asarray(request[name]).shape[axis]
    return 1


def stack(requests):
    """The model's inputs for one batch of requests."""
    feeds = {}
    for name, (dtype, axis) in INPUTS.items():
        arrays = [np.asarray(request[name], dtype=dtype) for request in requests]
        if axis is None:
            feeds[name] = arrays[0]
            continue
        widest = np.max([array.shape for array in arrays], axis=0)
        padded = []
        for array in arrays:
            pad = [(0, int(w) - s) for w, s in zip(widest, array.shape)]
            pad[axis] = (0, 0)
            padded.append(np.pad(array, pad))
        feeds[name] = np.concatenate(padded, axis=axis)
    return feeds


def split(outputs, requests):
    """One reply per request: its slice of every batched output, and every unbatched one whole."""
    bounds = np.cumsum([items_in(request) for request in requests])[:-1]
    replies = [{} for _ in requests]
    for name, axis in OUTPUTS.items():
        value = np.asarray(outputs[name])
        parts = [value] * len(requests) if axis is None else np.split(value, bounds, axis=axis)
        for reply, part in zip(replies, parts):
            reply[name] = part.tolist()
    return replies


def run_batch(session, requests):
    """Runs one batch of requests and returns their replies, in order."""
    values = session.run(list(OUTPUTS), stack(requests))
    return split(dict(zip(OUTPUTS, values)), requests)
`;
  return { path: BATCH_IO_FILE, text };
}

function axis(t: TensorSignature): string {
  return t.batchAxis === null ? 'None' : String(t.batchAxis);
}
