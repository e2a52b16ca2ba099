/**
 * Runs the engine in a forked child process (dist/engine.js) and talks to it over IPC. No
 * `vscode` import: unit tests fork the real engine through this class.
 *
 * One client = one child = one request at a time (an inspect or a run). The child is killed
 * on {@link EngineClient.dispose}; it also exits by itself when the IPC channel closes, so a
 * dying extension host leaves no orphan.
 */
import { fork, type ChildProcess } from 'child_process';
import type { LiveEvent } from '../../shared/liveEvents';
import {
  isEngineToHost,
  type EngineModelOptions,
  type EngineToHost,
  type HostToEngine,
} from '../../shared/engineProtocol';
import type { CompactProfile } from '../../shared/compactProfile';
import type { ModelSummary } from '../../shared/profileTypes';
import { StderrTail } from './stderrTail';
import type { SweepFile } from '../../shared/sweep/sweepTypes';
import type { ProfileListing } from '../../shared/profileListing';

/** The engine reported that it could not do what was asked (bad model, bad settings...). */
export class EngineRequestError extends Error {
  constructor(
    message: string,
    /** CLI exit code semantics: 2 bad input, 3 model cannot be profiled, 1 internal. */
    readonly exitCode: number,
    /** A partial profile the engine still saved, if any. */
    readonly profilePath?: string,
  ) {
    super(message);
    this.name = 'EngineRequestError';
  }
}

/** The engine process died (crash, killed, out of memory) before answering. */
export class EngineCrashError extends Error {
  constructor(
    message: string,
    /** The last lines the engine wrote to stderr. */
    readonly stderrTail: string,
    readonly exitCode: number | null,
    readonly signal: NodeJS.Signals | null,
  ) {
    super(message);
    this.name = 'EngineCrashError';
  }
}

/** What a run ended with. */
export interface EngineRunResult {
  profilePath: string;
  partial: boolean;
}

export type EngineRunRequest = Omit<Extract<HostToEngine, { type: 'run' }>, 'type'>;

export interface EngineClientOptions {
  /** Absolute path of dist/engine.js. */
  enginePath: string;
  /** Working directory of the child (the workspace folder, so relative trace paths resolve). */
  cwd?: string;
  /** Called with every stderr chunk (the extension logs it to its output channel). */
  onStderr?: (text: string) => void;
}

type Pending =
  | { kind: 'inspect'; resolve: (s: ModelSummary) => void; reject: (e: Error) => void }
  | { kind: 'readProfile'; resolve: (p: CompactProfile) => void; reject: (e: Error) => void }
  | {
      kind: 'run';
      resolve: (r: EngineRunResult) => void;
      reject: (e: Error) => void;
      onEvent: (e: LiveEvent) => void;
    }
  | {
      kind: 'sweep';
      resolve: (r: EngineSweepResult) => void;
      reject: (e: Error) => void;
      onUpdate: SweepListener;
    }
  | { kind: 'readSweep'; resolve: (s: SweepFile) => void; reject: (e: Error) => void }
  | { kind: 'summarizeProfiles'; resolve: (l: ProfileListing[]) => void; reject: (e: Error) => void };

/** What a sweep (or a verification of one) ended with. */
export interface EngineSweepResult {
  sweepPath: string;
  sweep: SweepFile;
  cancelled: boolean;
}

/** Told of each stage (`stage`) and each new state of the sweep (`sweep`) while it runs. */
export type SweepListener = (update: { stage?: string; sweep?: SweepFile }) => void;

export type EngineSweepRequest = Omit<Extract<HostToEngine, { type: 'sweep' }>, 'type'>;

export class EngineClient {
  private child: ChildProcess | undefined;
  private pending: Pending | undefined;
  /** The stderr tail of the current child (a fresh one per child: no last words of a dead one). */
  private stderr = new StderrTail();
  private disposed = false;
  private exited = false;

  constructor(private readonly options: EngineClientOptions) {}

  /** The child's pid while it runs (tests check it is gone after dispose). */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Load and introspect a model in the child; resolves with its summary or rejects with why not. */
  inspect(modelPath: string, modelOptions: EngineModelOptions): Promise<ModelSummary> {
    return new Promise((resolve, reject) => {
      this.start({ kind: 'inspect', resolve, reject }, { type: 'inspect', modelPath, modelOptions });
    });
  }

