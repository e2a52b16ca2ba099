import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadTrace, readTrace } from '../../../src/engine/workload/traceFile';

describe('loadTrace', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'batchscope-trace-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  /** Writes a file in the temp folder and returns its path. */
  const write = (name: string, text: string) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, text);
    return file;
  };
  const offsets = (file: string, format?: 'timestamps' | 'gaps') => Array.from(loadTrace(file, format));

  it('reads CSV timestamps with a header, comments, blank lines and extra columns, relative to the first', () => {
    const file = write('ts.csv', 'timestamp_ms,user\n# comment\n100,a\n\n102.5,b\r\n110,c\n');
    assert.deepStrictEqual(offsets(file), [0, 2.5, 10]);
    assert.strictEqual(readTrace(file).format, 'timestamps');
  });

  it('auto-detects gaps when the series decreases, and accumulates them from the first arrival', () => {
    const file = write('gaps.csv', '5\n10\n2\n3\n');
    assert.deepStrictEqual(offsets(file), [0, 10, 12, 15]);
    assert.strictEqual(readTrace(file).format, 'gaps');
  });

  it('honours an explicit format over detection', () => {
    const file = write('ambiguous.csv', '1\n2\n3\n');
    assert.deepStrictEqual(offsets(file), [0, 1, 2]);
    assert.deepStrictEqual(offsets(file, 'gaps'), [0, 2, 5]);
  });

  it('reads JSON arrays and {timestamps} / {gaps} objects', () => {
    assert.deepStrictEqual(offsets(write('a.json', '[3, 4, 8]')), [0, 1, 5]);
    assert.deepStrictEqual(offsets(write('t.json', '{"timestamps": [10, 20]}')), [0, 10]);
    const gaps = write('g.json', '{"gaps": [1, 2, 3]}');
    assert.deepStrictEqual(offsets(gaps), [0, 2, 5]);
    assert.strictEqual(readTrace(gaps).format, 'gaps');
    // JSON content is recognised without the extension too.
    assert.deepStrictEqual(offsets(write('noext', ' [1, 2]')), [0, 1]);
  });

  it('names the file and line of a bad CSV value', () => {
    const file = write('bad.csv', 'ms\n1\n2\nabc\n');
    assert.throws(
      () => loadTrace(file),
      (err: Error) => {
        assert.ok(err.message.includes(`${file}, line 4: "abc" is not a number`), err.message);
        return true;
      },
    );
  });

  it('names the JSON entry that is not a number', () => {
    const file = write('bad.json', '[1, "x", 3]');
    assert.throws(() => loadTrace(file), new RegExp(`${escape(file)}, entry 2: "x" is not a number`));
  });

  it('explains decreasing timestamps, negative gaps, empty files, broken JSON and missing files', () => {
    assert.throws(
      () => loadTrace(write('dec.csv', '1\n5\n3\n'), 'timestamps'),
      /line 3: timestamp 3 is earlier than the one before \(5\)/,
    );
    assert.throws(() => loadTrace(write('neg.csv', '1\n-2\n'), 'gaps'), /line 2: gap -2 is negative/);
    assert.throws(() => loadTrace(write('neg2.csv', '1\n-2\n')), /gap -2 is negative/);
    assert.throws(() => loadTrace(write('empty.csv', 'header\n\n')), /holds no arrivals/);
    assert.throws(() => loadTrace(write('broken.json', '[1, 2')), /is not valid JSON/);
    assert.throws(
      () => loadTrace(write('obj.json', '{"times": [1]}')),
      /must hold an array "timestamps" or "gaps"/,
    );
    assert.throws(() => loadTrace(write('decl.json', '{"gaps": [1]}'), 'timestamps'), /declares "gaps"/);
    const missing = path.join(dir, 'nope.csv');
    assert.throws(
      () => loadTrace(missing),
      new RegExp(`cannot read arrival trace ${escape(missing)}: no such file`),
    );
  });
});

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
