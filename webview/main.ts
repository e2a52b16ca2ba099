/**
 * Batchscope panel webview entry (bundled by esbuild.js to dist/webview.js, IIFE, browser).
 *
 * What the page must provide (the host's HTML shell, the test page and the HTML report all do):
 * - `<body class="vscode-dark|vscode-light|vscode-high-contrast|vscode-high-contrast-light">`
 *   (VS Code sets this class itself) containing `<div id="app"></div>`;
 * - `<link rel="stylesheet" href=".../media/panel.css">` (all styles live there; the webview never
 *   injects <style> or style attributes, so `style-src ${webview.cspSource}` suffices);
 * - `<script nonce="…" src=".../dist/webview.js"></script>` at the end of <body>;
 * - CSP: `default-src 'none'; script-src 'nonce-…'; style-src ${cspSource}; img-src ${cspSource} data:;
 *   font-src ${cspSource}`. No fonts or images are loaded (no codicons).
 * - `localResourceRoots`: the extension's `dist/` and `media/` folders.
 *
 * Protocol (src/shared/panelProtocol.ts): the script posts `{type:'ready'}` once it listens; the
 * host then sends `init`, optionally `replace` (a snapshot) and `runState`, then `events` deltas.
 *
 * Standalone (the HTML report, no `acquireVsCodeApi`): the page instead embeds
 * `<script type="application/json" id="batchscope-report-data">{"title","titles","profiles"}</script>`
 * (profiles with their columns in the profile file's compact encoding, see compactProfile.ts)
 * and the panel decodes and draws them in 'view' (or 'compare') mode without anything that
 * needs a host, as it does the host's `profiles` message. A sweep report (renderSweepReport.ts)
 * embeds `{"title","titles":[],"profiles":[],"sweep"}` instead, drawn in 'sweep' mode.
 */
import type { CompactProfile } from '../src/shared/compactProfile';
import type { HostToWebview, PanelRunConfig } from '../src/shared/panelProtocol';
import type { SweepFile } from '../src/shared/sweep/sweepTypes';
import { PanelApp } from './app';
import { connectHost } from './vscodeApi';

/** The JSON the HTML report embeds (src/report/renderReport.ts writes the same shape). */
interface ReportPayload {
  title: string;
  titles: string[];
  profiles: CompactProfile[];
  /** A sweep report: the sweep file itself (then `profiles` is empty). */
  sweep?: SweepFile;
}

/** Form defaults for a page without a host; never submitted (there is no form in view mode). */
const VIEW_DEFAULTS: PanelRunConfig = {
  strategies: [{ name: 'none' }],
  arrival: { kind: 'poisson' },
  rateRps: null,
  durationS: 10,
  warmupS: 2,
  instances: 1,
  threads: 1,
  provider: 'cpu',
  dims: [],
  fixedInputs: {},
  sloMs: null,
  seed: 1,
  priorities: null,
};

function start(): void {
  const root = document.getElementById('app');
  if (!root) throw new Error('Batchscope panel: the page has no <div id="app">.');
  const host = connectHost();
  const app = new PanelApp(root, host);
  const report = document.getElementById('batchscope-report-data');
  if (!host.hasHost && report) {
    const payload = JSON.parse(report.textContent ?? '{}') as ReportPayload;
    if (payload.sweep) {
      app.handle({
        type: 'init',
        mode: 'sweep',
        defaults: VIEW_DEFAULTS,
        trusted: true,
        title: payload.title,
      });
      app.handle({ type: 'sweep', sweep: payload.sweep, state: 'done' });
      return;
    }
    app.handle({
      type: 'init',
      mode: payload.profiles.length > 1 ? 'compare' : 'view',
      defaults: VIEW_DEFAULTS,
      trusted: true,
      title: payload.title,
    });
    app.handle({ type: 'profiles', profiles: payload.profiles, titles: payload.titles });
    return;
  }
  window.addEventListener('message', (e: MessageEvent<HostToWebview>) => {
    const msg = e.data;
    if (typeof msg === 'object' && msg !== null && typeof msg.type === 'string') app.handle(msg);
  });
  host.postMessage({ type: 'ready' });
}

start();
