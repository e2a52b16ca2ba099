import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { BURSTY_DEFAULTS, parseArrival } from '../../../src/engine/workload/parseArrival';

describe('parseArrival', () => {
  it('parses the simple kinds', () => {
    assert.deepStrictEqual(parseArrival('constant'), { kind: 'constant' });
    assert.deepStrictEqual(parseArrival(' Poisson '), { kind: 'poisson' });
    assert.deepStrictEqual(parseArrival('closed:8'), { kind: 'closed', concurrency: 8 });
  });

  it('parses bursty with defaults and with parameters', () => {
    assert.deepStrictEqual(parseArrival('bursty'), { kind: 'bursty', ...BURSTY_DEFAULTS });
    assert.deepStrictEqual(parseArrival('bursty:ratio=4,period=2,duty=0.25'), {
      kind: 'bursty',
      ratio: 4,
      periodS: 2,
      dutyCycle: 0.25,
    });
    assert.deepStrictEqual(parseArrival('bursty:period=0.5'), {
      kind: 'bursty',
      ...BURSTY_DEFAULTS,
      periodS: 0.5,
    });
  });

  it('parses ramp FROM..TO', () => {
    assert.deepStrictEqual(parseArrival('ramp:10..200'), { kind: 'ramp', fromRps: 10, toRps: 200 });
    assert.deepStrictEqual(parseArrival('ramp:250.5..0'), { kind: 'ramp', fromRps: 250.5, toRps: 0 });
    assert.deepStrictEqual(parseArrival('ramp: .5 .. 8'), { kind: 'ramp', fromRps: 0.5, toRps: 8 });
  });

  it('parses trace:FILE, recording the detected or given format', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'batchscope-parse-'));
    try {
      const file = path.join(dir, 'gaps.csv');
      fs.writeFileSync(file, '3\n1\n2\n');
      assert.deepStrictEqual(parseArrival(`trace:${file}`), { kind: 'trace', file, format: 'gaps' });
      assert.deepStrictEqual(parseArrival(`trace:${file},format=gaps`), {
        kind: 'trace',
        file,
        format: 'gaps',
      });
      assert.throws(
        () => parseArrival(`trace:${path.join(dir, 'missing.csv')}`),
        /cannot read arrival trace/,
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('rejects bad syntax, saying what was wrong and what is accepted', () => {
    const cases: Array<[string, RegExp]> = [
      ['uniform', /unknown arrival pattern "uniform".*Accepted: constant \| poisson/],
      ['poisson:5', /poisson takes no parameters/],
      ['bursty:ratio=x', /"ratio=x" should be KEY=NUMBER/],
      ['bursty:speed=2', /unknown bursty parameter "speed"/],
      ['bursty:ratio=8,duty=0.5', /ratio 8 x duty 0.5 = 4 > 1/],
      ['bursty:duty=1', /duty must be between 0 and 1/],
      ['ramp:10', /ramp needs FROM..TO/],
      ['ramp:a..b', /ramp needs FROM..TO/],
      ['ramp:1..2..3', /ramp needs FROM..TO/],
      ['ramp:0..0', /not both 0/],
      ['ramp:-5..10', /must be >= 0/],
      ['trace:', /trace needs a file/],
      ['closed:0', /closed:N needs a whole number/],
    ];
    for (const [text, expected] of cases) {
      assert.throws(() => parseArrival(text), expected, `--arrival ${text}`);
    }
  });
});
