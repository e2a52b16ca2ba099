/** `batchscope show`: the summary of a saved profile, the same numbers the run printed. */
import * as path from 'node:path';
import { readProfile } from '../../engine/profile/profileIo';
import { summaryFromProfile } from '../../engine/profile/profileSummary';
import { formatCalibration, formatResultsTable, formatSettings, formatWarnings } from '../formatResults';
import { cliJsonReport } from '../jsonReport';
import { requireReadableFile } from '../optionValues';
import type { OptionValues } from '../parseCommandLine';
import { UsageError } from '../usageError';

export async function showCommand(positionals: string[], values: OptionValues): Promise<number> {
  if (positionals.length !== 1) {
    throw new UsageError(
      positionals.length === 0
        ? 'Missing PROFILE: which profile file should be shown? e.g. batchscope show .batchscope/profiles/model.json'
        : `Expected one PROFILE, got ${positionals.length}: ${positionals.join(' ')}.`,
    );
  }
  const file = positionals[0];
  requireReadableFile(file, 'Profile', 'Pass a .json file written by `batchscope profile`.');
  const profile = readProfile(file);
  const profilePath = path.resolve(file);
  if (values.json) {
    process.stdout.write(`${JSON.stringify(cliJsonReport(profile, profilePath, null), null, 2)}\n`);
    return 0;
  }
  const report = summaryFromProfile(profile);
  const lines = [
    `Profile ${profilePath}`,
    `Model ${profile.model.path}; recorded ${profile.createdAt} on ${profile.machine.hostname} ` +
      `(${profile.machine.cpuModel}, ${profile.machine.cpuCount} CPUs), onnxruntime ${profile.ortVersion}` +
      (profile.partial ? '; PARTIAL (the run was cut short)' : ''),
    formatSettings(profile.settings),
    '',
    formatCalibration(report.calibration),
    '',
    formatResultsTable(report),
    '',
  ];
  process.stdout.write(lines.join('\n'));
  if (profile.warnings.length) process.stderr.write(`${formatWarnings(profile.warnings)}\n`);
  return 0;
}
