/**
 * Saved profiles reach the page with their columns in the profile file's own compact encoding
 * (the HTML report embeds them, the host posts them in a `profiles` message), and the page decodes
 * them itself: in headless Chromium, with the panel's CSP.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { Browser, Page } from 'playwright-core';
import { readCompactProfile, readProfile, writeProfileAtomic } from '../../src/engine/profile/profileIo';
import type { ProfileFile } from '../../src/engine/profile/profileFileTypes';
import { renderReportHtml } from '../../src/report/renderReport';
import type { CompactProfile } from '../../src/shared/compactProfile';
import type { HostToWebview } from '../../src/shared/panelProtocol';
import { profileToEvents } from '../../src/shared/profileReplay';
import type { Profile } from '../../src/shared/profileTypes';
import { syntheticProfile as codecProfile } from '../unit/profile/syntheticProfile';
import { buildWebviewForTests, bundlePageScript } from './buildWebview';
import { DEFAULTS } from './panelFixtures';
import {
  canvasFingerprint,
  ensureArtifacts,
  inPage,
  launchChromium,
  openPanel,
  settled,
  waitInPage,
  watchProblems,
  type PageProblems,
} from './panelPage';
import { PROFILE_FIXTURE } from './recordedFixtures';
import { syntheticProfile } from './syntheticProfile';

const CHARTS = ['batches', 'histogram', 'latency', 'cdf', 'breakdown', 'throughput', 'cpu', 'calibration'];

/** Columns as plain arrays, NaN as 'NaN' (what the page-side decoder returns). */
function plainColumns(profile: Profile): unknown {
  const plain = (columns: object): Record<string, Array<number | string>> =>
    Object.fromEntries(
      Object.entries(columns).map(([k, v]) => [
        k,
        Array.from(v as ArrayLike<number>, (x) => (Number.isNaN(x) ? 'NaN' : x)),
      ]),
    );
  return profile.strategies.map((s) => ({ requests: plain(s.requests), batches: plain(s.batches) }));
}

/**
 * Three strategies that use every part of the encoding: a request that never ran (NaN), rejected
 * requests and priority levels (format v2), and batches whose member ids go backwards.
 */
function everyEncodingProfile(): Profile {
  const profile = codecProfile([4000, 3000, 2000]);
  profile.settings.priorities = [0.5, 0.5];
  const r = profile.strategies[1].requests;
  const n = r.batch.length;
  const last = r.scheduledMs[n - 1];
  r.scheduledMs = Float64Array.from([...r.scheduledMs, last + 1, last + 2, last + 3]);
  r.enqueueMs = Float64Array.from([...r.enqueueMs, last + 1.01, last + 2.01, last + 3.01]);
  r.doneMs = Float64Array.from([...r.doneMs, last + 4, last + 5, last + 6]);
  r.batch = Int32Array.from([...r.batch, -2, -2, -2]);
  r.priority = Uint8Array.from({ length: n + 3 }, (_, i) => i % 2);
  const b = profile.strategies[2].batches;
  for (let k = 0; k < b.size.length; k++)
    b.members.subarray(b.firstMember[k], b.firstMember[k] + b.size[k]).reverse();
  return profile;
}

