/**
 * The self-contained HTML report (`batchscope profile … --report FILE.html`): the panel's own
 * webview bundle and stylesheet inlined, the profile embedded with its columns in the profile
 * file's compact encoding (so the report is about the profile file's size plus the bundle, not
 * ~20x it), decoded and drawn by the page (webview/main.ts) in 'view' mode without a host. Opens
 * from a file:// URL with no network.
 *
 * Safety: the data goes into a `<script type="application/json">` with `<`, `>`, `&`, U+2028 and
 * U+2029 escaped, so no string in a profile (a model path, a warning) can close the element or
 * start markup; scripts and styles run only with this page's nonce.
 */
import * as fs from 'fs';
import * as path from 'path';
// The panel shell's own helpers (pure, no `vscode`): one HTML escaper and one nonce for both pages.
import { escapeHtml, newNonce } from '../shared/node/htmlSafety';
import { encodeColumns } from '../engine/profile/columnsCodec';
import { compactProfile, type CompactProfile } from '../shared/compactProfile';
import type { Profile } from '../shared/profileTypes';

/** What the report embeds (read by webview/main.ts in standalone mode). */
export interface ReportPayload {
  title: string;
  titles: string[];
  profiles: CompactProfile[];
}

export interface ReportOptions {
  /** Page and panel title; defaults to "Batchscope — <model file>". */
  title?: string;
  /** Where dist/webview.js is (default: beside the running bundle, i.e. dist/). */
  webviewScriptPath?: string;
  /** Where media/panel.css is (default: ../media/panel.css from the bundle). */
  stylesheetPath?: string;
}

/** Renders one profile as a standalone HTML page. */
export function renderReportHtml(profile: Profile, opts: ReportOptions = {}): string {
  return renderComparisonReportHtml([profile], [profile.model.fileName], opts);
}

/** Renders several profiles overlaid (compare mode), each labelled by its title. */
export function renderComparisonReportHtml(
  profiles: Profile[],
  titles: string[],
  opts: ReportOptions = {},
): string {
  if (profiles.length === 0) throw new Error('A report needs at least one profile.');
  const title = opts.title ?? `Batchscope — ${titles.join(' vs ')}`;
  // The profiles themselves, columns encoded as in the profile file: the report carries the raw
  // records at ~2 bytes a request (as plain JSON arrays they took ~45 bytes).
  const payload: ReportPayload = {
    title,
    titles,
    profiles: profiles.map((p) =>
      compactProfile(
        p,
        p.strategies.map((s) => encodeColumns(s.requests, s.batches)),
      ),
    ),
  };
  return renderStandalonePage(title, payload, opts);
}

/**
 * The report page around any payload webview/main.ts reads in standalone mode (profiles, or a
 * sweep): the bundle and stylesheet inlined, the payload as escaped JSON, a nonce'd strict CSP.
 */
export function renderStandalonePage(title: string, payload: object, opts: ReportOptions = {}): string {
  const script = readAsset(opts.webviewScriptPath, 'webview.js', [
    'webview.js',
    '../../dist/webview.js',
    '../dist/webview.js',
  ]);
  const css = readAsset(opts.stylesheetPath, 'panel.css', ['../media/panel.css', '../../media/panel.css']);
  const nonce = newNonce();
  const csp = `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'nonce-${nonce}'; img-src data:`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>${escapeHtml(title)}</title>
<style nonce="${nonce}">
${css.replace(/<\/style/gi, '<\\/style')}
</style>
</head>
<body class="bs-standalone">
<div id="app"></div>
<script type="application/json" id="batchscope-report-data">${escapeJsonForHtml(JSON.stringify(payload))}</script>
<script nonce="${nonce}">
${inlineScript(script)}
</script>
</body>
</html>
`;
}

/** JSON that is safe inside any HTML element: no `<`, `>`, `&` or JS line separators survive. */
export function escapeJsonForHtml(json: string): string {
  return json
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/**
 * The bundle as inline script text: `</script` and `<!--` (which would end or confuse the
 * element) are written with an escaped slash / bang, which means the same inside JS strings,
 * regexes and comments; the source-map comment is dropped (the map is not shipped inline).
 */
function inlineScript(source: string): string {
  return source
    .replace(/<\/script/gi, '<\\/script')
    .replace(/<!--/g, '<\\!--')
    .replace(/\n\/\/# sourceMappingURL=.*\s*$/, '\n');
}

function readAsset(override: string | undefined, name: string, relativeCandidates: string[]): string {
  const candidates = override ? [override] : relativeCandidates.map((c) => path.join(__dirname, c));
  for (const file of candidates) {
    try {
      return fs.readFileSync(file, 'utf8');
    } catch {
      // try the next location
    }
  }
  throw new Error(
    `Cannot build the HTML report: ${name} was not found (looked in ${candidates.join(', ')}). Run \`npm run build\` first.`,
  );
}
