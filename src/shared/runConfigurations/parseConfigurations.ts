/**
 * Reads `.batchscope/config.json`: JSON with comments and trailing commas (as launch.json), every
 * entry checked on its own so one broken configuration does not hide the others. Pure: the
 * caller reads the file and says what to call it in messages (`source`).
 */
import { parse, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { isPanelRunConfig, validateRunConfig } from '../panelProtocol';
import { builtInRunConfig } from '../settingsDefaults';
import { checkConfiguration } from './checkConfiguration';
import { CONFIGURATIONS_VERSION, FILE_FIELDS, type RunConfiguration } from './configurationFormat';
import {
  describeProblem,
  RunConfigurationError,
  suggestion,
  type ConfigurationProblem,
} from './configurationProblems';
import { configurationField, parseSpecs, toPanelRunConfig } from './convertConfiguration';

/** One entry of `configurations`, usable or not. */
export interface RunConfigurationEntry {
  /** 1-based position in the list. */
  index: number;
  /** The name as written, when it is a non-empty string. */
  name: string | null;
  /** The configuration, when it has no problems. */
  configuration: RunConfiguration | null;
  problems: ConfigurationProblem[];
}

export interface RunConfigurationsFile {
  /** What messages call the file (a path as the user knows it). */
  source: string;
  entries: RunConfigurationEntry[];
  /** Problems of the file as a whole (not JSON, no version, …). */
  problems: ConfigurationProblem[];
}

/** Words for jsonc-parser's error codes. */
const SYNTAX: Record<string, string> = {
  InvalidSymbol: 'this character is not valid JSON here',
  InvalidNumberFormat: 'this number is not valid JSON',
  PropertyNameExpected: 'a property name in double quotes was expected',
  ValueExpected: 'a value was expected',
  ColonExpected: 'a colon (:) was expected',
  CommaExpected: 'a comma was expected',
  CloseBraceExpected: 'a closing } was expected',
  CloseBracketExpected: 'a closing ] was expected',
  EndOfFileExpected: 'the file should end after the top-level object',
  InvalidCommentToken: 'this comment is not closed',
  UnexpectedEndOfComment: 'this comment is not closed (*/)',
  UnexpectedEndOfString: 'this string is not closed (")',
  UnexpectedEndOfNumber: 'this number is cut short',
  InvalidUnicode: 'this \\u escape is not valid',
  InvalidEscapeCharacter: 'this escape is not valid in a JSON string',
  InvalidCharacter: 'this character is not valid in a JSON string',
};

const fileProblem = (
  field: string,
  message: string,
  at?: { line: number; column: number },
): ConfigurationProblem => ({
  configuration: null,
  index: null,
  field,
  message,
  ...(at ?? {}),
});

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - (before.lastIndexOf('\n') + 1) + 1 };
}

