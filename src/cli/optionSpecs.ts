/**
 * Every option of every command, in one table: parseArgs reads its names and types, the help
 * text its descriptions and examples, and "did you mean" its names.
 */

import { RUN_DEFAULTS } from '../shared/runDefaults';
import { EXPORT_FORMATS } from '../shared/export/exportTypes';
import { STRATEGY_NAMES } from '../shared/strategies/registry';

export interface OptionSpec {
  name: string;
  type: 'string' | 'boolean';
  /** May be given more than once (`--dim a=1 --dim b=2`). */
  multiple?: boolean;
  /** Placeholder shown in help, e.g. `N`. */
  value?: string;
  /** Default as shown in help. */
  defaultText?: string;
  help: string;
  example: string;
}

export type CommandName = 'profile' | 'inspect' | 'show' | 'strategies' | 'sweep' | 'export';

const modelShapeOptions: OptionSpec[] = [
  {
    name: 'dim',
    type: 'string',
    multiple: true,
    value: 'NAME=V|NAME=A..B',
    help:
      'Value of a symbolic (non-batch) dimension such as a sequence length or an image size. A range ' +
      'draws a value per request; a batch is padded to its largest member. Repeatable. Defaults are ' +
      'printed (and marked) when not given.',
    example: '--dim seq_len=16..128 --dim height=224',
  },
  {
    name: 'input',
    type: 'string',
    multiple: true,
    value: 'NAME=V[,V…]',
    help:
      'Fix an input to a value (e.g. a sample-rate scalar); a comma list fills the tensor in order. All ' +
      'other inputs get seeded synthetic data. Repeatable.',
    example: '--input sample_rate=16000',
  },
  {
    name: 'batch-axis',
    type: 'string',
    multiple: true,
    value: 'NAME=AXIS',
    help: 'Override the detected batch axis of an input or output (0-based). Repeatable.',
    example: '--batch-axis state=1',
  },
  {
    name: 'provider',
    type: 'string',
    value: 'cpu|cuda',
    defaultText: 'cpu',
    help: 'onnxruntime execution provider. cuda needs the CUDA provider libraries (see the README).',
    example: '--provider cuda',
  },
  {
    name: 'threads',
    type: 'string',
    value: 'N',
    defaultText: String(RUN_DEFAULTS.threads),
    help: 'Intra-op threads of each model instance (InferenceSession).',
    example: '--threads 2',
  },
];

const jsonOption = (what: string): OptionSpec => ({
  name: 'json',
  type: 'boolean',
  help: `Print ${what} as one JSON object on stdout and nothing else.`,
  example: '--json',
});

const helpOption: OptionSpec = { name: 'help', type: 'boolean', help: 'Show this help.', example: '--help' };

