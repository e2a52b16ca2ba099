/**
 * The model instances: one worker thread each, driven through shared memory (channel.ts).
 * Lives on the scheduler thread and never blocks it: submit writes ids and notifies, poll reads
 * sequence numbers, and waiting for a completion is Atomics.waitAsync on one shared counter.
 */
import * as os from 'os';
import { MessageChannel, Worker, receiveMessageOnPort, type MessagePort } from 'worker_threads';
import {
  ADAPTIVE_MAX_SPIN,
  CMD_SEQ,
  COMPUTE_END,
  COMPUTE_START,
  COUNT,
  DONE_SEQ,
  FAILED,
  OP,
  OP_RUN,
  OP_STOP,
  PADDED,
  NOTIFY_AT,
  PAD_FRACTION,
  SPIN_UNTIL,
  WAKE_LATENCY,
  channelViews,
  createChannelBuffers,
  type ChannelViews,
} from './channel';
import { monotonicMs } from './clock';
import type { CompletionHandler, Executor } from './executor';
import {
  OVERSUBSCRIBED_MAX_SPIN_MS,
  TIGHT_MAX_SPIN_MS,
  coreBudget,
  type CoreBudget,
  type WaitMode,
} from './spinPolicy';
import { resolveWorkerScript } from './workerScript';
import { deriveSeed } from '../workload/rng';
import type {
  BatchFailure,
  BusyWaitWorkerData,
  InferenceWorkerData,
  WorkerData,
  WorkerToPool,
} from './workerProtocol';

/** What each instance runs. */
export type ExecutorKind =
  | {
      kind: 'inference';
      spec: Omit<InferenceWorkerData, 'kind' | 'instance' | 'channel' | 'failurePort' | 'maxBatch'>;
    }
  | {
      kind: 'busyWait';
      serviceMs: number;
      perRequestMs?: number;
      /** Coefficient of variation of each batch's cost (default 0: exact). */
      jitter?: number;
      /** Seed of the jitter draws; each instance draws from its own stream of it. */
      seed?: number;
      dieAfterBatches?: number;
      throwAfterBatches?: number;
      dieAfterReadyMs?: number;
    };

export interface WorkerPoolOptions {
  instances: number;
  maxBatch: number;
  executor: ExecutorKind;
  /**
   * Force a wait mode instead of deciding it from the cores (spinPolicy.ts): tests, and comparing
   * the two. `cores` overrides the machine's core count in that decision.
   */
  waitMode?: WaitMode;
  cores?: number;
}

/** Shortest and longest pre-wake lead, ms, whatever the workers' learned wake-up latency. */
const MIN_PREWAKE_LEAD_MS = 0.01;
const MAX_PREWAKE_LEAD_MS = 0.5;

/** The wait mode for these options: from the cores and the model's threads unless forced. */
export function poolCoreBudget(opts: WorkerPoolOptions): CoreBudget {
  const threads = opts.executor.kind === 'inference' ? opts.executor.spec.modelOptions.threads : 1;
  const budget = coreBudget(opts.cores ?? os.availableParallelism(), opts.instances, threads);
  if (opts.waitMode === undefined || opts.waitMode === budget.mode) return budget;
  if (opts.waitMode === 'precise') return { ...budget, mode: 'precise', maxSpinMs: Infinity };
  return {
    ...budget,
    mode: 'adaptive',
    maxSpinMs: budget.spare < 0 ? OVERSUBSCRIBED_MAX_SPIN_MS : TIGHT_MAX_SPIN_MS,
  };
}

// Atomics.waitAsync is in Node ≥ 16 but not in TypeScript's ES2022 lib.
type WaitAsync = (
  buf: Int32Array,
  index: number,
  value: number,
  timeout?: number,
) => { async: boolean; value: Promise<string> | string };
const waitAsync = (Atomics as unknown as { waitAsync: WaitAsync }).waitAsync;

