/**
 * Writes one profiled configuration in one server's format: the entry point of export, pure and
 * Node-free (the CLI writes the files; the panel could show them).
 */
import { bentoMlConfig } from './bentoMlConfig';
import { exportBatching, type ExportBatching } from './exportBatching';
import type { ExportFormat, ExportRequest, ExportResult } from './exportTypes';
import { rayServeConfig } from './rayServeConfig';
import { tfServingConfig } from './tfServingConfig';
import { torchServeConfig } from './torchServeConfig';
import { tritonConfig } from './tritonConfig';

const FORMATTERS: Record<ExportFormat, (request: ExportRequest, batching: ExportBatching) => ExportResult> = {
  triton: tritonConfig,
  torchserve: torchServeConfig,
  ray: rayServeConfig,
  tfserving: tfServingConfig,
  bentoml: bentoMlConfig,
};

/**
 * The files that configure `request.format`'s server like the profiled strategy, what that server
 * cannot express exactly, and how to deploy the files.
 */
export function exportConfig(request: ExportRequest): ExportResult {
  return FORMATTERS[request.format](request, exportBatching(request));
}
