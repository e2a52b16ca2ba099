/**
 * A saved profile loads into the panel's store straight from its columns (RunStore.load) with
 * exactly the data that replaying it as live events gives: same batches, members, slots,
 * histogram, sums, samples and rejections. Runs in Node: the store is pure.
 */
import * as assert from 'assert';
import { profileToEvents } from '../../src/shared/profileReplay';
import type { Profile } from '../../src/shared/profileTypes';
import { RunStore } from '../../webview/data/runStore';
import type { SeriesData } from '../../webview/data/seriesData';
import { syntheticProfile } from './syntheticProfile';

/** Everything a series holds that the charts read, as plain values. */
function contents(s: SeriesData): unknown {
  const views = (group: Record<string, { view(): ArrayLike<number> }>): Record<string, number[]> =>
    Object.fromEntries(Object.entries(group).map(([k, g]) => [k, Array.from(g.view())]));
  // Where a batch's members are stored differs (copied from live batches, or read from the saved
  // columns); what the tooltips get for them must not.
  const { firstMember: _first, ...batches } = s.batches;
  const members = Array.from({ length: s.batchCount }, (_, b) =>
    Array.from({ length: s.batches.size.get(b) }, (_, j) => s.memberOf(b, j)),
  );
  return {
    label: s.label,
    colorIndex: s.colorIndex,
    fraction: s.fraction,
    completed: s.completed,
    rejected: s.rejected,
    rejections: views(s.rejections),
    summary: s.summary,
    partial: s.partial,
    ended: s.ended,
    batches: views(batches),
    members,
    sizeCounts: [...s.sizeCounts],
    latency: { counts: Array.from(s.latency.counts), total: s.latency.total },
    sums: s.sums,
    slots: s.slots.map((slot) => Array.from(slot.values.view())),
    samples: views(s.samples),
    hasGpuSamples: s.hasGpuSamples,
    hasPolicySamples: s.hasPolicySamples,
    maxTimeMs: s.maxTimeMs,
  };
}

function storeContents(store: RunStore): unknown {
  return store.streams.map(({ series, ...stream }) => ({ ...stream, series: series.map(contents) }));
}

/** A profile with GPU samples, an adaptive policy's series, and rejected requests. */
function richProfile(): Profile {
  const p = syntheticProfile({ requests: 3000, withGpu: true });
  const result = p.strategies[2];
  const tMs = result.timeseries.tMs;
  result.timeseries.policyCapBatch = tMs.map((_, k) => 1 + (k % 8));
  const r = result.requests;
  const last = r.scheduledMs[r.scheduledMs.length - 1];
  const rejectAt = [tMs[0] / 2, tMs[3], last + 50];
  r.scheduledMs = Float64Array.from([...r.scheduledMs, last, last, last]);
  r.enqueueMs = Float64Array.from([...r.enqueueMs, last, last, last]);
  r.doneMs = Float64Array.from([...r.doneMs, ...rejectAt]);
  r.batch = Int32Array.from([...r.batch, -2, -2, -2]);
  return p;
}

/** The synthetic profile with each strategy's first 30% of arrivals marked as its warm-up. */
function warmedUpProfile(): Profile {
  const p = syntheticProfile({ requests: 4000 });
  for (const s of p.strategies) {
    const t = s.requests.scheduledMs;
    s.measured = [{ fromMs: t[Math.floor(t.length * 0.3)], toMs: t[t.length - 1] + 1 }];
  }
  return p;
}

describe('loading a saved profile from its columns', () => {
  for (const [name, make] of [
    ['the synthetic three-strategy profile', () => syntheticProfile({ requests: 5000 })],
    ['a profile with GPU samples, policy series and rejections', richProfile],
    ['a profile whose strategies warmed up first', warmedUpProfile],
  ] as const) {
    it(`gives the same panel data as replaying its events: ${name}`, () => {
      const profile = make();
      const replayed = new RunStore();
      replayed.reset(['p']);
      replayed.apply(0, profileToEvents(profile));
      const loaded = new RunStore();
      loaded.reset(['p']);
      loaded.load(0, profile);
      assert.ok(loaded.allSeries().every((s) => s.batchCount > 0));
      assert.deepStrictEqual(storeContents(loaded), storeContents(replayed));
    });
  }

  it('leaves warm-up requests out of the distribution and the breakdown, but not out of the latency over time', () => {
    const profile = warmedUpProfile();
    const store = new RunStore();
    store.reset(['p']);
    store.load(0, profile);
    store.allSeries().forEach((s, i) => {
      const r = profile.strategies[i].requests;
      const from = profile.strategies[i].measured![0].fromMs;
      let measured = 0;
      let all = 0;
      for (let k = 0; k < r.scheduledMs.length; k++) {
        if (r.batch[k] < 0) continue;
        all++;
        if (r.scheduledMs[k] >= from) measured++;
      }
      assert.ok(measured < all, 'the profile has warm-up requests');
      assert.strictEqual(s.latency.total, measured, `${s.label}: histogram counts measured requests only`);
      assert.strictEqual(s.sums.requests, measured);
      const inSlots = s.slots.reduce((a, slot) => a + slot.values.length, 0);
      assert.strictEqual(inSlots, all, 'latency over time shows every completed request');
    });
  });

  it('loads the second profile of a comparison into its own stream', () => {
    const store = new RunStore();
    store.reset(['before', 'after']);
    store.load(0, syntheticProfile({ requests: 1000, seed: 1 }));
    store.load(1, syntheticProfile({ requests: 2000, seed: 2 }));
    assert.deepStrictEqual(
      store.streams.map((s) => s.series.map((x) => x.completed)),
      [
        [1000, 1000, 1000],
        [2000, 2000, 2000],
      ],
    );
    assert.deepStrictEqual(
      store.allSeries().map((s) => s.colorIndex),
      [0, 1, 2, 3, 4, 5],
    );
  });
});
