/** Builds the webview bundle for the browser tests into test-artifacts/ (same options as esbuild.js). */
import * as esbuild from 'esbuild';
import * as path from 'path';
import { ARTIFACTS } from './panelPage';

const ROOT = path.resolve(__dirname, '../..');
export const TEST_WEBVIEW_JS = path.join(ARTIFACTS, 'webview.js');

export async function buildWebviewForTests(): Promise<string> {
  await esbuild.build({
    bundle: true,
    platform: 'browser',
    target: 'chrome120',
    format: 'iife',
    entryPoints: [path.join(ROOT, 'webview', 'main.ts')],
    outfile: TEST_WEBVIEW_JS,
    logLevel: 'warning',
  });
  return TEST_WEBVIEW_JS;
}

/** The big-run driver as one script to evaluate in the page. */
export async function bundleBigRunDriver(requests: number): Promise<string> {
  const out = await esbuild.build({
    bundle: true,
    platform: 'browser',
    target: 'chrome120',
    format: 'iife',
    entryPoints: [path.join(__dirname, 'bigRunDriver.page.ts')],
    define: { BIG_RUN_REQUESTS: String(requests) },
    write: false,
    logLevel: 'warning',
  });
  return out.outputFiles[0].text;
}

/** A `*.page.ts` script of this folder bundled as one script to evaluate in a page. */
export async function bundlePageScript(file: string): Promise<string> {
  const out = await esbuild.build({
    bundle: true,
    platform: 'browser',
    target: 'chrome120',
    format: 'iife',
    entryPoints: [path.join(__dirname, file)],
    write: false,
    logLevel: 'warning',
  });
  return out.outputFiles[0].text;
}
