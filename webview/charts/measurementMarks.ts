/**
 * Marks where a strategy was not measured and where its stability windows lie, on a chart whose
 * x axis is run time: warm-ups (and, interleaved, the other strategies' turns) are shaded, window
 * edges are faint vertical lines. A Chart.js plugin drawn under the datasets.
 */
import type { Plugin } from 'chart.js';
import type { Interval } from '../../src/shared/measurementPlan';

export interface MeasurementMarks {
  /** Measured intervals (ms); the gaps before and between them are shaded. Null: nothing shaded. */
  measured: Interval[] | null;
  /** Stability window edges (ms). */
  windowEdges: number[];
  shade: string;
  line: string;
}

/** Unmeasured spans from 0 to the end of the axis, given the measured intervals. */
export function unmeasuredSpans(measured: readonly Interval[], endMs: number): Interval[] {
  const out: Interval[] = [];
  let from = 0;
  for (const iv of measured) {
    if (iv.fromMs > from) out.push({ fromMs: from, toMs: iv.fromMs });
    from = Math.max(from, iv.toMs);
  }
  if (endMs > from && measured.length > 1) out.push({ fromMs: from, toMs: endMs });
  return out;
}

/** The plugin; `marks()` is read at every draw, so the chart follows the store. The x axis is in seconds. */
export function measurementMarksPlugin(marks: () => MeasurementMarks): Plugin<'line'> {
  return {
    id: 'measurementMarks',
    beforeDatasetsDraw(chart) {
      const m = marks();
      const x = chart.scales.x;
      const { top, bottom, left, right } = chart.chartArea;
      const ctx = chart.ctx;
      ctx.save();
      if (m.measured && m.measured.length > 0) {
        ctx.fillStyle = m.shade;
        for (const span of unmeasuredSpans(m.measured, x.max * 1000)) {
          const a = Math.max(left, x.getPixelForValue(span.fromMs / 1000));
          const b = Math.min(right, x.getPixelForValue(span.toMs / 1000));
          if (b > a) ctx.fillRect(a, top, b - a, bottom - top);
        }
      }
      ctx.strokeStyle = m.line;
      ctx.setLineDash([2, 4]);
      ctx.lineWidth = 1;
      for (const t of m.windowEdges) {
        const px = x.getPixelForValue(t / 1000);
        if (px < left || px > right) continue;
        ctx.beginPath();
        ctx.moveTo(px, top);
        ctx.lineTo(px, bottom);
        ctx.stroke();
      }
      ctx.restore();
    },
  };
}
