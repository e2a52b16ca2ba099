"""BentoML service for convnet.onnx, written by Batchscope (a test profile).

Run with convnet.onnx beside this file: bentoml serve service:Convnet
A request body is {"requests": [...]}: a list of items, each every input as the model takes it for a batch of one (see batch_io.py).
"""
from pathlib import Path

import bentoml

from batch_io import make_session, run_batch

MODEL = Path(__file__).with_name("convnet.onnx")


@bentoml.service(
    workers=2,
)
class Convnet:
    def __init__(self) -> None:
        self.session = make_session(MODEL)

    @bentoml.api(batchable=True, max_batch_size=8, max_latency_ms=20)
    def predict(self, requests: list[dict]) -> list[dict]:
        return run_batch(self.session, requests)
