/**
 * The panel webview in real headless Chromium, under the host's CSP, driven by a fake host that
 * posts the messages the extension sends during a run.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { Page } from 'playwright-core';
import {
  isWebviewMessage,
  validateRunConfig,
  type HostToWebview,
  type WebviewToHost,
} from '../../src/shared/panelProtocol';
import { admitWebviewMessage } from '../../src/extension/panel/messageGate';
import { snapshotMessages, snapshotOf } from '../../src/extension/panel/panelOutbox';
import { profileToEvents, replayProfile } from '../../src/shared/profileReplay';
import { bundleBigRunDriver } from './buildWebview';
import { usePanelPages } from './panelSuite';
import { DEFAULTS, liveRunMessages } from './panelFixtures';
import { RECORDED_PROFILE_PATH, recordedProfile, recordedRunMessages } from './recordedFixtures';
import {
  canvasFingerprint,
  colourCounts,
  ensureArtifacts,
  inPage,
  posted,
  sendToWebview,
  settled,
  waitInPage,
} from './panelPage';
import { syntheticProfile } from './syntheticProfile';

/** The first three series colours (blue, orange, green) of each test theme (vscodeThemes.css). */
const PALETTES = {
  'vscode-dark': ['#3794ff', '#d18616', '#89d185'],
  'vscode-light': ['#1a85ff', '#d18616', '#388a34'],
  'vscode-high-contrast': ['#00b7ff', '#ffa94d', '#3fff5f'],
} as const;
const CHARTS = ['batches', 'histogram', 'latency', 'cdf', 'breakdown', 'throughput', 'cpu', 'calibration'];

