/**
 * What an export is asked for and what it gives back. Plain data, no Node imports: the CLI, the
 * extension host and the webview all use these.
 */
import type { CalibrationPoint, ModelSummary, StrategyConfig } from '../profileTypes';

/** The servers Batchscope writes configurations for, as `--format` names them. */
export const EXPORT_FORMATS = ['triton', 'torchserve', 'ray', 'tfserving', 'bentoml'] as const;

export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** Each format's server, for people. */
export const EXPORT_FORMAT_TITLES: Record<ExportFormat, string> = {
  triton: 'NVIDIA Triton Inference Server (ONNX Runtime backend)',
  torchserve: 'TorchServe',
  ray: 'Ray Serve',
  tfserving: 'TensorFlow Serving',
  bentoml: 'BentoML',
};

/** What the export needs of the model: the profile's ModelSummary, less what only the run used. */
export type ExportModel = Pick<
  ModelSummary,
  'fileName' | 'inputs' | 'outputs' | 'batchable' | 'notBatchableReason' | 'maxBatchSupported'
>;

/** One configuration to write in one server's format. */
export interface ExportRequest {
  format: ExportFormat;
  /** Where the configuration comes from, for the files' header, e.g. `dynamic(max=8, delay=2ms) in run.json`. */
  source: string;
  /** Name the server knows the model by (Triton's model folder, TorchServe's model name). */
  modelName: string;
  model: ExportModel;
  /** The strategy config as profiled. */
  strategy: StrategyConfig;
  /** Model instances serving batches in parallel. */
  instances: number;
  /** Intra-op threads of each instance's onnxruntime session. */
  threads: number;
  provider: 'cpu' | 'cuda';
  /** The run's calibration (latency per batch size), which some strategies' mappings read. */
  calibration: readonly CalibrationPoint[];
  /** The run's latency objective, ms, or null when none was set. */
  sloMs: number | null;
}

/** One file to write, relative to the output folder (always `/`-separated). */
export interface ExportFile {
  path: string;
  text: string;
}

/** Stands for the folder the files are written to in `notes`; whoever writes them puts the real path in. */
export const OUTPUT_FOLDER = '<the output folder>';

export interface ExportResult {
  files: ExportFile[];
  /** What the server cannot express exactly, and what it does instead, in words. */
  differences: string[];
  /** How to put the files to use: where the model goes, which flags to pass ({@link OUTPUT_FOLDER} for the folder). */
  notes: string[];
}
