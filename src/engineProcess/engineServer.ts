/**
 * The engine child's request loop, independent of how messages arrive: `handle` takes one
 * host message, `send` posts answers back. main.ts wires it to `process.on('message')` and the
 * real engine functions; keeping them injectable keeps this file free of onnxruntime.
 */
import type { CompactProfile } from '../shared/compactProfile';
import type { EngineModelOptions, EngineToHost, HostToEngine } from '../shared/engineProtocol';
import type { LiveEvent } from '../shared/liveEvents';
import type { ModelSummary, Profile, RunSettings } from '../shared/profileTypes';
import { eventsToPartialProfile } from './eventsToPartialProfile';
import type { SweepFile } from '../shared/sweep/sweepTypes';
import { unreadableListing, type ProfileListing } from '../shared/profileListing';

/** The engine functions the server calls (the real ones in main.ts). */
export interface EngineFunctions {
  inspectModel(modelPath: string, options: EngineModelOptions): Promise<ModelSummary>;
  runProfile(opts: {
    modelPath: string;
    modelOptions: EngineModelOptions;
    settings: RunSettings;
    maxBatchForCalibration: number;
    onEvent: (event: LiveEvent) => void;
    signal: AbortSignal;
  }): Promise<Profile>;
  writeProfileAtomic(path: string, profile: Profile): unknown;
  /**
   * Read and validate a saved profile (every column decoded), columns kept compact; throws a
   * ProfileError that says what is wrong.
   */
  readProfile(path: string): CompactProfile;
  /**
   * Runs a sweep (`sweep`) or verifies a saved one (`verifySweep`), telling each stage and state;
   * resolves with the sweep (null: cancelled before there was one). The sweep engine's own code
   * (engine/sweep) behind one function, so this file stays free of onnxruntime.
   */
  sweep(
    request: Extract<HostToEngine, { type: 'sweep' } | { type: 'verifySweep' }>,
    hooks: { onStage: (stage: string) => void; onUpdate: (sweep: SweepFile) => void; signal: AbortSignal },
  ): Promise<{ sweep: SweepFile | null; path: string }>;
  /** Read a saved sweep file; throws an Error for people. */
  readSweep(path: string): SweepFile;
  /** The headline figures of a saved profile or sweep (listProfileFile.ts); throws when unreadable. */
  listProfile(path: string): ProfileListing;
  /** Exit code for an error (ModelError / ProfileError carry one); 1 when unknown. */
  exitCodeOf(err: unknown): number;
  /** The partial profile a failed run's error carries (the engine's ProfileRunError), if any. */
  partialProfileOf(err: unknown): Profile | null;
}

