/**
 * Headless Debian Chromium driven by playwright-core, for the code-server workbench.
 * Never downloads a browser: it uses /usr/bin/chromium (or $CHROMIUM_PATH).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

/** Path of the Chromium binary the tests drive. */
export function chromiumPath(): string {
  const p = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!fs.existsSync(p)) {
    throw new Error(
      `Chromium not found at ${p}. Install Debian's chromium (apt-get install -y chromium) or set CHROMIUM_PATH.`,
    );
  }
  return p;
}

/** Flags for every headless Chromium the tests launch: no sandbox, GPU, first-run UI or background network. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface Workbench {
  context: BrowserContext;
  page: Page;
  /** Closes the browser and removes its profile folder. */
  close(): Promise<void>;
}

/**
 * Launches Chromium with a throwaway profile and one page. Browser console messages and page
 * errors are appended to `consoleLog` (if given) so a failing run can be debugged afterwards.
 */
export async function launchWorkbenchBrowser(consoleLog?: string): Promise<Workbench> {
  const profileDir = fs.mkdtempSync(path.join(os.tmpdir(), 'batchscope-chromium-'));
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: chromiumPath(),
    headless: true,
    viewport: { width: 1600, height: 1000 },
    args: CHROMIUM_ARGS,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  if (consoleLog) {
    fs.mkdirSync(path.dirname(consoleLog), { recursive: true });
    const log = (line: string): void => fs.appendFileSync(consoleLog, line + '\n');
    page.on('console', (m) => log(`[console.${m.type()}] ${m.text()}`));
    page.on('pageerror', (e) => log(`[pageerror] ${e.message}`));
  }
  return {
    context,
    page,
    async close(): Promise<void> {
      await context.close().catch(() => undefined);
      fs.rmSync(profileDir, { recursive: true, force: true });
    },
  };
}
