/**
 * How long a saved profile takes to draw in headless Chromium (Debian's, driven by
 * playwright-core, as the webview tests do): the HTML report from navigation until every chart is
 * drawn, and the panel from the host's `profiles` message until the same. "Drawn" is the panel's
 * own marker: `body[data-drawn]` set after a frame that drew the store with every strategy in it.
 */
import * as fs from 'fs';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { panelHtml } from '../../src/extension/panel/panelHtml';
import type { CompactProfile } from '../../src/shared/compactProfile';
import { runDefaultsFromSettings } from '../../src/extension/run/runDefaults';
import type { HostToWebview } from '../../src/shared/panelProtocol';
import { CHROMIUM_ARGS, chromiumPath } from '../e2e/browser';

/** Records every draw (time since navigation, summary rows shown) before any page script runs. */
const DRAW_LOG = `
  window.__draws = [];
  new MutationObserver(() => window.__draws.push([performance.now(),
    document.querySelectorAll('.summary-table tbody tr').length])).observe(document,
    { attributes: true, subtree: true, attributeFilter: ['data-drawn'] });
`;
/** The host the panel shell talks to (the report has none: it reads its own embedded data). */
const FAKE_HOST = `
  window.__posted = [];
  window.acquireVsCodeApi = () => ({ postMessage: (m) => window.__posted.push(m), getState: () => undefined, setState: () => {} });
`;

export interface ViewerTimes {
  /** ms from navigation to the report's last chart drawn, one per load. */
  reportMs: number[];
  /** ms from posting `profiles` to the panel's last chart drawn, one per load. */
  panelMs: number[];
}

/**
 * Opens `reportFile` and the panel shell (fed `compact`) `runs` times each, alternating.
 * @param assets where dist/webview.js, media/panel.css and the test theme variables are
 */
export async function timeToDrawn(
  reportFile: string,
  compact: CompactProfile,
  assets: { webviewJs: string; panelCss: string; themeCss: string },
  runs = 3,
): Promise<ViewerTimes> {
  const browser = await chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: CHROMIUM_ARGS,
  });
  const times: ViewerTimes = { reportMs: [], panelMs: [] };
  const rows = compact.strategies.length;
  try {
    for (let r = 0; r < runs; r++) {
      const report = watchErrors(await browser.newPage({ viewport: { width: 1280, height: 2400 } }));
      await report.addInitScript({ content: DRAW_LOG });
      await report.goto(pathToFileURL(reportFile).href, { timeout: 120_000 });
      times.reportMs.push(await lastDrawMs(report, rows, 0));
      await report.close();

      const panel = await openPanelShell(browser, assets);
      const start = await panel.evaluate(`(() => {
        const start = performance.now();
        window.postMessage(window.__message, '*');
        return start;
      })()`);
      times.panelMs.push(await lastDrawMs(panel, rows, start as number));
      await panel.close();
    }
  } finally {
    await browser.close();
  }
  return times;

  /** The panel's own HTML shell and CSP at a fake origin, with `compact` ready to post. */
  async function openPanelShell(b: Browser, files: typeof assets): Promise<Page> {
    const origin = 'https://panel.bench';
    const page = watchErrors(await b.newPage({ viewport: { width: 1280, height: 2400 } }));
    const html = panelHtml({
      cspSource: origin,
      scriptUri: `${origin}/webview.js`,
      styleUris: [`${origin}/theme.css`, `${origin}/panel.css`],
      title: 'Batchscope',
    }).replace('<body>', '<body class="vscode-dark">');
    const served: Record<string, [string, string]> = {
      '/webview.js': [files.webviewJs, 'text/javascript'],
      '/panel.css': [files.panelCss, 'text/css'],
      '/theme.css': [files.themeCss, 'text/css'],
    };
    await page.route(`${origin}/**`, (route) => {
      const p = new URL(route.request().url()).pathname;
      if (p === '/index.html') return route.fulfill({ body: html, contentType: 'text/html' });
      const file = served[p];
      return file
        ? route.fulfill({ body: fs.readFileSync(file[0]), contentType: file[1] })
        : route.fulfill({ status: 404 });
    });
    await page.addInitScript({ content: DRAW_LOG + FAKE_HOST });
    await page.goto(`${origin}/index.html`);
    await poll(page, `window.__posted.some((m) => m.type === 'ready')`);
    // The form's defaults (view mode shows no form, but `init` carries them).
    const defaults = runDefaultsFromSettings(() => undefined).config;
    const init: HostToWebview = { type: 'init', mode: 'view', defaults, trusted: true };
    await page.evaluate(`window.postMessage(${JSON.stringify(init)}, '*')`);
    // The message is parked in the page first, so the timing starts at the post itself.
    const message: HostToWebview = {
      type: 'profiles',
      profiles: [compact],
      titles: [path.basename(reportFile)],
    };
    await page.evaluate(`window.__message = ${JSON.stringify(message)}`);
    return page;
  }
}

/** Waits until the page has drawn all `rows` strategies and gone quiet; ms from `since` to that draw. */
async function lastDrawMs(page: Page, rows: number, since: number): Promise<number> {
  await poll(
    page,
    `window.__draws.some((d) => d[1] >= ${rows}) && performance.now() - window.__draws[window.__draws.length - 1][0] > 1000`,
  );
  const draws = (await page.evaluate('window.__draws')) as Array<[number, number]>;
  const full = draws.filter((d) => d[1] >= rows);
  return full[full.length - 1][0] - since;
}

async function poll(page: Page, predicate: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await page.evaluate(predicate))) {
    if (Date.now() > deadline) {
      const errors = pageErrors.get(page) ?? [];
      throw new Error(
        `Timed out waiting for ${predicate}${errors.length ? `; the page said: ${errors.join('; ')}` : ''}`,
      );
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Uncaught errors and console errors per page, for a timeout's message. */
const pageErrors = new WeakMap<Page, string[]>();

function watchErrors(page: Page): Page {
  const errors: string[] = [];
  pageErrors.set(page, errors);
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  return page;
}
