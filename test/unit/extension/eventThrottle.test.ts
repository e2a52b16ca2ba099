import * as assert from 'assert';
import { EventThrottle } from '../../../src/extension/run/eventThrottle';
import { StderrTail } from '../../../src/extension/engine/stderrTail';

const tick = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('EventThrottle', () => {
  it('delivers a burst of pushes as one batch, in order, and never before the interval since the last delivery', async () => {
    let now = 0;
    const deliveries: number[][] = [];
    const t = new EventThrottle<number>(
      (items) => deliveries.push(items),
      100,
      () => now,
    );
    t.flush(); // nothing buffered: no delivery
    for (let i = 0; i < 1000; i++) t.push(i);
    assert.strictEqual(deliveries.length, 0, 'nothing is delivered synchronously');
    await tick(5);
    assert.deepStrictEqual(deliveries, [Array.from({ length: 1000 }, (_, i) => i)]);
    // The clock says only 10 ms passed since that delivery: the next push waits ~90 ms.
    now = 10;
    t.push(1000);
    await tick(20);
    assert.strictEqual(deliveries.length, 1, 'a second delivery inside the interval');
    t.flush();
    assert.deepStrictEqual(deliveries[1], [1000]);
    t.dispose();
  });

  it('flush delivers at once and dispose drops what is buffered', async () => {
    const deliveries: string[][] = [];
    const t = new EventThrottle<string>((items) => deliveries.push(items), 10_000);
    t.push('a');
    t.flush();
    t.push('b');
    t.dispose();
    await tick(20);
    assert.deepStrictEqual(deliveries, [['a']]);
  });
});

describe('StderrTail', () => {
  it('keeps only the last maxChars characters across chunks', () => {
    const tail = new StderrTail(10);
    tail.push('0123456789');
    tail.push('abc');
    assert.strictEqual(tail.text(), '3456789abc');
    tail.push('x'.repeat(25));
    assert.strictEqual(tail.text(), 'x'.repeat(10));
  });

  it('gives the last non-empty lines', () => {
    const tail = new StderrTail();
    tail.push('one\n\ntwo\r\nthree\n');
    assert.strictEqual(tail.lastLines(2), 'two\nthree');
  });
});
