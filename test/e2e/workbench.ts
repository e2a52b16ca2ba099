/**
 * What the UI end-to-end tests do to code-server's workbench: find the Batchscope panel's
 * document, run a command from the palette, take a screenshot.
 */
import * as path from 'node:path';
import type { FrameLocator, Page } from 'playwright-core';

export const EXTENSION_ID = 'batchscope.batchscope';

/** The panel's inner document: outer webview iframe → VS Code's `active-frame`. */
export function panelFrame(page: Page): FrameLocator {
  return page
    .frameLocator(`iframe.webview.ready[src*="extensionId=${EXTENSION_ID}"]`)
    .frameLocator('iframe#active-frame');
}

/** A screenshot of the whole workbench into `dir`/`name`.png. */
export async function shotInto(dir: string, page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(dir, `${name}.png`) });
}

/**
 * Opens the palette and runs `title`. Retried because the command only appears once the
 * extension host has started (3–6 s after the workbench shows); nothing else is retried.
 */
export async function runFromPalette(page: Page, title: string, timeoutMs = 60_000): Promise<void> {
  const input = page.locator('.quick-input-widget .quick-input-box input');
  const until = Date.now() + timeoutMs;
  for (let attempt = 1; Date.now() < until; attempt++) {
    await page.keyboard.press('F1');
    await input.waitFor({ state: 'visible', timeout: 5_000 });
    await input.fill(`>${title}`);
    const row = page.locator('.quick-input-widget .monaco-list-row', { hasText: title }).first();
    try {
      await row.waitFor({ state: 'visible', timeout: 2_000 });
      await row.click();
      return;
    } catch {
      await page.keyboard.press('Escape');
      await page.waitForTimeout(1_000);
    }
  }
  throw new Error(`"${title}" never appeared in the command palette within ${timeoutMs / 1000} s`);
}
