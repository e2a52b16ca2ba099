/**
 * The sweep in the panel (headless Chromium, the host's CSP, a fake host): the form and its
 * checks, the trade-off chart, the recommendation card, the configurations table, the messages
 * Sweep / Cancel / Verify / Export post, and the standalone sweep report.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { pathToFileURL } from 'url';
import type { Browser, Page } from 'playwright-core';
import { admitWebviewMessage } from '../../src/extension/panel/messageGate';
import { isWebviewMessage, type HostToWebview } from '../../src/shared/panelProtocol';
import { validateSweepConfig } from '../../src/shared/sweep/sweepPanelProtocol';
import type { SweepFile } from '../../src/shared/sweep/sweepTypes';
import { renderSweepReport } from '../../src/report/renderSweepReport';
import { parseListOrRange } from '../../webview/views/formText';
import { configRows, sweepChartData } from '../../webview/data/sweepSeries';
import { buildWebviewForTests } from './buildWebview';
import { postedOf, usePanelPages } from './panelSuite';
import {
  colourCounts,
  CSP_LISTENER_SCRIPT,
  ensureArtifacts,
  inPage,
  launchChromium,
  settled,
  waitInPage,
  watchProblems,
} from './panelPage';
import { configureMessage, openedSweepMessages, SWEEP_PATH, sweepFixture } from './sweepFixtures';

/** The dark test theme's palette (vscodeThemes.css): blue, orange, green, purple, red, yellow. */
const DARK = ['#3794ff', '#d18616', '#89d185', '#b180d7', '#f14c4c', '#cca700'];
const DARK_ERROR = '#f85149';

/**
 * Horizontal lines of colour `hex` in the sweep chart: for each band of adjacent pixel rows where
 * that colour covers over a third of the canvas width, the largest share covered.
 */
function horizontalLines(page: Page, hex: string): Promise<number[]> {
  return inPage(
    page,
    `(hex) => {
      const rgb = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
      const c = document.querySelector('canvas[data-chart="sweep"]');
      const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      const lines = [];
      let last = -10;
      for (let y = 0; y < c.height; y++) {
        let n = 0;
        for (let x = 0; x < c.width; x++) {
          const p = (y * c.width + x) * 4;
          if (Math.abs(d[p] - rgb[0]) <= 2 && Math.abs(d[p + 1] - rgb[1]) <= 2 && Math.abs(d[p + 2] - rgb[2]) <= 2) n++;
        }
        const share = n / c.width;
        if (share < 1 / 3) continue;
        if (y - last > 1) lines.push(share);
        else lines[lines.length - 1] = Math.max(lines[lines.length - 1], share);
        last = y;
      }
      return lines.map((s) => Math.round(s * 100) / 100);
    }`,
    hex,
  );
}

describe('sweep data for the view (pure)', () => {
  it('reads load levels as a FROM:TO:STEP range or a list, and refuses a malformed range', () => {
    assert.deepStrictEqual(parseListOrRange('0.1:1:0.1'), [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1]);
    assert.deepStrictEqual(parseListOrRange(' 0.25:0.75:0.25 '), [0.25, 0.5, 0.75]);
    assert.deepStrictEqual(parseListOrRange('0.5, 0.9'), [0.5, 0.9]);
    assert.strictEqual(parseListOrRange('1:0.1:0.1'), null, 'FROM above TO');
    assert.strictEqual(parseListOrRange('0.1:1:0'), null, 'a zero step');
    assert.strictEqual(parseListOrRange('0.1:1'), null, 'two parts');
    assert.strictEqual(parseListOrRange('0.0001:2:0.0001'), null, 'too many levels');
  });

  it('makes one curve per configuration in rate order, the front by throughput, a log axis over decades', () => {
    const sweep = sweepFixture('verified');
    const d = sweepChartData(sweep);
    assert.strictEqual(d.curves.length, sweep.configs.length);
    for (const c of d.curves) {
      assert.strictEqual(c.points.length, 10, `${c.label}: one point per swept rate`);
      const rates = c.points.map((p) => p.point.offeredRps);
      assert.deepStrictEqual(
        rates,
        [...rates].sort((a, b) => a - b),
        `${c.label}: points in rate order`,
      );
    }
    assert.strictEqual(d.pareto.length, sweep.pareto.length);
    assert.ok(
      d.pareto.every((p, i) => i === 0 || p.x >= d.pareto[i - 1].x),
      'front sorted by throughput',
    );
    assert.strictEqual(d.sloMs, 10);
    assert.ok(Math.abs((d.budgetMs ?? 0) - 9) < 1e-9, `budget = SLO × (1 − margin), got ${d.budgetMs}`);
    assert.strictEqual(d.logY, true, 'p99 spans 0.3 to 300 ms here');
    assert.deepStrictEqual(
      d.measured.map((m) => [m.kind, m.met]),
      [
        ['verification', false],
        ['verification', true],
      ],
    );
    const rows = configRows(sweep);
    assert.deepStrictEqual(
      rows.filter((r) => r.recommended).map((r) => r.label),
      [sweep.recommendation!.label],
    );
  });
});