/** A pool of started, ready workers. Create with `WorkerPool.start`; always `close()` it. */
export class WorkerPool implements Executor {
  readonly instances: number;
  readonly maxBatch: number;
  /** Cores vs the model's threads, and the wait mode that follows (spinPolicy.ts). */
  readonly coreBudget: CoreBudget;
  private readonly adaptive: boolean;
  private readonly channels: ChannelViews[];
  private readonly completions: Int32Array;
  private readonly busy: Uint8Array;
  private readonly expectedSeq: Int32Array;
  /** When each instance's running batch was submitted, and its padded size (adaptive waits). */
  private readonly submittedAt: Float64Array;
  private readonly submittedSize: Int32Array;
  /** Recent compute time by padded batch size, ms (NaN: not seen yet): predicts completions. */
  private readonly computeBySize: Float64Array;
  private failed: Error | null = null;
  private closing = false;
  private readonly exited: boolean[];

  private constructor(
    private readonly workers: Worker[],
    /** The pool's ends of the workers' failure ports (see BatchFailure). */
    private readonly failurePorts: MessagePort[],
    channels: ChannelViews[],
    completions: Int32Array,
    maxBatch: number,
    budget: CoreBudget,
  ) {
    this.instances = workers.length;
    this.maxBatch = maxBatch;
    this.coreBudget = budget;
    this.adaptive = budget.mode === 'adaptive';
    this.channels = channels;
    this.completions = completions;
    this.busy = new Uint8Array(workers.length);
    this.expectedSeq = new Int32Array(workers.length);
    this.submittedAt = new Float64Array(workers.length);
    this.submittedSize = new Int32Array(workers.length);
    this.computeBySize = new Float64Array(maxBatch + 1).fill(NaN);
    this.exited = workers.map(() => false);
    workers.forEach((w, i) => this.watch(w, i));
  }

  /** Starts the workers and resolves once every one is ready (model loaded), or rejects with the first failure. */
  static async start(opts: WorkerPoolOptions): Promise<WorkerPool> {
    const completionsBuf = new SharedArrayBuffer(4);
    const script = resolveWorkerScript(
      opts.executor.kind === 'inference' ? 'worker.js' : 'busyWaitWorker.js',
    );
    const workers: Worker[] = [];
    const failurePorts: MessagePort[] = [];
    const channels: ChannelViews[] = [];
    const ready: Promise<void>[] = [];
    const earlyFailures: Array<Error | undefined> = [];
    const stopEarlyWatch: Array<() => void> = [];
    const budget = poolCoreBudget(opts);
    for (let i = 0; i < opts.instances; i++) {
      const channel = createChannelBuffers(opts.maxBatch, completionsBuf);
      const views = channelViews(channel);
      // Read by the worker once, when it starts serving.
      views.results[ADAPTIVE_MAX_SPIN] = budget.mode === 'adaptive' ? budget.maxSpinMs : 0;
      const failures = new MessageChannel();
      failurePorts.push(failures.port1);
      const failurePort = failures.port2;
      const data: WorkerData =
        opts.executor.kind === 'inference'
          ? ({
              kind: 'inference',
              instance: i,
              maxBatch: opts.maxBatch,
              ...opts.executor.spec,
              channel,
              failurePort,
            } satisfies InferenceWorkerData)
          : ({
              kind: 'busyWait',
              instance: i,
              serviceMs: opts.executor.serviceMs,
              perRequestMs: opts.executor.perRequestMs ?? 0,
              jitter: opts.executor.jitter ?? 0,
              seed: deriveSeed(opts.executor.seed ?? 0, i),
              dieAfterBatches: opts.executor.dieAfterBatches ?? null,
              throwAfterBatches: opts.executor.throwAfterBatches ?? null,
              dieAfterReadyMs: opts.executor.dieAfterReadyMs ?? null,
              channel,
              failurePort,
            } satisfies BusyWaitWorkerData);
      const w = new Worker(script, { workerData: data, transferList: [failurePort] });
      workers.push(w);
      channels.push(views);
      ready.push(waitReady(w, i));
      // waitReady stops listening once this instance is ready, and the pool watches only once
      // every instance is: an instance that dies in between must neither go unnoticed (a run
      // would wait on it forever) nor throw an 'error' event nobody listens to (a crash).
      const onEarlyError = (err: Error): void => {
        earlyFailures[i] ??= new Error(`Model instance ${i} crashed during start-up: ${err.message}`);
      };
      const onEarlyExit = (code: number): void => {
        earlyFailures[i] ??= new Error(`Model instance ${i} exited during start-up (code ${code}).`);
      };
      w.on('error', onEarlyError);
      w.on('exit', onEarlyExit);
      stopEarlyWatch.push(() => {
        w.off('error', onEarlyError);
        w.off('exit', onEarlyExit);
      });
    }
    try {
      await Promise.all(ready);
      const early = earlyFailures.find((e) => e !== undefined);
      if (early) throw early;
    } catch (err) {
      await Promise.all(workers.map((w) => w.terminate()));
      failurePorts.forEach((p) => p.close());
      throw err;
    }
    const pool = new WorkerPool(
      workers,
      failurePorts,
      channels,
      new Int32Array(completionsBuf),
      opts.maxBatch,
      budget,
    );
    stopEarlyWatch.forEach((stop) => stop());
    return pool;
  }

