/**
 * UI end-to-end test of the panel on a model nobody tuned for Batchscope, as a user would go about
 * it in code-server with the packaged VSIX: samples/vad.onnx (like a voice-activity model) runs
 * only with the input `sr` = 16000 and the dim `sequence` = 512. The user sets both in the panel,
 * runs, saves the run configuration, switches between three models (none shows another's
 * settings), reloads the window mid-run, cancels a run, sees the engine killed, and finally runs
 * the saved configuration from the CLI, getting the same settings in the profile.
 *
 * Every assertion runs once; each step needs the previous one (bail). Screenshots:
 * test-artifacts/e2e-real-model/. Run: npm run test:e2e.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { FrameLocator, Page } from 'playwright-core';
import { readProfile } from '../../src/engine/profile/profileIo';
import type { Profile } from '../../src/shared/profileTypes';
import { REPO_ROOT } from '../../scripts/e2e/codeServer';
import { panelFrame, runFromPalette, shotInto, WorkbenchSession } from './workbench';

const ARTIFACTS = path.join(REPO_ROOT, 'test-artifacts', 'e2e-real-model');
const CONFIGURATION = 'vad 16k';

describe('A model that needs real input values, set up and run from the panel (code-server, VSIX)', function () {
  this.timeout(600_000);
  this.bail(true);
  const session = new WorkbenchSession(ARTIFACTS);
  let workspace = '';
  let page: Page;
  let frame: FrameLocator;
  let failed = false;
  /** The profile of the first complete run on vad.onnx from the panel. */
  let panelProfile: Profile | undefined;

  const shot = (name: string): Promise<void> => shotInto(ARTIFACTS, page, name);
  const stateText = async (): Promise<string> =>
    ((await frame.locator('.run-state').textContent()) ?? '').trim();
  const profilesOnDisk = (): string[] => {
    const dir = path.join(workspace, '.batchscope', 'profiles');
    return fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.json')) : [];
  };

  /** Chooses `name` in the panel's Choose Model… quick pick and waits for its panel. */
  async function switchModel(name: string): Promise<void> {
    await frame.locator('#btn-pick-model:not([disabled])').click();
    const pick = page.locator('.quick-input-widget .monaco-list-row', { hasText: name }).first();
    await pick.waitFor({ state: 'visible', timeout: 30_000 });
    await pick.click();
    await frame.locator('.panel-title', { hasText: name }).waitFor({ timeout: 30_000 });
  }

  /** Opens the run settings (Run folds them) and types a short, light run. */
  async function setRun(durationS: number, rateRps: number): Promise<void> {
    const settings = frame.locator('details.settings');
    if ((await settings.getAttribute('open')) === null) await settings.locator('summary').first().click();
    await frame.locator('#f-durationS input').fill(String(durationS));
    await frame.locator('#f-warmupS input').fill('0.2');
    await frame.locator('#f-rateRps input').fill(String(rateRps));
  }

  async function startRunAndWaitForTicks(): Promise<void> {
    const before = profilesOnDisk().length;
    await frame.locator('#btn-run:not([disabled])').click();
    await frame.locator('.run-state', { hasText: 'Running' }).waitFor({ timeout: 60_000 });
    // Measuring, not still loading: the first strategy's progress shows.
    await frame.locator('#progress .progress-list li').first().waitFor({ timeout: 60_000 });
    await page.waitForTimeout(3_000);
    assert.equal(profilesOnDisk().length, before, 'nothing is saved while the run goes on');
  }

  before(async function () {
    fs.rmSync(ARTIFACTS, { recursive: true, force: true });
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    await session.open(['vad.onnx', 'mlp.onnx', 'fixed_batch.onnx'], 'batchscope-ws-real-');
    workspace = session.workspace;
    page = session.page;
  });

  afterEach(function () {
    if (this.currentTest?.state === 'failed') failed = true;
  });

  after(() => session.close(failed));

  it('shows the signature and names the input the model rejected, in the panel’s words', async () => {
    await runFromPalette(page, 'Profile Batching');
    const pick = page.locator('.quick-input-widget .monaco-list-row', { hasText: 'vad.onnx' }).first();
    await pick.waitFor({ state: 'visible', timeout: 30_000 });
    await pick.click();
    frame = panelFrame(page);
    const srHint = frame.locator('#f-fixedInputs_sr-hint');
    await srHint.waitFor({ state: 'visible', timeout: 60_000 });
    assert.match((await srHint.textContent()) ?? '', /sr/, 'the hint next to the sr field names it');
    await frame.locator('#f-dims_sequence_max input').waitFor({ timeout: 10_000 });
    await shot('1-vad-rejected');
    const text = (await frame.locator('body').textContent()) ?? '';
    assert.doesNotMatch(text, /--input|--dim\b/, 'no CLI flags in the panel');
    assert.ok(await frame.locator('#btn-run[disabled]').count(), 'Run waits until the model runs');
  });

  it('inspects again as the values are typed, and Run becomes possible', async () => {
    await frame.locator('#f-fixedInputs_sr input').fill('16000');
    await frame.locator('#f-dims_sequence_min input').fill('512');
    await frame.locator('#f-dims_sequence_max input').fill('512');
    await frame.locator('#btn-run:not([disabled])').waitFor({ timeout: 90_000 });
    assert.equal(await frame.locator('#f-fixedInputs_sr-hint:visible').count(), 0, 'the hint is gone');
    await shot('2-vad-ready');
  });

  it('runs it: the form folds to one line, the charts come into view, the header shows what ran', async () => {
    await setRun(1, 100);
    await frame.locator('#btn-run:not([disabled])').click();
    await frame.locator('.run-state', { hasText: 'Running' }).waitFor({ timeout: 60_000 });
    assert.equal(await frame.locator('details.settings').getAttribute('open'), null, 'Run folds the form');
    await frame.locator('.run-state', { hasText: /Done|Failed|Stopped/ }).waitFor({ timeout: 180_000 });
    await shot('3-vad-done');
    assert.match(await stateText(), /^Done/);
    const link = frame.locator('.profile-link a');
    await link.waitFor({ timeout: 10_000 });
    const saved = ((await link.textContent()) ?? '').trim();
    panelProfile = readProfile(saved);
    assert.equal(panelProfile.partial, false);
    assert.deepEqual(panelProfile.model.fixedInputs, { sr: [16000] });
    const sequence = panelProfile.model.dims.find((d) => d.name === 'sequence');
    assert.deepEqual([sequence?.min, sequence?.max], [512, 512], 'the typed sequence length ran');
    const header = (await frame.locator('.model-slot').textContent()) ?? '';
    assert.match(header, /512/, 'the model header shows the sequence length used');
    assert.doesNotMatch(header, /\(default\)/, 'no default left in the header for a dim the user set');
  });

  it('saves the run as a configuration in .batchscope/config.json', async () => {
    await frame.locator('#btn-save-configuration:not([disabled])').click();
    const input = page.locator('.quick-input-widget .quick-input-box input');
    await input.waitFor({ state: 'visible', timeout: 15_000 });
    await input.fill(CONFIGURATION);
    await page.keyboard.press('Enter');
    const file = path.join(workspace, '.batchscope', 'config.json');
    const until = Date.now() + 15_000;
    while (!fs.existsSync(file) && Date.now() < until) await page.waitForTimeout(200);
    assert.ok(fs.existsSync(file), 'the configuration file was written');
    assert.match(fs.readFileSync(file, 'utf8'), new RegExp(`"${CONFIGURATION}"`));
    await frame.locator('.notice', { hasText: 'Saved run configuration' }).waitFor({ timeout: 10_000 });
    await shot('4-configuration-saved');
  });

  it('switching between three models never shows another model’s settings or profile', async () => {
    await switchModel('mlp.onnx');
    await frame.locator('#btn-run:not([disabled])').waitFor({ timeout: 60_000 });
    assert.equal(await frame.locator('#f-fixedInputs_sr').count(), 0, 'no sr field on the MLP');
    assert.equal(await frame.locator('.profile-link a').count(), 0, 'no link to the VAD profile');
    await shot('5a-mlp');
    await switchModel('fixed_batch.onnx');
    await frame.locator('.model-slot', { hasText: /batch/i }).waitFor({ timeout: 60_000 });
    const fixedText = (await frame.locator('body').textContent()) ?? '';
    assert.doesNotMatch(fixedText, /from 1 to 1/, 'no error carried over from another model’s form');
    assert.equal(await frame.locator('#f-fixedInputs_sr').count(), 0);
    await shot('5b-fixed-batch');
    await switchModel('vad.onnx');
    await frame.locator('#btn-run:not([disabled])').waitFor({ timeout: 90_000 });
    assert.equal(
      await frame.locator('#f-fixedInputs_sr input').inputValue(),
      '16000',
      'restored from the configuration',
    );
    await frame.locator('.settings', { hasText: CONFIGURATION }).first().waitFor({ timeout: 10_000 });
    await shot('5c-vad-restored');
  });

  it('a window reload mid-run leaves the panel saying "interrupted", with the partial profile', async () => {
    await setRun(60, 100);
    await startRunAndWaitForTicks();
    await shot('6a-before-reload');
    await page.reload();
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    frame = panelFrame(page);
    await frame.locator('.run-state', { hasText: 'Interrupted' }).waitFor({ timeout: 90_000 });
    await shot('6b-interrupted');
    const text = (await frame.locator('body').textContent()) ?? '';
    assert.doesNotMatch(text, /Running strategies|Running…/, 'nothing still says the run goes on');
    // The engine saves once the old extension host is gone; the panel says it waits meanwhile.
    const open = frame.locator('button, vscode-button, a', { hasText: /partial profile/i }).first();
    await open.waitFor({ timeout: 40_000 });
    const partial = profilesOnDisk()
      .map((f) => readProfile(path.join(workspace, '.batchscope', 'profiles', f)))
      .filter((p) => p.partial);
    assert.equal(partial.length, 1, 'the engine saved the interrupted run as a partial profile');
    assert.ok(
      partial[0].strategies.some((s) => s.summary.completed > 0),
      'with what it measured',
    );
  });

  it('a cancel mid-run says so and links the partial profile', async () => {
    await frame.locator('#btn-run:not([disabled])').waitFor({ timeout: 90_000 });
    await setRun(60, 100);
    await startRunAndWaitForTicks();
    await frame.locator('#btn-cancel:not([disabled])').click();
    await frame.locator('.run-state', { hasText: /^Cancelled/ }).waitFor({ timeout: 60_000 });
    await shot('7-cancelled');
    const text = (await frame.locator('body').textContent()) ?? '';
    assert.doesNotMatch(text, /Running strategies/, 'the progress says the run ended');
    assert.match(text, /partial/i);
  });

  it('the engine process killed mid-run says so and links the partial profile', async () => {
    await setRun(60, 100);
    await startRunAndWaitForTicks();
    const found = spawnSync('pgrep', ['-n', '-f', 'batchscope.*dist/engine\\.js'], { encoding: 'utf8' });
    const pid = Number(found.stdout.trim());
    assert.ok(pid > 0, `no engine process found: ${found.stdout} ${found.stderr}`);
    process.kill(pid, 'SIGKILL');
    await frame.locator('.run-state', { hasText: /Failed|Stopped|stopped/ }).waitFor({ timeout: 60_000 });
    await frame
      .locator('button, vscode-button, a', { hasText: /partial profile/i })
      .first()
      .waitFor({ timeout: 30_000 });
    await shot('8-engine-killed');
    const text = (await frame.locator('body').textContent()) ?? '';
    assert.match(text, /engine process/i, 'it says the engine stopped');
    assert.doesNotMatch(text, /Running strategies/);
  });

  it('the CLI runs the saved configuration with the same settings', () => {
    assert.ok(panelProfile, 'needs the panel run');
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'batchscope-cli-')), 'cli.json');
    const r = spawnSync(
      process.execPath,
      [path.join(REPO_ROOT, 'bin', 'batchscope.js'), 'profile', '--config', CONFIGURATION, '--out', out],
      { cwd: workspace, encoding: 'utf8', timeout: 180_000 },
    );
    fs.writeFileSync(path.join(ARTIFACTS, 'cli-profile.txt'), `${r.stdout}\n${r.stderr}`);
    assert.equal(r.status, 0, `batchscope profile --config exited ${r.status}: ${r.stderr}`);
    const fromCli = readProfile(out);
    const { configuration, ...cliSettings } = fromCli.settings;
    const { configuration: _none, ...panelSettings } = panelProfile.settings;
    assert.equal(configuration, CONFIGURATION, 'the profile names the configuration it ran');
    assert.deepEqual(cliSettings, panelSettings, 'the same settings');
    assert.deepEqual(fromCli.model.fixedInputs, panelProfile.model.fixedInputs);
    assert.deepEqual(fromCli.model.dims, panelProfile.model.dims);
  });

  it('the Batchscope view lists the configuration and the profiles', async () => {
    await page.locator('.activitybar [aria-label^="Batchscope"]').first().click();
    const tree = page.locator('.pane', { hasText: /profiles/i });
    await tree.locator('.monaco-list-row', { hasText: 'vad.onnx' }).first().waitFor({ timeout: 30_000 });
    const vad = tree.locator('.monaco-list-row', { hasText: 'vad.onnx' }).first();
    if ((await vad.getAttribute('aria-expanded')) === 'false') await vad.click();
    await tree.locator('.monaco-list-row', { hasText: CONFIGURATION }).first().waitFor({ timeout: 30_000 });
    await shot('9-batchscope-view');
  });
});
