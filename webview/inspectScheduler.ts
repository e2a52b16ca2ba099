/**
 * Asks the host to inspect the model again after the user changed a symbolic dim or a fixed
 * input: debounced (one request per pause in typing, not per key), never twice for the same
 * values, and "waiting" from the first edit until the host's `model` answer, so Run waits too.
 */
import type { InspectRequest } from './views/runForm';

export class InspectScheduler {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private giveUp: ReturnType<typeof setTimeout> | undefined;
  /** The values the shown model was inspected with (or last asked for). */
  private last = '';
  private awaiting = false;

  /**
   * @param post sends the request to the host
   * @param onChange called when {@link waiting} may have changed
   * @param delayMs the pause in typing before asking
   * @param answerTimeoutMs stop waiting for an answer that never comes (a host that lost it), so
   *   Run is not held back for ever; the host checks the values again before it runs anyway
   */
  constructor(
    private readonly post: (request: InspectRequest) => void,
    private readonly onChange: () => void,
    private readonly delayMs = 600,
    private readonly answerTimeoutMs = 60_000,
  ) {}

  /** True from an edit until the host answered it. */
  get waiting(): boolean {
    return this.timer !== undefined || this.awaiting;
  }

  /** A new form: its values are what the host inspected (nothing to ask). */
  reset(current: InspectRequest | null): void {
    this.clearTimers();
    this.awaiting = false;
    this.last = current ? keyOf(current) : '';
  }

  /** The user edited a dim or an input: ask after a pause (null: a value is not a number yet). */
  schedule(request: InspectRequest | null): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (request && keyOf(request) !== this.last) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.last = keyOf(request);
        this.awaiting = true;
        clearTimeout(this.giveUp);
        this.giveUp = setTimeout(() => this.answered(), this.answerTimeoutMs);
        this.post(request);
        this.onChange();
      }, this.delayMs);
    }
    this.onChange();
  }

  /** The host's `model` message came (the inspection ended). */
  answered(): void {
    clearTimeout(this.giveUp);
    this.giveUp = undefined;
    if (!this.awaiting) return;
    this.awaiting = false;
    this.onChange();
  }

  private clearTimers(): void {
    clearTimeout(this.timer);
    clearTimeout(this.giveUp);
    this.timer = undefined;
    this.giveUp = undefined;
  }
}

/** Order-independent key of the fixed inputs, so {a, b} and {b, a} are the same request. */
function keyOf(r: InspectRequest): string {
  const inputs = Object.keys(r.fixedInputs)
    .sort()
    .map((k) => [k, r.fixedInputs[k]]);
  return JSON.stringify([r.dims, inputs]);
}
