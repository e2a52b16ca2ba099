import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { parseCommandLine } from '../../../src/cli/parseCommandLine';
import { profileArgsFrom } from '../../../src/cli/profileArgs';
import { reportError } from '../../../src/cli/reportError';
import { UsageError } from '../../../src/cli/usageError';
import { ModelError } from '../../../src/engine/model/modelError';
import { ProfileError } from '../../../src/engine/profile/profileError';
import { SAMPLES } from './runCli';

/** Parses `batchscope profile samples/mlp.onnx ...args` the way main does. */
function parseProfile(args: string[]) {
  const parsed = parseCommandLine(['profile', path.join(SAMPLES, 'mlp.onnx'), ...args]);
  assert.equal(parsed.kind, 'run');
  if (parsed.kind !== 'run') throw new Error('unreachable');
  return profileArgsFrom(parsed.positionals, parsed.values);
}

describe('CLI argument checks (in-process: every rule, its message and exit code 2)', () => {
  const badValues: Array<[string[], RegExp]> = [
    [['--rate', '-5'], /--rate must be a number > 0 and <= 1000000, got "-5"/],
    [['--rate', 'fast'], /--rate must be a number/],
    [['--max-batch', '0'], /--max-batch must be a whole number >= 1/],
    [['--max-batch', '2.5'], /--max-batch must be a whole number/],
    [['--duration', '0'], /--duration must be a number > 0/],
    [['--warmup', '-1'], /--warmup must be a number >= 0/],
    [['--max-delay-ms', 'x'], /--max-delay-ms must be a number/],
    [['--instances', '0'], /--instances must be a whole number >= 1/],
    [['--threads', 'many'], /--threads must be a whole number/],
    [['--seed', '1.5'], /--seed must be a whole number/],
    [['--slo-ms', '0'], /--slo-ms must be a number > 0/],
    [['--concurrency', '0'], /--concurrency must be a whole number >= 1/],
    [['--strategies', 'none,dynamc'], /--strategies: unknown strategy "dynamc"\. Did you mean dynamic\?/],
    [
      ['--strategies', 'dynamic(mx=4)'],
      /--strategies: dynamic\(mx=4\): dynamic has no parameter "mx"\. Did you mean max\?/,
    ],
    [
      ['--strategies', 'dynamic(max=0)'],
      /--strategies: dynamic\(max=0\): dynamic: Max batch must be a whole number from 1 to 4096/,
    ],
    [
      ['--strategies', 'aimd'],
      /--strategies: aimd: aimd needs latency budget \(ms\): set slo on the strategy, or an SLO for the whole run/,
    ],
    [['--strategies', 'none,none,none,none,none,none,none,none,none'], /at most 8 run in one profile/],
    [['--priorities', '1'], /--priorities "1": give from 2 to 8 shares/],
    [['--priorities', '0.5,-1'], /--priorities "0\.5,-1": every share must be a number greater than 0/],
    [['--max-delay-ms', '60000'], /--max-delay-ms must be a number >= 0 and <= 10000/],
    [['--arrival', 'sometimes'], /--arrival "sometimes".*unknown arrival pattern/],
    [['--arrival', 'ramp:5'], /--arrival "ramp:5"/],
    [['--arrival', 'trace:' + '/no/such/trace.csv'], /trace/],
    [['--arrival', 'ramp:1..5', '--rate', '3'], /--rate does not apply to --arrival ramp/],
    [
      ['--concurrency', '4', '--arrival', 'poisson'],
      /--concurrency .* cannot be combined with --arrival poisson/,
    ],
    [['--preferred-batch', '4,16'], /Preferred batch sizes must be at most the max batch \(8\)/],
    [['--preferred-batch', '4,x'], /--preferred-batch must be a comma list/],
    [
      ['--strategies', 'none', '--preferred-batch', '4'],
      /--preferred-batch only applies to strategies with preferred sizes \(dynamic\)/,
    ],
    [['--dim', 'seq'], /--dim expects NAME=VALUE, got "seq"/],
    [['--dim', 'seq=9..3'], /--dim seq=9\.\.3: MIN must be <= MAX/],
    [['--dim', 'seq=0'], /--dim must be a whole number >= 1/],
    [['--input', 'rate=abc'], /--input rate=abc: "abc" is not a number/],
    [['--batch-axis', 'x=-1'], /--batch-axis must be a whole number >= 0/],
    [['--provider', 'cdua'], /--provider must be cpu or cuda, got "cdua"\. Did you mean cuda\?/],
    [['--rat', '5'], /Unknown option --rat .*Did you mean --rate\?/],
    [['--max-bacth', '5'], /Unknown option --max-bacth .*Did you mean --max-batch\?/],
    [['--rate'], /--rate needs a value, e\.g\. --rate 500/],
    [['--json=yes'], /--json is a switch and takes no value/],
  ];
  for (const [args, message] of badValues) {
    it(`profile ${args.join(' ')} is refused naming the option`, () => {
      assert.throws(
        () => parseProfile(args),
        (err: unknown) => {
          assert.ok(err instanceof UsageError, `expected a UsageError, got ${String(err)}`);
          assert.equal(err.exitCode, 2);
          assert.match(err.message, message);
          return true;
        },
      );
    });
  }

  it('defaults: none,static,dynamic; poisson; 5 s; 1 s warm-up; max batch 8; 2 ms; 1 instance; 1 thread; seed 42', () => {
    const a = parseProfile([]);
    const queue = { maxQueue: 0, timeoutMs: 0, timeoutAction: 'reject' };
    assert.deepEqual(a.settings.strategies, [
      { name: 'none', ...queue },
      { name: 'static', batchSize: 8, ...queue },
      { name: 'dynamic', maxBatch: 8, maxDelayMs: 2, preferredBatch: [], ...queue },
    ]);
    assert.equal(a.settings.seed, 42);
    assert.equal(a.settings.priorities, null);
    assert.deepEqual(a.settings.arrival, { kind: 'poisson' });
    assert.equal(a.settings.rateRps, null, 'no --rate: derived from calibration by the runtime');
    assert.equal(a.settings.durationS, 5);
    assert.equal(a.settings.warmupS, 1);
    assert.equal(a.settings.instances, 1);
    assert.equal(a.settings.threads, 1);
    assert.equal(a.settings.provider, 'cpu');
    assert.equal(a.settings.sloMs, null);
    assert.equal(a.outPath, null);
    assert.equal(a.json, false);
  });

  it('takes strategies with parameters, the same strategy several times, and a priority mix', () => {
    const a = parseProfile([
      ...['--strategies', 'dynamic(max=16,delay=5),aimd,dynamic(4, 0.5, pref=2/4),static(size=3)'],
      ...['--slo-ms', '20', '--max-batch', '32', '--priorities', '1,3'],
    ]);
    const [dyn, aimd, dyn2, stat] = a.settings.strategies;
    assert.deepEqual([dyn.maxBatch, dyn.maxDelayMs], [16, 5]);
    assert.deepEqual(
      [aimd.name, aimd.maxBatch, aimd.sloMs],
      ['aimd', 32, 20],
      'run defaults fill what is not given',
    );
    assert.deepEqual([dyn2.maxBatch, dyn2.maxDelayMs, dyn2.preferredBatch], [4, 0.5, [2, 4]]);
    assert.equal(stat.batchSize, 3);
    assert.deepEqual(a.settings.priorities, [0.25, 0.75]);
  });

  it('every option value reaches the settings and model options', () => {
    const a = parseProfile([
      ...['--strategies', 'dynamic,static', '--arrival', 'constant', '--rate', '250', '--duration', '3'],
      ...['--warmup', '0.5', '--max-batch', '16', '--max-delay-ms', '0.5', '--preferred-batch', '4,8'],
      ...['--instances', '2', '--threads', '3', '--dim', 'seq=16..64', '--dim', 'h=8', '--input', 'sr=16000'],
      ...['--batch-axis', 'state=1', '--slo-ms', '20', '--seed', '7', '--provider', 'cpu', '--out', 'x.json'],
      ...['--report', 'r.html', '--json', '--no-progress'],
    ]);
    const queue = { maxQueue: 0, timeoutMs: 0, timeoutAction: 'reject' };
    assert.deepEqual(a.settings.strategies, [
      { name: 'dynamic', maxBatch: 16, maxDelayMs: 0.5, preferredBatch: [4, 8], ...queue },
      { name: 'static', batchSize: 16, ...queue },
    ]);
    assert.deepEqual(a.settings.arrival, { kind: 'constant' });
    assert.equal(a.settings.rateRps, 250);
    assert.equal(a.settings.durationS, 3);
    assert.equal(a.settings.warmupS, 0.5);
    assert.equal(a.settings.instances, 2);
    assert.equal(a.settings.threads, 3);
    assert.equal(a.settings.sloMs, 20);
    assert.equal(a.settings.seed, 7);
    assert.equal(a.maxBatch, 16);
    assert.deepEqual(a.modelOptions.dims, { seq: { min: 16, max: 64 }, h: { min: 8, max: 8 } });
    assert.deepEqual(a.modelOptions.fixedInputs, { sr: [16000] });
    assert.deepEqual(a.modelOptions.batchAxes, { state: 1 });
    assert.equal(a.outPath, 'x.json');
    assert.equal(a.reportPath, 'r.html');
    assert.equal(a.json, true);
    assert.equal(a.noProgress, true);
  });

  it('--concurrency N is a closed loop', () => {
    assert.deepEqual(parseProfile(['--concurrency', '4']).settings.arrival, {
      kind: 'closed',
      concurrency: 4,
    });
  });
});

