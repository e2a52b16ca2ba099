/** Picking the configuration to export from those a file offers: by label, by strategy name, or the file's own pick. */
import { closest } from '../../shared/didYouMean';
import { UsageError } from '../usageError';
import type { ExportCandidate, ExportSource } from './exportSources';

/** A label as people type it: no spaces, any case (`Dynamic(max=8,delay=2ms)`). */
function normalize(label: string): string {
  return label.replace(/\s+/g, '').toLowerCase();
}

/** The candidates as a list to choose from, one per line, labels quoted for the shell. */
export function candidateList(candidates: readonly ExportCandidate[]): string {
  const quoted = candidates.map((c) => `'${c.label}'`);
  const width = Math.max(...quoted.map((q) => q.length));
  return candidates
    .map(
      (c, i) => `  --config ${quoted[i].padEnd(width)}  ${c.detail}${c.recommended ? '  (recommended)' : ''}`,
    )
    .join('\n');
}

/**
 * The candidate `wanted` names (a label, spaces and case aside, or a strategy name only one
 * candidate has); with no `wanted`, the only candidate or the file's recommendation.
 * @throws UsageError naming the file and listing its configurations when `wanted` matches none,
 *   matches several, or is needed and missing
 */
export function chooseCandidate(source: ExportSource, wanted: string | undefined): ExportCandidate {
  const { candidates, file, kind } = source;
  if (candidates.length === 0)
    throw new UsageError(`${file} holds no configuration to export: the ${kind} is empty.`);
  if (wanted === undefined) {
    const recommended = candidates.find((c) => c.recommended);
    if (recommended) return recommended;
    if (candidates.length === 1) return candidates[0];
    throw new UsageError(
      `${file} holds ${candidates.length} configurations; choose the one to export with --config:\n` +
        candidateList(candidates),
    );
  }
  const key = normalize(wanted);
  const byLabel = candidates.find((c) => normalize(c.label) === key);
  if (byLabel) return byLabel;
  const byName = candidates.filter((c) => c.request.strategy.name.toLowerCase() === key);
  if (byName.length === 1) return byName[0];
  if (byName.length > 1)
    throw new UsageError(
      `--config ${wanted} matches ${byName.length} configurations in ${file}; give the whole label:\n` +
        candidateList(byName),
    );
  const labels = candidates.map((c) => normalize(c.label));
  const near = closest(key, labels);
  const hint = near === null ? '' : ` Did you mean '${candidates[labels.indexOf(near)].label}'?`;
  throw new UsageError(
    `No configuration "${wanted}" in ${file}.${hint} Its configurations:\n${candidateList(candidates)}`,
  );
}
