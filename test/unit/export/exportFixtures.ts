/**
 * Export requests built on real model signatures: `batchscope inspect --json` of
 * samples/convnet.onnx (an image model: [N, 3, H, W], symbolic H and W) and samples/sequence.onnx
 * (a [batch, sequence] input beside a scalar fed once per batch), saved under fixtures/.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ExportRequest } from '../../../src/shared/export/exportTypes';
import type { CalibrationPoint, ModelSummary, StrategyConfig } from '../../../src/shared/profileTypes';
import { completeConfig } from '../../../src/shared/strategies/strategyConfigs';
import type { ParamValue } from '../../../src/shared/strategies/strategyParams';

export function sampleModel(name: 'convnet' | 'sequence'): ModelSummary {
  return JSON.parse(fs.readFileSync(path.join(__dirname, 'fixtures', `${name}.model.json`), 'utf8'));
}

/** Latency per batch size: 2 ms at 1, then about 1 ms more per item. */
export const CALIBRATION: CalibrationPoint[] = [
  { batchSize: 1, latencyMs: 2, p90Ms: 2.2, throughput: 500, samples: 20 },
  { batchSize: 2, latencyMs: 3, p90Ms: 3.3, throughput: 667, samples: 20 },
  { batchSize: 4, latencyMs: 5, p90Ms: 5.5, throughput: 800, samples: 20 },
  { batchSize: 8, latencyMs: 9, p90Ms: 9.9, throughput: 889, samples: 20 },
];

/** A strategy config with every parameter: the given ones, the rest at their defaults. */
export function config(name: string, given: Record<string, ParamValue> = {}): StrategyConfig {
  return completeConfig(name, given);
}

/** The dynamic config most cases use: preferred sizes and a queue policy, so every field shows. */
export const DYNAMIC = config('dynamic', {
  maxBatch: 8,
  maxDelayMs: 2,
  preferredBatch: [4, 8],
  maxQueue: 64,
  timeoutMs: 50,
});

export function request(overrides: Partial<ExportRequest> = {}): ExportRequest {
  return {
    format: 'triton',
    source: 'a test profile',
    modelName: 'convnet',
    model: sampleModel('convnet'),
    strategy: DYNAMIC,
    instances: 2,
    threads: 1,
    provider: 'cpu',
    calibration: CALIBRATION,
    sloMs: null,
    ...overrides,
  };
}
