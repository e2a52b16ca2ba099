import * as assert from 'assert';
import { RecordBuffer } from '../../../src/engine/metrics/recordBuffer';

describe('RecordBuffer', () => {
  it('grows far beyond its expected size and round-trips every column through toColumns', () => {
    const buffer = new RecordBuffer(2);
    const n = 1000;
    for (let i = 0; i < n; i++) assert.strictEqual(buffer.addRequest(i * 1.5, i * 1.5 + 0.25), i);
    // Batches of 3 (the last of 1), completed in order; request 999 never completes.
    let batches = 0;
    for (let first = 0; first < n - 1; first += 3) {
      const members = [first, first + 1, first + 2].filter((id) => id < n - 1);
      const b = buffer.addBatch({
        dispatchMs: first + 10,
        computeStartMs: first + 11,
        computeEndMs: first + 12.5,
        size: members.length,
        paddedSize: members.length + 1,
        padFraction: 0.25,
        instance: batches % 2,
        flushed: members.length < 3,
        members,
      });
      assert.strictEqual(b, batches++);
      for (const id of members) buffer.completeRequest(id, b, first + 13);
    }
    assert.strictEqual(buffer.requestCount, n);
    assert.strictEqual(buffer.batchCount, batches);

    const { requests, batches: cols } = buffer.toColumns();
    assert.strictEqual(requests.scheduledMs.length, n, 'trimmed to the requests recorded');
    assert.strictEqual(cols.size.length, batches, 'trimmed to the batches recorded');
    assert.strictEqual(cols.members.length, n - 1);
    for (let i = 0; i < n - 1; i++) {
      assert.strictEqual(requests.scheduledMs[i], i * 1.5);
      assert.strictEqual(requests.enqueueMs[i], i * 1.5 + 0.25);
      const b = Math.floor(i / 3);
      assert.strictEqual(requests.batch[i], b);
      assert.strictEqual(requests.doneMs[i], b * 3 + 13);
      assert.strictEqual(
        cols.members[cols.firstMember[b] + (i % 3)],
        i,
        `request ${i} is listed in batch ${b}`,
      );
    }
    assert.strictEqual(requests.batch[n - 1], -1, 'a request that never ran has batch -1');
    assert.ok(Number.isNaN(requests.doneMs[n - 1]), 'and no done time');
    const last = batches - 1;
    assert.deepStrictEqual(
      [cols.dispatchMs[last], cols.computeStartMs[last], cols.computeEndMs[last], cols.size[last]],
      [last * 3 + 10, last * 3 + 11, last * 3 + 12.5, 3],
    );
    assert.strictEqual(cols.paddedSize[0], 4);
    assert.strictEqual(cols.padFraction[0], 0.25);
    assert.deepStrictEqual(Array.from(cols.instance.slice(0, 3)), [0, 1, 0]);
    assert.strictEqual(cols.flushed[last], 0);
  });

  it('returns copies that later recording does not change', () => {
    const buffer = new RecordBuffer(100);
    buffer.addRequest(1, 2);
    const before = buffer.toColumns();
    buffer.completeRequest(0, 0, 9);
    assert.strictEqual(before.requests.batch[0], -1);
    assert.strictEqual(buffer.toColumns().requests.doneMs[0], 9);
  });

  it('refuses to complete a request that was never added', () => {
    const buffer = new RecordBuffer(4);
    assert.throws(() => buffer.completeRequest(0, 0, 1), /request id 0 was never added/);
  });
});
