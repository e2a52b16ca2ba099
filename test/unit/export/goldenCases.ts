/** The configurations the golden files pin (golden/<name>/), one or more per export format. */
import type { ExportRequest } from '../../../src/shared/export/exportTypes';
import { config, request, sampleModel } from './exportFixtures';

export const GOLDEN_CASES: Array<{ name: string; request: ExportRequest }> = [
  { name: 'triton-convnet-dynamic', request: request({ format: 'triton' }) },
  {
    name: 'triton-sequence-dynamic',
    request: request({ format: 'triton', model: sampleModel('sequence'), modelName: 'sequence' }),
  },
  {
    name: 'triton-convnet-static-cuda',
    request: request({
      format: 'triton',
      strategy: config('static', { batchSize: 8 }),
      provider: 'cuda',
      instances: 1,
    }),
  },
  { name: 'torchserve-convnet-dynamic', request: request({ format: 'torchserve' }) },
  { name: 'ray-convnet-dynamic', request: request({ format: 'ray' }) },
  { name: 'tfserving-convnet-dynamic', request: request({ format: 'tfserving' }) },
  {
    name: 'bentoml-convnet-adaptive',
    request: request({ format: 'bentoml', strategy: config('adaptive', { maxBatch: 8, maxLatencyMs: 20 }) }),
  },
];
