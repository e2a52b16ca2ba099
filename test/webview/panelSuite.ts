/**
 * Mocha wiring shared by the panel's browser tests: builds the webview once, opens pages in one
 * Chromium, and fails a test whose page had a CSP violation, a console error or an uncaught one.
 */
import * as assert from 'assert';
import type { Browser, Page } from 'playwright-core';
import type { HostToWebview, WebviewToHost } from '../../src/shared/panelProtocol';
import { buildWebviewForTests } from './buildWebview';
import {
  cspViolations,
  inPage,
  launchChromium,
  openPanel,
  posted,
  settled,
  type PageProblems,
  type ThemeClass,
} from './panelPage';

export interface PanelSuite {
  open(theme?: ThemeClass, size?: { width: number; height: number }): Promise<Page>;
  /** Posts host messages in one round trip and waits until they are drawn. */
  play(page: Page, messages: HostToWebview[]): Promise<void>;
}

/** Call inside a `describe`: sets up the browser and the per-test page checks. */
export function usePanelPages(): PanelSuite {
  let browser: Browser;
  const pages: Array<{ page: Page; problems: PageProblems }> = [];
  before(async () => {
    await buildWebviewForTests();
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
  });
  afterEach(async () => {
    for (const { page, problems } of pages.splice(0)) {
      const csp = await cspViolations(page);
      await page.close();
      assert.deepStrictEqual(csp, [], `CSP violations: ${csp.join('; ')}`);
      assert.deepStrictEqual(
        problems.pageErrors,
        [],
        `uncaught errors in the page: ${problems.pageErrors.join('\n')}`,
      );
      assert.deepStrictEqual(
        problems.consoleErrors,
        [],
        `console errors: ${problems.consoleErrors.join('\n')}`,
      );
    }
  });
  return {
    async open(theme = 'vscode-dark', size) {
      const opened = await openPanel(browser, theme, size);
      pages.push(opened);
      return opened.page;
    },
    async play(page, messages) {
      await inPage(page, `(ms) => ms.forEach((m) => window.postMessage(m, '*'))`, messages);
      await settled(page);
    },
  };
}

/** The messages of one type the page posted, oldest first. */
export async function postedOf<T extends WebviewToHost['type']>(
  page: Page,
  type: T,
): Promise<Array<Extract<WebviewToHost, { type: T }>>> {
  return (await posted(page)).filter((m): m is Extract<WebviewToHost, { type: T }> => m.type === type);
}

/** A vscode-elements control's `value` / `disabled` / `invalid`, read from the element itself. */
export const prop = <T>(
  page: Page,
  selector: string,
  name: 'value' | 'disabled' | 'invalid' | 'open',
): Promise<T> => page.locator(selector).evaluate((e, n) => (e as unknown as Record<string, T>)[n], name);

/** Waits `ms` of page time (for debounces). */
export const pause = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
