/**
 * dist/engine.js: the engine child process the extension forks. It loads and runs models (so
 * a native crash on a hostile model kills this process, never VS Code), receives requests over
 * IPC and answers with the messages of shared/engineProtocol.ts. It exits when the IPC channel
 * closes — a closed panel, a reloaded window or a dead extension host leaves no orphan — after
 * saving a run in progress as a partial profile (bounded wait).
 */
import { isHostToEngine, type EngineToHost } from '../shared/engineProtocol';
import { ModelError } from '../engine/model';
import { describeTarget } from '../engine/target/target';
import { ProfileError } from '../engine/profile/profileError';
import { readCompactProfile, writeProfileAtomic } from '../engine/profile/profileIo';
import { ProfileRunError, runProfile } from '../engine/runtime/runProfile';
import { SAVE_ELSEWHERE_HINT } from '../shared/node/profileNames';
import { EngineServer } from './engineServer';
import { engineSweep } from './engineSweep';
import { readSweepFile } from '../engine/sweep/sweepIo';
import { listProfileFile } from './listProfileFile';

/** How long a disconnected engine waits for a cancelled run to save its partial profile. */
const DISCONNECT_GRACE_MS = 15_000;

function send(message: EngineToHost): void {
  if (process.send && process.connected) process.send(message);
}

function main(): void {
  if (!process.send) {
    process.stderr.write(
      'dist/engine.js is the engine process of the Batchscope extension and talks over IPC only. ' +
        'From a terminal, use the CLI: npx batchscope profile MODEL\n',
    );
    process.exit(2);
  }
  const server = new EngineServer(
    {
      // A model path or a synthetic spec: the target decides (engine/target/target.ts). The panel
      // needs a model's signature even when it rejects synthetic values (it shows the form to set
      // them), so this inspection tolerates that and reports `probeProblem`; runs never do.
      inspectModel: (modelPath, options) =>
        describeTarget(modelPath, options, { tolerateProbeFailure: true }),
      runProfile: (opts) => runProfile(opts),
      writeProfileAtomic: (target, profile) =>
        writeProfileAtomic(target, profile, { elsewhere: SAVE_ELSEWHERE_HINT }),
      readProfile: readCompactProfile,
      exitCodeOf: (err) => (err instanceof ModelError || err instanceof ProfileError ? err.exitCode : 1),
      partialProfileOf: (err) => (err instanceof ProfileRunError ? err.profile : null),
      sweep: engineSweep,
      readSweep: readSweepFile,
      listProfile: listProfileFile,
    },
    send,
  );

  // Requests are served one at a time, in order; `cancel` acts at once on the run in progress.
  let queue: Promise<void> = Promise.resolve();
  process.on('message', (raw: unknown) => {
    if (!isHostToEngine(raw)) {
      process.stderr.write('engine: ignored a malformed IPC message\n');
      return;
    }
    if (raw.type === 'cancel') {
      void server.handle(raw);
      return;
    }
    queue = queue.then(() => server.handle(raw));
  });

  // The host is gone (or asks the engine to go): stop a run in progress, save what it measured as
  // a partial profile, and exit — within DISCONNECT_GRACE_MS at most.
  let leaving = false;
  const leave = (): void => {
    if (leaving) return;
    leaving = true;
    setTimeout(() => process.exit(0), DISCONNECT_GRACE_MS).unref();
    void server.stop().finally(() => process.exit(0));
  };
  process.on('disconnect', leave);
  process.on('SIGTERM', leave);
  process.on('SIGHUP', leave);

  // Anything thrown outside a request: say it on stderr (the host shows the tail) and die.
  process.on('uncaughtException', (err) => {
    process.stderr.write(`engine: uncaught ${err.stack ?? err.message}\n`);
    process.exit(1);
  });
}

main();
