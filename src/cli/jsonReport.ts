/** The `--json` output object of `batchscope profile` and `batchscope show`. */
import { summaryFromProfile, type ProfileReport } from '../engine/profile/profileSummary';
import type { Profile } from '../shared/profileTypes';

export interface CliJsonReport extends Omit<ProfileReport, 'settings'> {
  settings: ProfileReport['settings'];
  profilePath: string;
  reportPath?: string;
}

/**
 * Builds the JSON report. NaN (not measured) becomes null in JSON, as JSON has no NaN. Each
 * strategy carries `rejected` (0 when none), `padFraction`, and `levels` (one entry per priority
 * level, level 0 first) when the traffic had several levels: see StrategyReport.
 */
export function cliJsonReport(
  profile: Profile,
  profilePath: string,
  reportPath: string | null,
): CliJsonReport {
  const report = summaryFromProfile(profile);
  return { ...report, profilePath, ...(reportPath ? { reportPath } : {}) };
}
