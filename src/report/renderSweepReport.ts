/**
 * The self-contained HTML report of a sweep (`batchscope sweep … --report FILE.html`): the same
 * page as the profile report (renderReport.ts: the panel's bundle and stylesheet inlined, strict
 * CSP, no network) carrying the sweep file, which webview/main.ts draws in 'sweep' mode — the
 * trade-off chart, the recommendation with its reasons and verifications, the configurations.
 * There is no host, so no Verify or Export button; the page says how to export from a terminal.
 */
import type { SweepFile } from '../shared/sweep/sweepTypes';
import { renderStandalonePage, type ReportOptions } from './renderReport';

/** Renders a sweep as a standalone HTML page (title: "Batchscope sweep — <model file>"). */
export function renderSweepReport(sweep: SweepFile, opts: ReportOptions = {}): string {
  const title = opts.title ?? `Batchscope sweep — ${sweep.model.fileName}`;
  // JSON has no NaN: figures the sweep could not measure are written as null; the view skips them.
  return renderStandalonePage(title, { title, titles: [], profiles: [], sweep }, opts);
}
