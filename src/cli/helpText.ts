/** Help text generated from the option table, so every option is documented with an example. */
import { STRATEGY_NAMES } from '../shared/strategies/registry';
import { COMMAND_OPTIONS, type CommandName, type OptionSpec } from './optionSpecs';

const SYNOPSIS: Record<CommandName, { usage: string; short: string; about: string; example: string }> = {
  profile: {
    usage: 'batchscope profile MODEL.onnx [options]',
    short: 'Profile batching strategies on a model under load and save a profile.',
    about:
      'Runs the model under load with each batching strategy in turn (same arrivals for each), prints ' +
      'latency / throughput / batch statistics per strategy and saves a profile file.',
    example:
      'batchscope profile model.onnx --strategies none,dynamic --rate 400 --duration 20 --max-batch 16',
  },
  inspect: {
    usage: 'batchscope inspect MODEL.onnx [options]',
    short: 'Show inputs, outputs, batch axes, symbolic dims and whether the model batches.',
    about:
      'Prints the model inputs and outputs, their batch axes, the symbolic dims with the values a profile ' +
      'would use, and whether the model can be batched.',
    example: 'batchscope inspect model.onnx --dim seq_len=128',
  },
  show: {
    usage: 'batchscope show PROFILE.json [options]',
    short: 'Print the summary table of a saved profile.',
    about: 'Prints the summary table of a saved profile.',
    example: 'batchscope show .batchscope/profiles/mlp-20260101-120000.json',
  },
  strategies: {
    usage: 'batchscope strategies [--json]',
    short: 'List every batching strategy with its parameters, defaults and reference.',
    about:
      'Lists every batching strategy Batchscope can profile, with its parameters (type, range, default, ' +
      'help), the queue-policy parameters, and the paper or server documentation it comes from.',
    example: 'batchscope strategies --json',
  },
};

function wrap(text: string, width: number, indent: string): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(indent + line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(indent + line);
  return lines;
}

function optionHelp(spec: OptionSpec): string[] {
  const head = `  --${spec.name}${spec.value ? ` ${spec.value}` : ''}${spec.multiple ? ' (repeatable)' : ''}`;
  const body = spec.help + (spec.defaultText ? ` Default: ${spec.defaultText}.` : '');
  return [head, ...wrap(body, 88, '      '), `      Example: ${spec.example}`];
}

/** Help for one command: usage, what it does, every option with its default and an example. */
export function commandHelp(command: CommandName): string {
  const s = SYNOPSIS[command];
  return [
    `Usage: ${s.usage}`,
    '',
    ...wrap(s.about, 92, ''),
    '',
    'Options:',
    ...COMMAND_OPTIONS[command].flatMap(optionHelp),
    '',
    `Example:\n  ${s.example}`,
    '',
    'Exit codes: 0 ok, 1 internal error, 2 bad arguments or unreadable path, 3 model cannot be profiled,',
    '130 interrupted (Ctrl-C; a profile run still saves what it measured).',
    '',
  ].join('\n');
}

/** Top-level help: the commands. */
export function generalHelp(): string {
  return [
    'Usage: batchscope <command> [options]',
    '',
    `Profile inference batching strategies (${STRATEGY_NAMES.join(', ')}) on a real ONNX model.`,
    '',
    'Commands:',
    ...(Object.keys(SYNOPSIS) as CommandName[]).map((c) => `  ${c.padEnd(9)}${SYNOPSIS[c].short}`),
    '',
    'Run `batchscope <command> --help` for its options. `batchscope --version` prints the version.',
    '',
    'Example:',
    '  batchscope profile samples/mlp.onnx --duration 5',
    '',
  ].join('\n');
}