export class EngineServer {
  private abort: AbortController | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly engine: EngineFunctions,
    private readonly send: (message: EngineToHost) => void,
  ) {}

  /** Handle one request. Resolves when it is answered. */
  async handle(message: HostToEngine): Promise<void> {
    switch (message.type) {
      case 'inspect':
        return this.inspect(message.modelPath, message.modelOptions);
      case 'run': {
        const run = this.run(message);
        this.running = run;
        return run;
      }
      case 'cancel':
        this.abort?.abort();
        return;
      case 'readProfile':
        return this.readProfile(message.path);
      case 'sweep':
      case 'verifySweep': {
        const run = this.sweep(message);
        this.running = run;
        return run;
      }
      case 'savePartial':
        return this.savePartial(message);
      case 'summarizeProfiles':
        // One unreadable file is that file's entry, not a failure of the whole listing.
        this.send({
          type: 'profileSummaries',
          summaries: message.paths.map((p) => {
            try {
              return this.engine.listProfile(p);
            } catch (err) {
              return unreadableListing(p, messageOf(err));
            }
          }),
        });
        return;
      case 'readSweep':
        try {
          this.send({ type: 'sweepUpdate', sweep: this.engine.readSweep(message.path) });
        } catch (err) {
          this.send({ type: 'failed', message: messageOf(err), exitCode: 2 });
        }
        return;
      default: {
        const never: never = message;
        return never;
      }
    }
  }

  private async sweep(m: Extract<HostToEngine, { type: 'sweep' } | { type: 'verifySweep' }>): Promise<void> {
    const abort = this.begin();
    if (!abort) return;
    try {
      const { sweep, path } = await this.engine.sweep(m, {
        onStage: (stage) => this.send({ type: 'sweepStage', stage }),
        onUpdate: (s) => this.send({ type: 'sweepUpdate', sweep: s }),
        signal: abort.signal,
      });
      if (sweep) this.send({ type: 'sweepDone', sweepPath: path, sweep, cancelled: abort.signal.aborted });
      else
        this.send({
          type: 'failed',
          message: 'The sweep was cancelled before anything was simulated.',
          exitCode: 1,
        });
    } catch (err) {
      this.send({ type: 'failed', message: messageOf(err), exitCode: this.engine.exitCodeOf(err) });
    } finally {
      this.abort = undefined;
      this.running = undefined;
    }
  }

  /** Abort a run in progress and resolve once it has saved what it measured (or at once if idle). */
  async stop(): Promise<void> {
    this.abort?.abort();
    await this.running;
  }

  private async inspect(modelPath: string, options: EngineModelOptions): Promise<void> {
    try {
      const summary = await this.engine.inspectModel(modelPath, options);
      this.send({ type: 'inspected', summary });
    } catch (err) {
      this.send({ type: 'failed', message: messageOf(err), exitCode: this.engine.exitCodeOf(err) });
    }
  }

  private async readProfile(path: string): Promise<void> {
    try {
      this.send({ type: 'profile', profile: this.engine.readProfile(path) });
    } catch (err) {
      this.send({ type: 'failed', message: messageOf(err), exitCode: this.engine.exitCodeOf(err) });
    }
  }

  private async run(m: Extract<HostToEngine, { type: 'run' }>): Promise<void> {
    const abort = this.begin();
    if (!abort) return;
    try {
      // Events go straight to the host, which keeps the one copy of the log; a run that fails
      // after measuring carries its partial profile, built from the real records (ProfileRunError).
      const profile = await this.engine.runProfile({
        modelPath: m.modelPath,
        modelOptions: m.modelOptions,
        settings: m.settings,
        maxBatchForCalibration: m.maxBatchForCalibration,
        signal: abort.signal,
        onEvent: (event) => this.send({ type: 'event', event }),
      });
      const partial = profile.partial || abort.signal.aborted;
      this.engine.writeProfileAtomic(m.outPath, partial ? { ...profile, partial: true } : profile);
      this.send({ type: 'done', profilePath: m.outPath, partial });
    } catch (err) {
      const message = messageOf(err);
      const partialProfile = this.engine.partialProfileOf(err);
      if (partialProfile) {
        try {
          this.engine.writeProfileAtomic(m.outPath, partialProfile);
          if (abort.signal.aborted) this.send({ type: 'done', profilePath: m.outPath, partial: true });
          else
            this.send({
              type: 'failed',
              message,
              exitCode: this.engine.exitCodeOf(err),
              profilePath: m.outPath,
            });
        } catch (writeErr) {
          this.send({
            type: 'failed',
            message: `${message}\nThe partial profile could not be saved to ${m.outPath}: ${messageOf(writeErr)}`,
            exitCode: this.engine.exitCodeOf(err),
          });
        }
        return;
      }
      this.send({
        type: 'failed',
        message: abort.signal.aborted ? 'The run was cancelled before anything was measured.' : message,
        exitCode: abort.signal.aborted ? 1 : this.engine.exitCodeOf(err),
      });
    } finally {
      this.abort = undefined;
      this.running = undefined;
    }
  }

  /**
   * One run or sweep at a time: the controller that `cancel` aborts, or undefined (and the host
   * told) when one is already going.
   */
  private begin(): AbortController | undefined {
    if (this.abort) {
      this.send({ type: 'failed', message: 'A run is already in progress in this engine.', exitCode: 1 });
      return undefined;
    }
    this.abort = new AbortController();
    return this.abort;
  }

  /** Rebuild a dead engine's run from the host's events and save it (see `savePartial` in the protocol). */
  private async savePartial(m: Extract<HostToEngine, { type: 'savePartial' }>): Promise<void> {
    const profile = eventsToPartialProfile(m.events, { reason: m.reason });
    if (!profile) {
      this.send({
        type: 'failed',
        message: 'Nothing had been measured yet, so no partial profile was saved.',
        exitCode: 1,
      });
      return;
    }
    try {
      this.engine.writeProfileAtomic(m.outPath, profile);
      this.send({ type: 'done', profilePath: m.outPath, partial: true });
    } catch (err) {
      this.send({
        type: 'failed',
        message: `The partial profile could not be saved to ${m.outPath}: ${messageOf(err)}`,
        exitCode: 1,
      });
    }
  }
}

/** The error's own message (engine errors are worded for people); never a stack. */
export function messageOf(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}