  submit(instance: number, ids: Int32Array, count: number, paddedSize: number): void {
    const ch = this.channels[instance];
    if (count > this.maxBatch)
      throw new Error(`Batch of ${count} exceeds the pool's maximum ${this.maxBatch}.`);
    // A plain loop, not set(subarray): a subarray view would allocate on every dispatch.
    const members = ch.members;
    for (let i = 0; i < count; i++) members[i] = ids[i];
    ch.control[COUNT] = count;
    ch.control[PADDED] = paddedSize;
    ch.control[OP] = OP_RUN;
    // The Atomics write orders the plain writes above before the worker sees the new sequence.
    const seq = Atomics.add(ch.control, CMD_SEQ, 1) + 1;
    this.expectedSeq[instance] = seq;
    this.busy[instance] = 1;
    if (this.adaptive) {
      const t = monotonicMs();
      ch.results[NOTIFY_AT] = t;
      this.submittedAt[instance] = t;
      this.submittedSize[instance] = paddedSize;
    }
    Atomics.notify(ch.control, CMD_SEQ);
  }

  poll(onDone: CompletionHandler): number {
    let n = 0;
    for (let i = 0; i < this.instances; i++) {
      if (this.busy[i] === 0) continue;
      const ch = this.channels[i];
      if (Atomics.load(ch.control, DONE_SEQ) !== this.expectedSeq[i]) continue;
      this.busy[i] = 0;
      if (Atomics.load(ch.control, FAILED) !== 0 && !this.failed) {
        // The worker posted the reason before it signalled the batch done: it is on the port now.
        const reason = receiveMessageOnPort(this.failurePorts[i])?.message as BatchFailure | undefined;
        this.failed = new Error(
          `Model instance ${i} failed while running a batch${reason ? `: ${reason.message}` : '.'}`,
        );
      }
      if (this.adaptive) this.learnComputeTime(i, ch.results[COMPUTE_END] - ch.results[COMPUTE_START]);
      onDone(i, ch.results[COMPUTE_START], ch.results[COMPUTE_END], ch.results[PAD_FRACTION]);
      n++;
    }
    return n;
  }

  completionStamp(): number {
    return Atomics.load(this.completions, 0);
  }

  prewake(until: number): void {
    for (let i = 0; i < this.instances; i++) {
      if (this.busy[i] === 1) continue;
      const ch = this.channels[i];
      ch.results[SPIN_UNTIL] = until;
      if (this.adaptive) ch.results[NOTIFY_AT] = monotonicMs();
      // Wakes the parked worker without a command: it sees CMD_SEQ unchanged and spins until `until`.
      Atomics.notify(ch.control, CMD_SEQ);
    }
  }

  prewakeLeadMs(): number {
    let lead = 0;
    for (let i = 0; i < this.instances; i++) {
      const l = this.channels[i].results[WAKE_LATENCY];
      if (this.busy[i] === 0 && l > lead) lead = l;
    }
    if (lead === 0) return MAX_PREWAKE_LEAD_MS; // no idle worker has measured itself yet
    return lead < MIN_PREWAKE_LEAD_MS
      ? MIN_PREWAKE_LEAD_MS
      : lead > MAX_PREWAKE_LEAD_MS
        ? MAX_PREWAKE_LEAD_MS
        : lead;
  }

