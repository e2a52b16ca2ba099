/** The test reader of protobuf text format: it must not accept what protobuf would refuse. */
import { strict as assert } from 'node:assert';
import { all, one, parseTextproto } from './textproto';

describe('textproto reader (test helper)', () => {
  it('reads scalars, enums, lists, nested messages and lists of messages, with or without ":"', () => {
    const m = parseTextproto(
      '# comment\nname: "a \\"b\\""\nmax: 8 flag: true kind: KIND_CPU\ndims: [ 3, -1 ]\n' +
        'outer { inner: { x: 1 } }\nitems [ { n: 1 }, { n: 2 } ]\nrep: 1\nrep: 2\nempty: [ ]\n',
    );
    assert.equal(one(m, 'name'), 'a "b"');
    assert.equal(one(m, 'max'), 8);
    assert.equal(one(m, 'flag'), true);
    assert.deepEqual(one(m, 'kind'), { ident: 'KIND_CPU' });
    assert.deepEqual(all(m, 'dims'), [3, -1]);
    assert.equal(one(m, 'outer.inner.x'), 1);
    assert.deepEqual(all(m, 'items'), [{ n: [1] }, { n: [2] }]);
    assert.deepEqual(all(m, 'rep'), [1, 2]);
    assert.deepEqual(all(m, 'empty'), []);
    assert.throws(() => one(m, 'rep'), /repeated/);
    assert.throws(() => one(m, 'outer.missing'), /no missing/);
  });

  it('refuses malformed text', () => {
    for (const bad of ['a {', 'a: }', 'a 1', 'a: "x', 'a: [1 2]', '}', 'a: [1, }']) {
      assert.throws(() => parseTextproto(bad), /textproto/, `"${bad}" should be refused`);
    }
  });
});