describe('panel webview in Chromium', function () {
  this.timeout(60_000);
  // One Chromium, pages checked for CSP violations and console or page errors (panelSuite.ts).
  const suite = usePanelPages();
  const artifacts = ensureArtifacts();
  const open = (theme: keyof typeof PALETTES = 'vscode-dark'): Promise<Page> => suite.open(theme);

  /** Plays host messages: by default the recorded real run on samples/mlp.onnx. */
  const play = (page: Page, messages: HostToWebview[] = recordedRunMessages()): Promise<void> =>
    suite.play(page, messages);

  const summaryRows = (page: Page): Promise<string[]> =>
    inPage(page, `() => [...document.querySelectorAll('.summary-table tbody tr')].map((tr) => tr.innerText)`);

  it('draws every chart in the strategies\u2019 colours and shows "No GPU detected" instead of an empty GPU chart', async () => {
    const page = await open('vscode-dark');
    await play(page);
    await page.screenshot({ path: path.join(artifacts, 'panel-dark.png'), fullPage: true });
    const counts = await colourCounts(page, [...PALETTES['vscode-dark']]);
    for (const id of CHARTS) {
      assert.ok(counts[id], `chart "${id}" is not visible`);
      const total = counts[id].reduce((a, b) => a + b, 0);
      assert.ok(total > 30, `chart "${id}" has only ${total} pixels in series colours: nothing drawn?`);
    }
    for (const id of ['histogram', 'latency', 'cdf', 'breakdown']) {
      counts[id].forEach((n, k) =>
        assert.ok(n > 5, `chart "${id}" lacks strategy ${k}'s colour (${n} pixels)`),
      );
    }
    assert.strictEqual(counts.gpu, undefined, 'the GPU chart should be hidden without GPU samples');
    const note = await page.locator('#chart-gpu .chart-note').textContent();
    assert.match(note ?? '', /No GPU detected/);
    assert.ok(await page.locator('#chart-gpu .chart-note').isVisible());
  });

  it('draws GPU utilization and memory when the samples carry them', async () => {
    const page = await open('vscode-dark');
    await play(page, liveRunMessages(syntheticProfile({ withGpu: true, requests: 800 })));
    const counts = await colourCounts(page, [...PALETTES['vscode-dark']]);
    assert.ok(counts.gpu && counts.gpu.reduce((a, b) => a + b, 0) > 30, 'GPU chart should be drawn');
    assert.strictEqual(await page.locator('#chart-gpu .chart-note').isVisible(), false);
  });

  it('summarizes one row per strategy, marks the best values and the SLO verdict, and links the saved profile', async () => {
    const page = await open();
    const profile = recordedProfile();
    await play(page);
    const rows = await inPage<Array<{ strategy: string; slo: string }>>(
      page,
      `() => [...document.querySelectorAll('.summary-table tbody tr')].map((tr) => ({
        strategy: tr.dataset.strategy,
        slo: tr.lastElementChild.previousElementSibling.textContent,
      }))`,
    );
    assert.deepStrictEqual(
      rows.map((r) => r.strategy),
      profile.strategies.map((s) => s.label),
    );
    const slo = profile.settings.sloMs!;
    const expectedSlo = profile.strategies.map((s) => (s.summary.latencyMs.p99 <= slo ? '✓ pass' : '✗ fail'));
    assert.deepStrictEqual(
      rows.map((r) => r.slo),
      expectedSlo,
    );
    // p99 column (the 6th data cell): the best is the lowest p99.
    const p99s = profile.strategies.map((s) => s.summary.latencyMs.p99);
    const bestRow = p99s.indexOf(Math.min(...p99s));
    const marked = await page
      .locator(`.summary-table tbody tr:nth-child(${bestRow + 1}) td:nth-of-type(6)`)
      .getAttribute('class');
    assert.match(marked ?? '', /best/, 'the lowest p99 should be marked best');
    await page.getByRole('link', { name: /mlp-recorded\.json/ }).click();
    const sent = await posted(page);
    assert.deepStrictEqual(sent[sent.length - 1], { type: 'openProfilePath', path: RECORDED_PROFILE_PATH });
  });

  it('tags a strategy whose requests never all ran as overloaded, and never ranks its understated latency best', async () => {
    const page = await open();
    const profile = recordedProfile();
    // Make the strategy with the lowest p99 one whose queue was cut: 10 requests never ran.
    const p99s = profile.strategies.map((s) => s.summary.latencyMs.p99);
    const cut = p99s.indexOf(Math.min(...p99s));
    profile.strategies[cut].summary = {
      ...profile.strategies[cut].summary,
      completed: profile.strategies[cut].summary.requests - 10,
    };
    await play(page, [
      { type: 'init', mode: 'view', defaults: DEFAULTS, trusted: true, title: 'mlp.onnx' },
      { type: 'replace', events: [profileToEvents(profile)], titles: ['mlp.onnx'] },
    ]);
    const row = page.locator(`.summary-table tbody tr:nth-child(${cut + 1})`);
    assert.match(
      (await row.locator('th').textContent()) ?? '',
      /OVERLOADED$/,
      'the cut strategy should be tagged as the CLI tags it',
    );
    const p99Class = (await row.locator('td:nth-of-type(6)').getAttribute('class')) ?? '';
    assert.doesNotMatch(p99Class, /best/, 'an overloaded strategy must not win the p99 column');
    const others = await page
      .locator('.summary-table tbody tr:not(.overloaded) td:nth-of-type(6).best')
      .count();
    assert.strictEqual(others, 1, 'the best p99 among the strategies that kept up should be marked');
  });

  it("says which strategies were stable, with the spread that decided it as the cell's description", async () => {
    const page = await open();
    const profile = recordedProfile();
    const verdicts: Array<boolean | null> = [true, false, null];
    profile.strategies.forEach((s, i) => {
      s.summary = {
        ...s.summary,
        stability: {
          stable: verdicts[i],
          reason: `reason ${i}`,
          tolerance: 0.1,
          windowMs: 1000,
          windows: [],
        },
      };
    });
    await play(page, [
      { type: 'init', mode: 'view', defaults: DEFAULTS, trusted: true, title: 'mlp.onnx' },
      { type: 'replace', events: [profileToEvents(profile)], titles: ['mlp.onnx'] },
    ]);
    const cells = await inPage<Array<{ text: string; title: string; described: string | null }>>(
      page,
      `() => [...document.querySelectorAll('.summary-table tbody tr')].map((tr) => ({
        text: tr.lastElementChild.textContent,
        title: tr.lastElementChild.title,
        described: tr.lastElementChild.getAttribute('aria-description'),
      }))`,
    );
    assert.deepStrictEqual(
      cells.map((c) => c.text),
      ['✓ yes', '✗ no', '?'],
    );
    assert.deepStrictEqual(
      cells.map((c) => [c.title, c.described]),
      [0, 1, 2].map((i) => [`reason ${i}`, `reason ${i}`]),
    );
  });

  it('shows a reopened profile with the same numbers the live run showed', async () => {
    const page = await open();
    await play(page);
    const live = await summaryRows(page);
    await play(page, [
      { type: 'init', mode: 'view', defaults: DEFAULTS, trusted: true, title: 'mlp.onnx' },
      { type: 'replace', events: [profileToEvents(recordedProfile())], titles: ['mlp.onnx'] },
    ]);
    const reopened = await summaryRows(page);
    assert.strictEqual(live.length, 3);
    assert.deepStrictEqual(reopened, live);
  });

  it('starts clean when a second run streams into the same panel, and persists only versioned UI state', async () => {
    const page = await open();
    await play(page);
    const first = await summaryRows(page);
    await play(page, recordedRunMessages().slice(1));
    assert.deepStrictEqual(
      await summaryRows(page),
      first,
      'the second run must replace the first, not add to it',
    );
    const warnings = await page.locator('.warnings .notice').allTextContents();
    assert.ok(warnings.length > 0 && warnings.every((w) => w.length > 0), 'the engine’s warnings are shown');
    assert.strictEqual(new Set(warnings).size, warnings.length, 'each warning once');

    // Keyboard: focus the batch chart and step to a batch; its tooltip is drawn into the canvas.
    const beforeKeys = await canvasFingerprint(page, 'batches');
    await page.locator('canvas[data-chart="batches"]').focus();
    await page.keyboard.press('ArrowRight');
    await settled(page);
    assert.notStrictEqual(
      await canvasFingerprint(page, 'batches'),
      beforeKeys,
      'arrow key should show a batch tooltip',
    );

    await page.getByRole('button', { name: 'static(8)' }).click();
    await settled(page);
    assert.strictEqual(
      await page.getByRole('button', { name: 'static(8)' }).getAttribute('aria-pressed'),
      'true',
    );
    const state = await inPage<Record<string, unknown>>(page, `() => window.__uiState`);
    assert.strictEqual(state.version, 2);
    assert.strictEqual(state.batchSeries, 1);
    assert.deepStrictEqual(Object.keys(state).sort(), [
      'batchSeries',
      'drafts',
      'formOpen',
      'moreColumns',
      'sweepOpen',
      'version',
    ]);
  });

  it('hides the chart grid until the run has data, then shows it', async () => {
    const page = await open();
    const messages = recordedRunMessages();
    assert.strictEqual(messages[0].type, 'init');
    await play(page, messages.slice(0, 1));
    assert.strictEqual(await page.locator('#charts').isHidden(), true, 'no empty charts before a run');
    await play(page, messages.slice(1));
    assert.strictEqual(await page.locator('#charts').isVisible(), true, 'the charts appear with the data');
  });

  it('explains an untrusted workspace, a model that cannot batch, and a model that failed to load — and runs nothing', async () => {
    const page = await open();
    const init = recordedRunMessages()[0];
    assert.ok(init.type === 'init' && init.model);
    const reason = 'Its batch dimension is fixed to 1; re-export the model with a dynamic batch axis.';
    await play(page, [
      {
        ...init,
        trusted: false,
        model: { ...init.model, batchable: false, notBatchableReason: reason, maxBatchSupported: 1 },
      },
    ]);
    const disabled = (sel: string): Promise<boolean> =>
      page.locator(sel).evaluate((e: unknown) => (e as { disabled: boolean }).disabled);
    assert.match(
      (await page.locator('.model .notice').textContent()) ?? '',
      new RegExp(`Not batchable: ${reason.replace(/[.;]/g, '.')}`),
    );
    assert.match(
      (await page.locator('.notices').textContent()) ?? '',
      /not trusted.*will not load or run a model/,
    );
    assert.strictEqual(await disabled('#btn-run'), true, 'no run in an untrusted workspace');
    assert.deepStrictEqual(
      await page
        .locator('.strategy-row')
        .evaluateAll((rows) =>
          rows.map((r) => (r as unknown as { dataset: { strategy?: string } }).dataset.strategy),
        ),
      ['none'],
      'a model that cannot batch starts with only none',
    );
    await page.locator('#btn-trust').click();
    assert.deepStrictEqual((await posted(page)).pop(), { type: 'requestTrust' });

    const error =
      'samples/broken.onnx is not an ONNX model (protobuf parsing failed). Check the file or re-export it.';
    await play(page, [{ ...init, model: undefined, modelError: error }]);
    assert.strictEqual(await page.getByRole('alert').textContent(), error);
    assert.strictEqual(await disabled('#btn-run'), true, 'no run without a model');
  });

  it('flags invalid values in the form, keeps Run disabled, and sends a valid config once fixed', async () => {
    const page = await open();
    const init = recordedRunMessages()[0];
    const model = init.type === 'init' ? init.model : undefined;
    await sendToWebview(page, init);
    await settled(page);
    const run = page.locator('#btn-run');
    assert.strictEqual(
      await run.evaluate((e: unknown) => (e as { disabled: boolean }).disabled),
      false,
      'defaults are valid',
    );

    await page.locator('#f-durationS input').fill('-1');
    await page.locator('#f-strategies_2_maxBatch input').fill('abc');
    await settled(page);
    assert.strictEqual(
      await page.locator('#f-durationS').evaluate((e: unknown) => (e as { invalid: boolean }).invalid),
      true,
    );
    assert.match((await page.locator('#f-durationS-error').textContent()) ?? '', /Duration/);
    assert.match((await page.locator('#f-strategies_2_maxBatch-error').textContent()) ?? '', /Max batch/);
    assert.strictEqual(
      await run.evaluate((e: unknown) => (e as { disabled: boolean }).disabled),
      true,
      'Run must be disabled',
    );
    await run.click({ force: true });
    assert.ok(
      !(await posted(page)).some((m) => m.type === 'startRun'),
      'an invalid form must not start a run',
    );
    await page.screenshot({ path: path.join(artifacts, 'form-invalid.png') });

    await page.locator('#f-durationS input').fill('3');
    await page.locator('#f-strategies_2_maxBatch input').fill('16');
    await page.locator('#f-sloMs input').fill('');
    await settled(page);
    assert.strictEqual(
      await page.locator('#f-durationS').evaluate((e: unknown) => (e as { invalid: boolean }).invalid),
      false,
    );
    await run.focus();
    await page.keyboard.press('Enter');
    const start = (await posted(page)).find(
      (m): m is Extract<WebviewToHost, { type: 'startRun' }> => m.type === 'startRun',
    );
    assert.ok(start, 'Run (pressed with the keyboard) should post startRun');
    assert.ok(isWebviewMessage(start), 'the message must pass the host\u2019s own check');
    const admitted = admitWebviewMessage(start);
    assert.ok(
      admitted.ok,
      `the host\u2019s gate refused the form\u2019s startRun: ${admitted.ok ? '' : admitted.reason}`,
    );
    assert.deepStrictEqual(validateRunConfig(start.config, model), []);
    assert.strictEqual(start.config.durationS, 3);
    assert.strictEqual(start.config.sloMs, null);
    assert.deepStrictEqual(start.config.strategies[2], {
      name: 'dynamic',
      maxBatch: 16,
      maxDelayMs: 2,
      preferredBatch: [],
      maxQueue: 0,
      timeoutMs: 0,
      timeoutAction: 'reject',
    });
  });

  it('follows theme changes: dark, light and high-contrast each recolour the charts', async () => {
    const page = await open('vscode-dark');
    await play(page);
    const green = Object.values(PALETTES).map((p) => p[2]);
    const themes = Object.keys(PALETTES) as Array<keyof typeof PALETTES>;
    for (const [k, theme] of themes.entries()) {
      await inPage(page, `(cls) => { document.body.className = cls; }`, theme);
      await settled(page);
      await page.screenshot({ path: path.join(artifacts, `theme-${theme}.png`), fullPage: true });
      const counts = (await colourCounts(page, green, 6)).latency;
      const own = counts[k];
      const others = counts.filter((_, j) => j !== k);
      assert.ok(own > 30, `${theme}: the latency chart should use this theme's green (${own} pixels)`);
      for (const n of others)
        assert.ok(n < own / 10, `${theme}: another theme's green is still drawn (${counts.join(', ')})`);
    }
  });

  it('shows rejections, per-level results and an adaptive strategy’s batch size cap', async () => {
    const page = await open();
    const profile = syntheticProfile({ requests: 600, seed: 3, sloMs: 10 });
    profile.settings.priorities = [0.25, 0.75];
    // The dynamic strategy stands in for a shedding, adaptive one: its last 40 queued requests
    // were rejected, and it reported a cap at every sample.
    const shedder = profile.strategies[2];
    const { batch, doneMs, scheduledMs } = shedder.requests;
    let rejected = 0;
    for (let id = batch.length - 1; id >= 0 && rejected < 40; id--) {
      if (batch[id] < 0) continue;
      batch[id] = -2;
      doneMs[id] = scheduledMs[id] + 1;
      rejected++;
    }
    shedder.summary.rejected = rejected;
    shedder.summary.levels = [0, 1].map((level) => ({
      level,
      requests: level === 0 ? 150 : 450,
      completed: level === 0 ? 150 : 410,
      rejected: level === 0 ? 0 : 40,
      latencyMs: shedder.summary.latencyMs,
      goodput: level === 0 ? 1 : 0.9,
    }));
    shedder.timeseries.policyCapBatch = shedder.timeseries.tMs.map((_, i) => 2 + (i % 6));
    await play(page, [
      { type: 'init', mode: 'view', defaults: DEFAULTS, trusted: true, title: 'shed.json' },
      { type: 'replace', events: [profileToEvents(profile)], titles: ['shed'] },
    ]);
    const header = await page.locator('.summary-table thead th').allTextContents();
    const row = await page.locator('.summary-table tbody tr').nth(2).locator('td').allTextContents();
    assert.strictEqual(row[header.indexOf('Rejected') - 1], '40');
    const levels = await page.locator('.levels-table tbody tr').allTextContents();
    assert.strictEqual(levels.length, 2, levels.join(' | '));
    const level1 = await page.locator('.levels-table tbody tr').nth(1).locator('td').allTextContents();
    assert.deepStrictEqual(level1.slice(0, 4), ['1', '450', '410', '40']);
    assert.strictEqual(level1[6], '90.0');
    assert.strictEqual(await page.locator('#chart-adaptivity .chart-canvas').isVisible(), true);
    assert.strictEqual(await page.locator('#chart-adaptivity .chart-note').isVisible(), false);
    await page.locator('#chart-batches .series-button').nth(2).click();
    await settled(page);
    await page.locator('#chart-batches').screenshot({ path: path.join(artifacts, 'batches-rejected.png') });
    await page.locator('#summary').screenshot({ path: path.join(artifacts, 'summary-levels.png') });
  });

  it('overlays two profiles in compare mode, labelled by profile title', async () => {
    const page = await open();
    const before = syntheticProfile({ requests: 600, seed: 1 });
    const afterP = syntheticProfile({ requests: 600, seed: 2, rateRps: 900 });
    await sendToWebview(page, {
      type: 'init',
      mode: 'compare',
      defaults: DEFAULTS,
      trusted: true,
      title: 'before vs after',
    });
    await sendToWebview(page, {
      type: 'replace',
      events: [profileToEvents(before), profileToEvents(afterP)],
      titles: ['before', 'after'],
    });
    await settled(page);
    const rows = await page.locator('.summary-table tbody th').allTextContents();
    assert.strictEqual(rows.length, 6);
    assert.ok(
      rows.slice(0, 3).every((r) => r.startsWith('before: ')) &&
        rows.slice(3).every((r) => r.startsWith('after: ')),
      rows.join(' | '),
    );
    assert.strictEqual(await page.locator('#run-form').count(), 0, 'no form when comparing saved profiles');
    await page.screenshot({ path: path.join(artifacts, 'compare.png'), fullPage: true });
  });

  it('a snapshot the host cut into pieces draws exactly what one replace draws (both compare streams)', async () => {
    const profiles = [
      syntheticProfile({ requests: 600, seed: 1 }),
      syntheticProfile({ requests: 600, seed: 2, rateRps: 900 }),
    ];
    const titles = ['before', 'after'];
    const init: HostToWebview = {
      type: 'init',
      mode: 'compare',
      defaults: DEFAULTS,
      trusted: true,
      title: 'x',
    };
    const tableAfter = async (messages: HostToWebview[]): Promise<string> => {
      const page = await open();
      for (const m of [init, ...messages]) await sendToWebview(page, m);
      await settled(page);
      return page.locator('.summary-table tbody').innerText();
    };
    // The host's own chunking, with a small budget so each stream comes in many `events` pieces.
    const pieces = Array.from(
      snapshotMessages(
        profiles.map((p) => snapshotOf({ replay: () => replayProfile(p) })),
        titles,
        200,
      ),
    );
    assert.ok(
      pieces.filter((m) => m.type === 'events' && m.stream === 1).length > 2,
      'stream 1 came in pieces',
    );
    const whole = await tableAfter([{ type: 'replace', events: profiles.map(profileToEvents), titles }]);
    assert.ok(whole.includes('after: '), whole);
    assert.strictEqual(await tableAfter(pieces), whole);
  });

  it('stays responsive with 300,000 requests streamed live (charts drawn, pointer still answers)', async function () {
    this.timeout(120_000);
    const page = await open();
    const driver = await bundleBigRunDriver(100_000);
    const started = Date.now();
    await page.evaluate(driver);
    await waitInPage(
      page,
      `() => document.querySelector('.summary-table tbody tr:nth-child(3) td:nth-of-type(1)')?.textContent === '100,000'`,
      45_000,
    );
    await settled(page);
    const elapsed = Date.now() - started;
    const counts = await colourCounts(page, [...PALETTES['vscode-dark']]);
    for (const id of CHARTS)
      assert.ok(counts[id].reduce((a, b) => a + b, 0) > 30, `chart "${id}" not drawn with 300k requests`);
    // Hovering the batch chart must answer with a tooltip naming a batch (the decimated bars keep their batch).
    const box = (await page.locator('canvas[data-chart="batches"]').boundingBox())!;
    const beforeHover = await canvasFingerprint(page, 'batches');
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await settled(page);
    assert.notStrictEqual(
      await canvasFingerprint(page, 'batches'),
      beforeHover,
      'hover should draw a batch tooltip',
    );
    fs.writeFileSync(
      path.join(artifacts, 'big-run.txt'),
      `300k requests replayed and drawn in ${elapsed} ms\n`,
    );
    await page.screenshot({ path: path.join(artifacts, 'big-run.png'), fullPage: true });
  });
});
