/**
 * The scheduler's wait in adaptive mode (preciseWait.ts, no spare core): it parks in the
 * executor's futex instead of spinning out the last window, and still returns at its deadline,
 * on a completion, and pre-wakes idle workers before work is due. Real clock, but only the order
 * of events is asserted, never how long anything took.
 */
import * as assert from 'assert';
import { monotonicMs } from '../../../src/engine/runtime/clock';
import type { Executor } from '../../../src/engine/runtime/executor';
import { waitForDeadlineOrCompletion } from '../../../src/engine/runtime/preciseWait';
import { coreBudget, type CoreBudget } from '../../../src/engine/runtime/spinPolicy';

/** An executor with nothing running; parking really sleeps (a futex nobody wakes) unless told to complete. */
class ParkingExecutor implements Executor {
  readonly instances = 1;
  readonly maxBatch = 1;
  readonly parks: number[] = [];
  readonly prewakes: Array<{ at: number; until: number }> = [];
  asyncWaits = 0;
  stamp = 0;
  /** Park call (1-based) on which a batch "finishes". */
  completeOnPark = Infinity;
  private readonly sleeper = new Int32Array(new SharedArrayBuffer(4));

  constructor(readonly coreBudget: CoreBudget) {}
  submit(): void {}
  poll(): number {
    return 0;
  }
  completionStamp(): number {
    return this.stamp;
  }
  waitForCompletion(_stamp: number, timeoutMs: number): Promise<void> {
    this.asyncWaits++;
    return new Promise((resolve) => setTimeout(resolve, Math.max(0, timeoutMs)));
  }
  failure(): Error | null {
    return null;
  }
  prewake(until: number): void {
    this.prewakes.push({ at: monotonicMs(), until });
  }
  prewakeLeadMs(): number {
    return 0.05;
  }
  parkForCompletion(_stamp: number, timeoutMs: number): 'ok' | 'not-equal' | 'timed-out' {
    this.parks.push(timeoutMs);
    if (this.parks.length >= this.completeOnPark) {
      this.stamp++;
      return 'ok';
    }
    return Atomics.wait(this.sleeper, 0, 0, timeoutMs);
  }
}

const adaptive = (): ParkingExecutor => new ParkingExecutor(coreBudget(2, 1, 1));

describe('adaptive scheduler wait (no spare core)', () => {
  it('while a batch runs, parks instead of spinning out the last window, and returns at the deadline, not before', async () => {
    const ex = adaptive();
    const deadline = monotonicMs() + 1.5;
    // A batch is running, expected to finish well after the deadline: spinning would take its core.
    await waitForDeadlineOrCompletion(ex, deadline, deadline + 50);
    assert.ok(monotonicMs() >= deadline, 'returned before its deadline');
    assert.ok(ex.parks.length >= 1, 'never parked: it spun the whole window');
    assert.ok(
      ex.parks.every((t) => t > 0 && t <= 1.5 + 1e-6),
      `parked past the deadline: ${ex.parks}`,
    );
    assert.strictEqual(ex.asyncWaits, 0, 'a 1.5 ms wait needs no event-loop timer');
  });

  it('sleeps with the event loop free while the deadline is far, then parks for the last stretch', async () => {
    const ex = adaptive();
    const deadline = monotonicMs() + 6;
    await waitForDeadlineOrCompletion(ex, deadline, deadline + 50);
    assert.ok(monotonicMs() >= deadline, 'returned before its deadline');
    assert.strictEqual(ex.asyncWaits, 1);
    assert.ok(ex.parks.length >= 1 || monotonicMs() >= deadline);
  });

  it('returns on a completion without waiting for the deadline', async () => {
    const ex = adaptive();
    ex.completeOnPark = 1;
    const deadline = monotonicMs() + 1.5;
    await waitForDeadlineOrCompletion(ex, deadline, deadline + 50);
    assert.strictEqual(ex.stamp, 1);
    assert.strictEqual(ex.parks.length, 1, 'kept waiting after the completion');
  });

  it('pre-wakes idle workers once, before work is due, to stay awake until just after it', async () => {
    const ex = adaptive();
    const start = monotonicMs();
    const workAt = start + 1.5;
    // Another instance is busy (a batch expected long after): the wait parks, and pre-wakes on time.
    await waitForDeadlineOrCompletion(ex, workAt, workAt + 50, workAt);
    assert.strictEqual(ex.prewakes.length, 1);
    // When it woke is up to the OS; what it aimed for is not: the first park ends a worker's
    // wake-up (0.05 ms here) before the work is due, or earlier.
    assert.ok(ex.parks.length >= 1 && ex.parks[0] <= workAt - start - 0.05, `first park ${ex.parks[0]} ms`);
    assert.ok(ex.prewakes[0].until >= workAt, 'asked the worker to stop watching before the work is due');
  });

  it('with every instance idle, spins the last window into the deadline: no inference to take a core from', async () => {
    const ex = adaptive();
    const deadline = monotonicMs() + 1.5;
    await waitForDeadlineOrCompletion(ex, deadline, Infinity, deadline);
    assert.ok(monotonicMs() >= deadline, 'returned before its deadline');
    // A futex timeout on a busy machine can wake a millisecond late; a max queue delay cannot wait for it.
    assert.strictEqual(ex.parks.length, 0, `parked ${ex.parks.length} times in the last window`);
    assert.strictEqual(ex.prewakes.length, 1, 'idle workers are pre-woken');
  });

  it('in precise mode (a spare core) never parks in the futex', async () => {
    const ex = new ParkingExecutor(coreBudget(4, 1, 1));
    const deadline = monotonicMs() + 1;
    await waitForDeadlineOrCompletion(ex, deadline, Infinity, deadline);
    assert.ok(monotonicMs() >= deadline);
    assert.strictEqual(ex.parks.length, 0);
  });
});