describe('sweep in the panel (Chromium)', function () {
  this.timeout(60_000);
  // One Chromium, pages checked for CSP violations and console or page errors (panelSuite.ts).
  const suite = usePanelPages();
  const artifacts = ensureArtifacts();
  const open = (): Promise<Page> => suite.open('vscode-dark', { width: 1280, height: 1600 });

  async function play(page: Page, messages: HostToWebview[]): Promise<void> {
    await suite.play(page, messages);
    // The sweep chart draws a frame after the view that holds it.
    await settled(page);
  }

  const disabled = (page: Page, selector: string): Promise<boolean> =>
    page.locator(selector).evaluate((e: unknown) => (e as { disabled: boolean }).disabled);
  const chartSeries = (page: Page): Promise<string[]> =>
    inPage(page, `() => document.querySelector('canvas[data-chart="sweep"]').dataset.series.split(' ')`);

  it('draws a saved sweep: a line per configuration, the SLO and budget, the Pareto front and the verifications', async () => {
    const sweep = sweepFixture('verified');
    const page = await open();
    await play(page, openedSweepMessages(sweep));
    await page.screenshot({ path: path.join(artifacts, 'sweep-verified.png'), fullPage: true });

    const series = await chartSeries(page);
    const curves = series.filter((s) => s.startsWith('curve:'));
    assert.deepStrictEqual(
      curves,
      sweep.configs.map((_, i) => `curve:${i}`),
      'one dataset per configuration',
    );
    for (const overlay of ['slo', 'budget', 'pareto', 'verification', 'link', 'recommended'])
      assert.ok(
        series.includes(overlay),
        `the chart lacks the ${overlay} dataset (has: ${series.join(' ')})`,
      );
    assert.ok(!series.includes('measured'), 'no point of this sweep was measured by --measure');

    const counts = (await colourCounts(page, DARK, 2)).sweep;
    assert.ok(counts, 'the sweep chart is not visible');
    DARK.forEach((c, k) =>
      assert.ok(counts[k] > 20, `palette colour ${c} is missing from the curves (${counts[k]} px)`),
    );

    // The card: label, predicted beside measured, met, binding constraint, every reason.
    const r = sweep.recommendation!;
    assert.strictEqual(await page.locator('#sweep-recommendation .rec-label').textContent(), r.label);
    assert.match(
      (await page.locator('#sweep-recommendation .rec-title').textContent()) ?? '',
      /1 instance · at 3,000 req\/s/,
    );
    const table = await inPage<string[][]>(
      page,
      `() => [...document.querySelectorAll('#sweep-recommendation .rec-table tr')].map((tr) => [...tr.cells].map((c) => c.textContent))`,
    );
    assert.deepStrictEqual(table[0], ['', 'Predicted', 'Measured']);
    assert.deepStrictEqual(
      table.find((row) => row[0] === 'p99 (ms)'),
      ['p99 (ms)', '0.313', '4.34'],
    );
    assert.deepStrictEqual(
      table.find((row) => row[0] === 'p50 (ms)'),
      ['p50 (ms)', '0.103', '0.566'],
    );
    assert.deepStrictEqual(
      table.find((row) => row[0] === 'Throughput (req/s)'),
      ['Throughput (req/s)', '2,998', '2,970'],
    );
    assert.deepStrictEqual(
      table.find((row) => row[0].startsWith('SLO')),
      ['SLO (p99 ≤ 10 ms)', '✓ met', '✓ met'],
    );
    assert.match(
      (await page.locator('.rec-verdict').textContent()) ?? '',
      /^Verified on the model: p99 4\.34 ms measured/,
    );
    assert.strictEqual(await page.locator('.rec-binding strong').getAttribute('data-binding'), 'slo');
    assert.deepStrictEqual(await page.locator('.rec-reasons li').allTextContents(), r.reasons);
    assert.deepStrictEqual(
      (await page.locator('#sweep-verifications tbody tr').allInnerTexts()).map(
        (t) => t.split('\t')[0] + ' ' + t.split('\t').at(-1),
      ),
      ['dynamic(max=16, delay=0ms) ×1 ✗ missed', 'dynamic(max=8, delay=0ms) ×1 ✓ met'],
    );

    // The table: every configuration, most sustainable first, the recommended one marked.
    const rows = await inPage<Array<{ config: number; rate: string; recommended: boolean }>>(
      page,
      `() => [...document.querySelectorAll('#sweep-configs tbody tr')].map((tr) => ({
        config: Number(tr.dataset.config), rate: tr.cells[2].textContent, recommended: tr.classList.contains('recommended') }))`,
    );
    assert.strictEqual(rows.length, sweep.configs.length);
    const rates = rows.map((x) => Number(x.rate.replace(/,/g, '')));
    assert.deepStrictEqual(
      rates,
      [...rates].sort((a, b) => b - a),
      'sorted by max sustainable rate',
    );
    assert.deepStrictEqual(
      rows.filter((x) => x.recommended).map((x) => x.config),
      [r.configIndex],
    );
    await page.locator('#sweep-configs button[data-sort="best"]').click();
    const best = await page.locator('#sweep-configs tbody tr td:nth-child(5)').allTextContents();
    assert.deepStrictEqual(
      best.map(Number),
      [...best.map(Number)].sort((a, b) => a - b),
      'sorted by lowest p99',
    );
    assert.strictEqual(
      await page.locator('#sweep-configs th:has(button[data-sort="best"])').getAttribute('aria-sort'),
      'ascending',
    );

    // Only the sweep view in 'sweep' mode: no forms, no model section, no run charts, no Run.
    for (const gone of ['#run-form', '#sweep-form'])
      assert.strictEqual(await page.locator(gone).count(), 0, `${gone} must not be built in sweep mode`);
    for (const hidden of ['#model', '#charts', '#summary', '#btn-run', '#btn-save-as'])
      assert.strictEqual(
        await page.locator(hidden).isVisible(),
        false,
        `${hidden} must be hidden in sweep mode`,
      );
    assert.match(
      (await page.locator('.sweep-path').textContent()) ?? '',
      new RegExp(SWEEP_PATH.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')),
    );
  });

  it('draws the SLO as a solid horizontal line and, with a margin, the budget as a dashed one', async () => {
    const page = await open();
    const sweep = sweepFixture('verified');
    await play(page, openedSweepMessages({ ...sweep, settings: { ...sweep.settings, margin: 0 } }));
    const sloOnly = await horizontalLines(page, DARK_ERROR);
    assert.ok(!(await chartSeries(page)).includes('budget'), 'no budget line without a margin');
    assert.strictEqual(
      sloOnly.length,
      1,
      `one SLO line, got rows covering ${sloOnly.join(', ')} of the width`,
    );
    await play(page, [{ type: 'sweep', sweep, state: 'done' }]);
    const both = await horizontalLines(page, DARK_ERROR);
    assert.strictEqual(both.length, 2, `the SLO and the budget, got rows covering ${both.join(', ')}`);
    const [solid, dashed] = [Math.max(...both), Math.min(...both)];
    assert.ok(solid > 0.6, `the SLO line should run across the plot (${solid})`);
    assert.ok(dashed < solid * 0.8, `the budget line should be dashed (${dashed} vs ${solid})`);
  });

  it('highlights a configuration’s curve when its row is focused (keyboard) and fades the others', async () => {
    const page = await open();
    await play(page, openedSweepMessages(sweepFixture('verified')));
    const before = (await colourCounts(page, DARK, 2)).sweep;
    // Configuration 1 is drawn in orange; focusing configuration 0's row fades every other curve.
    await page.locator('#sweep-configs tbody tr[data-config="0"]').focus();
    await settled(page);
    const focused = (await colourCounts(page, DARK, 2)).sweep;
    assert.ok(focused[1] < before[1] / 2, `orange curves should fade (${before[1]} → ${focused[1]} px)`);
    assert.ok(focused[0] > 0, 'the focused curve stays in its colour');
    await page.keyboard.press('Tab');
    await page.locator('#sweep-title').click();
    await settled(page);
    const after = (await colourCounts(page, DARK, 2)).sweep;
    assert.ok(
      after[1] > before[1] * 0.8,
      `leaving the table restores the curves (${after[1]} vs ${before[1]} px)`,
    );
  });

  it('shows an unverified recommendation as predicted only, and says why when there is none', async () => {
    const page = await open();
    const sweep = sweepFixture('unverified');
    await play(page, openedSweepMessages(sweep));
    assert.match(
      (await page.locator('.rec-unverified').textContent()) ?? '',
      /not measured on the model yet/,
    );
    const head = await page.locator('#sweep-recommendation .rec-table thead th').allTextContents();
    assert.deepStrictEqual(head, ['', 'Predicted'], 'no Measured column before a verification');
    assert.strictEqual(await page.locator('#sweep-verifications tbody tr').count(), 3);
    assert.strictEqual(await disabled(page, '#btn-verify-sweep'), false, 'Verify is offered');

    const none: SweepFile = {
      ...sweep,
      recommendation: null,
      noRecommendation:
        'No configuration keeps p99 under 4.5 ms at any swept rate: relax the SLO or add instances.',
    };
    await play(page, [{ type: 'sweep', sweep: none, state: 'done' }]);
    assert.strictEqual(await page.locator('#sweep-no-recommendation').textContent(), none.noRecommendation);
    assert.strictEqual(await page.locator('.rec-reasons').count(), 0);
    assert.strictEqual(await disabled(page, '#btn-verify-sweep'), true, 'nothing to verify');
    assert.strictEqual(await disabled(page, '#btn-export-sweep'), true, 'nothing to export');
    assert.ok(!(await chartSeries(page)).includes('recommended'));
  });

  it('flags bad sweep fields next to them, then posts a well-formed startSweep the host admits', async () => {
    const sweep = sweepFixture('verified');
    const page = await open();
    await play(page, [configureMessage(sweep)]);
    await page.locator('details.sweep-settings > summary').click();
    assert.strictEqual(
      await page.locator('#f-sweep_strategies').evaluate((e: unknown) => (e as { value: string }).value),
      'none,dynamic(max=2|4|8|16|32,delay=0|0.5|1|2|5)',
      'the default grid, capped at the model’s largest batch',
    );
    assert.match((await page.locator('#f-sweep_strategies-hint').textContent()) ?? '', /\|/);
    assert.strictEqual(await disabled(page, '#btn-sweep'), false, 'defaults are valid');

    await page.locator('#f-sweep_strategies input').fill('none,dynamic(max=4|x)');
    await page.locator('#f-sweep_load input').fill('1:0.1:0.1');
    await page.locator('#f-sweep_marginPct input').fill('95');
    await settled(page);
    for (const [id, pattern] of [
      ['sweep_strategies', /max/i],
      ['sweep_load', /FROM:TO:STEP/],
      ['sweep_marginPct', /margin/i],
    ] as const) {
      assert.strictEqual(
        await page.locator(`#f-${id}`).evaluate((e: unknown) => (e as { invalid: boolean }).invalid),
        true,
        `${id} should be marked invalid`,
      );
      assert.match((await page.locator(`#f-${id}-error`).textContent()) ?? '', pattern);
    }
    assert.strictEqual(await disabled(page, '#btn-sweep'), true, 'Sweep must be disabled');
    await page.locator('#btn-sweep').click({ force: true });
    assert.deepStrictEqual(await postedOf(page, 'startSweep'), [], 'an invalid form must not start a sweep');
    await page.screenshot({ path: path.join(artifacts, 'sweep-form-invalid.png'), fullPage: true });

    await page.locator('#f-sweep_strategies input').fill('none,dynamic(max=4|8,delay=0|1)');
    await page.locator('#f-sweep_instances input').fill('1, 2');
    await page.locator('#f-sweep_load input').fill('0.2:1:0.2');
    await page.locator('#f-sweep_marginPct input').fill('15');
    await page.locator('#f-sweep_sloMs input').fill('20');
    await page.locator('#f-sweep_sloPercentile input').fill('95');
    await page.locator('#f-sweep_targetRps input').fill('');
    await page.locator('#f-sweep_verify').click();
    await settled(page);
    assert.strictEqual(
      await page.locator('#sweep-grid-size').textContent(),
      '5 strategy configurations × 2 instance counts = 10 configurations.',
    );
    await page.locator('#btn-sweep').focus();
    await page.keyboard.press('Enter');
    const [start] = await postedOf(page, 'startSweep');
    assert.ok(start, 'Sweep (pressed with the keyboard) should post startSweep');
    assert.ok(isWebviewMessage(start), 'the message must pass the host’s own check');
    const admitted = admitWebviewMessage(start);
    assert.ok(admitted.ok, `the host’s gate refused it: ${admitted.ok ? '' : admitted.reason}`);
    assert.deepStrictEqual(start.config, {
      strategies: 'none,dynamic(max=4|8,delay=0|1)',
      instances: [1, 2],
      load: [0.2, 0.4, 0.6, 0.8, 1],
      sloMs: 20,
      sloPercentile: 95,
      marginPct: 15,
      targetRps: null,
      verify: false,
      measure: false,
    });
    assert.deepStrictEqual(validateSweepConfig(start.config, sweep.model.maxBatchSupported), []);
    assert.strictEqual(await disabled(page, '#btn-sweep'), true, 'no second sweep while one starts');
    assert.strictEqual(await disabled(page, '#btn-run'), true, 'no run while a sweep starts');
    assert.strictEqual((await postedOf(page, 'startSweep')).length, 1);
  });

  it('follows a live sweep: stage and Cancel while running, Verify and Export once done, failure in words', async () => {
    const sweep = sweepFixture('unverified');
    const page = await open();
    await play(page, [
      configureMessage(sweep),
      { type: 'sweep', sweep: null, state: 'running', stage: 'Calibrating on 1 instance…' },
    ]);
    assert.match((await page.locator('#sweep-state').textContent()) ?? '', /Calibrating on 1 instance/);
    assert.ok(await page.locator('#btn-cancel-sweep').isVisible(), 'Cancel is offered while running');
    assert.strictEqual(await page.locator('#sweep .sweep-body').isVisible(), false, 'nothing to draw yet');
    await page.locator('#btn-cancel-sweep').click();
    assert.strictEqual((await postedOf(page, 'cancelSweep')).length, 1);

    await play(page, [{ type: 'sweep', sweep, state: 'running', stage: 'Verifying on the model…' }]);
    assert.strictEqual(await disabled(page, '#btn-verify-sweep'), true, 'no Verify while running');
    assert.strictEqual(await disabled(page, '#btn-export-sweep'), true, 'no Export while running');
    assert.strictEqual(await disabled(page, '#btn-sweep'), true, 'no second sweep while running');
    assert.ok((await chartSeries(page)).length > sweep.configs.length, 'the curves are drawn while it runs');

    await play(page, [{ type: 'sweep', sweep, state: 'done', sweepPath: SWEEP_PATH }]);
    assert.strictEqual(await page.locator('#btn-cancel-sweep').isVisible(), false);
    await page.locator('#btn-verify-sweep').click();
    const verify = await postedOf(page, 'verifySweep');
    assert.deepStrictEqual(verify, [{ type: 'verifySweep' }]);
    assert.ok(isWebviewMessage(verify[0]));
    assert.strictEqual(await disabled(page, '#btn-verify-sweep'), true, 'Verify waits for the host');
    await play(page, [{ type: 'sweep', sweep, state: 'done' }]);

    await page.locator('#f-sweep-export-format').click();
    await page.locator('#f-sweep-export-format li[role="option"]:has-text("Ray Serve")').click();
    await page.locator('#btn-export-sweep').click();
    const exported = await postedOf(page, 'exportSweep');
    assert.deepStrictEqual(exported, [{ type: 'exportSweep', format: 'ray' }]);
    assert.ok(isWebviewMessage(exported[0]) && admitWebviewMessage(exported[0]).ok);

    await play(page, [
      { type: 'sweep', sweep: null, state: 'failed', message: 'the model could not be loaded: bad file.' },
    ]);
    assert.match(
      (await page.locator('#sweep .sweep-messages [role="alert"]').textContent()) ?? '',
      /The sweep failed: the model could not be loaded: bad file\./,
    );
    await play(page, [{ type: 'sweep', sweep, state: 'cancelled' }]);
    assert.match(
      (await page.locator('#sweep .sweep-messages .notice-warning').first().textContent()) ?? '',
      /cancelled/,
    );
    assert.strictEqual(await disabled(page, '#btn-sweep'), false, 'a new sweep can start');
  });

  it('keeps Verify off in an untrusted workspace (it runs the model); Export stays available', async () => {
    const page = await open();
    await play(page, openedSweepMessages(sweepFixture('verified'), false));
    assert.strictEqual(await disabled(page, '#btn-verify-sweep'), true);
    assert.strictEqual(await disabled(page, '#btn-export-sweep'), false);
  });
});

describe('sweep HTML report', function () {
  this.timeout(60_000);
  let browser: Browser;
  let webviewJs: string;
  const artifacts = ensureArtifacts();
  const css = path.resolve(__dirname, '../../media/panel.css');

  before(async () => {
    webviewJs = await buildWebviewForTests();
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
  });

  it('renders offline from file://: chart, recommendation and table, no buttons, nothing injected', async () => {
    const sweep = sweepFixture('verified');
    const evil = '</script><script>alert(1)</script>\u2028&amp;<!--';
    sweep.recommendation!.reasons = [...sweep.recommendation!.reasons, `A reason naming ${evil}`];
    const html = renderSweepReport(sweep, { webviewScriptPath: webviewJs, stylesheetPath: css });
    assert.strictEqual(html.match(/<script/gi)?.length, 2, 'exactly the data element and the bundle');
    const file = path.join(artifacts, 'sweep-report.html');
    fs.writeFileSync(file, html);

    const page = await browser.newPage({ viewport: { width: 1280, height: 1600 }, colorScheme: 'dark' });
    const problems = watchProblems(page);
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await page.addInitScript({ content: CSP_LISTENER_SCRIPT });
    await page.goto(pathToFileURL(file).href);
    await waitInPage(
      page,
      `() => document.querySelectorAll('#sweep-configs tbody tr').length === 20`,
      20_000,
    );
    await settled(page);
    await page.screenshot({ path: path.join(artifacts, 'sweep-report.png'), fullPage: true });

    assert.deepStrictEqual(dialogs, []);
    assert.deepStrictEqual(await inPage(page, `() => window.__cspViolations`), []);
    assert.deepStrictEqual(problems.pageErrors, []);
    assert.deepStrictEqual(problems.consoleErrors, []);
    assert.deepStrictEqual(requests, [pathToFileURL(file).href], 'the report must load nothing else');
    assert.strictEqual(await page.title(), 'Batchscope sweep — mlp.onnx');
    assert.strictEqual(await page.locator('vscode-button').count(), 0, 'no Verify/Export without a host');
    assert.match((await page.locator('.sweep-report-note').textContent()) ?? '', /batchscope export/);
    assert.strictEqual(await page.locator('.rec-label').textContent(), sweep.recommendation!.label);
    assert.strictEqual(await page.locator('.rec-reasons li').last().textContent(), `A reason naming ${evil}`);
    const series = await inPage<string>(
      page,
      `() => document.querySelector('canvas[data-chart="sweep"]').dataset.series`,
    );
    assert.strictEqual(series.split(' ').filter((s) => s.startsWith('curve:')).length, 20);
    const drawn = await inPage<number>(
      page,
      `() => { const c = document.querySelector('canvas[data-chart="sweep"]');
        const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        let n = 0; for (let i = 3; i < d.length; i += 4) if (d[i] > 200) n++; return n; }`,
    );
    assert.ok(drawn > 5000, `the chart is blank in the report (${drawn} opaque pixels)`);
    await page.close();
  });
});