  lastComputeEndMs(): number {
    let latest = -Infinity;
    for (let i = 0; i < this.instances; i++) {
      const end = this.channels[i].results[COMPUTE_END];
      if (end > latest) latest = end;
    }
    return latest;
  }

  /**
   * When the earliest running batch should finish computing (run clock, ms): its worker's own
   * start stamp (or the hand-over, before it starts) plus the recent compute time at its size.
   * NaN when nothing runs or that size has not run yet. Unlike the scheduler core's estimate
   * (dispatch to seen), it holds neither the hand-off nor the scheduler's own wake-up.
   */
  expectedComputeEndMs(): number {
    let earliest = NaN;
    for (let i = 0; i < this.instances; i++) {
      if (this.busy[i] === 0) continue;
      const started = this.channels[i].results[COMPUTE_START];
      const from = started >= this.submittedAt[i] ? started : this.submittedAt[i];
      const end = from + this.computeBySize[this.submittedSize[i]];
      if (Number.isNaN(end)) continue;
      if (Number.isNaN(earliest) || end < earliest) earliest = end;
    }
    return earliest;
  }

  private learnComputeTime(instance: number, ms: number): void {
    const size = this.submittedSize[instance];
    const prev = this.computeBySize[size];
    this.computeBySize[size] = Number.isNaN(prev) ? ms : prev + (ms - prev) / 8;
  }

  parkForCompletion(stamp: number, timeoutMs: number): 'ok' | 'not-equal' | 'timed-out' {
    if (this.failed) return 'not-equal';
    return Atomics.wait(this.completions, 0, stamp, timeoutMs > 0 ? timeoutMs : 0);
  }

  async waitForCompletion(stamp: number, timeoutMs: number): Promise<void> {
    if (this.failed) return;
    const r = waitAsync(
      this.completions,
      0,
      stamp,
      Number.isFinite(timeoutMs) ? Math.max(0, timeoutMs) : undefined,
    );
    if (r.async) await r.value;
  }

  failure(): Error | null {
    return this.failed;
  }

  /** Stops every worker (waits for running batches to end) and releases them. */
  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    const exits = this.workers.map((w, i) =>
      this.exited[i] ? Promise.resolve() : new Promise<void>((resolve) => w.once('exit', () => resolve())),
    );
    for (const ch of this.channels) {
      ch.control[OP] = OP_STOP;
      Atomics.add(ch.control, CMD_SEQ, 1);
      Atomics.notify(ch.control, CMD_SEQ);
    }
    // A worker stuck in native code would never see the stop: do not wait for it forever.
    const timer = setTimeout(() => this.workers.forEach((w) => void w.terminate()), 5000);
    await Promise.all(exits);
    clearTimeout(timer);
    this.failurePorts.forEach((p) => p.close());
  }

  private watch(w: Worker, i: number): void {
    const fail = (why: string): void => {
      if (!this.failed) this.failed = new Error(`Model instance ${i} ${why}`);
      // Wake a scheduler asleep on the completion counter so it sees the failure now.
      Atomics.add(this.completions, 0, 1);
      Atomics.notify(this.completions, 0);
    };
    w.on('error', (err) => fail(`crashed: ${err.message}`));
    w.on('exit', (code) => {
      this.exited[i] = true;
      if (!this.closing) fail(`stopped unexpectedly (worker exit code ${code}).`);
    });
  }
}

function waitReady(w: Worker, i: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const onMessage = (m: WorkerToPool): void => {
      if (m.kind === 'ready') done(null);
      else if (m.kind === 'initFailed') done(new Error(`Model instance ${i} could not start: ${m.message}`));
    };
    const onError = (err: Error): void =>
      done(new Error(`Model instance ${i} could not start: ${err.message}`));
    const onExit = (code: number): void =>
      done(new Error(`Model instance ${i} exited during start-up (code ${code}).`));
    const done = (err: Error | null): void => {
      w.off('message', onMessage);
      w.off('error', onError);
      w.off('exit', onExit);
      if (err) reject(err);
      else resolve();
    };
    w.on('message', onMessage);
    w.on('error', onError);
    w.on('exit', onExit);
  });
}
