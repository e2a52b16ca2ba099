/**
 * What is wrong with a run configurations file, worded for people: every message names the file,
 * the configuration and the field, and says what to write instead. Never a stack.
 */
import { closest } from '../didYouMean';

export interface ConfigurationProblem {
  /** The configuration's name; null for the file as a whole or an entry without a usable name. */
  configuration: string | null;
  /** 1-based position in `configurations`; null for the file as a whole (or when not known). */
  index: number | null;
  /** Dotted path of the field inside the configuration (or the file), '' for the whole of it. */
  field: string;
  /** What is wrong and the fix. */
  message: string;
  /** Where in the text, 1-based, when known (JSON syntax errors). */
  line?: number;
  column?: number;
}

/** One line: `FILE[:LINE:COL]: configuration "NAME", FIELD: MESSAGE`. */
export function describeProblem(source: string, p: ConfigurationProblem): string {
  const at = p.line !== undefined ? `${source}:${p.line}:${p.column ?? 1}` : source;
  const who =
    p.configuration !== null
      ? `configuration "${p.configuration}"`
      : p.index !== null
        ? `configuration #${p.index}`
        : '';
  const where = [who, p.field].filter((s) => s !== '').join(', ');
  return `${at}: ${where === '' ? '' : `${where}: `}${p.message}`;
}

/** A configuration (or the file) cannot be used; the message has one problem per line. */
export class RunConfigurationError extends Error {
  constructor(
    message: string,
    readonly problems: readonly ConfigurationProblem[] = [],
  ) {
    super(message);
    this.name = 'RunConfigurationError';
  }
}

/** " Did you mean X?" for a mistyped field or value; matching ignores case (`rateRPS`). */
export function suggestion(input: string, candidates: readonly string[]): string {
  const lower = candidates.map((c) => c.toLowerCase());
  const hit = closest(input.toLowerCase(), lower);
  return hit === null ? '' : ` Did you mean "${candidates[lower.indexOf(hit)]}"?`;
}
