/**
 * The run form in Chromium: one draft per model (never another model's settings), the fields a
 * model that rejected synthetic values needs, re-inspection without rebuilding the form, Run
 * folding the form to one line, and saving the form as a run configuration.
 */
import * as assert from 'assert';
import * as path from 'path';
import type { Page } from 'playwright-core';
import { isWebviewMessage, type HostToWebview } from '../../src/shared/panelProtocol';
import type { ModelSummary } from '../../src/shared/profileTypes';
import { DEFAULTS, VAD_FIXED, VAD_REJECTED } from './panelFixtures';
import { ensureArtifacts, inPage, posted, settled } from './panelPage';
import { pause, postedOf, prop, usePanelPages } from './panelSuite';
import { recordedRunMessages } from './recordedFixtures';

type InitMessage = Extract<HostToWebview, { type: 'init' }>;

const init = (model: ModelSummary, extra: Partial<InitMessage> = {}): InitMessage => ({
  type: 'init',
  mode: 'configure',
  model,
  defaults: DEFAULTS,
  trusted: true,
  title: model.fileName,
  modelKey: model.path,
  defaultsKey: 'settings',
  ...extra,
});

/** The recorded run's model (samples/mlp.onnx), batchable. */
function mlp(): ModelSummary {
  const first = recordedRunMessages()[0];
  if (first.type !== 'init' || !first.model) throw new Error('the recorded run starts without a model');
  return first.model;
}

/** A model whose batch dim is fixed to 1: only `none` runs, and max batch 16 would be an error. */
function fixedBatch(): ModelSummary {
  return {
    ...mlp(),
    path: '/work/project/models/fixed_batch.onnx',
    fileName: 'fixed_batch.onnx',
    batchable: false,
    notBatchableReason: 'Its batch dimension is fixed to 1.',
    maxBatchSupported: 1,
  };
}

const bodyText = (page: Page): Promise<string> => inPage(page, `() => document.body.innerText`);
const isHidden = (page: Page, selector: string): Promise<boolean> => page.locator(selector).isHidden();