export const PROFILE_OPTIONS: OptionSpec[] = [
  {
    name: 'config',
    type: 'string',
    value: 'NAME',
    help:
      'Run the named run configuration of .batchscope/config.json (the one the panel saves): its model, dims, ' +
      'inputs, strategies, traffic and execution, exactly as the panel runs it. No MODEL needed (one given must be ' +
      'the same file); run-setting options are refused, output options (--out, --report, --json) are fine. ' +
      'The profile is saved under the folder that holds .batchscope/.',
    example: "--config 'vad 16k'",
  },
  {
    name: 'config-file',
    type: 'string',
    value: 'FILE',
    defaultText: '.batchscope/config.json in the current folder or the nearest one above',
    help: 'The run configurations file --config reads. A relative model in it is relative to the folder that holds .batchscope/ (else to the file).',
    example: '--config-file ../service/.batchscope/config.json',
  },
  {
    name: 'strategies',
    type: 'string',
    value: 'LIST',
    defaultText: RUN_DEFAULTS.strategies.join(','),
    help:
      `Batching strategies to compare, comma-separated, run one after another on the same arrivals: ${STRATEGY_NAMES.join(', ')}. ` +
      'Each may carry parameters, NAME(key=value,…); the same strategy may appear several times with different ' +
      'parameters. Parameters not given take --max-batch, --max-delay-ms, --preferred-batch and --slo-ms. ' +
      '`batchscope strategies` lists every strategy with its parameters.',
    example: "--strategies 'none,dynamic(max=16,delay=2),aimd(slo=20)'",
  },
  {
    name: 'arrival',
    type: 'string',
    value: 'PATTERN',
    defaultText: RUN_DEFAULTS.arrival,
    help:
      'Arrival process: constant | poisson | bursty[:ratio=R,period=S,duty=D] | ramp:FROM..TO (req/s) | ' +
      'trace:FILE[,format=timestamps|gaps] (CSV or JSON, ms) | closed:N.',
    example: '--arrival bursty:ratio=4,period=2,duty=0.2',
  },
  {
    name: 'rate',
    type: 'string',
    value: 'R',
    defaultText: '60% of the calibrated throughput at --max-batch, 2 significant figures',
    help: 'Mean offered load in requests/s (constant, poisson, bursty).',
    example: '--rate 500',
  },
  {
    name: 'concurrency',
    type: 'string',
    value: 'N',
    help: 'Closed loop instead of open loop: N clients, each sends its next request when the last one is done.',
    example: '--concurrency 16',
  },
  {
    name: 'duration',
    type: 'string',
    value: 'S',
    defaultText: String(RUN_DEFAULTS.durationS),
    help: 'Measured seconds per strategy.',
    example: '--duration 30',
  },
  {
    name: 'warmup',
    type: 'string',
    value: 'S',
    defaultText: String(RUN_DEFAULTS.warmupS),
    help: 'Seconds of model warm-up before calibration (excluded from the results).',
    example: '--warmup 2',
  },
  {
    name: 'strategy-warmup',
    type: 'string',
    value: 'S',
    defaultText: `${RUN_DEFAULTS.strategyWarmupS} (0 with a trace)`,
    help:
      "Each strategy's own warm-up on its traffic before it is measured (before each slice when interleaved): " +
      'recorded, shaded in the charts, left out of every figure.',
    example: '--strategy-warmup 1',
  },
  {
    name: 'order',
    type: 'string',
    value: 'fixed|reversed|interleaved',
    defaultText: RUN_DEFAULTS.order,
    help:
      'Order the strategies run in. interleaved runs short alternating slices of each strategy on the same ' +
      'arrival sequence (A B C A B C …), so drift over the run falls on every strategy alike.',
    example: '--order interleaved',
  },
  {
    name: 'slice',
    type: 'string',
    value: 'S',
    defaultText: String(RUN_DEFAULTS.sliceS),
    help: 'Measured seconds of one interleaved slice (--order interleaved).',
    example: '--slice 0.5',
  },
  {
    name: 'window',
    type: 'string',
    value: 'S',
    defaultText: 'duration/5, 0.1 to 1',
    help:
      "Stability window: a strategy is stable when its last 3 windows' throughput and p99 agree within " +
      '--stability.',
    example: '--window 1',
  },
  {
    name: 'stability',
    type: 'string',
    value: 'PCT',
    defaultText: '10',
    help: 'Stability tolerance in percent: max ÷ min of the last 3 windows at most 1 + PCT/100 (as perf_analyzer).',
    example: '--stability 5',
  },
  {
    name: 'until-stable',
    type: 'boolean',
    help:
      'Keep measuring each strategy past --duration until it is stable (interleaved: whole rounds until all are), ' +
      'up to --max-duration.',
    example: '--until-stable --max-duration 60',
  },
  {
    name: 'max-duration',
    type: 'string',
    value: 'S',
    defaultText: `${RUN_DEFAULTS.untilStableFactor} × duration`,
    help: 'Longest measurement per strategy with --until-stable.',
    example: '--max-duration 60',
  },
  {
    name: 'max-batch',
    type: 'string',
    value: 'N',
    defaultText: String(RUN_DEFAULTS.maxBatch),
    help: "Default max batch of every strategy (static's fixed batch size). Calibration measures batch sizes up to the largest.",
    example: '--max-batch 16',
  },
  {
    name: 'max-delay-ms',
    type: 'string',
    value: 'X',
    defaultText: String(RUN_DEFAULTS.maxDelayMs),
    help: 'Default max queue delay (dynamic, bucketed): the oldest request waits at most this long for a batch to fill.',
    example: '--max-delay-ms 0.5',
  },
  {
    name: 'preferred-batch',
    type: 'string',
    value: 'A,B',
    help: 'Dynamic batching: batch sizes to dispatch at once as soon as they can be formed (each <= --max-batch).',
    example: '--preferred-batch 4,8',
  },
  {
    name: 'instances',
    type: 'string',
    value: 'N',
    defaultText: String(RUN_DEFAULTS.instances),
    help: 'Model instances (worker threads, each with its own InferenceSession) serving batches in parallel.',
    example: '--instances 2',
  },
  ...modelShapeOptions,
  {
    name: 'slo-ms',
    type: 'string',
    value: 'X',
    help:
      'Latency objective: adds goodput, the share of offered requests done within X ms of their scheduled ' +
      'arrival; also the default budget of SLO-aware strategies (aimd, adaptive, deadline).',
    example: '--slo-ms 20',
  },
  {
    name: 'priorities',
    type: 'string',
    value: 'A,B[,…]',
    help:
      'Priority mix of the traffic: the share of requests at each level, highest first. Higher levels ' +
      'dispatch first; results are reported per level.',
    example: '--priorities 0.2,0.8',
  },
  {
    name: 'seed',
    type: 'string',
    value: 'N',
    defaultText: String(RUN_DEFAULTS.seed),
    help: 'Seed for arrivals and synthetic inputs; the same seed replays the same run.',
    example: '--seed 7',
  },
  {
    name: 'out',
    type: 'string',
    value: 'FILE',
    defaultText: '.batchscope/profiles/<model>-<YYYYMMDD-HHMMSS>.json',
    help: 'Where to save the profile (written atomically; folders are created).',
    example: '--out results/mlp.json',
  },
  {
    name: 'report',
    type: 'string',
    value: 'FILE.html',
    help: 'Also write a self-contained HTML report with the charts.',
    example: '--report mlp-report.html',
  },
  jsonOption('the results'),
  {
    name: 'no-progress',
    type: 'boolean',
    help: 'No live progress bar (it is also off when stderr is not a terminal).',
    example: '--no-progress',
  },
  {
    name: 'simulate',
    type: 'boolean',
    help:
      'Calibrate the model, then simulate the strategies from the calibration instead of running them: ' +
      'the same scheduler and policies on a virtual clock, in a fraction of a second. The profile is marked simulated.',
    example: '--simulate',
  },
  helpOption,
];

