/**
 * What the UI end-to-end tests do to code-server's workbench: start it on a fresh workspace, find
 * the Batchscope panel's document, run a command from the palette, take a screenshot.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { FrameLocator, Page } from 'playwright-core';
import { launchWorkbenchBrowser, type Workbench } from '../../scripts/e2e/browser';
import { REPO_ROOT, startCodeServer, type RunningCodeServer } from '../../scripts/e2e/codeServer';
import { freshVsix } from '../../scripts/package/vsixFiles';

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

/**
 * One UI test's code-server: a fresh workspace holding sample models under `models/`, the extension
 * installed (the fresh VSIX, or an unpacked folder), and the workbench open in Chromium. `close`
 * keeps the server's folders and the workspace when a test failed, with a `failure` screenshot.
 */
export class WorkbenchSession {
  workspace = '';
  private server: RunningCodeServer | undefined;
  private browser: Workbench | undefined;

  constructor(private readonly artifacts: string) {}

  get page(): Page {
    if (!this.browser) throw new Error('the workbench is not open');
    return this.browser.page;
  }

  async open(models: string[], workspacePrefix: string, extensionFolder?: string): Promise<void> {
    this.workspace = fs.mkdtempSync(path.join(os.tmpdir(), workspacePrefix));
    fs.mkdirSync(path.join(this.workspace, 'models'));
    for (const m of models)
      fs.copyFileSync(path.join(REPO_ROOT, 'samples', m), path.join(this.workspace, 'models', m));
    this.server = await startCodeServer({
      workspace: this.workspace,
      installExtensions: extensionFolder ? [] : [freshVsix()],
      extensionFolders: extensionFolder ? [extensionFolder] : [],
      logFile: path.join(this.artifacts, 'code-server.log'),
    });
    this.browser = await launchWorkbenchBrowser(path.join(this.artifacts, 'browser-console.log'));
    await this.page.goto(this.server.workbenchUrl());
    await this.page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  }

  async close(failed: boolean): Promise<void> {
    if (this.browser) {
      if (failed) await shotInto(this.artifacts, this.page, 'failure').catch(() => undefined);
      await this.browser.close();
    }
    // Keep the server's folders (extension host logs) when something failed.
    await this.server?.stop({ keep: failed });
    if (failed && this.server) console.log(`      code-server files kept for debugging: ${this.server.root}`);
    if (!failed && this.workspace) fs.rmSync(this.workspace, { recursive: true, force: true });
  }
}
