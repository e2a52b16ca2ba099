/**
 * Buffers items and hands them over in batches, at most once per interval. The engine emits
 * live events much faster than a chart should redraw; the panel gets them ~10 times a second.
 * No `vscode` import (unit-tested with real timers).
 */
export class EventThrottle<T> {
  private buffer: T[] = [];
  private timer: NodeJS.Timeout | undefined;
  private lastFlush = -Infinity;

  constructor(
    private readonly deliver: (items: T[]) => void,
    private readonly intervalMs = 100,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Queue an item; delivered with others no sooner than `intervalMs` after the previous delivery. */
  push(item: T): void {
    this.buffer.push(item);
    if (this.timer) return;
    const wait = Math.max(0, this.lastFlush + this.intervalMs - this.now());
    this.timer = setTimeout(() => this.flush(), wait);
  }

  /** Deliver what is buffered now (end of a run, panel about to be replaced). */
  flush(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    if (this.buffer.length === 0) return;
    const items = this.buffer;
    this.buffer = [];
    this.lastFlush = this.now();
    this.deliver(items);
  }

  /** Drop what is buffered and stop the timer (the receiver is gone). */
  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.buffer = [];
  }
}