export const INSPECT_OPTIONS: OptionSpec[] = [
  ...modelShapeOptions,
  jsonOption('the model summary'),
  helpOption,
];

export const SHOW_OPTIONS: OptionSpec[] = [jsonOption('the summary'), helpOption];

export const STRATEGIES_OPTIONS: OptionSpec[] = [jsonOption('every strategy and its parameters'), helpOption];

/** Options of one name shared by profile and sweep (the same meaning, the same help). */
const shared = (name: string): OptionSpec => PROFILE_OPTIONS.find((o) => o.name === name)!;

export const SWEEP_OPTIONS: OptionSpec[] = [
  ...modelShapeOptions,
  {
    name: 'strategies',
    type: 'string',
    value: 'LIST',
    defaultText: 'none,dynamic(max=2|4|8|16|32,delay=0|0.5|1|2|5)',
    help:
      'Configurations to sweep, as --strategies of profile, where any parameter may list alternatives with "|": ' +
      'dynamic(max=1|2|4,delay=0|2) is 6 configurations. Any parameter of any strategy can be swept. Max batch sizes ' +
      'the model cannot take are left out of the default.',
    example: "--strategies 'none,dynamic(max=4|8|16,delay=0|1|2)'",
  },
  {
    name: 'instances',
    type: 'string',
    value: 'N[,N…]',
    defaultText: '1',
    help: 'Instance counts to sweep; every configuration runs on each. Calibration measures how instances share the cores.',
    example: '--instances 1,2',
  },
  {
    name: 'rates',
    type: 'string',
    value: 'LIST|A:B:STEP',
    help:
      'Offered rates, req/s: a list (100,200,400) or a range (100:1000:100). Default: 10% to 100% of the measured ' +
      'capacity (see --load).',
    example: '--rates 200,400,800',
  },
  {
    name: 'load',
    type: 'string',
    value: 'LIST|A:B:STEP',
    defaultText: '0.1:1:0.1',
    help: 'Offered rates as fractions of the capacity measured at calibration (the most the largest instance count serves).',
    example: '--load 0.2:0.9:0.1',
  },
  {
    name: 'slo-ms',
    type: 'string',
    value: 'MS',
    help: 'Latency objective: the recommendation keeps the --slo-percentile latency under it (less --margin). Without it there is no recommendation.',
    example: '--slo-ms 20',
  },
  {
    name: 'slo-percentile',
    type: 'string',
    value: 'P',
    defaultText: '99',
    help: 'Which latency percentile the SLO bounds (50 to 99.9).',
    example: '--slo-percentile 95',
  },
  {
    name: 'margin',
    type: 'string',
    value: 'PCT',
    defaultText: '10',
    help: 'Safety margin under the SLO, percent: a configuration counts only while its predicted percentile stays under (100 − PCT)% of the SLO.',
    example: '--margin 20',
  },
  {
    name: 'target-rps',
    type: 'string',
    value: 'R',
    help: 'The rate the recommendation must sustain, req/s. Default: recommend the configuration that sustains the most.',
    example: '--target-rps 500',
  },
  {
    name: 'no-verify',
    type: 'boolean',
    help: 'Do not verify the recommendation on the real model (by default it runs for real at the recommended rate, and the next candidate is tried when it misses the SLO).',
    example: '--no-verify',
  },
  {
    name: 'verify-duration',
    type: 'string',
    value: 'S',
    defaultText: '5',
    help: 'Seconds the verification runs the recommended configuration for real.',
    example: '--verify-duration 10',
  },
  {
    name: 'measure',
    type: 'boolean',
    help: 'Also measure every point on the real model (slow: about --point-duration + 0.3 s per configuration and rate), with progress and the time left.',
    example: '--measure',
  },
  {
    name: 'point-duration',
    type: 'string',
    value: 'S',
    defaultText: '1',
    help: 'Traffic per measured point, s (--measure); simulated points run at least 10,000 requests.',
    example: '--point-duration 2',
  },
  shared('warmup'),
  shared('seed'),
  {
    name: 'out',
    type: 'string',
    value: 'FILE',
    defaultText: '.batchscope/sweeps/<model>-<YYYYMMDD-HHMMSS>.sweep.json',
    help: 'Where to save the sweep (a file of its own kind; `batchscope show` prints it, `batchscope export` exports its recommendation).',
    example: '--out results/mlp.sweep.json',
  },
  {
    name: 'report',
    type: 'string',
    value: 'FILE.html',
    help: 'Also write a self-contained HTML report of the sweep: the curves, the SLO, the Pareto front, the recommendation and its verification.',
    example: '--report mlp-sweep.html',
  },
  jsonOption('the points, the Pareto front and the recommendation'),
  shared('no-progress'),
  helpOption,
];

