"""Ray Serve deployment of convnet.onnx, written by Batchscope (a test profile).

Run with convnet.onnx beside this file: serve run serve_app:app
Each request body is JSON: every input as the model takes it for a batch of one (see batch_io.py).
"""
from pathlib import Path

from ray import serve
from starlette.requests import Request

from batch_io import make_session, run_batch

MODEL = Path(__file__).with_name("convnet.onnx")


@serve.deployment(
    num_replicas=2,
    max_ongoing_requests=16,
    max_queued_requests=64,
    ray_actor_options={"num_cpus": 1},
)
class Convnet:
    def __init__(self):
        self.session = make_session(MODEL)

    @serve.batch(max_batch_size=8, batch_wait_timeout_s=0.002)
    async def run(self, requests):
        return run_batch(self.session, requests)

    async def __call__(self, request: Request):
        return await self.run(await request.json())


app = Convnet.bind()
