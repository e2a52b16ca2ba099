/**
 * The panel's HTML shell. No data is ever inlined: the page loads the bundled webview script
 * (nonce'd) and receives everything through postMessage after its `ready`. No `vscode` import.
 */
import { escapeHtml, newNonce } from '../../shared/node/htmlSafety';

export { escapeHtml, newNonce };

export interface PanelHtmlInput {
  /** `webview.cspSource`. */
  cspSource: string;
  /** webview URI of dist/webview.js. */
  scriptUri: string;
  /** webview URIs of stylesheets (dist/webview.css, media/*.css) that exist. */
  styleUris: string[];
  /** Page title (escaped here). */
  title: string;
  /** Fresh per page load; defaults to 16 random bytes. */
  nonce?: string;
}

/** The Content-Security-Policy of the panel: nothing but our nonce'd script and our styles. */
export function panelCsp(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${cspSource}`,
    `img-src ${cspSource} data:`,
    `font-src ${cspSource}`,
  ].join('; ');
}

export function panelHtml(input: PanelHtmlInput): string {
  const nonce = input.nonce ?? newNonce();
  const styles = input.styleUris.map((u) => `  <link rel="stylesheet" href="${escapeHtml(u)}">`).join('\n');
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="UTF-8">
  <meta http-equiv="Content-Security-Policy" content="${escapeHtml(panelCsp(input.cspSource, nonce))}">
  <meta name="viewport" content="width=device-width, initial-scale=1.0">
${styles}
  <title>${escapeHtml(input.title)}</title>
</head>
<body>
  <div id="app"></div>
  <script nonce="${escapeHtml(nonce)}" src="${escapeHtml(input.scriptUri)}"></script>
</body>
</html>`;
}
