/**
 * The HTML report for `--report`. The report renderer (src/report/renderReport.ts, issue 3) has
 * not landed in this build yet; until it does, `--report` is refused up front (exit 2) rather
 * than writing a placeholder. TODO: import { renderReportHtml } from '../report/renderReport'.
 */
import type { Profile } from '../shared/profileTypes';
import { UsageError } from './usageError';

/** True when this build can write HTML reports. */
export const REPORT_AVAILABLE = false;

export function renderReport(_profile: Profile): string {
  throw new UsageError(
    '--report is not available in this build yet (the HTML report renderer has not landed).',
  );
}
