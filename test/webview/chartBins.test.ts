/**
 * The binned chart data a big profile is drawn from (webview/data/chartBins.ts), checked against
 * the profile's own columns: every bin tells the truth about the requests and batches in it.
 * Runs in Node: the binning is pure.
 */
import * as assert from 'assert';
import { nearestRank } from '../../src/shared/nearestRank';
import type { StrategyResult } from '../../src/shared/profileTypes';
import { batchBars, latencyQuantileSeries, MAX_BARS } from '../../webview/data/chartBins';
import { RunStore } from '../../webview/data/runStore';
import { slotQuantile, type SeriesData } from '../../webview/data/seriesData';
import { syntheticProfile } from './syntheticProfile';

describe('binned chart data of a big profile', function () {
  this.timeout(60_000);
  const profile = syntheticProfile({ requests: 40_000, rateRps: 4000 });
  const store = new RunStore();
  store.reset(['big']);
  store.load(0, profile);
  const pairs = profile.strategies.map((result, i): [StrategyResult, SeriesData] => [
    result,
    store.allSeries()[i],
  ]);

  it('has more batches than bars, so the bars are bins', () => {
    for (const [result] of pairs.slice(0, 2))
      assert.ok(
        result.batches.size.length > MAX_BARS,
        `${result.label}: ${result.batches.size.length} batches`,
      );
  });

  it('stacks each bar to the most slots of any batch dispatched in its bin, and counts every batch once', () => {
    for (const [result, series] of pairs) {
      const { real, padded } = batchBars(series);
      const b = result.batches;
      const n = b.size.length;
      const width = Math.max(b.dispatchMs[n - 1], 1) / MAX_BARS;
      const binOf = (k: number): number => Math.min(MAX_BARS - 1, Math.floor(b.dispatchMs[k] / width));
      // The truth per bin, straight from the columns.
      const most = new Map<number, number>();
      const count = new Map<number, number>();
      for (let k = 0; k < n; k++) {
        most.set(binOf(k), Math.max(most.get(binOf(k)) ?? 0, b.paddedSize[k]));
        count.set(binOf(k), (count.get(binOf(k)) ?? 0) + 1);
      }
      assert.ok(real.length <= MAX_BARS, `${result.label}: ${real.length} bars`);
      assert.strictEqual(real.length, most.size, `${result.label}: one bar per non-empty bin`);
      real.forEach((bar, i) => {
        const bin = binOf(bar.batch);
        assert.strictEqual(bar.x, b.dispatchMs[bar.batch] / 1000, 'a bar stands at its batch');
        assert.strictEqual(bar.y, b.size[bar.batch], 'real slots are the batch size');
        assert.strictEqual(bar.y + padded[i].y, most.get(bin), `${result.label}: bin ${bin} top`);
        assert.strictEqual(bar.represents, count.get(bin), `${result.label}: bin ${bin} count`);
      });
      const tallest = Math.max(...real.map((bar, i) => bar.y + padded[i].y));
      assert.strictEqual(tallest, Math.max(...b.paddedSize), `${result.label}: the run's largest batch`);
      assert.strictEqual(
        real.reduce((sum, bar) => sum + bar.represents, 0),
        n,
      );
    }
  });

  it('gives each time slot the exact p50, p99 and max latency of the requests completed in it', () => {
    for (const [result, series] of pairs) {
      const { requests, batches } = result;
      // Latency of each completed request, grouped by its batch's compute end, as the panel slots them.
      const truth: number[][] = [];
      for (let id = 0; id < requests.batch.length; id++) {
        const k = requests.batch[id];
        if (k < 0) continue;
        const slot = Math.max(0, Math.floor(batches.computeEndMs[k] / series.slotMs));
        (truth[slot] ??= []).push(requests.doneMs[id] - requests.scheduledMs[id]);
      }
      const slots = truth.flatMap((values, i) => (values ? [i] : []));
      assert.ok(slots.length > 50, `${result.label}: only ${slots.length} slots`);
      for (const q of [0.5, 0.99, 1]) {
        const drawn = latencyQuantileSeries(series, q);
        assert.deepStrictEqual(
          drawn.map((p) => p.x),
          slots.map((i) => ((i + 0.5) * series.slotMs) / 1000),
          `${result.label}: one point per slot with requests`,
        );
        drawn.forEach((p, j) => {
          const sorted = Float64Array.from(truth[slots[j]]).sort();
          assert.strictEqual(p.y, nearestRank(sorted, q), `${result.label}: q=${q}, slot ${slots[j]}`);
        });
      }
      const maxDrawn = Math.max(...series.slots.map((slot) => slotQuantile(slot, 1)).filter(Number.isFinite));
      assert.strictEqual(maxDrawn, result.summary.latencyMs.max, `${result.label}: the run's worst latency`);
    }
  });
});