  /**
   * Read a saved profile in the child: checking a big one takes long enough to freeze the
   * extension host. Resolves with its columns still compact (the panel decodes them); rejects
   * with an {@link EngineRequestError} whose message says what is wrong.
   */
  readProfile(path: string): Promise<CompactProfile> {
    return new Promise((resolve, reject) => {
      this.start({ kind: 'readProfile', resolve, reject }, { type: 'readProfile', path });
    });
  }

  /** Run a profile; `onEvent` receives every live event. Resolves when the profile is saved. */
  run(request: EngineRunRequest, onEvent: (e: LiveEvent) => void): Promise<EngineRunResult> {
    return new Promise((resolve, reject) => {
      this.start({ kind: 'run', resolve, reject, onEvent }, { type: 'run', ...request });
    });
  }

  /**
   * Save a dead run's events as a partial profile, rebuilt in this (fresh) engine child: the
   * host never bundles the profile codecs. Resolves like `run` when saved; rejects with why not.
   */
  savePartial(events: LiveEvent[], outPath: string, reason: string): Promise<EngineRunResult> {
    return new Promise((resolve, reject) => {
      this.start(
        { kind: 'run', resolve, reject, onEvent: () => {} },
        { type: 'savePartial', events, outPath, reason },
      );
    });
  }

  /** Sweep a model; `onUpdate` hears each stage and each state of the sweep. Resolves once it is saved. */
  sweep(request: EngineSweepRequest, onUpdate: SweepListener): Promise<EngineSweepResult> {
    return new Promise((resolve, reject) => {
      this.start({ kind: 'sweep', resolve, reject, onUpdate }, { type: 'sweep', ...request });
    });
  }

  /** Verify the recommendation of a saved sweep on its model; the file is updated. */
  verifySweep(
    sweepPath: string,
    modelOptions: EngineModelOptions,
    onUpdate: SweepListener,
  ): Promise<EngineSweepResult> {
    return new Promise((resolve, reject) => {
      this.start(
        { kind: 'sweep', resolve, reject, onUpdate },
        { type: 'verifySweep', sweepPath, modelOptions },
      );
    });
  }

  /** Read a saved sweep file in the child. */
  readSweep(path: string): Promise<SweepFile> {
    return new Promise((resolve, reject) => {
      this.start({ kind: 'readSweep', resolve, reject }, { type: 'readSweep', path });
    });
  }

  /**
   * The headline figures of saved profiles and sweeps (the Batchscope view), read in the child:
   * one listing per path, in order. An unreadable file is its own entry with `error`; the promise
   * rejects only when the engine itself fails.
   */
  summarizeProfiles(paths: string[]): Promise<ProfileListing[]> {
    return new Promise((resolve, reject) => {
      this.start({ kind: 'summarizeProfiles', resolve, reject }, { type: 'summarizeProfiles', paths });
    });
  }

  /** Ask the engine to stop the run or sweep; it saves what it has and answers `done` / `sweepDone`. */
  cancel(): void {
    if (this.pending?.kind === 'run' || this.pending?.kind === 'sweep') this.send({ type: 'cancel' });
  }

  /**
   * Let the child go without killing it (the extension host is shutting down: a window reload).
   * Closing the IPC channel makes the engine stop a run in progress and save it as a partial
   * profile by itself (engineProcess/main.ts, bounded wait), which a kill would lose.
   */
  detach(): void {
    if (this.disposed) return;
    this.disposed = true;
    const child = this.child;
    if (child && !this.exited && child.connected) child.disconnect();
    this.fail(new EngineRequestError('The extension host stopped; the engine saves what it measured.', 1));
  }

