/**
 * A test executor on the real clock with no worker: one instance that takes a fixed service time
 * per batch, whatever its size, so a strategy's timing is known without a model.
 */
import { monotonicMs } from '../../../src/engine/runtime/clock';
import type { CompletionHandler, Executor } from '../../../src/engine/runtime/executor';

/** One instance that takes `serviceMs` per batch, whatever its size. */
export class FixedTimeExecutor implements Executor {
  readonly instances = 1;
  private running: { instance: number; start: number; end: number } | null = null;
  private stamp = 0;
  constructor(
    readonly maxBatch: number,
    private readonly serviceMs: number,
  ) {}
  submit(instance: number): void {
    const start = monotonicMs();
    this.running = { instance, start, end: start + this.serviceMs };
  }
  poll(onDone: CompletionHandler): number {
    const r = this.running;
    if (!r || monotonicMs() < r.end) return 0;
    this.running = null;
    this.stamp++;
    onDone(r.instance, r.start, r.end, 0);
    return 1;
  }
  completionStamp(): number {
    // Changes once the running batch is due, so the driver's waits end then.
    return this.running && monotonicMs() >= this.running.end ? this.stamp + 1 : this.stamp;
  }
  waitForCompletion(_stamp: number, timeoutMs: number): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, Math.min(timeoutMs, 1)));
  }
  failure(): Error | null {
    return null;
  }
}
