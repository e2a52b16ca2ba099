/**
 * Writes the sweep screenshots (media/screenshots/sweep-dark.png, sweep-light.png): the recorded
 * verified sweep of samples/mlp.onnx opened in the panel (mode 'sweep').
 *   npx tsx test/webview/captureSweepScreenshots.ts
 */
import * as fs from 'fs';
import * as path from 'path';
import { buildWebviewForTests } from './buildWebview';
import { launchChromium, openPanel, sendToWebview, settled, type ThemeClass } from './panelPage';
import { openedSweepMessages, sweepFixture } from './sweepFixtures';

const OUT = path.resolve(__dirname, '../../media/screenshots');

async function main(): Promise<void> {
  await buildWebviewForTests();
  fs.mkdirSync(OUT, { recursive: true });
  const browser = await launchChromium();
  try {
    for (const [theme, name] of [
      ['vscode-dark', 'sweep-dark.png'],
      ['vscode-light', 'sweep-light.png'],
    ] as Array<[ThemeClass, string]>) {
      const { page } = await openPanel(browser, theme, { width: 1200, height: 1200 });
      for (const m of openedSweepMessages(sweepFixture('verified'))) await sendToWebview(page, m);
      await settled(page);
      await settled(page);
      await page.screenshot({ path: path.join(OUT, name), fullPage: true });
      await page.close();
      console.log(`wrote ${path.join(OUT, name)}`);
    }
  } finally {
    await browser.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