export const EXPORT_OPTIONS: OptionSpec[] = [
  {
    name: 'format',
    type: 'string',
    value: EXPORT_FORMATS.join('|'),
    help:
      'The server to configure (required): triton writes <model>/config.pbtxt, torchserve model-config.yaml and ' +
      'config.properties, ray a Ray Serve deployment, tfserving a batching parameters file, bentoml a service.py.',
    example: '--format triton',
  },
  {
    name: 'config',
    type: 'string',
    value: 'LABEL',
    defaultText: "the file's only configuration",
    help:
      'Which configuration to export: its label as `batchscope show` prints it (spaces and case do not matter), ' +
      'or a strategy name only one configuration has.',
    example: "--config 'dynamic(max=8, delay=2ms)'",
  },
  {
    name: 'out',
    type: 'string',
    value: 'DIR',
    defaultText: 'triton: model_repository next to the model; others: batchscope-export/<format>',
    help: 'Folder to write into (created as needed; files of the same names are replaced, atomically).',
    example: '--out deploy/triton',
  },
  helpOption,
];

export const COMMAND_OPTIONS: Record<CommandName, OptionSpec[]> = {
  sweep: SWEEP_OPTIONS,
  export: EXPORT_OPTIONS,
  profile: PROFILE_OPTIONS,
  inspect: INSPECT_OPTIONS,
  show: SHOW_OPTIONS,
  strategies: STRATEGIES_OPTIONS,
};
