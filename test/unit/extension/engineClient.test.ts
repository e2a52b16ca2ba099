/**
 * The host's engine client against the real engine bundle (dist/engine.js, built by `npm test`)
 * and the real sample models: inspect, model errors, kill, crash reporting, no orphans.
 */
import * as assert from 'assert';
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { readProfile } from '../../../src/engine/profile/profileIo';
import type { EngineModelOptions } from '../../../src/shared/engineProtocol';
import {
  EngineClient,
  EngineCrashError,
  EngineRequestError,
} from '../../../src/extension/engine/engineClient';

const root = path.resolve(__dirname, '..', '..', '..');
const enginePath = path.join(root, 'dist', 'engine.js');
const samples = path.join(root, 'samples');
const options: EngineModelOptions = { dims: {}, fixedInputs: {}, batchAxes: {}, provider: 'cpu', threads: 1 };

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
            settings: {
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
            },
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

  it('refuses a second request while one is in flight', async () => {
    const first = shared.inspect(path.join(samples, 'mlp.onnx'), options);
    await assert.rejects(shared.inspect(path.join(samples, 'mlp.onnx'), options), /busy/);
    await first;
  });

  it('reads a saved profile in the child: the same profile, typed-array columns intact', async () => {
    const file = path.join(root, 'test', 'webview', 'fixtures', 'mlpRun.profile.json');
    const profile = await shared.readProfile(file);
    assert.deepStrictEqual(profile, readProfile(file), 'what the host gets equals a direct read');
    const s0 = profile.strategies[0];
    assert.ok(s0.requests.scheduledMs instanceof Float64Array, 'columns come back as typed arrays');
    assert.ok(s0.batches.members instanceof Int32Array);
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
