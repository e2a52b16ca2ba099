/** What the user told Batchscope about the model (CLI flags / panel form), before introspection. */
export interface ModelOptions {
  /** Symbolic dim values: `--dim NAME=V` (min = max) or `--dim NAME=MIN..MAX` (drawn per request). */
  dims: Record<string, { min: number; max: number }>;
  /** Fixed input values: `--input NAME=VALUE` (a comma list fills the tensor in order). */
  fixedInputs: Record<string, number[]>;
  /** Batch axis overrides: `--batch-axis NAME=AXIS`, for an input or an output name. */
  batchAxes: Record<string, number>;
  provider: 'cpu' | 'cuda';
  /** Intra-op threads per InferenceSession. */
  threads: number;
}

/** Defaults: nothing overridden, CPU, one intra-op thread per session. */
export const defaultModelOptions: ModelOptions = {
  dims: {},
  fixedInputs: {},
  batchAxes: {},
  provider: 'cpu',
  threads: 1,
};
