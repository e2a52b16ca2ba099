/** Turns option strings into checked values; every failure names the option and shows a fix. */
import * as fs from 'node:fs';
import { UsageError } from './usageError';

export interface NumberRule {
  integer?: boolean;
  /** Smallest allowed value (inclusive). */
  min?: number;
  /** Values must be strictly greater than this. */
  above?: number;
  max?: number;
  example: string;
}

function ruleText(rule: NumberRule): string {
  const kind = rule.integer ? 'a whole number' : 'a number';
  const bounds: string[] = [];
  if (rule.above !== undefined) bounds.push(`> ${rule.above}`);
  if (rule.min !== undefined) bounds.push(`>= ${rule.min}`);
  if (rule.max !== undefined) bounds.push(`<= ${rule.max}`);
  return `${kind}${bounds.length ? ' ' + bounds.join(' and ') : ''}`;
}

/** Parses `raw` as a number obeying `rule`, or throws a UsageError naming `option`. */
export function numberOption(option: string, raw: string, rule: NumberRule): number {
  const text = raw.trim();
  const value = text === '' ? NaN : Number(text);
  const ok =
    Number.isFinite(value) &&
    (!rule.integer || Number.isInteger(value)) &&
    (rule.min === undefined || value >= rule.min) &&
    (rule.above === undefined || value > rule.above) &&
    (rule.max === undefined || value <= rule.max);
  if (!ok)
    throw new UsageError(`--${option} must be ${ruleText(rule)}, got "${raw}". Example: ${rule.example}`);
  return value;
}

/** Splits `NAME=VALUE`; throws naming the option when there is no `=` or no name. */
export function keyValue(option: string, raw: string, example: string): [string, string] {
  const eq = raw.indexOf('=');
  if (eq <= 0 || eq === raw.length - 1) {
    throw new UsageError(`--${option} expects NAME=VALUE, got "${raw}". Example: ${example}`);
  }
  return [raw.slice(0, eq).trim(), raw.slice(eq + 1).trim()];
}

/** Comma list of whole numbers >= 1. */
export function intListOption(option: string, raw: string, example: string): number[] {
  const parts = raw.split(',').map((s) => s.trim());
  return parts.map((p) => {
    const v = Number(p);
    if (p === '' || !Number.isInteger(v) || v < 1) {
      throw new UsageError(
        `--${option} must be a comma list of whole numbers >= 1, got "${raw}". Example: ${example}`,
      );
    }
    return v;
  });
}

/**
 * Checks that `file` names a readable file (not a folder), for a command's path argument.
 * @throws UsageError (exit 2) saying which it is and what to do
 */
export function requireReadableFile(file: string, what: string, hint: string): void {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new UsageError(`${what} ${file} does not exist. ${hint}`);
    throw new UsageError(`${what} ${file} cannot be read (${code ?? (err as Error).message}). ${hint}`);
  }
  if (stat.isDirectory()) throw new UsageError(`${what} ${file} is a folder, not a file. ${hint}`);
  try {
    fs.accessSync(file, fs.constants.R_OK);
  } catch {
    throw new UsageError(`${what} ${file} is not readable (permission denied). ${hint}`);
  }
}

/** Checks that an output path is not an existing folder (the folder itself is created later). */
export function requireWritablePath(option: string, file: string): void {
  if (fs.existsSync(file) && fs.statSync(file).isDirectory()) {
    throw new UsageError(
      `--${option} ${file} is a folder; give a file name, e.g. --${option} ${file}/result.json`,
    );
  }
}
