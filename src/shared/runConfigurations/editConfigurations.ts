/**
 * Saving a configuration into the file's text: a configuration of the same name is replaced,
 * any other is appended, and everything else in the file — other configurations, comments, the
 * user's layout — stays as it was (jsonc-parser edits the text, it does not re-print it).
 */
import {
  applyEdits,
  findNodeAtLocation,
  modify,
  parseTree,
  type FormattingOptions,
  type ParseError,
} from 'jsonc-parser';
import { CONFIGURATIONS_VERSION, type RunConfiguration } from './configurationFormat';
import { RunConfigurationError } from './configurationProblems';

/** Indentation and line ends of the file as it is, so an inserted entry looks like its neighbours. */
function formattingOf(text: string): FormattingOptions {
  const indent = /^([ \t]+)\S/m.exec(text)?.[1] ?? '  ';
  return {
    insertSpaces: !indent.startsWith('\t'),
    tabSize: indent.startsWith('\t') ? 1 : indent.length,
    eol: text.includes('\r\n') ? '\r\n' : '\n',
  };
}

/**
 * The file's new text with `configuration` saved in it. `text` undefined (no file yet) or blank
 * starts a new file.
 * @throws RunConfigurationError when the text is not a JSON object with a `configurations` list
 *   (or none): it is left for the user to fix, never overwritten
 */
export function upsertConfiguration(text: string | undefined, configuration: RunConfiguration): string {
  if (text === undefined || text.trim() === '')
    return `${JSON.stringify({ version: CONFIGURATIONS_VERSION, configurations: [configuration] }, null, 2)}\n`;
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  if (root === undefined || errors.length > 0 || root.type !== 'object')
    throw new RunConfigurationError(
      'The configurations file is not a valid JSON object; fix it (or move it away) before saving a configuration into it.',
    );
  const options = { formattingOptions: formattingOf(text) };
  let out = text;
  if (findNodeAtLocation(root, ['version']) === undefined)
    out = applyEdits(
      out,
      modify(out, ['version'], CONFIGURATIONS_VERSION, { ...options, getInsertionIndex: () => 0 }),
    );
  const list = findNodeAtLocation(parseTree(out)!, ['configurations']);
  if (list === undefined) return applyEdits(out, modify(out, ['configurations'], [configuration], options));
  if (list.type !== 'array')
    throw new RunConfigurationError(
      '"configurations" in the configurations file is not a list; fix it before saving a configuration into it.',
    );
  const index = (list.children ?? []).findIndex(
    (item) => findNodeAtLocation(item, ['name'])?.value === configuration.name,
  );
  // -1 appends; an index replaces that entry (its own comments go with it, the others' stay).
  return applyEdits(out, modify(out, ['configurations', index], configuration, options));
}
