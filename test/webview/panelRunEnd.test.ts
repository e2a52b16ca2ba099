/**
 * How a run's end shows in Chromium: one final state in the header, the progress, the table and
 * the notice (no "Running" left anywhere), the strategy that was cut short tagged partial and
 * never marked best, the saved profile offered once, the notice's buttons, and a summary table
 * that fits an editor-wide panel.
 */
import * as assert from 'assert';
import * as path from 'path';
import type { Page } from 'playwright-core';
import { profileToEvents } from '../../src/shared/profileReplay';
import { DEFAULTS } from './panelFixtures';
import { ensureArtifacts, inPage, posted, settled } from './panelPage';
import { usePanelPages } from './panelSuite';
import { recordedProfile, recordedRunMessages } from './recordedFixtures';
import { ENGINE_STOPPED, fourStrategies, PARTIAL_PROFILE_PATH, runUntilCut } from './runEndFixtures';

const PARTIAL = PARTIAL_PROFILE_PATH;

const bodyText = (page: Page): Promise<string> => inPage(page, `() => document.body.innerText`);

/** How often `text` shows in the page: as text, or as a tooltip. */
const occurrences = (page: Page, text: string): Promise<number> =>
  inPage(
    page,
    `(t) => document.body.innerText.split(t).length - 1 +
      [...document.querySelectorAll('[title]')].filter((e) => e.title.includes(t)).length`,
    text,
  );

/** The summary table's rows, by header name. */
async function tableRows(page: Page): Promise<Array<Record<string, string>>> {
  return inPage(
    page,
    `() => {
      const heads = [...document.querySelectorAll('.summary-table thead th')].map((th) => th.textContent);
      return [...document.querySelectorAll('.summary-table tbody tr')].map((tr) => {
        const row = { best: String(tr.querySelectorAll('.best').length) };
        [...tr.children].forEach((cell, i) => { row[heads[i]] = cell.textContent; });
        return row;
      });
    }`,
  );
}

