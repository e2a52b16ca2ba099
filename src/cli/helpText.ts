/** Help text generated from the option table, so every option is documented with an example. */
import { STRATEGY_NAMES } from '../shared/strategies/registry';
import { COMMAND_OPTIONS, type CommandName, type OptionSpec } from './optionSpecs';

const SYNOPSIS: Record<CommandName, { usage: string; short: string; about: string; example: string }> = {
  profile: {
    usage:
      'batchscope profile MODEL.onnx|synthetic:base=20ms,per-item=2ms [options]\n' +
      '       batchscope profile --config NAME [--config-file FILE] [--out FILE] [--report FILE.html] [--json]',
    short: 'Profile batching strategies on a model under load and save a profile.',
    about:
      'Runs the model under load with each batching strategy in turn (same arrivals for each), prints ' +
      'latency / throughput / batch statistics per strategy and saves a profile file. With --config, the run ' +
      'is a named run configuration of .batchscope/config.json, as saved from the panel.',
    example:
      'batchscope profile model.onnx --strategies none,dynamic --rate 400 --duration 20 --max-batch 16',
  },
  inspect: {
    usage: 'batchscope inspect MODEL.onnx|synthetic:base=20ms,per-item=2ms [options]',
    short: 'Show inputs, outputs, batch axes, symbolic dims and whether the model batches.',
    about:
      'Prints the model inputs and outputs, their batch axes, the symbolic dims with the values a profile ' +
      'would use, and whether the model can be batched.',
    example: 'batchscope inspect model.onnx --dim seq_len=128',
  },
  show: {
    usage: 'batchscope show PROFILE.json | SWEEP.sweep.json [SWEEP2.sweep.json] [options]',
    short: 'Print the summary table of a saved profile or sweep; compare two sweeps.',
    about:
      'Prints the summary table of a saved profile, or the curves and recommendation of a saved sweep. ' +
      "Given two sweeps, compares them: each configuration's largest sustainable rate in both, and both recommendations.",
    example: 'batchscope show .batchscope/profiles/mlp-20260101-120000.json',
  },
  sweep: {
    usage: 'batchscope sweep MODEL.onnx [--slo-ms MS] [options]',
    short:
      'Sweep max batch, max delay, instances and rate; recommend a configuration under an SLO and verify it.',
    about:
      'Calibrates the model, simulates every configuration (strategy parameters × instances) at every offered rate ' +
      'with the real scheduler on a virtual clock, and prints throughput against latency per configuration, the ' +
      'Pareto front and the largest rate each sustains under the SLO. With --slo-ms it recommends a configuration, ' +
      'says which constraint binds, and verifies it on the real model (predicted against measured). Saves a sweep file.',
    example: 'batchscope sweep model.onnx --slo-ms 20',
  },
  strategies: {
    usage: 'batchscope strategies [--json]',
    short: 'List every batching strategy with its parameters, defaults and reference.',
    about:
      'Lists every batching strategy Batchscope can profile, with its parameters (type, range, default, ' +
      'help), the queue-policy parameters, and the paper or server documentation it comes from.',
    example: 'batchscope strategies --json',
  },
  export: {
    usage: 'batchscope export PROFILE.json --format triton|torchserve|ray|tfserving|bentoml [options]',
    short:
      'Write a profiled strategy, or the recommendation of a sweep, in the format of the server you deploy on.',
    about:
      'Writes one configuration of a saved profile as the server it will run on takes it: Triton config.pbtxt, ' +
      'TorchServe model-config.yaml and config.properties, a Ray Serve deployment, a TF Serving batching ' +
      'parameters file or a BentoML service. Prints each file written, and what the server cannot express ' +
      'exactly (static batching, AIMD, shedding, whole-millisecond delays, ...) with what it does instead.',
    example: "batchscope export run.json --config 'dynamic(max=8, delay=2ms)' --format triton",
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
    // Padded to the longest command name, so `strategies` does not run into its description.
    ...(Object.keys(SYNOPSIS) as CommandName[]).map(
      (c) => `  ${c.padEnd(Math.max(...Object.keys(SYNOPSIS).map((n) => n.length)) + 2)}${SYNOPSIS[c].short}`,
    ),
    '',
    'Run `batchscope <command> --help` for its options. `batchscope --version` prints the version.',
    '',
    'Example:',
    '  batchscope profile samples/mlp.onnx --duration 5',
    '',
  ].join('\n');
}
