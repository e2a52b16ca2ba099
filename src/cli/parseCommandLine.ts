/** Splits argv into a command, its positional arguments and its option values (node:util parseArgs). */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { didYouMean } from '../shared/didYouMean';
import { COMMAND_OPTIONS, type CommandName, type OptionSpec } from './optionSpecs';
import { UsageError } from './usageError';

export type OptionValues = Record<string, string | boolean | string[] | undefined>;

export type ParsedCommandLine =
  | { kind: 'version' }
  | { kind: 'help'; command: CommandName | null }
  | { kind: 'run'; command: CommandName; positionals: string[]; values: OptionValues };

export const COMMANDS: CommandName[] = ['profile', 'inspect', 'show', 'strategies', 'sweep', 'export'];

function parseArgsOptions(specs: OptionSpec[]): NonNullable<ParseArgsConfig['options']> {
  const options: NonNullable<ParseArgsConfig['options']> = {};
  for (const s of specs) {
    options[s.name] = {
      type: s.type,
      ...(s.multiple ? { multiple: true } : {}),
      ...(s.name === 'help' ? { short: 'h' } : {}),
    };
  }
  return options;
}

/**
 * parseArgs reads `--rate -5` as two options; join a negative number to its option
 * (`--rate=-5`) so the value check can say what is wrong with it.
 */
function joinNegativeValues(args: string[], specs: OptionSpec[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const spec = specs.find((s) => `--${s.name}` === args[i]);
    if (spec?.type === 'string' && i + 1 < args.length && /^-\.?\d/.test(args[i + 1])) {
      out.push(`${args[i]}=${args[i + 1]}`);
      i++;
    } else out.push(args[i]);
  }
  return out;
}

/** Rewords parseArgs' errors for people, with a suggestion for a mistyped option. */
function usageErrorFrom(err: unknown, command: CommandName, specs: OptionSpec[]): UsageError {
  const e = err as { code?: string; message?: string };
  const message = e.message ?? String(err);
  const option = /'(-{1,2}[^' <]+)/.exec(message)?.[1] ?? '';
  const names = specs.map((s) => s.name);
  switch (e.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return new UsageError(
        `Unknown option ${option} for \`batchscope ${command}\`.` +
          didYouMean(option.replace(/^-+/, '').split('=')[0], names, '--') +
          ` See \`batchscope ${command} --help\`.`,
      );
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE': {
      const spec = specs.find((s) => `--${s.name}` === option);
      if (spec?.type === 'boolean')
        return new UsageError(`${option} is a switch and takes no value; use ${spec.example}.`);
      return new UsageError(
        `${option} needs a value${spec ? `, e.g. ${spec.example}` : ''}. ` +
          '(A value that starts with "-" must be written as --option=-value.)',
      );
    }
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return new UsageError(`Unexpected argument: ${message}. See \`batchscope ${command} --help\`.`);
    default:
      return new UsageError(`${message}. See \`batchscope ${command} --help\`.`);
  }
}

/**
 * Parses the arguments after `node cli.js`.
 * @throws UsageError for an unknown command or option, or an option missing its value
 */
export function parseCommandLine(argv: string[]): ParsedCommandLine {
  const [first, ...rest] = argv;
  if (first === undefined)
    throw new UsageError('No command given. Run `batchscope --help` to see the commands.');
  if (first === '--version' || first === '-V' || first === 'version') return { kind: 'version' };
  if (first === '--help' || first === '-h' || first === 'help') {
    const topic = rest[0];
    if (topic === undefined) return { kind: 'help', command: null };
    if (!(COMMANDS as string[]).includes(topic)) {
      throw new UsageError(
        `No help for "${topic}": commands are ${COMMANDS.join(', ')}.${didYouMean(topic, COMMANDS)}`,
      );
    }
    return { kind: 'help', command: topic as CommandName };
  }
  if (!(COMMANDS as string[]).includes(first)) {
    throw new UsageError(
      `Unknown command "${first}".${didYouMean(first.replace(/^-+/, ''), COMMANDS)} ` +
        `Commands: ${COMMANDS.join(', ')}. Run \`batchscope --help\`.`,
    );
  }
  const command = first as CommandName;
  const specs = COMMAND_OPTIONS[command];
  let parsed: { values: OptionValues; positionals: string[] };
  try {
    const result = parseArgs({
      args: joinNegativeValues(rest, specs),
      options: parseArgsOptions(specs),
      strict: true,
      allowPositionals: true,
    });
    parsed = { values: result.values as OptionValues, positionals: result.positionals };
  } catch (err) {
    throw usageErrorFrom(err, command, specs);
  }
  if (parsed.values.help) return { kind: 'help', command };
  return { kind: 'run', command, positionals: parsed.positionals, values: parsed.values };
}