describe('panel run end in Chromium', function () {
  this.timeout(60_000);
  const { open, play } = usePanelPages();
  const artifacts = ensureArtifacts();

  it('a run whose engine stopped: one final state everywhere, the cut strategy tagged partial, the profile offered once', async () => {
    const page = await open('vscode-dark', { width: 1000, height: 1600 });
    await play(page, runUntilCut());
    assert.match(await bodyText(page), /Running/, 'the fixture is cut while running');
    const cutRow = (await tableRows(page))[1];
    assert.match(cutRow['Throughput (req/s)'], /%…$/, 'a running strategy says how far it got');
    assert.strictEqual(cutRow['p50 (ms)'], '…', 'once, not in every column');

    await play(page, [ENGINE_STOPPED]);
    assert.doesNotMatch(await bodyText(page), /Running/, 'no part of the panel still says it is running');
    assert.strictEqual(await page.locator('.run-state').textContent(), 'Stopped');
    assert.strictEqual(
      await page.locator('#progress .stage').textContent(),
      'Stopped: engine process stopped — partial profile saved',
    );
    const rows = await tableRows(page);
    assert.strictEqual(rows[1].Strategy, 'static(8) (partial)', 'tagged as the CLI tags it');
    assert.ok(
      Object.values(rows[1]).every((v) => !v.includes('%')),
      `the cut strategy shows no progress left over: ${JSON.stringify(rows[1])}`,
    );
    assert.strictEqual(rows[1].best, '0', 'a partial strategy wins no column');
    assert.match((await page.locator('#progress .progress-list').innerText()) ?? '', /static\(8\)\s+partial/);
    assert.strictEqual(await occurrences(page, PARTIAL), 1, 'the saved path is offered once');
    assert.strictEqual(await page.locator('.notice-detail').isVisible(), false, 'details start folded');
    await page.locator('.run-notice summary').click();
    assert.match((await page.locator('.notice-detail').textContent()) ?? '', /Segmentation fault/);
    await page.screenshot({ path: path.join(artifacts, 'run-stopped.png'), fullPage: true });

    await page.locator('.run-notice .notice-action[data-action="openProfilePath"]').click();
    await page.locator('.run-notice .notice-action[data-action="showLog"]').click();
    assert.deepStrictEqual((await posted(page)).slice(-2), [
      { type: 'openProfilePath', path: PARTIAL },
      { type: 'showLog' },
    ]);
  });

  it('a cancelled run and an interrupted one end the same way, each saying why', async () => {
    const page = await open();
    await play(page, [
      ...runUntilCut(),
      { type: 'runState', state: 'done', ended: 'cancelled', partial: true, profilePath: PARTIAL },
    ]);
    assert.doesNotMatch(await bodyText(page), /Running/);
    assert.strictEqual(await page.locator('.run-state').textContent(), 'Cancelled');
    assert.match(await page.locator('#progress .stage').innerText(), /^Cancelled — partial profile saved$/);
    assert.strictEqual((await tableRows(page))[1].Strategy, 'static(8) (partial)');

    // The window was reloaded mid-run: the host rehydrates the snapshot and says so.
    const reloaded = await open();
    await play(reloaded, [
      ...runUntilCut().filter((m) => m.type !== 'runState'),
      { type: 'runState', state: 'interrupted', profilePath: PARTIAL },
    ]);
    assert.doesNotMatch(await bodyText(reloaded), /Running/);
    assert.match(
      await reloaded.locator('.run-notice').innerText(),
      /Interrupted — the window was reloaded during the run/,
    );
    assert.strictEqual(await occurrences(reloaded, PARTIAL), 1);
    await reloaded.locator('.run-notice .notice-action[data-action="openProfilePath"]').click();
    assert.deepStrictEqual((await posted(reloaded)).pop(), { type: 'openProfilePath', path: PARTIAL });
  });

  it('never marks a partial or an OVERLOADED strategy best, and tags them as the CLI does', async () => {
    const page = await open();
    const profile = recordedProfile();
    const p99s = profile.strategies.map((s) => s.summary.latencyMs.p99);
    const best = p99s.indexOf(Math.min(...p99s));
    const other = (best + 1) % 3;
    // The best p99 was cut short; the next one's queue was cut (10 requests never ran) and made fastest.
    profile.strategies[best].partial = true;
    profile.strategies[other].summary = {
      ...profile.strategies[other].summary,
      completed: profile.strategies[other].summary.requests - 10,
      latencyMs: { ...profile.strategies[other].summary.latencyMs, p99: 0.001, p50: 0.001 },
    };
    await play(page, [
      { type: 'init', mode: 'view', defaults: DEFAULTS, trusted: true, title: 'mlp.onnx' },
      { type: 'replace', events: [profileToEvents(profile)], titles: ['mlp.onnx'] },
    ]);
    const rows = await tableRows(page);
    assert.match(rows[best].Strategy, / \(partial\)$/);
    assert.match(rows[other].Strategy, / OVERLOADED$/);
    assert.strictEqual(rows[best].best, '0', 'partial: no ★');
    assert.strictEqual(rows[other].best, '0', 'OVERLOADED: no ★');
    const third = 3 - best - other;
    assert.match(rows[third]['p99 (ms)'], /★/, 'the one that ran cleanly has the best p99');
  });

  it('fits four strategies into a 1000 px panel; "More columns" shows the rest, by keyboard too, and is remembered', async () => {
    const page = await open('vscode-light', { width: 1000, height: 1200 });
    await play(page, [
      { type: 'init', mode: 'view', defaults: DEFAULTS, trusted: true, title: 'mlp.onnx' },
      { type: 'replace', events: [profileToEvents(fourStrategies())], titles: ['mlp.onnx'] },
    ]);
    const overflow = (): Promise<{ wrap: number[]; page: number[] }> =>
      inPage(
        page,
        `() => {
          const w = document.querySelector('#summary .table-wrap');
          return { wrap: [w.scrollWidth, w.clientWidth], page: [document.documentElement.scrollWidth, document.documentElement.clientWidth] };
        }`,
      );
    assert.strictEqual(await page.locator('.summary-table tbody tr').count(), 4);
    const fit = await overflow();
    assert.ok(fit.wrap[0] <= fit.wrap[1], `the table scrolls sideways: ${fit.wrap.join(' > ')}`);
    assert.ok(fit.page[0] <= fit.page[1], `the page scrolls sideways: ${fit.page.join(' > ')}`);
    const visible = await page.locator('.summary-table thead th:visible').allTextContents();
    for (const key of ['Strategy', 'Throughput (req/s)', 'p50 (ms)', 'p99 (ms)', 'Mean batch'])
      assert.ok(visible.includes(key), `key column ${key} is shown: ${visible.join(', ')}`);
    assert.ok(!visible.includes('p95 (ms)'), 'p95 waits behind More columns');
    await page.locator('#summary').screenshot({ path: path.join(artifacts, 'summary-1000px-light.png') });

    const toggle = page.getByRole('button', { name: 'More columns' });
    assert.strictEqual(await toggle.getAttribute('aria-expanded'), 'false');
    await toggle.focus();
    await page.keyboard.press('Enter');
    await settled(page);
    assert.ok(await page.locator('.summary-table thead th', { hasText: 'p95 (ms)' }).isVisible());
    assert.strictEqual(
      await page.getByRole('button', { name: 'Fewer columns' }).getAttribute('aria-expanded'),
      'true',
    );
    const state = await inPage<{ moreColumns: boolean }>(page, `() => window.__uiState`);
    assert.strictEqual(state.moreColumns, true);
  });

  it('wraps a long error into a headline and details, and its buttons post what they say', async () => {
    const page = await open('vscode-dark', { width: 1000, height: 900 });
    const longPath = '/work/project/' + 'very-long-directory-name/'.repeat(30) + 'model.onnx';
    await play(page, [
      recordedRunMessages()[0],
      {
        type: 'error',
        message: `The run configuration "fast" is not valid: ${longPath}\nline 2 of the explanation`,
        actions: [{ label: 'Open Configurations', kind: 'openConfigurations' }],
      },
      {
        type: 'notice',
        kind: 'info',
        message: 'Saved the configuration "fast".',
        actions: [{ label: 'Show Log', kind: 'showLog' }],
      },
    ]);
    const width = await inPage<number[]>(
      page,
      `() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]`,
    );
    assert.ok(width[0] <= width[1], `a long message must wrap, not scroll sideways: ${width.join(' > ')}`);
    const error = page.locator('.notices .notice-error');
    assert.match(
      (await error.locator('.notice-headline').textContent()) ?? '',
      /^The run configuration "fast"/,
    );
    assert.strictEqual(await error.locator('.notice-detail').textContent(), 'line 2 of the explanation');
    await error.locator('[data-action="openConfigurations"]').click();
    await page.locator('.notices .notice-info [data-action="showLog"]').click();
    assert.deepStrictEqual((await posted(page)).slice(-2), [
      { type: 'openConfigurations' },
      { type: 'showLog' },
    ]);
    await error.locator('.notice-dismiss').click();
    assert.strictEqual(await page.locator('.notices .notice-error').count(), 0, 'dismissed');
  });

  it('clears the last run’s saved-profile link when the host initialises the panel again', async () => {
    const page = await open();
    await play(page, recordedRunMessages());
    assert.strictEqual(await page.locator('.profile-link a').count(), 1);
    await play(page, [recordedRunMessages()[0]]);
    assert.strictEqual(await page.locator('.profile-link a').count(), 0);
  });
});
