/**
 * Writes the README screenshots (media/screenshots/panel-dark.png, panel-light.png): the panel
 * after the recorded real run on samples/mlp.onnx, settings collapsed.
 *   npx tsx test/webview/captureScreenshots.ts
 */
import * as fs from 'fs';
import * as path from 'path';
import { buildWebviewForTests } from './buildWebview';
import { launchChromium, openPanel, sendToWebview, settled, type ThemeClass } from './panelPage';
import { recordedRunMessages } from './recordedFixtures';

const OUT = path.resolve(__dirname, '../../media/screenshots');

async function main(): Promise<void> {
  await buildWebviewForTests();
  fs.mkdirSync(OUT, { recursive: true });
  const browser = await launchChromium();
  try {
    for (const [theme, name] of [
      ['vscode-dark', 'panel-dark.png'],
      ['vscode-light', 'panel-light.png'],
    ] as Array<[ThemeClass, string]>) {
      const { page } = await openPanel(browser, theme, { width: 1200, height: 1600 });
      for (const m of recordedRunMessages()) await sendToWebview(page, m);
      await page.locator('details.settings > summary').click();
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