describe('panel run form in Chromium', function () {
  this.timeout(60_000);
  const { open, play } = usePanelPages();
  const artifacts = ensureArtifacts();

  it("keeps one draft per model: another model's form never shows this one's settings", async () => {
    const page = await open();
    const a = mlp();
    await play(page, [init(a)]);
    await page.locator('#f-durationS input').fill('7');
    await page.locator('#f-strategies_2_maxBatch input').fill('16');
    await settled(page);

    // Model B cannot batch: with A's draft it would say "Max batch must be … from 1 to 1".
    await play(page, [init(fixedBatch())]);
    assert.strictEqual(await prop(page, '#f-durationS', 'value'), '5', "B's form starts from the defaults");
    assert.strictEqual(await page.locator('#f-strategies_2_maxBatch').count(), 0, 'B runs only none');
    assert.deepStrictEqual(await page.locator('.field-error:not([hidden])').allTextContents(), []);
    assert.strictEqual(await prop(page, '#btn-run', 'disabled'), false, "B's defaults are valid");

    await play(page, [init(a)]);
    assert.strictEqual(await prop(page, '#f-durationS', 'value'), '7', "back on A, A's draft is back");
    assert.strictEqual(await prop(page, '#f-strategies_2_maxBatch', 'value'), '16');

    const state = await inPage<{ version: number; drafts: Array<{ modelKey: string }> }>(
      page,
      `() => window.__uiState`,
    );
    assert.strictEqual(state.version, 2);
    assert.deepStrictEqual(
      state.drafts.map((d) => d.modelKey),
      [a.path],
      'only the edited model has a draft',
    );
  });

  it('drops a draft made from other defaults: a picked run configuration wins, and says where it came from', async () => {
    const page = await open();
    const a = mlp();
    await play(page, [init(a)]);
    await page.locator('#f-durationS input').fill('7');
    await settled(page);
    await play(page, [
      init(a, {
        defaults: { ...DEFAULTS, durationS: 3 },
        defaultsKey: 'configuration:fast:1a2b',
        configurationName: 'fast',
      }),
    ]);
    assert.strictEqual(await prop(page, '#f-durationS', 'value'), '3', 'the configuration’s duration');
    assert.match(
      (await page.locator('details.settings > summary').textContent()) ?? '',
      /from configuration ‹fast›/,
    );
    await page.locator('#btn-open-configurations').click();
    assert.deepStrictEqual((await posted(page)).pop(), { type: 'openConfigurations' });
    const state = await inPage<{ drafts: unknown[] }>(page, `() => window.__uiState`);
    assert.deepStrictEqual(state.drafts, [], 'the stale draft was dropped, not kept for later');
  });

  it('shows the signature and the fields a model that rejected synthetic values needs, with the hint next to `sr`', async () => {
    const page = await open('vscode-dark', { width: 1000, height: 1400 });
    await play(page, [init(VAD_REJECTED)]);
    const inputs = await page.locator('.model .tensor-table').first().locator('tbody tr').allInnerTexts();
    assert.deepStrictEqual(
      inputs.map((r) => r.split('\t').slice(0, 3)),
      [
        ['input', 'float32', '[batch, sequence]'],
        ['sr', 'int64', '[]'],
      ],
    );
    assert.ok(await page.locator('#f-fixedInputs_sr').isVisible(), 'sr has a field');
    assert.ok(await page.locator('#f-dims_sequence_min').isVisible(), 'sequence has fields');
    assert.strictEqual(
      await page.locator('#f-fixedInputs_sr-hint').textContent(),
      'The model rejected the synthetic value of sr: set it here, e.g. 16000.',
    );
    assert.match((await page.locator('#f-dims_sequence-hint').textContent()) ?? '', /sequence: set it here/);
    assert.strictEqual(
      await page.locator('#f-fixedInputs_input').count(),
      0,
      'the batch data is not blamed, and gets no field of its own',
    );
    assert.match(
      (await page.locator('.model .probe-problem').textContent()) ?? '',
      /set sr under Fixed inputs \(e\.g\. 16000\); set sequence under Symbolic dimensions/,
    );
    assert.doesNotMatch(await bodyText(page), /--input|--dim/, 'panel language, never CLI flags');
    assert.strictEqual(await prop(page, '#btn-run', 'disabled'), true, 'Run waits until the model runs');
    assert.match((await page.locator('#run-gate').textContent()) ?? '', /rejected synthetic values.*sr/);
    await page.screenshot({ path: path.join(artifacts, 'form-probe-problem.png'), fullPage: true });

    // Typing two values quickly asks once, after the pause, with both.
    await page.locator('#f-fixedInputs_sr input').fill('16000');
    await page.locator('#f-dims_sequence_min input').fill('512');
    await page.locator('#f-dims_sequence_max input').fill('512');
    assert.deepStrictEqual(await postedOf(page, 'inspect'), [], 'debounced: nothing asked while typing');
    await settled(page);
    assert.match((await page.locator('#run-gate').textContent()) ?? '', /Inspecting/);
    await pause(900);
    const asked = await postedOf(page, 'inspect');
    assert.deepStrictEqual(asked, [
      { type: 'inspect', dims: [{ name: 'sequence', min: 512, max: 512 }], fixedInputs: { sr: [16000] } },
    ]);
    assert.ok(isWebviewMessage(asked[0]), 'the host’s own check accepts it');
    assert.match((await page.locator('.model h2').textContent()) ?? '', /Inspecting…/);
    assert.strictEqual(await prop(page, '#btn-run', 'disabled'), true, 'no run while inspecting');
  });

  it('applies a re-inspection without rebuilding the form: typed values and focus stay, Run follows', async () => {
    const page = await open();
    await play(page, [init(VAD_REJECTED)]);
    await page.locator('#f-fixedInputs_sr input').fill('16000');
    await page.locator('#f-durationS input').fill('9');
    await page.locator('#f-dims_sequence_max input').fill('512');
    await page.locator('#f-dims_sequence_max input').focus();
    await pause(900);
    assert.strictEqual((await postedOf(page, 'inspect')).length, 1);
    // The user keeps typing while the host answers.
    await page.keyboard.press('End');
    await play(page, [{ type: 'model', model: VAD_FIXED, inspecting: false }]);
    assert.strictEqual(await prop(page, '#f-fixedInputs_sr', 'value'), '16000');
    assert.strictEqual(await prop(page, '#f-durationS', 'value'), '9', 'other fields keep their text');
    assert.strictEqual(
      await prop(page, '#f-dims_sequence_min', 'value'),
      '16',
      'not reset to the model’s values',
    );
    assert.strictEqual(
      await inPage(page, `() => document.activeElement && document.activeElement.id`),
      'f-dims_sequence_max',
      'focus stays where the user types',
    );
    assert.strictEqual(
      await isHidden(page, '#f-fixedInputs_sr-hint'),
      true,
      'the hint went with the problem',
    );
    assert.match((await page.locator('.model .notice').first().textContent()) ?? '', /^Batchable/);
    assert.strictEqual(await isHidden(page, '#run-gate'), true);
    assert.strictEqual(await prop(page, '#btn-run', 'disabled'), false, 'Run is enabled once the model runs');
  });

  it('shows the form while the model is still inspected, and adds its fields when the answer comes', async () => {
    const page = await open();
    await play(page, [{ ...init(VAD_REJECTED), model: undefined, inspecting: true }]);
    assert.ok(await page.locator('#run-form').isVisible(), 'the form is there before the model is');
    assert.strictEqual(await prop(page, '#btn-run', 'disabled'), true);
    assert.match((await page.locator('#run-gate').textContent()) ?? '', /Inspecting the model/);
    await page.locator('#f-durationS input').fill('8');
    await play(page, [{ type: 'model', model: VAD_REJECTED, inspecting: false }]);
    assert.ok(
      await page.locator('#f-fixedInputs_sr').isVisible(),
      'the answer brings the signature’s fields',
    );
    assert.ok(await page.locator('#f-fixedInputs_sr-hint').isVisible());
    assert.strictEqual(await prop(page, '#f-durationS', 'value'), '8', 'what was typed meanwhile stays');
    assert.match((await page.locator('#run-gate').textContent()) ?? '', /rejected synthetic values/);
  });

  it('says why Run waits next to Run, and Show takes the user to the field', async () => {
    const page = await open('vscode-dark', { width: 1000, height: 700 });
    await play(page, [init(mlp())]);
    await page.locator('#f-durationS input').fill('-1');
    await page.locator('details.settings > summary').click();
    await settled(page);
    assert.match((await page.locator('#run-gate').textContent()) ?? '', /Run waits: Duration/);
    assert.strictEqual(
      await prop(page, '#btn-save-configuration', 'disabled'),
      true,
      'an invalid form is not saved',
    );
    await page.locator('#btn-show-problem').click();
    await settled(page);
    assert.strictEqual(await prop(page, 'details.settings', 'open'), true, 'the settings open');
    assert.strictEqual(
      await inPage(page, `() => document.activeElement && document.activeElement.id`),
      'f-durationS',
    );
    assert.ok(await page.locator('#f-durationS-error').isVisible(), 'the reason is in view');
  });

  it('Run folds the form to one line of settings and brings the progress into view', async () => {
    const page = await open('vscode-dark', { width: 1000, height: 700 });
    const messages = recordedRunMessages();
    await play(page, messages.slice(0, 1));
    await page.locator('#btn-save-configuration').click();
    const saved = await postedOf(page, 'saveConfiguration');
    assert.strictEqual(saved.length, 1);
    assert.ok(isWebviewMessage(saved[0]), 'the host’s own check accepts it');
    assert.strictEqual(saved[0].config.durationS, DEFAULTS.durationS);

    await page.locator('#btn-run').click();
    await settled(page);
    const summary = page.locator('details.settings > summary');
    assert.strictEqual(await prop(page, 'details.settings', 'open'), false);
    assert.strictEqual(
      await summary.textContent(),
      'Run settings: none, static(8), dynamic(max=8, delay=2ms) · poisson rate derived from calibration · ' +
        '5 s each · 1 instance × 1 thread',
    );
    const box = await page.locator('#progress').boundingBox();
    assert.ok(box && box.y >= 0 && box.y < 700, `the progress is in view (y = ${box?.y})`);
    assert.match((await page.locator('#progress .stage').textContent()) ?? '', /Starting the run/);

    // The run reports what it used: the summary and the model header show the recorded rate.
    const run = messages.slice(1).map((m) => {
      if (m.type !== 'events') return m;
      return {
        ...m,
        events: m.events.map((e) =>
          e.kind === 'model' ? { ...e, settings: { ...e.settings, rateRps: 287.4, rateDerived: true } } : e,
        ),
      };
    });
    await play(page, run);
    assert.match((await summary.textContent()) ?? '', /· poisson 287 req\/s \(derived\) · 1\.5 s each ·/);
    assert.match(
      (await page.locator('.model-run-values').textContent()) ?? '',
      /In this run: poisson 287 req\/s \(derived\)/,
    );
    const state = await inPage<{ formOpen: boolean }>(page, `() => window.__uiState`);
    assert.strictEqual(state.formOpen, false, 'the folded form stays folded when the panel comes back');
  });
});
