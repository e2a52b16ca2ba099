/**
 * The standalone HTML report: rendered by the same code the CLI uses, opened from a file:// URL in
 * headless Chromium with no host, no network and its own strict CSP.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { pathToFileURL } from 'url';
import type { Browser } from 'playwright-core';
import {
  escapeJsonForHtml,
  renderComparisonReportHtml,
  renderReportHtml,
} from '../../src/report/renderReport';
import { buildWebviewForTests } from './buildWebview';
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
import { recordedProfile } from './recordedFixtures';

const EVIL_PATH = '/models/</script><script>alert(1)</script>\u2028&amp;<!--.onnx';
const STANDALONE_LIGHT = ['#1a85ff', '#d18616', '#388a34'];

describe('HTML report', function () {
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

  it('escapes every character that could end the data element or start markup', () => {
    const escaped = escapeJsonForHtml(JSON.stringify({ p: EVIL_PATH }));
    assert.doesNotMatch(escaped, /[<>&\u2028\u2029]/);
    assert.deepStrictEqual(JSON.parse(escaped), { p: EVIL_PATH });
  });

  it('renders standalone from file:// with every chart, the payload intact and nothing injected', async () => {
    // The recorded real run's profile, with a hostile model path.
    const profile = recordedProfile();
    profile.model = { ...profile.model, path: EVIL_PATH };
    const html = renderReportHtml(profile, { webviewScriptPath: webviewJs, stylesheetPath: css });
    assert.strictEqual(html.match(/<script/gi)?.length, 2, 'exactly the data element and the bundle');
    assert.ok(!html.includes('alert(1)</script>'), 'the model path must not appear unescaped');
    const file = path.join(artifacts, 'report.html');
    fs.writeFileSync(file, html);

    const page = await browser.newPage({ viewport: { width: 1280, height: 2400 }, colorScheme: 'light' });
    const problems = watchProblems(page);
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.addInitScript({ content: CSP_LISTENER_SCRIPT });
    await page.goto(pathToFileURL(file).href);
    await waitInPage(page, `() => document.querySelectorAll('.summary-table tbody tr').length === 3`, 20_000);
    await settled(page);
    await page.screenshot({ path: path.join(artifacts, 'report.png'), fullPage: true });

    assert.deepStrictEqual(dialogs, [], 'a script from the payload ran');
    assert.deepStrictEqual(await inPage(page, `() => window.__cspViolations`), []);
    assert.deepStrictEqual(problems.pageErrors, []);
    assert.deepStrictEqual(problems.consoleErrors, []);
    assert.deepStrictEqual(requests, [pathToFileURL(file).href], 'the report must load nothing else');
    const shownPath = await page.locator('.model-path').textContent();
    assert.ok(shownPath?.startsWith(EVIL_PATH), `model path shown as text: ${shownPath}`);
    assert.strictEqual(await page.locator('vscode-button').count(), 0, 'no host buttons in the report');
    assert.strictEqual(await page.locator('#run-form').count(), 0, 'no form in the report');
    const counts = await colourCounts(page, STANDALONE_LIGHT);
    for (const id of [
      'batches',
      'histogram',
      'latency',
      'cdf',
      'breakdown',
      'throughput',
      'cpu',
      'calibration',
    ])
      assert.ok((counts[id] ?? []).reduce((a, b) => a + b, 0) > 30, `chart "${id}" is blank in the report`);
    await page.close();
  });

  it('overlays two profiles in a comparison report, each labelled by its title', async () => {
    const html = renderComparisonReportHtml([recordedProfile(), recordedProfile()], ['before', 'after'], {
      webviewScriptPath: webviewJs,
      stylesheetPath: css,
    });
    const file = path.join(artifacts, 'report-compare.html');
    fs.writeFileSync(file, html);
    const page = await browser.newPage({ viewport: { width: 1280, height: 1600 } });
    const problems = watchProblems(page);
    await page.goto(pathToFileURL(file).href);
    await waitInPage(page, `() => document.querySelectorAll('.summary-table tbody tr').length === 6`, 20_000);
    const rows = await page.locator('.summary-table tbody th').allTextContents();
    assert.deepStrictEqual(
      rows.map((r) => r.split(':')[0]),
      ['before', 'before', 'before', 'after', 'after', 'after'],
    );
    assert.strictEqual(await page.title(), 'Batchscope — before vs after');
    assert.deepStrictEqual(problems.pageErrors, []);
    await page.close();
  });
});
