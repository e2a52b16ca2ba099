/**
 * A synthetic model's profile in the HTML report (the panel's own view code): the model section
 * says what the synthetic model costs and shows its signature, where a file shows size and hash.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { pathToFileURL } from 'url';
import type { Browser } from 'playwright-core';
import { syntheticModelSummary } from '../../src/engine/target/syntheticTarget';
import { renderReportHtml } from '../../src/report/renderReport';
import { parseSyntheticSpec } from '../../src/shared/syntheticModel';
import { buildWebviewForTests } from './buildWebview';
import { ensureArtifacts, launchChromium, settled, waitInPage, watchProblems } from './panelPage';
import { recordedProfile } from './recordedFixtures';

describe('HTML report of a synthetic model', function () {
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

  it('names the synthetic model, says what a batch costs and shows its signature, with no file size or hash', async () => {
    const profile = recordedProfile();
    profile.model = syntheticModelSummary(parseSyntheticSpec('base=20ms,per-item=2ms,jitter=10%'));
    const html = renderReportHtml(profile, { webviewScriptPath: webviewJs, stylesheetPath: css });
    const file = path.join(artifacts, 'report-synthetic.html');
    fs.writeFileSync(file, html);
    const page = await browser.newPage({ viewport: { width: 1280, height: 1200 }, colorScheme: 'dark' });
    const problems = watchProblems(page);
    await page.goto(pathToFileURL(file).href);
    await waitInPage(page, `() => document.querySelectorAll('.summary-table tbody tr').length === 3`, 20_000);
    await settled(page);
    await page.screenshot({ path: path.join(artifacts, 'report-synthetic.png') });
    assert.strictEqual(await page.title(), 'Batchscope — synthetic:base=20ms,per-item=2ms,jitter=10%');
    const heading = await page.locator('#model h2').textContent();
    assert.strictEqual(heading, 'Model: synthetic:base=20ms,per-item=2ms,jitter=10%');
    const described = (await page.locator('.model-path').textContent()) ?? '';
    assert.match(described, /^Synthetic model: a batch of n requests busy-waits 20 ms \+ 2 ms × n/);
    assert.doesNotMatch(described, /sha256|KiB/);
    const inputs = await page.locator('#model .tensor-table').first().locator('tbody td').allTextContents();
    assert.deepStrictEqual(inputs, ['x', 'float32', '[batch, 1]', '0']);
    assert.deepStrictEqual(problems.pageErrors, []);
    assert.deepStrictEqual(problems.consoleErrors, []);
    await page.close();
  });
});
