/** Reading .batchscope/config.json: JSONC, per-entry checks, and messages that name file, configuration, field and fix. */
import { strict as assert } from 'node:assert';
import {
  configurationNames,
  findConfiguration,
  usableConfigurations,
} from '../../../../src/shared/runConfigurations/findConfiguration';
import {
  describeProblem,
  RunConfigurationError,
} from '../../../../src/shared/runConfigurations/configurationProblems';
import {
  fileProblems,
  parseConfigurations,
  parseRunConfigurations,
} from '../../../../src/shared/runConfigurations/parseConfigurations';

const SOURCE = '.batchscope/config.json';

/** Every problem of `text` as the lines a user sees. */
function messages(text: string): string[] {
  const file = parseRunConfigurations(text, SOURCE);
  return fileProblems(file).map((p) => describeProblem(SOURCE, p));
}

/** A file with one configuration (plus the given fields). */
function oneEntry(fields: Record<string, unknown>): string {
  return JSON.stringify({ version: 1, configurations: [{ name: 'c', model: 'm.onnx', ...fields }] });
}

/** The problems of a one-configuration file, as lines. */
const entryMessages = (fields: Record<string, unknown>): string[] => messages(oneEntry(fields));

describe('run configurations: parsing', () => {
  it('reads JSON with comments and trailing commas, as launch.json', () => {
    const text = `{
      // Runs of the VAD model.
      "version": 1,
      "configurations": [
        /* the one CI runs */
        {
          "name": "vad 16k",
          "model": "samples/vad.onnx",
          "dims": { "sequence": "256..512", },
          "inputs": { "sr": 16000, "scale": [0.5, 0.5] },
          "batchAxes": { "state": 1 },
          "strategies": ["none", "dynamic(max=16,delay=2)",],
          "traffic": { "arrival": "poisson", "rateRps": 200, "durationS": 2, "seed": 7 },
          "execution": { "instances": 2, "provider": "cpu", "order": "interleaved" },
          "sloMs": 50,
        },
        { "name": "mlp", "model": "synthetic:base=2ms,per-item=1ms" },
      ],
    }`;
    const file = parseRunConfigurations(text, SOURCE);
    assert.deepEqual(fileProblems(file), []);
    assert.deepEqual(configurationNames(file), ['vad 16k', 'mlp']);
    const vad = findConfiguration(file, 'vad 16k');
    assert.deepEqual(vad.dims, { sequence: '256..512' });
    assert.deepEqual(vad.inputs, { sr: 16000, scale: [0.5, 0.5] });
    assert.deepEqual(vad.strategies, ['none', 'dynamic(max=16,delay=2)']);
    assert.equal(usableConfigurations(file).length, 2);
  });

  it('points at a JSON syntax error by line and column, and says comments are fine', () => {
    const lines = messages(
      '{\n  "version": 1,\n  "configurations": [ { "name": "x" "model": "m.onnx" } ]\n}',
    );
    assert.equal(lines.length, 1, lines.join('\n'));
    assert.match(
      lines[0],
      /^\.batchscope\/config\.json:3:37: a comma was expected\. Fix the JSON there \(comments and trailing commas are allowed\)\.$/,
    );
  });

  it('names what the file itself lacks: version, configurations, a known field', () => {
    assert.deepEqual(messages(''), [
      `${SOURCE}: the file is empty; write { "version": 1, "configurations": [] }.`,
    ]);
    assert.deepEqual(messages('[]'), [
      `${SOURCE}: the file must hold one object: { "version": 1, "configurations": [ … ] }.`,
    ]);
    assert.deepEqual(messages('{ "configurations": [] }'), [
      `${SOURCE}: version: add "version": 1 at the top of the file.`,
    ]);
    assert.match(
      messages('{ "version": 2, "configurations": [] }')[0],
      /version 2, written by a newer Batchscope; update Batchscope/,
    );
    assert.deepEqual(messages('{ "version": 1 }'), [
      `${SOURCE}: configurations: add "configurations": [ … ], the list of named configurations.`,
    ]);
    assert.match(
      messages('{ "version": 1, "configuration": [] }')[0],
      /configuration: unknown field\. Did you mean "configurations"\?/,
    );
  });

  it('rejects unknown fields at every level with a did-you-mean and the list of fields', () => {
    assert.deepEqual(entryMessages({ strategy: ['none'] }), [
      `${SOURCE}: configuration "c", strategy: unknown field. Did you mean "strategies"? The fields of a configuration are name, model, dims, inputs, batchAxes, strategies, traffic, execution, sloMs.`,
    ]);
    assert.deepEqual(entryMessages({ traffic: { rate: 5 } }), [
      `${SOURCE}: configuration "c", traffic.rate: unknown field. Did you mean "rateRps"? The fields of "traffic" are arrival, rateRps, durationS, warmupS, seed, priorities.`,
    ]);
    assert.match(
      entryMessages({ execution: { provder: 'cpu' } })[0],
      /execution\.provder: unknown field\. Did you mean "provider"\?/,
    );
    assert.match(
      entryMessages({ traffic: { arrival: { kind: 'bursty', duty: 0.2 } } })[0],
      /traffic\.arrival\.duty: a bursty arrival has no such field\. Did you mean "dutyCycle"\? Its fields are kind, ratio, periodS, dutyCycle\./,
    );
  });

  it('says what to write for a value of the wrong type', () => {
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [
        { name: '' },
        /configuration #1, name: give the configuration a name, e\.g\. "name": "vad 16k"; got ""\./,
      ],
      [{ model: 3 }, /model: give the model: a path relative to the folder that holds \.batchscope\//],
      [{ model: 'synthetic:base=fast' }, /configuration "c", model: .*base/],
      [
        { dims: { seq: '16-32' } },
        /dims\.seq: write a size \(512\) or a range drawn per request \("256\.\.512"\); got "16-32"\./,
      ],
      [{ inputs: { sr: [] } }, /inputs\.sr: write a number \(16000\) or a non-empty list of numbers/],
      [
        { batchAxes: { state: -1 } },
        /batchAxes\.state: write the 0-based axis, a whole number such as 1; got -1\./,
      ],
      [{ strategies: 'none' }, /strategies: write a list of strategy specs, as --strategies takes them/],
      [
        { traffic: { durationS: '10s' } },
        /traffic\.durationS: must be a number, e\.g\. "durationS": 10 \(seconds per strategy\); got "10s"\./,
      ],
      [
        { traffic: { arrival: 'sometimes' } },
        /traffic\.arrival: write "poisson", "constant", "bursty", "closed" or an object with "kind"; got "sometimes"\./,
      ],
      [{ traffic: { arrival: 'constnt' } }, /Did you mean "constant"\?/],
      [
        { traffic: { arrival: 'ramp' } },
        /traffic\.arrival: a ramp needs its rates: \{ "kind": "ramp", "fromRps": 100, "toRps": 400 \}\./,
      ],
      [
        { traffic: { arrival: { kind: 'trace', file: 'a.csv' } } },
        /traffic\.arrival\.kind: a trace of arrival times is for the command line only/,
      ],
      [
        { traffic: { arrival: { kind: 'ramp', fromRps: 10 } } },
        /traffic\.arrival\.toRps: a ramp needs both rates/,
      ],
      [
        { traffic: { arrival: 'closed', rateRps: 100 } },
        /traffic\.rateRps: a closed loop sends as fast as responses come back, so it takes no rate: remove rateRps/,
      ],
      [
        { traffic: { priorities: [0.2, 'x'] } },
        /traffic\.priorities: write the share of requests per level, highest first/,
      ],
      [
        { execution: { provider: 'cudaa' } },
        /execution\.provider: write "cpu" or "cuda"; got "cudaa"\. Did you mean "cuda"\?/,
      ],
      [{ execution: { order: 'interleave' } }, /execution\.order: .*Did you mean "interleaved"\?/],
      [{ execution: { untilStable: 'yes' } }, /execution\.untilStable: write true or false; got "yes"\./],
      [{ sloMs: '50ms' }, /sloMs: must be a number or null, e\.g\. "sloMs": 50/],
    ];
    for (const [fields, expected] of cases) {
      const lines = entryMessages(fields);
      assert.equal(lines.length, 1, `${JSON.stringify(fields)}:\n${lines.join('\n')}`);
      assert.match(lines[0], expected, JSON.stringify(fields));
      assert.ok(lines[0].startsWith(`${SOURCE}: configuration `), lines[0]);
    }
  });

  it('checks values with the run config’s own rules, named by the configuration’s fields', () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [
        { traffic: { durationS: 0 } },
        'traffic.durationS: Duration (s) must be greater than 0 and at most 86400.',
      ],
      [
        { traffic: { rateRps: -5 } },
        'traffic.rateRps: Rate (requests/s) must be greater than 0 and at most 1000000.',
      ],
      [
        { traffic: { arrival: { kind: 'closed', concurrency: 0 } } },
        'traffic.arrival.concurrency: Concurrency must be a whole number from 1 to 100000.',
      ],
      [
        { traffic: { priorities: [1] } },
        'traffic.priorities: Priority mix: give from 2 to 8 shares, one per priority level (highest first), e.g. 0.2,0.8.',
      ],
      [
        { execution: { instances: 1.5 } },
        'execution.instances: Instances must be a whole number from 1 to 64.',
      ],
      [{ dims: { seq: '64..16' } }, 'dims.seq: Maximum of seq must not be below its minimum (64).'],
      [{ sloMs: 0 }, 'sloMs: SLO (ms) must be greater than 0 and at most 600000.'],
    ];
    for (const [fields, expected] of cases)
      assert.deepEqual(
        entryMessages(fields),
        [`${SOURCE}: configuration "c", ${expected}`],
        JSON.stringify(fields),
      );
  });

  it('reads strategy specs as --strategies does, the SLO-driven ones taking sloMs', () => {
    assert.deepEqual(entryMessages({ strategies: ['none', 'aimd'], sloMs: 20 }), []);
    const [noSlo] = entryMessages({ strategies: ['none', 'aimd'] });
    assert.match(
      noSlo,
      /configuration "c", strategies #2: aimd: aimd needs latency budget \(ms\): set slo on the strategy, or an SLO for the whole run/,
    );
    const [typo, zero] = entryMessages({
      strategies: ['dynamc', 'dynamic(max=0)'],
      execution: { provder: 'cpu' },
    }).slice(1);
    assert.match(typo, /strategies #1: unknown strategy "dynamc"\. Did you mean dynamic\?/);
    assert.match(
      zero,
      /strategies #2: dynamic\(max=0\): dynamic: Max batch must be a whole number from 1 to 4096\./,
    );
  });

  it('wants each name once', () => {
    const text = JSON.stringify({
      version: 1,
      configurations: [
        { name: 'a', model: 'm.onnx' },
        { name: 'a', model: 'n.onnx' },
      ],
    });
    const file = parseRunConfigurations(text, SOURCE);
    assert.deepEqual(
      fileProblems(file).map((p) => describeProblem(SOURCE, p)),
      [
        `${SOURCE}: configuration "a", name: configuration #1 has this name too; give each configuration its own name.`,
      ],
    );
    assert.equal(usableConfigurations(file).length, 1, 'the first one still runs');
  });

  it('keeps one broken configuration from hiding the others', () => {
    const { configurations, problems } = parseConfigurations(
      JSON.stringify({
        version: 1,
        configurations: [{ name: 'ok', model: 'm.onnx' }, { name: 'bad', model: 'm.onnx', sloMs: -1 }, 'x'],
      }),
      SOURCE,
    );
    assert.deepEqual(
      configurations.map((c) => c.name),
      ['ok'],
    );
    assert.equal(problems.length, 2, problems.join('\n'));
    assert.match(
      problems[1],
      /configuration #3: must be an object such as \{ "name": "mlp", "model": "samples\/mlp\.onnx" \}, got "x"\./,
    );
  });
});