/** Parses and checks the file's text; never throws for bad content (see `problems`). */
export function parseRunConfigurations(text: string, source: string): RunConfigurationsFile {
  const file: RunConfigurationsFile = { source, entries: [], problems: [] };
  if (text.trim() === '') {
    file.problems.push(
      fileProblem(
        '',
        `the file is empty; write { "version": ${CONFIGURATIONS_VERSION}, "configurations": [] }.`,
      ),
    );
    return file;
  }
  const errors: ParseError[] = [];
  const root: unknown = parse(text, errors, { allowTrailingComma: true, disallowComments: false });
  if (errors.length > 0) {
    for (const e of errors.slice(0, 5)) {
      const code = printParseErrorCode(e.error);
      file.problems.push(
        fileProblem(
          '',
          `${SYNTAX[code] ?? code}. Fix the JSON there (comments and trailing commas are allowed).`,
          lineAndColumn(text, e.offset),
        ),
      );
    }
    return file;
  }
  if (typeof root !== 'object' || root === null || Array.isArray(root)) {
    file.problems.push(
      fileProblem(
        '',
        `the file must hold one object: { "version": ${CONFIGURATIONS_VERSION}, "configurations": [ … ] }.`,
      ),
    );
    return file;
  }
  const doc = root as Record<string, unknown>;
  for (const key of Object.keys(doc))
    if (!(FILE_FIELDS as readonly string[]).includes(key))
      file.problems.push(
        fileProblem(
          key,
          `unknown field.${suggestion(key, FILE_FIELDS)} The file holds "version" and "configurations"; each configuration's settings go inside its entry.`,
        ),
      );
  if (doc.version === undefined)
    file.problems.push(
      fileProblem('version', `add "version": ${CONFIGURATIONS_VERSION} at the top of the file.`),
    );
  else if (typeof doc.version === 'number' && doc.version > CONFIGURATIONS_VERSION)
    file.problems.push(
      fileProblem(
        'version',
        `the file is version ${doc.version}, written by a newer Batchscope; update Batchscope (this one reads version ${CONFIGURATIONS_VERSION}).`,
      ),
    );
  else if (doc.version !== CONFIGURATIONS_VERSION)
    file.problems.push(
      fileProblem('version', `must be ${CONFIGURATIONS_VERSION}; got ${JSON.stringify(doc.version)}.`),
    );

  if (!Array.isArray(doc.configurations)) {
    file.problems.push(
      fileProblem(
        'configurations',
        doc.configurations === undefined
          ? 'add "configurations": [ … ], the list of named configurations.'
          : `must be a list of configurations, [ { "name": …, "model": … } ]; got ${JSON.stringify(doc.configurations)}.`,
      ),
    );
    return file;
  }
  const seen = new Map<string, number>();
  doc.configurations.forEach((raw, i) => {
    const entry = checkEntry(raw, i + 1);
    if (entry.name !== null) {
      const first = seen.get(entry.name);
      if (first !== undefined) {
        entry.problems.push({
          configuration: entry.name,
          index: entry.index,
          field: 'name',
          message: `configuration #${first} has this name too; give each configuration its own name.`,
        });
        entry.configuration = null;
      } else seen.set(entry.name, entry.index);
    }
    file.entries.push(entry);
  });
  return file;
}

/** Shape first; then, on the run config it makes with the built-in defaults, the value ranges. */
function checkEntry(raw: unknown, index: number): RunConfigurationEntry {
  const rawName = typeof raw === 'object' && raw !== null ? (raw as { name?: unknown }).name : undefined;
  const name = typeof rawName === 'string' && rawName.trim() !== '' ? rawName : null;
  const entry: RunConfigurationEntry = { index, name, configuration: null, problems: [] };
  const { configuration, problems } = checkConfiguration(raw);
  const add = (field: string, message: string): void => {
    entry.problems.push({ configuration: name, index, field, message });
  };
  for (const p of problems) add(p.field, p.message);
  try {
    if (configuration === null) {
      // The rest cannot be converted yet, but the strategy specs can be read: say all at once.
      const { strategies, sloMs } = raw as { strategies?: unknown; sloMs?: unknown };
      const slo = sloMs === undefined ? builtInRunConfig().sloMs : sloMs;
      if (
        Array.isArray(strategies) &&
        strategies.every((x) => typeof x === 'string') &&
        (slo === null || typeof slo === 'number')
      )
        parseSpecs(name ?? '', strategies, slo);
      return entry;
    }
    const config = toPanelRunConfig(configuration, builtInRunConfig());
    if (!isPanelRunConfig(config))
      add('', 'has more dims or inputs than a run takes; remove the ones the model does not need.');
    else
      for (const e of validateRunConfig(config))
        add(configurationField(e.field), e.message.replace(/^#\d+ /, ''));
  } catch (err) {
    if (!(err instanceof RunConfigurationError)) throw err;
    for (const p of err.problems) add(p.field, p.message);
  }
  if (entry.problems.length === 0) entry.configuration = configuration;
  return entry;
}

/** Every problem in the file: its own, then each entry's. */
export function fileProblems(file: RunConfigurationsFile): ConfigurationProblem[] {
  return [...file.problems, ...file.entries.flatMap((e) => e.problems)];
}

/**
 * The short view for listing: the usable configurations, and every problem as a line naming the
 * file, the configuration and the field (for a log or a notice).
 */
export function parseConfigurations(
  text: string,
  source: string,
): { configurations: RunConfiguration[]; problems: string[]; file: RunConfigurationsFile } {
  const file = parseRunConfigurations(text, source);
  return {
    configurations: file.entries.flatMap((e) => (e.configuration === null ? [] : [e.configuration])),
    problems: fileProblems(file).map((p) => describeProblem(source, p)),
    file,
  };
}
