/** The HTML report for `--report`: the panel's own charts, self-contained (see src/report). */
import { renderReportHtml } from '../report/renderReport';
import type { Profile } from '../shared/profileTypes';

/** Renders `profile` as one standalone HTML page. */
export function renderReport(profile: Profile): string {
  return renderReportHtml(profile);
}
