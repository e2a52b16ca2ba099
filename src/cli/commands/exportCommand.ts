/**
 * `batchscope export`: one profiled configuration, written in the format of the server it will be
 * deployed on, with what that server cannot express printed beside it.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { writeFileAtomic } from '../../engine/profile/atomicWrite';
import { exportConfig } from '../../shared/export/exportConfig';
import {
  EXPORT_FORMATS,
  EXPORT_FORMAT_TITLES,
  OUTPUT_FOLDER,
  type ExportFormat,
} from '../../shared/export/exportTypes';
import { didYouMean } from '../../shared/didYouMean';
import { findStrategy } from '../../shared/strategies/registry';
import { chooseCandidate } from '../export/chooseCandidate';
import { readExportSource } from '../export/exportSources';
import { requireReadableFile } from '../optionValues';
import type { OptionValues } from '../parseCommandLine';
import { UsageError } from '../usageError';

/** Resolves with the exit code (0); bad input throws (exit 2). */
export async function exportCommand(positionals: string[], values: OptionValues): Promise<number> {
  if (positionals.length !== 1) {
    throw new UsageError(
      positionals.length === 0
        ? 'Missing PROFILE: which profile should be exported? e.g. batchscope export run.json --format triton'
        : `Expected one PROFILE, got ${positionals.length}: ${positionals.join(' ')}.`,
    );
  }
  const format = formatFrom(values.format);
  const file = positionals[0];
  requireReadableFile(file, 'Profile', 'Pass a .json file written by `batchscope profile`.');
  const source = readExportSource(file);
  const chosen = chooseCandidate(source, typeof values.config === 'string' ? values.config : undefined);
  if (!findStrategy(chosen.request.strategy.name))
    throw new UsageError(
      `${chosen.label} ran a strategy this Batchscope does not know ("${chosen.request.strategy.name}"); ` +
        'update Batchscope to export it.',
    );
  const result = exportConfig({ ...chosen.request, format });

  const outDir =
    typeof values.out === 'string' ? path.resolve(values.out) : defaultExportDir(format, source.modelPath);
  if (fs.existsSync(outDir) && !fs.statSync(outDir).isDirectory())
    throw new UsageError(`--out ${outDir} is a file; give a folder, e.g. --out ${outDir}-export`);
  const written: string[] = [];
  for (const f of result.files) {
    const target = path.join(outDir, ...f.path.split('/'));
    const replaced = fs.existsSync(target);
    writeFileAtomic(target, f.text, { what: 'configuration', elsewhere: 'pass --out with another folder' });
    written.push(`  ${target}${replaced ? ' (replaced)' : ''}`);
  }

  const lines = [
    `Exported ${chosen.label} from ${path.resolve(file)} for ${EXPORT_FORMAT_TITLES[format]}:`,
    ...written,
    '',
    result.differences.length > 0
      ? `What differs from the profiled run on ${EXPORT_FORMAT_TITLES[format]}:`
      : `${EXPORT_FORMAT_TITLES[format]} runs this configuration as profiled.`,
    ...result.differences.map((d) => `  - ${d}`),
    ...(result.notes.length > 0
      ? ['', 'Next:', ...result.notes.map((n) => `  - ${n.split(OUTPUT_FOLDER).join(outDir)}`)]
      : []),
    '',
  ];
  process.stdout.write(lines.join('\n'));
  return 0;
}

/** The `--format` value, checked. */
function formatFrom(raw: OptionValues[string]): ExportFormat {
  const formats: readonly string[] = EXPORT_FORMATS;
  if (typeof raw !== 'string')
    throw new UsageError(
      `--format is required: the server to configure, one of ${formats.join(', ')}. e.g. --format triton`,
    );
  const value = raw.trim().toLowerCase();
  if (formats.includes(value)) return value as ExportFormat;
  throw new UsageError(
    `--format ${raw} is not a server Batchscope writes for.${didYouMean(value, formats)} Choose one of ${formats.join(', ')}.`,
  );
}

/**
 * Where files go without --out: Triton's model repository next to the model (so the config lands at
 * `model_repository/<model>/config.pbtxt`, in the current folder when the model's folder is gone),
 * else `batchscope-export/<format>` in the current folder.
 */
export function defaultExportDir(
  format: ExportFormat,
  modelPath: string,
  cwd: string = process.cwd(),
): string {
  if (format === 'triton') {
    const modelDir = path.dirname(path.resolve(cwd, modelPath));
    return path.join(fs.existsSync(modelDir) ? modelDir : cwd, 'model_repository');
  }
  return path.join(cwd, 'batchscope-export', format);
}