describe('saved profiles as compact columns, decoded in the page', function () {
  this.timeout(60_000);
  let browser: Browser;
  let webviewJs: string;
  const artifacts = ensureArtifacts();
  const css = path.resolve(__dirname, '../../media/panel.css');
  const pages: Array<{ page: Page; problems: PageProblems }> = [];

  before(async () => {
    webviewJs = await buildWebviewForTests();
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
  });
  afterEach(async () => {
    for (const { page, problems } of pages.splice(0)) {
      await page.close();
      assert.deepStrictEqual(problems.pageErrors, [], `uncaught errors in the page: ${problems.pageErrors}`);
    }
  });

  async function panel(): Promise<Page> {
    const opened = await openPanel(browser);
    pages.push(opened);
    return opened.page;
  }

  /** Shows `message` (a snapshot) in view mode and waits until `rows` summary rows are drawn. */
  async function show(page: Page, message: HostToWebview, rows: number): Promise<void> {
    await inPage(page, `(ms) => ms.forEach((m) => window.postMessage(m, '*'))`, [
      { type: 'init', mode: rows > 3 ? 'compare' : 'view', defaults: DEFAULTS, trusted: true, title: 'p' },
      message,
    ]);
    await waitInPage(
      page,
      `() => document.querySelectorAll('.summary-table tbody tr').length === ${rows}`,
      20_000,
    );
    await settled(page);
  }

  async function drawn(page: Page): Promise<{ rows: string[]; charts: number[] }> {
    const rows = await inPage<string[]>(
      page,
      `() => [...document.querySelectorAll('.summary-table tbody tr')].map((tr) => tr.innerText)`,
    );
    const charts: number[] = [];
    for (const id of CHARTS) charts.push(await canvasFingerprint(page, id));
    return { rows, charts };
  }

  it('embeds the profile file’s own compact columns in the report, about the profile file’s size', () => {
    const profile = syntheticProfile({ requests: 30_000, rateRps: 3000 });
    const file = path.join(artifacts, 'compact-profile.json');
    const profileBytes = writeProfileAtomic(file, profile);
    const onDisk = JSON.parse(fs.readFileSync(file, 'utf8')) as ProfileFile;
    const html = renderReportHtml(profile, { webviewScriptPath: webviewJs, stylesheetPath: css });
    const data = /<script type="application\/json" id="batchscope-report-data">([^<]*)<\/script>/.exec(
      html,
    )?.[1];
    assert.ok(data, 'the report has its data element');
    const payload = JSON.parse(data) as { profiles: CompactProfile[] };
    payload.profiles[0].strategies.forEach((s, i) => {
      assert.deepStrictEqual(s.requests, onDisk.strategies[i].requests, `strategy ${i}: request columns`);
      assert.deepStrictEqual(s.batches, onDisk.strategies[i].batches, `strategy ${i}: batch columns`);
    });
    const dataBytes = Buffer.byteLength(data);
    assert.ok(
      dataBytes <= 1.05 * profileBytes,
      `embedded data ${dataBytes} B for a ${profileBytes} B profile`,
    );
    // The rest is the page shell: the panel's bundle and stylesheet, inlined, and a few lines.
    const shell = fs.statSync(webviewJs).size + fs.statSync(css).size + 8192;
    const reportBytes = Buffer.byteLength(html);
    assert.ok(
      reportBytes <= profileBytes + shell,
      `report ${reportBytes} B > profile ${profileBytes} B + bundle, stylesheet and shell ${shell} B`,
    );
  });

  // Base64 is decoded natively where the page has Uint8Array.fromBase64 (this Chromium), else
  // through atob (VS Code's older Electron): both ways are checked.
  for (const base64 of ['native', 'atob'] as const) {
    it(`decodes the columns in the page to exactly what the engine reads from the profile file (${base64} base64)`, async () => {
      const file = path.join(artifacts, 'compact-every-encoding.json');
      writeProfileAtomic(file, everyEncodingProfile());
      const compact = readCompactProfile(file);
      assert.ok(compact.strategies[1].requests.rejected && compact.strategies[1].requests.priority);
      const page = await browser.newPage();
      pages.push({ page, problems: watchProblems(page) });
      await page.goto('about:blank');
      const hasNative = await page.evaluate(`typeof Uint8Array.fromBase64 === 'function'`);
      if (base64 === 'atob') await page.evaluate(`delete Uint8Array.fromBase64`);
      else assert.ok(hasNative, 'this Chromium has no Uint8Array.fromBase64');
      await page.evaluate(await bundlePageScript('decodeColumns.page.ts'));
      const inPageColumns = await page.evaluate(
        (c) =>
          (globalThis as unknown as { __decodeColumns(c: unknown): Promise<unknown> }).__decodeColumns(c),
        compact,
      );
      assert.deepStrictEqual(inPageColumns, plainColumns(readProfile(file)));
    });
  }

  it('draws saved profiles sent as compact columns exactly as their replayed events drew them', async () => {
    const recorded = readCompactProfile(PROFILE_FIXTURE);
    const page = await panel();
    await show(
      page,
      { type: 'replace', events: [profileToEvents(readProfile(PROFILE_FIXTURE))], titles: ['r'] },
      3,
    );
    const fromEvents = await drawn(page);
    await show(page, { type: 'profiles', profiles: [recorded], titles: ['r'] }, 3);
    assert.deepStrictEqual(await drawn(page), fromEvents);

    // Two profiles overlaid (compare), each in its own stream.
    const files = [1, 2].map((seed) => {
      const file = path.join(artifacts, `compact-compare-${seed}.json`);
      writeProfileAtomic(file, syntheticProfile({ requests: 2000, seed }));
      return file;
    });
    const titles = ['before', 'after'];
    await show(
      page,
      { type: 'replace', events: files.map((f) => profileToEvents(readProfile(f))), titles },
      6,
    );
    const compareFromEvents = await drawn(page);
    await show(page, { type: 'profiles', profiles: files.map(readCompactProfile), titles }, 6);
    assert.deepStrictEqual(await drawn(page), compareFromEvents);
    assert.ok(compareFromEvents.rows[3].startsWith('after: '), compareFromEvents.rows[3]);
  });

  it('says which column is damaged instead of drawing a profile whose columns do not decode', async () => {
    const damaged = readCompactProfile(PROFILE_FIXTURE);
    const col = damaged.strategies[1].requests.doneUs;
    damaged.strategies[1].requests.doneUs = { ...col, data: col.data.slice(0, col.data.length / 2) };
    const page = await panel();
    await inPage(page, `(ms) => ms.forEach((m) => window.postMessage(m, '*'))`, [
      { type: 'init', mode: 'view', defaults: DEFAULTS, trusted: true, title: 'p' },
      { type: 'profiles', profiles: [damaged], titles: ['p'] },
    ]);
    await waitInPage(page, `() => document.querySelector('.notice-error') !== null`, 20_000);
    const message = await page.locator('.notice-error').first().textContent();
    assert.match(message ?? '', /strategy 1 \(".*"\) column requests\.doneUs: /, message ?? '');
    assert.strictEqual(await page.locator('#charts').isHidden(), true, 'no charts for an unreadable profile');
  });
});
