"""Batching helpers for convnet.onnx, written by Batchscope (a test profile).

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
    "image": ("float32", 0),
}
# Output name -> batch axis, or None when the output is one value for the whole batch.
OUTPUTS = {
    "logits": 0,
}


def make_session(model_path, threads=1, provider="cpu"):
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
