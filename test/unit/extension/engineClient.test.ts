/**
 * The host's engine client against the real engine bundle (dist/engine.js, built by `npm test`)
 * and the real sample models: inspect, model errors, kill, crash reporting, no orphans.
 */
import * as assert from 'assert';
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { ProfileFile } from '../../../src/engine/profile/profileFileTypes';
import { readCompactProfile, readProfile } from '../../../src/engine/profile/profileIo';
import { inflateColumn } from '../../../src/engine/profile/varintColumn';
import { expandProfile } from '../../../src/shared/compactProfile';
import type { EngineModelOptions } from '../../../src/shared/engineProtocol';
import type { LiveEvent } from '../../../src/shared/liveEvents';
import type { RunSettings } from '../../../src/shared/profileTypes';
import {
  EngineClient,
  EngineCrashError,
  EngineRequestError,
} from '../../../src/extension/engine/engineClient';

const root = path.resolve(__dirname, '..', '..', '..');
const enginePath = path.join(root, 'dist', 'engine.js');
const samples = path.join(root, 'samples');
const options: EngineModelOptions = { dims: {}, fixedInputs: {}, batchAxes: {}, provider: 'cpu', threads: 1 };
/** A run long enough to be killed while it measures. */
const longRunSettings: RunSettings = {
  arrival: { kind: 'poisson' },
  rateRps: 100,
  rateDerived: false,
  durationS: 30,
  warmupS: 0.2,
  instances: 1,
  threads: 1,
  provider: 'cpu',
  sloMs: null,
  seed: 1,
  strategies: [{ name: 'none' }],
};

/** True while a process with this pid exists. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Polls until the process is gone; false if it is still there after `ms`. */
async function waitGone(pid: number, ms = 5000): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (!alive(pid)) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return !alive(pid);
}