describe('CLI error reporting', () => {
  const capture = (err: unknown, debug: string) => {
    const saved = process.env.BATCHSCOPE_DEBUG;
    process.env.BATCHSCOPE_DEBUG = debug;
    let text = '';
    try {
      const code = reportError(err, { write: (t: string) => (text += t) });
      return { code, text };
    } finally {
      if (saved === undefined) delete process.env.BATCHSCOPE_DEBUG;
      else process.env.BATCHSCOPE_DEBUG = saved;
    }
  };

  it('an unexpected error exits 1 with a short message and "please report", no stack', () => {
    const { code, text } = capture(new TypeError('x is undefined'), '');
    assert.equal(code, 1);
    assert.match(text, /internal error: x is undefined/);
    assert.match(text, /please report/);
    assert.doesNotMatch(text, /\n\s+at /);
  });

  it('BATCHSCOPE_DEBUG=1 adds the stack trace', () => {
    const { code, text } = capture(new TypeError('x is undefined'), '1');
    assert.equal(code, 1);
    assert.match(text, /\n\s+at /);
  });

  it('errors worded for people keep their exit code and print only their message', () => {
    assert.deepEqual(capture(new ModelError('bad model', 3), ''), {
      code: 3,
      text: 'batchscope: bad model\n',
    });
    assert.deepEqual(capture(new ProfileError('bad file'), ''), { code: 2, text: 'batchscope: bad file\n' });
    assert.deepEqual(capture(new UsageError('bad arg'), ''), { code: 2, text: 'batchscope: bad arg\n' });
  });
});
