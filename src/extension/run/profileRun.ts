/**
 * One profiling run as the host sees it: fork the engine, stream its live events (delivered to
 * the panel in throttled batches and kept in {@link ProfileRun.events}, the host's one copy of the
 * log), and end with a saved profile — also when the run is cancelled (the engine saves what it
 * measured) or the engine process dies (a fresh engine child rebuilds a partial profile from
 * these events and saves it: the host never bundles the profile codecs).
 * No `vscode` import; unit-tested against the real engine bundle.
 */
import type { LiveEvent } from '../../shared/liveEvents';
import {
  EngineClient,
  EngineCrashError,
  EngineRequestError,
  type EngineRunRequest,
} from '../engine/engineClient';
import { EventThrottle } from './eventThrottle';

export type RunOutcome =
  | { kind: 'done'; profilePath: string; partial: boolean }
  | {
      kind: 'failed';
      /** For people: what went wrong (with the engine's stderr tail after a crash). */
      message: string;
      /** Engine exit-code semantics (3 = model cannot be profiled); null after a crash. */
      exitCode: number | null;
      crashed: boolean;
      /** A partial profile that was still saved. */
      profilePath?: string;
    };

export interface ProfileRunOptions {
  enginePath: string;
  cwd?: string;
  request: EngineRunRequest;
  /** Throttled batches of live events, at most every `throttleMs` (default 100 ms). */
  onEvents: (events: LiveEvent[]) => void;
  onStderr?: (text: string) => void;
  throttleMs?: number;
}

export class ProfileRun {
  /**
   * The run's events delivered so far, in order: the host's one copy of the log. The panel's
   * snapshot when it becomes visible again, and what a partial profile is rebuilt from.
   */
  readonly events: LiveEvent[] = [];
  private readonly client: EngineClient;
  private readonly throttle: EventThrottle<LiveEvent>;
  private cancelled = false;
  private killed = false;
  private detached = false;
  private started: Promise<RunOutcome> | undefined;
  private progressListener: ((event: LiveEvent) => void) | undefined;

  constructor(private readonly options: ProfileRunOptions) {
    this.client = new EngineClient({
      enginePath: options.enginePath,
      cwd: options.cwd,
      onStderr: options.onStderr,
    });
    this.throttle = new EventThrottle((batch) => {
      for (const e of batch) this.events.push(e);
      options.onEvents(batch);
    }, options.throttleMs ?? 100);
  }

  /** The engine child's pid while it runs. */
  get pid(): number | undefined {
    return this.client.pid;
  }

  get wasCancelled(): boolean {
    return this.cancelled;
  }

  /** Start (once) and resolve with how the run ended. Never rejects. */
  start(): Promise<RunOutcome> {
    this.started ??= this.execute();
    return this.started;
  }

  /** Also call `listener` with every event as it arrives (a progress notification). */
  onProgress(listener: (event: LiveEvent) => void): void {
    this.progressListener = listener;
  }

  /** Ask the engine to stop; it saves a partial profile and the run resolves `done` (partial). */
  cancel(): void {
    this.cancelled = true;
    this.client.cancel();
  }

  /**
   * Kill the engine now (panel closed, extension deactivated). The run resolves as failed, with
   * what its events tell saved as a partial profile, as after a crash.
   */
  kill(): void {
    this.killed = true;
    this.throttle.flush();
    this.throttle.dispose();
    this.client.dispose();
  }

  /**
   * The extension host is going away (window reload): leave the engine to save its partial
   * profile at the request's `outPath` by itself; this run resolves failed at once.
   */
  detach(): void {
    this.detached = true;
    this.throttle.dispose();
    this.client.detach();
  }

  private async execute(): Promise<RunOutcome> {
    try {
      const result = await this.client.run(this.options.request, (event) => {
        this.progressListener?.(event);
        this.throttle.push(event);
      });
      this.throttle.flush();
      return { kind: 'done', profilePath: result.profilePath, partial: result.partial };
    } catch (err) {
      this.throttle.flush();
      if (err instanceof EngineCrashError)
        return await this.savePartial(err.message, null, true, 'the engine process stopped unexpectedly');
      if (this.detached)
        return { kind: 'failed', message: (err as Error).message, exitCode: 1, crashed: false };
      if (this.killed)
        return await this.savePartial((err as Error).message, 1, false, 'the engine process was stopped');
      if (err instanceof EngineRequestError)
        return {
          kind: 'failed',
          message: err.message,
          exitCode: err.exitCode,
          crashed: false,
          profilePath: err.profilePath,
        };
      return { kind: 'failed', message: (err as Error).message, exitCode: 1, crashed: false };
    } finally {
      this.client.dispose();
    }
  }

  /**
   * The engine died (crashed, or killed by {@link kill}): a fresh engine child saves what the
   * events tell, so the measured part is not lost.
   */
  private async savePartial(
    message: string,
    exitCode: number | null,
    crashed: boolean,
    reason: string,
  ): Promise<RunOutcome> {
    const outPath = this.options.request.outPath;
    const when = crashed ? 'before the crash' : 'before the engine was stopped';
    const rescuer = new EngineClient({ enginePath: this.options.enginePath, cwd: this.options.cwd });
    try {
      await rescuer.savePartial(this.events, outPath, reason);
      return {
        kind: 'failed',
        message: `${message}\nWhat was measured ${when} is saved as a partial profile.`,
        exitCode,
        crashed,
        profilePath: outPath,
      };
    } catch (saveErr) {
      return {
        kind: 'failed',
        message: `${message}\nNo partial profile was saved: ${(saveErr as Error).message}`,
        exitCode,
        crashed,
      };
    } finally {
      rescuer.dispose();
    }
  }
}