describe('extension engine client (real dist/engine.js)', function () {
  this.timeout(30000);
  let tmp: string;
  before(function () {
    assert.ok(fs.existsSync(enginePath), `${enginePath} is missing: run \`npm run build\` first`);
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'batchscope-client-'));
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  // One engine child answers all the inspect requests below (as in the extension, requests are
  // sequential); forking costs an onnxruntime load each time.
  let shared: EngineClient;
  before(() => (shared = new EngineClient({ enginePath })));
  after(() => shared.dispose());

  it('inspects the sample MLP in the child and reports it batchable', async () => {
    const summary = await shared.inspect(path.join(samples, 'mlp.onnx'), options);
    assert.strictEqual(summary.fileName, 'mlp.onnx');
    assert.strictEqual(summary.batchable, true);
    assert.strictEqual(summary.inputs[0].batchAxis, 0);
  });

  it('reports a fixed-batch model as not batchable, with the reason and the fix', async () => {
    const summary = await shared.inspect(path.join(samples, 'fixed_batch.onnx'), options);
    assert.strictEqual(summary.batchable, false);
    assert.match(summary.notBatchableReason ?? '', /re-export/i);
  });

  it('rejects a corrupt model with the engine message and exit code 3, and stays usable', async () => {
    const bad = path.join(tmp, 'corrupt.onnx');
    fs.writeFileSync(bad, 'this is not a protobuf');
    await shared.inspect(path.join(samples, 'mlp.onnx'), options);
    const pid = shared.pid;
    await assert.rejects(shared.inspect(bad, options), (err: unknown) => {
      assert.ok(err instanceof EngineRequestError, `expected EngineRequestError, got ${String(err)}`);
      assert.strictEqual(err.exitCode, 3);
      assert.match(err.message, /corrupt\.onnx/);
      assert.doesNotMatch(err.message, /\n\s+at /, 'no stack trace in a message for people');
      return true;
    });
    // The same child (no crash, no re-fork) answers the next request.
    const summary = await shared.inspect(path.join(samples, 'mlp.onnx'), options);
    assert.strictEqual(summary.batchable, true);
    assert.strictEqual(shared.pid, pid);
  });

  it('rejects a missing file with exit code 2', async () => {
    await assert.rejects(shared.inspect(path.join(tmp, 'nope.onnx'), options), (err: unknown) => {
      assert.ok(err instanceof EngineRequestError);
      assert.strictEqual(err.exitCode, 2);
      return true;
    });
  });

  it('dispose kills the engine mid-run: the run rejects and no process is left', async () => {
    const client = new EngineClient({ enginePath });
    const started = new Promise<void>((resolve) => {
      void client
        .run(
          {
            modelPath: path.join(samples, 'mlp.onnx'),
            modelOptions: options,
            settings: longRunSettings,
            maxBatchForCalibration: 1,
            outPath: path.join(tmp, 'killed.json'),
          },
          () => resolve(),
        )
        .catch(() => undefined);
    });
    await started; // first live event: the engine is running the model
    const pid = client.pid!;
    assert.ok(alive(pid));
    client.dispose();
    assert.ok(await waitGone(pid), `engine pid ${pid} still alive after dispose`);
    assert.ok(!fs.existsSync(path.join(tmp, 'killed.json')), 'a killed engine cannot have saved a profile');
  });

  it('the engine exits by itself when its parent dies without cleanup (window reload)', async () => {
    const parent = spawn(
      process.execPath,
      [path.join(__dirname, 'fixtures', 'forkEngineParent.js'), enginePath],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    const childPid = await new Promise<number>((resolve, reject) => {
      parent.stdout.setEncoding('utf8');
      parent.stdout.once('data', (d: string) => resolve(Number(d.trim())));
      parent.once('exit', () => reject(new Error('the fixture parent exited before forking the engine')));
    });
    assert.ok(alive(childPid));
    parent.kill('SIGKILL');
    assert.ok(await waitGone(childPid), `engine pid ${childPid} outlived its parent: an orphan`);
  });

  it('reports a crash with the tail of the engine stderr and the exit code', async () => {
    const client = new EngineClient({ enginePath: path.join(__dirname, 'fixtures', 'crashingEngine.js') });
    const events: unknown[] = [];
    try {
      await assert.rejects(
        client.run(
          {
            modelPath: '/models/m.onnx',
            modelOptions: options,
            settings: {} as never,
            maxBatchForCalibration: 1,
            outPath: path.join(tmp, 'x.json'),
          },
          (e) => events.push(e),
        ),
        (err: unknown) => {
          assert.ok(err instanceof EngineCrashError, `expected EngineCrashError, got ${String(err)}`);
          assert.strictEqual(err.exitCode, 134);
          assert.match(err.stderrTail, /simulated native abort/);
          assert.match(err.message, /exited with code 134/);
          assert.match(err.message, /simulated native abort/);
          return true;
        },
      );
      assert.strictEqual(events.length, 4, 'events sent before the crash are delivered');
    } finally {
      client.dispose();
    }
  });

  it('an engine that cannot start (its folder is gone) fails each request the same way: it tries again, no hang', async () => {
    const client = new EngineClient({ enginePath, cwd: path.join(tmp, 'deleted-folder') });
    try {
      for (let attempt = 0; attempt < 2; attempt++) {
        await assert.rejects(
          settleWithin(client.inspect(path.join(samples, 'mlp.onnx'), options), 5000, 'the inspect request'),
          (err: unknown) => {
            assert.ok(err instanceof EngineCrashError, `attempt ${attempt}: ${String(err)}`);
            assert.match(err.message, /could not start/, `attempt ${attempt}: a fresh fork was tried`);
            return true;
          },
        );
      }
    } finally {
      client.dispose();
    }
  });

  it('refuses a second request while one is in flight', async () => {
    const first = shared.inspect(path.join(samples, 'mlp.onnx'), options);
    await assert.rejects(shared.inspect(path.join(samples, 'mlp.onnx'), options), /busy/);
    await first;
  });

  it('reads a saved profile in the child: the same profile, its columns still as the file encodes them', async () => {
    const file = path.join(root, 'test', 'webview', 'fixtures', 'mlpRun.profile.json');
    const profile = await shared.readProfile(file);
    assert.deepStrictEqual(profile, readCompactProfile(file), 'what the host gets equals a direct read');
    const onDisk = JSON.parse(fs.readFileSync(file, 'utf8')) as ProfileFile;
    assert.deepStrictEqual(
      profile.strategies.map((s) => [s.requests, s.batches]),
      onDisk.strategies.map((s) => [s.requests, s.batches]),
      'the columns travel as the compact strings of the file, for the panel to decode',
    );
    assert.deepStrictEqual(
      expandProfile(profile, inflateColumn),
      readProfile(file),
      'decoded, they are the profile a direct read gives',
    );
  });

  it('a profile that cannot be read is a request error that names the file, and the child stays usable', async () => {
    const missing = path.join(tmp, 'nope.json');
    await assert.rejects(shared.readProfile(missing), (err: Error) => {
      assert.ok(err instanceof EngineRequestError, String(err));
      assert.match(err.message, /nope\.json does not exist/);
      return true;
    });
    const notProfile = path.join(tmp, 'garbage.json');
    fs.writeFileSync(notProfile, '{"hello":');
    await assert.rejects(shared.readProfile(notProfile), /garbage\.json is not valid JSON/);
    const summary = await shared.inspect(path.join(samples, 'mlp.onnx'), options);
    assert.strictEqual(summary.fileName, 'mlp.onnx');
  });
});

/** Rejects (never hangs) when `promise` has not settled within `ms`: a crash must end a request. */
async function settleWithin<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${what} was still pending ${ms} ms after the crash: a hang`)),
      ms,
    );
  });
  try {
    return await Promise.race([promise, hang]);
  } finally {
    clearTimeout(timer);
  }
}

/** The crash the engine client must report for a child killed by `signal`. */
function assertKilledBy(err: unknown, signal: NodeJS.Signals): true {
  assert.ok(err instanceof EngineCrashError, `expected EngineCrashError, got ${String(err)}`);
  assert.strictEqual(err.signal, signal);
  assert.strictEqual(err.exitCode, null);
  assert.match(err.message, new RegExp(`killed by ${signal}`), 'the message names the signal');
  return true;
}

// Real crashes: the real engine child (the one the client forked) killed by a signal, as a native
// crash (SIGSEGV) or the kernel's OOM killer (SIGKILL) does. The client must reject the request in
// flight with the signal's name, never hang, and serve the next request from a fresh engine.
describe('extension engine client: the real engine child killed by a signal', function () {
  this.timeout(30000);
  let tmp: string;
  before(function () {
    assert.ok(fs.existsSync(enginePath), `${enginePath} is missing: run \`npm run build\` first`);
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'batchscope-crash-'));
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  for (const signal of ['SIGKILL', 'SIGSEGV'] as const) {
    it(`${signal} right after spawn: the request rejects naming the signal; the next one forks a fresh engine that works`, async () => {
      const client = new EngineClient({ enginePath });
      try {
        const inspected = client.inspect(path.join(samples, 'mlp.onnx'), options);
        const pid = client.pid!;
        assert.ok(pid > 0, 'the request forked the engine');
        process.kill(pid, signal); // before the engine has even loaded onnxruntime
        await assert.rejects(settleWithin(inspected, 5000, 'the inspect request'), (err) =>
          assertKilledBy(err, signal),
        );
        assert.ok(await waitGone(pid), `engine pid ${pid} still alive after ${signal}`);
        const summary = await client.inspect(path.join(samples, 'mlp.onnx'), options);
        assert.strictEqual(summary.fileName, 'mlp.onnx');
        assert.strictEqual(summary.batchable, true);
        assert.ok(client.pid !== undefined && client.pid !== pid, 'a fresh engine child answered');
      } finally {
        client.dispose();
      }
    });

    it(`${signal} mid-run: the run rejects naming the signal, events before the crash are delivered, the next request works`, async () => {
      const client = new EngineClient({ enginePath });
      const outPath = path.join(tmp, `${signal}.json`);
      try {
        const events: LiveEvent[] = [];
        let measuring!: () => void;
        const measured = new Promise<void>((resolve) => (measuring = resolve));
        const run = client.run(
          {
            modelPath: path.join(samples, 'mlp.onnx'),
            modelOptions: options,
            settings: longRunSettings,
            maxBatchForCalibration: 1,
            outPath,
          },
          (e) => {
            events.push(e);
            if (e.kind === 'tick' && e.batches.length > 0) measuring();
          },
        );
        run.catch(() => undefined); // asserted below; no unhandled rejection while waiting
        await settleWithin(
          Promise.race([measured, run.then(() => assert.fail('the 30 s run ended before the kill'))]),
          20000,
          'the first measured batches',
        );
        const pid = client.pid!;
        process.kill(pid, signal);
        await assert.rejects(settleWithin(run, 5000, 'the run'), (err) => assertKilledBy(err, signal));
        assert.ok(await waitGone(pid), `engine pid ${pid} still alive after ${signal}`);
        assert.ok(
          events.some((e) => e.kind === 'tick' && e.batches.length > 0),
          'events sent before the crash were delivered',
        );
        assert.ok(!fs.existsSync(outPath), 'a killed engine cannot have saved a profile');
        const summary = await client.inspect(path.join(samples, 'mlp.onnx'), options);
        assert.strictEqual(summary.fileName, 'mlp.onnx');
        assert.ok(client.pid !== undefined && client.pid !== pid, 'a fresh engine child answered');
      } finally {
        client.dispose();
      }
    });
  }
});
