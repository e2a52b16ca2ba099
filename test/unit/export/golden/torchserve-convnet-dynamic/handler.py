"""TorchServe handler for convnet.onnx, written by Batchscope (a test profile).

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
