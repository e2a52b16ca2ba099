/**
 * Test page for the panel webview: the extension host's own shell and CSP (panelHtml), served
 * from a fake origin through Playwright routes,
 * with a fake `acquireVsCodeApi` that records what the webview posts.
 */
import * as fs from 'fs';
import * as path from 'path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { panelHtml } from '../../src/extension/panel/panelHtml';
import type { HostToWebview, WebviewToHost } from '../../src/shared/panelProtocol';
import { CHROMIUM_ARGS } from '../../scripts/e2e/browser';

export const ORIGIN = 'https://panel.test';
const ROOT = path.resolve(__dirname, '../..');
export const ARTIFACTS = path.join(ROOT, 'test-artifacts', 'webview');

export type ThemeClass = 'vscode-dark' | 'vscode-light' | 'vscode-high-contrast';

/**
 * The fake host, as source text: tsx compiles test functions with helpers (`__name`) that do not
 * exist in the page, so page-side code is kept as plain JavaScript strings where it must run early.
 */
export const CSP_LISTENER_SCRIPT = `
  window.__cspViolations = [];
  document.addEventListener('securitypolicyviolation', (e) =>
    window.__cspViolations.push(e.violatedDirective + ': ' + e.blockedURI));
`;
const FAKE_HOST_SCRIPT = `
  ${CSP_LISTENER_SCRIPT}
  window.__posted = [];
  let state = undefined;
  window.acquireVsCodeApi = () => ({
    postMessage: (m) => window.__posted.push(m),
    getState: () => state,
    setState: (s) => { state = s; window.__uiState = s; },
  });
`;

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
}

/** Everything a test wants to know about what went wrong in the page. */
export interface PageProblems {
  cspViolations: string[];
  consoleErrors: string[];
  pageErrors: string[];
}

export function watchProblems(page: Page): PageProblems {
  const problems: PageProblems = { cspViolations: [], consoleErrors: [], pageErrors: [] };
  page.on('console', (m) => {
    if (m.type() === 'error') problems.consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => problems.pageErrors.push(String(e)));
  page.on('load', () => undefined);
  return problems;
}

/** Opens the panel shell on a new page with the fake host; resolves once the webview said `ready`. */
export async function openPanel(
  browser: Browser,
  theme: ThemeClass = 'vscode-dark',
  size = { width: 1280, height: 2400 },
): Promise<{ page: Page; problems: PageProblems }> {
  const page = await browser.newPage({ viewport: size });
  const problems = watchProblems(page);
  // The extension's own shell and CSP; only the body class is added, as VS Code does.
  const html = panelHtml({
    cspSource: ORIGIN,
    scriptUri: `${ORIGIN}/dist/webview.js`,
    styleUris: [`${ORIGIN}/test/vscodeThemes.css`, `${ORIGIN}/media/panel.css`],
    title: 'Batchscope',
  }).replace('<body>', `<body class="${theme}">`);
  if (!html.includes(`<body class="${theme}">`))
    throw new Error('The panel shell has no plain <body> tag to theme.');
  const files: Record<string, [string, string]> = {
    '/dist/webview.js': [path.join(ARTIFACTS, 'webview.js'), 'text/javascript'],
    '/media/panel.css': [path.join(ROOT, 'media', 'panel.css'), 'text/css'],
    '/test/vscodeThemes.css': [path.join(__dirname, 'vscodeThemes.css'), 'text/css'],
  };
  await page.route(`${ORIGIN}/**`, (route) => {
    const url = new URL(route.request().url());
    if (url.pathname === '/index.html') return route.fulfill({ body: html, contentType: 'text/html' });
    const file = files[url.pathname];
    if (!file) return route.fulfill({ status: 404, body: 'not found' });
    return route.fulfill({ body: fs.readFileSync(file[0]), contentType: file[1] });
  });
  await page.addInitScript({ content: FAKE_HOST_SCRIPT });
  await page.goto(`${ORIGIN}/index.html`);
  await waitInPage(page, `() => (window.__posted || []).some((m) => m.type === 'ready')`, 30_000);
  return { page, problems };
}

/** Runs JavaScript source (a function expression) in the page with a JSON argument. */
export function inPage<T>(page: Page, fnSource: string, arg?: unknown): Promise<T> {
  return page.evaluate(`(${fnSource})(${JSON.stringify(arg ?? null)})`) as Promise<T>;
}

/**
 * Polls a page-side predicate until it is true. (Playwright's waitForFunction evaluates strings
 * with eval inside the page, which the panel's CSP rightly blocks.)
 */
export async function waitInPage(page: Page, predicateSource: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await inPage<boolean>(page, predicateSource))) {
    if (Date.now() > deadline)
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${predicateSource}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Posts a host message into the page, as VS Code delivers it (a window 'message' event). */
export async function sendToWebview(page: Page, msg: HostToWebview): Promise<void> {
  await inPage(page, `(m) => window.postMessage(m, '*')`, msg);
}

export function posted(page: Page): Promise<WebviewToHost[]> {
  return inPage(page, `() => window.__posted`);
}

export function cspViolations(page: Page): Promise<string[]> {
  return inPage(page, `() => window.__cspViolations || []`);
}

/** Waits two animation frames, so the panel has drawn what it was sent. */
export async function settled(page: Page): Promise<void> {
  await inPage(
    page,
    `() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r())))`,
  );
}

const COLOUR_COUNTS = `({ colours, tolerance }) => {
  const rgb = colours.map((hex) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)));
  const out = {};
  for (const canvas of document.querySelectorAll('canvas[data-chart]')) {
    if (canvas.offsetParent === null || canvas.width === 0) continue;
    const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    const counts = rgb.map(() => 0);
    for (let p = 0; p < data.length; p += 4) {
      if (data[p + 3] < 200) continue;
      for (let k = 0; k < rgb.length; k++) {
        const c = rgb[k];
        if (Math.abs(data[p] - c[0]) <= tolerance && Math.abs(data[p + 1] - c[1]) <= tolerance &&
            Math.abs(data[p + 2] - c[2]) <= tolerance) counts[k]++;
      }
    }
    out[canvas.dataset.chart] = counts;
  }
  return out;
}`;

/** Per visible canvas (by its data-chart id): how many opaque pixels lie within `tolerance` of each colour. */
export function colourCounts(
  page: Page,
  colours: string[],
  tolerance = 8,
): Promise<Record<string, number[]>> {
  return inPage(page, COLOUR_COUNTS, { colours, tolerance });
}

/** A cheap fingerprint of one chart's pixels, to tell whether something (a tooltip) was drawn. */
export function canvasFingerprint(page: Page, chartId: string): Promise<number> {
  return inPage(
    page,
    `(id) => {
      const c = document.querySelector('canvas[data-chart="' + id + '"]');
      const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      let h = 0;
      for (let i = 0; i < d.length; i += 4) h = (h * 31 + d[i] + 3 * d[i + 1] + 7 * d[i + 2] + 11 * d[i + 3]) >>> 0;
      return h;
    }`,
    chartId,
  );
}

export function ensureArtifacts(): string {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  return ARTIFACTS;
}