  /** Kill the child (if any). A pending request rejects. Safe to call twice. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    const child = this.child;
    if (child && !this.exited) {
      child.kill('SIGKILL');
    }
    this.fail(new EngineRequestError('The engine was stopped.', 1));
  }

  private start(pending: Pending, message: HostToEngine): void {
    if (this.disposed) {
      pending.reject(new EngineRequestError('The engine client was disposed.', 1));
      return;
    }
    if (this.pending) {
      pending.reject(new EngineRequestError('The engine is busy with another request.', 1));
      return;
    }
    this.pending = pending;
    this.ensureChild();
    this.send(message);
  }

  private ensureChild(): void {
    if (this.child && !this.exited) return;
    this.exited = false;
    const child = fork(this.options.enginePath, [], {
      cwd: this.options.cwd,
      // Typed arrays cross the channel without turning into plain objects.
      serialization: 'advanced',
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      // The engine must not inherit the extension host's debug port.
      execArgv: [],
      // Its own process group: when the extension host goes (a window reload), whatever signals the
      // host's group must not kill a run before the engine has saved it (it exits by itself once
      // the IPC channel closes: main.ts). Not on Windows, where this would open a console window.
      detached: process.platform !== 'win32',
    });
    this.child = child;
    const stderr = new StderrTail();
    this.stderr = stderr;
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => {
      stderr.push(chunk);
      this.options.onStderr?.(chunk);
    });
    child.on('message', (m: unknown) => this.onMessage(m));
    child.on('error', (err) => {
      // fork failed (missing cwd, EAGAIN) or a send failed on a dead channel. A child that never
      // started has no pid and emits no 'exit': mark it gone so the next request forks again
      // instead of writing to a channel that leads nowhere.
      if (child.pid === undefined) this.exited = true;
      this.fail(
        new EngineCrashError(
          `The engine process ${child.pid === undefined ? 'could not start' : 'failed'}: ${err.message}`,
          stderr.lastLines(),
          null,
          null,
        ),
      );
    });
    child.on('exit', (code, signal) => {
      this.exited = true;
      if (this.pending) {
        // A native crash or the OOM killer ends the child by a signal (code null): that is a
        // crash too, and the message must say which signal.
        const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
        const tail = stderr.lastLines();
        this.fail(
          new EngineCrashError(
            `The engine process ${how} before finishing.${tail ? `\nLast output:\n${tail}` : ''}`,
            tail,
            code,
            signal,
          ),
        );
      }
    });
  }

  private send(message: HostToEngine): void {
    const child = this.child;
    if (!child || this.exited || !child.connected) return;
    child.send(message, (err) => {
      if (err)
        this.fail(
          new EngineCrashError(
            `Could not reach the engine: ${err.message}`,
            this.stderr.lastLines(),
            null,
            null,
          ),
        );
    });
  }

  private onMessage(raw: unknown): void {
    if (!isEngineToHost(raw)) return;
    const m: EngineToHost = raw;
    const pending = this.pending;
    if (!pending) return;
    switch (m.type) {
      case 'inspected':
        if (pending.kind === 'inspect') this.settle(() => pending.resolve(m.summary));
        return;
      case 'profile':
        if (pending.kind === 'readProfile') this.settle(() => pending.resolve(m.profile));
        return;
      case 'event':
        if (pending.kind === 'run') pending.onEvent(m.event);
        return;
      case 'done':
        if (pending.kind === 'run')
          this.settle(() => pending.resolve({ profilePath: m.profilePath, partial: m.partial }));
        return;
      case 'failed':
        this.settle(() => pending.reject(new EngineRequestError(m.message, m.exitCode, m.profilePath)));
        return;
      case 'sweepStage':
        if (pending.kind === 'sweep') pending.onUpdate({ stage: m.stage });
        return;
      case 'sweepUpdate':
        if (pending.kind === 'sweep') pending.onUpdate({ sweep: m.sweep });
        else if (pending.kind === 'readSweep') this.settle(() => pending.resolve(m.sweep));
        return;
      case 'sweepDone':
        if (pending.kind === 'sweep')
          this.settle(() =>
            pending.resolve({ sweepPath: m.sweepPath, sweep: m.sweep, cancelled: m.cancelled }),
          );
        return;
      case 'profileSummaries':
        if (pending.kind === 'summarizeProfiles') this.settle(() => pending.resolve(m.summaries));
        return;
      default: {
        const never: never = m;
        return never;
      }
    }
  }

  private settle(action: () => void): void {
    this.pending = undefined;
    action();
  }

  private fail(err: Error): void {
    const pending = this.pending;
    if (!pending) return;
    this.pending = undefined;
    pending.reject(err);
  }
}
