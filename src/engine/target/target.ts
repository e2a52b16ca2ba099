/**
 * What is profiled (DESIGN.md, "Seams: Target"): an ONNX model file run by onnxruntime, or a
 * synthetic cost model busy-waited on a worker thread. A target describes the model (its
 * ModelSummary: signature, batch axes, and what identifies it in the profile) and says what each
 * instance of the worker pool runs. `openTarget` is the one place that tells them apart; nothing
 * above it needs to know whether a model is a file.
 */
import type { ModelSummary, RunSettings } from '../../shared/profileTypes';
import { isSyntheticModelRef } from '../../shared/syntheticModel';
import type { InspectBehaviour } from '../model/inspectModel';
import type { ModelOptions } from '../model/modelOptions';
import type { ExecutorKind } from '../runtime/workerPool';
import { onnxFileTarget } from './onnxFileTarget';
import { syntheticTarget } from './syntheticTarget';

/** What an executor needs to know of the run. */
export interface ExecutorContext {
  /** The target's own description (from `describe`, possibly done earlier by the caller). */
  summary: ModelSummary;
  settings: Pick<RunSettings, 'provider' | 'threads' | 'seed'>;
  /** Seed and size of the request-input pool (the same in every worker). */
  inputSeed: number;
  inputPoolSize: number;
}

export interface Target {
  /** The model argument as given: a file path, or `synthetic:…`. */
  readonly ref: string;
  /**
   * The model's summary. An ONNX file is loaded and probed (seconds); a synthetic model is
   * parsed. @throws ModelError (exit code 2: bad path, spec or option; 3: cannot be profiled;
   * with `tolerateProbeFailure`, a model that rejects synthetic values is a summary with
   * `probeProblem` instead: the panel's inspection, never a run)
   */
  describe(behaviour?: InspectBehaviour): Promise<ModelSummary>;
  /** What each instance of the worker pool runs for this model. */
  executor(run: ExecutorContext): ExecutorKind;
}

/** The target a model argument names: `synthetic:…` is a synthetic model, anything else an ONNX file. */
export function openTarget(ref: string, options: Partial<ModelOptions> = {}): Target {
  return isSyntheticModelRef(ref) ? syntheticTarget(ref, options) : onnxFileTarget(ref, options);
}

/** The summary of the model a model argument names (see Target.describe). */
export function describeTarget(
  ref: string,
  options: Partial<ModelOptions> = {},
  behaviour: InspectBehaviour = {},
): Promise<ModelSummary> {
  return openTarget(ref, options).describe(behaviour);
}
