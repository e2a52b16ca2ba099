/**
 * The panel's sweep path end to end below the UI: the host's engine client forks the real engine
 * bundle (dist/engine.js), which sweeps the real sample model, reports stages and the sweep as it
 * grows, saves the sweep file, verifies the recommendation on the model, reads the file back, and
 * stops on cancel.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { EngineModelOptions } from '../../../src/shared/engineProtocol';
import type { PanelSweepConfig } from '../../../src/shared/sweep/sweepPanelProtocol';
import type { SweepFile } from '../../../src/shared/sweep/sweepTypes';
import { readSweepFile } from '../../../src/engine/sweep/sweepIo';
import { EngineClient, EngineRequestError } from '../../../src/extension/engine/engineClient';
import { buildBundles } from '../../integration/cli/runCli';

const root = path.resolve(__dirname, '..', '..', '..');
const enginePath = path.join(root, 'dist', 'engine.js');
const mlp = path.join(root, 'samples', 'mlp.onnx');
const options: EngineModelOptions = { dims: {}, fixedInputs: {}, batchAxes: {}, provider: 'cpu', threads: 1 };
const config: PanelSweepConfig = {
  strategies: 'none,dynamic(max=4|8,delay=0|1)',
  instances: [1],
  load: [0.2, 0.5],
  sloMs: 50,
  sloPercentile: 99,
  marginPct: 10,
  targetRps: null,
  verify: false,
  measure: false,
};

describe('engine sweep (forked engine, real model)', function () {
  this.timeout(90_000);
  let dir: string;
  before(() => {
    buildBundles();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bs-engine-sweep-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('sweeps, reports stages and the sweep, saves it; Verify then measures the recommendation and updates the file', async () => {
    const outPath = path.join(dir, 'sweeps', 'mlp.sweep.json');
    const stages: string[] = [];
    const updates: SweepFile[] = [];
    const client = new EngineClient({ enginePath, cwd: dir });
    try {
      const result = await client.sweep(
        { modelPath: mlp, modelOptions: options, config, seed: 3, warmupS: 0.2, outPath },
        (u) => {
          if (u.stage) stages.push(u.stage);
          if (u.sweep) updates.push(u.sweep);
        },
      );
      assert.strictEqual(result.cancelled, false);
      assert.strictEqual(result.sweepPath, outPath);
      assert.ok(
        stages.some((s) => /^Calibrating/.test(s)) && stages.some((s) => /^Simulat/.test(s)),
        stages.join(' | '),
      );
      assert.ok(updates.length >= 1, 'the simulated sweep was handed out before the end');
      assert.strictEqual(result.sweep.configs.length, 5);
      assert.ok(result.sweep.recommendation, 'a recommendation under the 50 ms SLO');
      assert.strictEqual(result.sweep.verifications.length, 0);
      assert.deepStrictEqual(readSweepFile(outPath).configs.length, 5);

      const verified = await client.verifySweep(outPath, options, () => {});
      assert.strictEqual(verified.sweep.verifications.length >= 1, true);
      const v = verified.sweep.verifications[0];
      assert.ok(v.measured.throughputRps > 0, JSON.stringify(v.measured));
      assert.ok(v.profilePath && fs.existsSync(v.profilePath), `verification profile ${v.profilePath}`);
      assert.ok(v.profilePath.startsWith(path.join(dir, 'profiles')), v.profilePath);
      // The file on disk carries the verification too.
      assert.strictEqual(readSweepFile(outPath).verifications.length, verified.sweep.verifications.length);

      const read = await client.readSweep(outPath);
      assert.strictEqual(read.recommendation?.label, verified.sweep.recommendation?.label);
    } finally {
      client.dispose();
    }
  });

  it('refuses a file that is not a sweep, naming it', async () => {
    const bogus = path.join(dir, 'not.sweep.json');
    fs.writeFileSync(bogus, '{"format":"batchscope-profile"}');
    const client = new EngineClient({ enginePath, cwd: dir });
    try {
      await assert.rejects(
        client.readSweep(bogus),
        (e: unknown) => e instanceof EngineRequestError && /not a Batchscope sweep/.test(e.message),
      );
    } finally {
      client.dispose();
    }
  });

  it('stops on cancel during calibration and says so', async () => {
    const client = new EngineClient({ enginePath, cwd: dir });
    try {
      const running = client.sweep(
        {
          modelPath: mlp,
          modelOptions: options,
          config,
          seed: 3,
          warmupS: 5,
          outPath: path.join(dir, 'c.sweep.json'),
        },
        (u) => {
          if (u.stage && /^Calibrating/.test(u.stage)) client.cancel();
        },
      );
      await assert.rejects(
        running,
        (e: unknown) => e instanceof EngineRequestError && /cancelled/.test(e.message),
      );
      assert.ok(!fs.existsSync(path.join(dir, 'c.sweep.json')));
    } finally {
      client.dispose();
    }
  });
});
