/**
 * What a sweep offers for export: each of its configurations, as the sweep calibrated and
 * simulated it (its instance count, the sweep's threads and provider, its calibration and SLO).
 * Node-free: the CLI's `export` and the panel's Export action both use it.
 */
import type { SweepFile } from '../sweep/sweepTypes';
import type { ExportRequest } from './exportTypes';

/**
 * The name a server knows the model by: the file name without `.onnx`, in the characters model
 * folders and URLs take everywhere (Triton's folder, TorchServe's model name).
 */
export function serverModelName(fileName: string): string {
  const name = fileName
    .replace(/\.onnx$/i, '')
    .replace(/[^A-Za-z0-9_-]+/g, '_')
    .replace(/^_+|_+$/g, '');
  return name || 'model';
}

/** Configuration `configIndex` of `sweep` as an export request (all but the format). */
export function sweepExportRequest(
  sweep: SweepFile,
  configIndex: number,
  fileName: string,
  threads = 1,
): Omit<ExportRequest, 'format'> {
  const c = sweep.configs[configIndex];
  const recommended = sweep.recommendation?.configIndex === configIndex;
  return {
    source: `${c.label}${recommended ? ' (the recommendation)' : ''} in ${fileName}`,
    modelName: serverModelName(sweep.model.fileName),
    model: sweep.model,
    strategy: c.config,
    instances: c.instances,
    threads,
    provider: sweep.executionProvider === 'cuda' ? 'cuda' : 'cpu',
    calibration: sweep.calibration,
    sloMs: sweep.settings.slo?.ms ?? null,
  };
}
