/**
 * Writes the README screenshots (media/screenshots/panel-dark.png, panel-light.png: the panel
 * after the recorded real run on samples/mlp.onnx, started with Run so the form folded to its
 * one-line summary), and, for looking at, the panel's other states in both themes at 1000 px
 * (test-artifacts/webview/states/): a model that rejected synthetic values, its re-inspection,
 * a run whose engine stopped, an interrupted run, and the summary table with four strategies.
 *   npx tsx test/webview/captureScreenshots.ts
 */
import * as fs from 'fs';
import * as path from 'path';
import type { Browser, Page } from 'playwright-core';
import type { HostToWebview } from '../../src/shared/panelProtocol';
import { profileToEvents } from '../../src/shared/profileReplay';
import { buildWebviewForTests } from './buildWebview';
import { DEFAULTS, VAD_REJECTED } from './panelFixtures';
import { ARTIFACTS, inPage, launchChromium, openPanel, settled, type ThemeClass } from './panelPage';
import { recordedRunMessages } from './recordedFixtures';
import { ENGINE_STOPPED, fourStrategies, PARTIAL_PROFILE_PATH, runUntilCut } from './runEndFixtures';

const README = path.resolve(__dirname, '../../media/screenshots');
const STATES = path.join(ARTIFACTS, 'states');
const WIDTH = 1000;

async function play(page: Page, messages: HostToWebview[]): Promise<void> {
  await inPage(page, `(ms) => ms.forEach((m) => window.postMessage(m, '*'))`, messages);
  await settled(page);
}

/** One state in one theme: a fresh panel, `setUp`, then a screenshot (the whole page, or `fullPage: false`). */
async function capture(
  browser: Browser,
  theme: ThemeClass,
  file: string,
  setUp: (page: Page) => Promise<void>,
  fullPage = true,
): Promise<void> {
  const { page } = await openPanel(browser, theme, { width: WIDTH, height: 900 });
  await setUp(page);
  await settled(page);
  await page.screenshot({ path: file, fullPage });
  await page.close();
  console.log(`wrote ${file}`);
}

async function main(): Promise<void> {
  await buildWebviewForTests();
  fs.mkdirSync(README, { recursive: true });
  fs.mkdirSync(STATES, { recursive: true });
  const browser = await launchChromium();
  const vad: HostToWebview = {
    type: 'init',
    mode: 'configure',
    model: VAD_REJECTED,
    defaults: DEFAULTS,
    trusted: true,
    title: VAD_REJECTED.fileName,
    modelKey: VAD_REJECTED.path,
    defaultsKey: 'configuration:vad:1a2b',
    configurationName: 'vad',
  };
  try {
    for (const theme of ['vscode-dark', 'vscode-light'] as ThemeClass[]) {
      const name = theme.replace('vscode-', '');
      await capture(browser, theme, path.join(README, `panel-${name}.png`), async (page) => {
        const [init, ...run] = recordedRunMessages();
        await play(page, [init]);
        await page.locator('#btn-run').click();
        await play(page, run);
        await inPage(page, `() => window.scrollTo(0, 0)`);
      });
      await capture(browser, theme, path.join(STATES, `probe-problem-${name}.png`), (page) =>
        play(page, [vad]),
      );
      await capture(
        browser,
        theme,
        path.join(STATES, `inspecting-${name}.png`),
        async (page) => {
          await play(page, [vad]);
          await page.locator('#f-fixedInputs_sr input').fill('16000');
          await inPage(
            page,
            `() => document.getElementById('f-fixedInputs_sr').scrollIntoView({ block: 'center' })`,
          );
        },
        false,
      );
      await capture(browser, theme, path.join(STATES, `run-stopped-${name}.png`), async (page) => {
        const [init, ...run] = runUntilCut();
        await play(page, [init]);
        await page.locator('#btn-run').click();
        await play(page, [...run, ENGINE_STOPPED]);
        await page.locator('.run-notice summary').click();
        await inPage(page, `() => window.scrollTo(0, 0)`);
      });
      await capture(browser, theme, path.join(STATES, `interrupted-${name}.png`), (page) =>
        play(page, [
          ...runUntilCut().filter((m) => m.type !== 'runState'),
          { type: 'runState', state: 'interrupted', profilePath: PARTIAL_PROFILE_PATH },
        ]),
      );
      await capture(
        browser,
        theme,
        path.join(STATES, `summary-four-${name}.png`),
        async (page) => {
          const profile = fourStrategies();
          profile.strategies[1].partial = true;
          profile.strategies[3].summary = {
            ...profile.strategies[3].summary,
            completed: profile.strategies[3].summary.requests - 10,
          };
          await play(page, [
            { type: 'init', mode: 'view', defaults: DEFAULTS, trusted: true, title: 'mlp.onnx' },
            { type: 'replace', events: [profileToEvents(profile)], titles: ['mlp.onnx'] },
          ]);
          await inPage(page, `() => document.getElementById('summary').scrollIntoView()`);
        },
        false,
      );
    }
  } finally {
    await browser.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
