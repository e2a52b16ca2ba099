/**
 * Where requests come from, as the scheduler core sees it: the next scheduled time, take it,
 * and (closed loop) a completion that lets a client send its next request.
 */

export interface ArrivalSource {
  /** Scheduled time (ms, run-relative) of the next request, Infinity when none is pending. */
  nextAt(): number;
  /** Consumes the next request and returns its scheduled time. */
  take(): number;
  /** True once no request will ever arrive again (the run is draining). */
  exhausted(): boolean;
  /** A request completed at `doneMs` (closed-loop clients react; open loop ignores it). */
  onComplete(doneMs: number): void;
  /**
   * The run's duration is over at `atMs`: produce nothing scheduled from then on, but keep what was
   * already scheduled before it (the scheduler may be late to enqueue it; dropping it would hide that).
   */
  end(atMs: number): void;
  /** Abort: drop everything not yet taken. */
  stop(): void;
  /** Requests this source will produce in total, when known ahead. */
  readonly expected: number | null;
}

/** Open loop: a precomputed schedule, independent of how the system copes. */
export class OpenLoopArrivals implements ArrivalSource {
  private next = 0;
  private limit: number;

  constructor(private readonly times: Float64Array) {
    this.limit = times.length;
  }

  get expected(): number {
    return this.times.length;
  }

  nextAt(): number {
    return this.next < this.limit ? this.times[this.next] : Infinity;
  }

  take(): number {
    return this.times[this.next++];
  }

  exhausted(): boolean {
    return this.next >= this.limit;
  }

  onComplete(): void {}

  /** Cuts the schedule at `atMs` (it may reach further: until-stable plans to a maximum). */
  end(atMs: number): void {
    let limit = this.next;
    while (limit < this.limit && this.times[limit] < atMs) limit++;
    this.limit = limit;
  }

  stop(): void {
    this.limit = this.next;
  }
}

/**
 * Closed loop: `concurrency` clients, each sending its next request the moment its previous one
 * completes (no think time), until `durationMs`. Pending requests are kept in time order; with
 * zero think time a completion schedules at its own done time, which never precedes a pending one.
 */
export class ClosedLoopArrivals implements ArrivalSource {
  private pending: number[] = [];
  private head = 0;
  private stopped = false;

  /** Clients send their first requests at `startMs` and stop sending at `durationMs` (run-relative). */
  constructor(
    concurrency: number,
    private durationMs: number,
    startMs = 0,
  ) {
    for (let i = 0; i < concurrency; i++) this.pending.push(startMs);
  }

  get expected(): null {
    return null;
  }

  nextAt(): number {
    return this.head < this.pending.length ? this.pending[this.head] : Infinity;
  }

  take(): number {
    const t = this.pending[this.head++];
    if (this.head > 4096 && this.head * 2 > this.pending.length) {
      this.pending = this.pending.slice(this.head);
      this.head = 0;
    }
    return t;
  }

  exhausted(): boolean {
    return this.stopped && this.head >= this.pending.length;
  }

  onComplete(doneMs: number): void {
    if (this.stopped) return;
    if (doneMs >= this.durationMs) {
      this.end(this.durationMs);
      return;
    }
    this.pending.push(doneMs);
  }

  end(atMs: number = this.durationMs): void {
    this.durationMs = Math.min(this.durationMs, atMs);
    this.stopped = true;
  }

  stop(): void {
    this.stopped = true;
    this.pending.length = this.head;
  }
}
