/** The shaded spans of the latency-over-time chart: warm-ups and other strategies' turns. Runs in Node. */
import * as assert from 'assert';
import { unmeasuredSpans } from '../../webview/charts/measurementMarks';

describe('unmeasuredSpans', () => {
  it('shades the warm-up before a single measured interval, nothing after it (the drain)', () => {
    assert.deepStrictEqual(unmeasuredSpans([{ fromMs: 500, toMs: 5500 }], 6000), [{ fromMs: 0, toMs: 500 }]);
  });

  it('shades every gap between interleaved slices, and the axis after the last when slices were interleaved', () => {
    assert.deepStrictEqual(
      unmeasuredSpans(
        [
          { fromMs: 100, toMs: 300 },
          { fromMs: 400, toMs: 600 },
        ],
        700,
      ),
      [
        { fromMs: 0, toMs: 100 },
        { fromMs: 300, toMs: 400 },
        { fromMs: 600, toMs: 700 },
      ],
    );
  });

  it('shades nothing when measurement starts at 0 (no warm-up)', () => {
    assert.deepStrictEqual(unmeasuredSpans([{ fromMs: 0, toMs: 1000 }], 1200), []);
  });
});