describe('run configurations: finding one by name', () => {
  const file = parseRunConfigurations(
    JSON.stringify({
      version: 1,
      configurations: [
        { name: 'vad 16k', model: 'vad.onnx' },
        { name: 'mlp', model: 'mlp.onnx', traffic: { durationS: 0 } },
      ],
    }),
    SOURCE,
  );
  const failure = (f: () => unknown): RunConfigurationError => {
    try {
      f();
    } catch (err) {
      assert.ok(err instanceof RunConfigurationError, String(err));
      return err;
    }
    assert.fail('expected a RunConfigurationError');
  };

  it('lists the names, with a did-you-mean, for an unknown one', () => {
    assert.equal(
      failure(() => findConfiguration(file, 'vad16k')).message,
      `${SOURCE} has no configuration named "vad16k". Did you mean "vad 16k"? Its configurations: "vad 16k", "mlp".`,
    );
    assert.match(
      failure(() => findConfiguration(file, 'resnet')).message,
      /no configuration named "resnet"\. Its configurations: "vad 16k", "mlp"\.$/,
    );
  });

  it('gives a broken configuration’s problems instead of running it', () => {
    assert.equal(
      failure(() => findConfiguration(file, 'mlp')).message,
      `${SOURCE}: configuration "mlp", traffic.durationS: Duration (s) must be greater than 0 and at most 86400.`,
    );
  });

  it('says where to start when the file has none', () => {
    const empty = parseRunConfigurations('{ "version": 1, "configurations": [] }', SOURCE);
    assert.match(failure(() => findConfiguration(empty, 'x')).message, /has no configurations yet: add one/);
    const broken = parseRunConfigurations('{ "configurations": [] }', SOURCE);
    assert.match(failure(() => findConfiguration(broken, 'x')).message, /version: add "version": 1/);
  });
});
