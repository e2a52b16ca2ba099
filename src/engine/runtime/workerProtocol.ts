/**
 * What a pool tells a worker at start (workerData) and what a worker posts back.
 * The hot path (batches) does not use messages at all: see channel.ts.
 */
import type { MessagePort } from 'worker_threads';
import type { ChannelBuffers } from './channel';
import type { ModelSummary } from '../../shared/profileTypes';
import type { ModelOptions } from '../model/modelOptions';

/** Start data for an inference worker: its own session on the model, its own request inputs. */
export interface InferenceWorkerData {
  kind: 'inference';
  instance: number;
  modelPath: string;
  modelOptions: ModelOptions;
  /** The inspected model (batch axes, dims), so the worker does not probe it again. */
  summary: ModelSummary;
  /** Seed of the request-input pool; the same in every worker so request i has the same input everywhere. */
  inputSeed: number;
  inputPoolSize: number;
  maxBatch: number;
  channel: ChannelBuffers;
  /** Where the worker posts why a batch threw ({@link BatchFailure}); see workerLoop.ts. */
  failurePort: MessagePort;
}

/**
 * Start data for a busy-wait worker: a known service time per batch (the synthetic model,
 * fidelity tests, benchmark).
 */
export interface BusyWaitWorkerData {
  kind: 'busyWait';
  instance: number;
  /** Service time per batch, ms. */
  serviceMs: number;
  /** Extra service time per request in the batch, ms (0 = constant per batch). */
  perRequestMs: number;
  /** Coefficient of variation of each batch's service time (0 = exact; see busyWaitCost.ts). */
  jitter: number;
  /** Seed of this worker's jitter draws (already distinct per instance). */
  seed: number;
  /** Tests of crash handling: the thread exits abruptly when asked for batch number N+1. */
  dieAfterBatches: number | null;
  /** Tests of batch failures: the batch runner throws (a model error) on batch number N+1. */
  throwAfterBatches: number | null;
  /**
   * Tests of start-up failures: instance 0 exits this many ms after reporting ready, and every
   * other instance waits twice as long before reporting ready (so instance 0 dies while the pool
   * is still starting). Null in normal use.
   */
  dieAfterReadyMs: number | null;
  channel: ChannelBuffers;
  /** Where the worker posts why a batch threw ({@link BatchFailure}); see workerLoop.ts. */
  failurePort: MessagePort;
}

export type WorkerData = InferenceWorkerData | BusyWaitWorkerData;

export type WorkerToPool =
  /** The worker is ready to serve batches. */
  | { kind: 'ready' }
  /** Setup failed (model load, input synthesis); the worker exits after this. */
  | { kind: 'initFailed'; message: string };

/**
 * Why a batch threw (ORT's own message), posted on the worker's dedicated failure port *before*
 * the batch is signalled complete with FAILED set. The pool reads it synchronously with
 * receiveMessageOnPort when it sees FAILED, so the reason is always in the run's error: on the
 * parent port it would wait for the scheduler thread's event loop, which may stop the run first.
 */
export interface BatchFailure {
  message: string;
}
