import * as assert from 'assert';
import type { LiveBatch, LiveEvent } from '../../src/shared/liveEvents';
import { encodeColumns } from '../../src/engine/profile/columnsCodec';
import { decodeProfile, encodeProfile } from '../../src/engine/profile/profileCodec';
import { inflateColumn } from '../../src/engine/profile/varintColumn';
import { compactProfile, expandProfile } from '../../src/shared/compactProfile';
import { profileToEvents } from '../../src/shared/profileReplay';
import { syntheticProfile } from './syntheticProfile';

describe('profile replay as live events', () => {
  const profile = syntheticProfile({ requests: 400 });
  const events = profileToEvents(profile);

  it('emits model and calibration first, then start, ticks and end for each strategy in order', () => {
    assert.deepStrictEqual(
      events.slice(0, 2).map((e) => e.kind),
      ['model', 'calibration'],
    );
    const lifecycle = events
      .filter((e) => e.kind === 'strategyStart' || e.kind === 'strategyEnd')
      .map((e) => `${e.kind}:${(e as { strategy: number }).strategy}`);
    assert.deepStrictEqual(lifecycle, [
      'strategyStart:0',
      'strategyEnd:0',
      'strategyStart:1',
      'strategyEnd:1',
      'strategyStart:2',
      'strategyEnd:2',
    ]);
  });

  it('carries every batch exactly once, with member queue waits and latencies derived from the columns', () => {
    profile.strategies.forEach((result, s) => {
      const batches: LiveBatch[] = events
        .filter((e): e is Extract<LiveEvent, { kind: 'tick' }> => e.kind === 'tick' && e.strategy === s)
        .flatMap((e) => e.batches);
      assert.deepStrictEqual(
        batches.map((b) => b.index),
        Array.from({ length: result.batches.size.length }, (_, i) => i),
      );
      for (const b of batches) {
        b.requestIds.forEach((id, k) => {
          assert.strictEqual(
            b.queueMs[k],
            result.batches.computeStartMs[b.index] - result.requests.scheduledMs[id],
          );
          assert.strictEqual(b.latencyMs[k], result.requests.doneMs[id] - result.requests.scheduledMs[id]);
        });
      }
      const members = batches.flatMap((b) => b.requestIds).sort((a, b) => a - b);
      assert.deepStrictEqual(
        members,
        Array.from({ length: result.summary.requests }, (_, i) => i),
      );
    });
  });

  it('replays every time-series sample and ends each strategy with its saved summary', () => {
    profile.strategies.forEach((result, s) => {
      const ticks = events.filter(
        (e): e is Extract<LiveEvent, { kind: 'tick' }> => e.kind === 'tick' && e.strategy === s,
      );
      assert.deepStrictEqual(
        ticks.flatMap((t) => t.samples.map((x) => x.tMs)),
        result.timeseries.tMs,
      );
      assert.strictEqual(ticks[ticks.length - 1].completed, result.summary.completed);
      const end = events.find((e) => e.kind === 'strategyEnd' && e.strategy === s);
      assert.deepStrictEqual(end, {
        kind: 'strategyEnd',
        strategy: s,
        summary: result.summary,
        partial: false,
      });
    });
  });

  it('survives the compact JSON form the HTML report embeds and the panel receives, typed columns and all', () => {
    const compact = compactProfile(
      profile,
      profile.strategies.map((s) => encodeColumns(s.requests, s.batches)),
    );
    const back = expandProfile(JSON.parse(JSON.stringify(compact)), inflateColumn);
    // Exactly what the engine reads back from the profile file (times at its µs resolution).
    const fromFile = decodeProfile(JSON.parse(JSON.stringify(encodeProfile(profile))), 'synthetic.json');
    assert.deepStrictEqual(back, fromFile);
    assert.ok(back.strategies[0].batches.flushed instanceof Uint8Array);
    assert.deepStrictEqual(profileToEvents(back), profileToEvents(fromFile));
  });

  it('counts rejections in the ticks after they happened, and carries policy series into the samples', () => {
    const p = syntheticProfile({ requests: 400 });
    const result = p.strategies[0];
    const tMs = result.timeseries.tMs;
    // Three more requests, rejected before the first sample, at the second, and after the last.
    const rejectAt = [tMs[0] / 2, tMs[1], tMs[tMs.length - 1] + 5];
    const r = result.requests;
    const n = r.batch.length;
    const last = r.scheduledMs[n - 1];
    r.scheduledMs = Float64Array.from([...r.scheduledMs, last, last, last]);
    r.enqueueMs = Float64Array.from([...r.enqueueMs, last, last, last]);
    r.doneMs = Float64Array.from([...r.doneMs, ...rejectAt]);
    r.batch = Int32Array.from([...r.batch, -2, -2, -2]);
    result.timeseries.policyCapBatch = tMs.map((_, k) => k + 1);
    const ticks = profileToEvents(p).filter(
      (e): e is Extract<LiveEvent, { kind: 'tick' }> => e.kind === 'tick' && e.strategy === 0,
    );
    assert.strictEqual(ticks[0].rejected, 1, 'the first rejection happened before the first sample');
    assert.strictEqual(ticks[1].rejected, 2, 'the second exactly at the second sample');
    assert.strictEqual(
      ticks[ticks.length - 1].rejected,
      3,
      'the last after every sample: a final tick carries it',
    );
    assert.deepStrictEqual(
      ticks.flatMap((t) => t.samples.map((s) => s.policyCapBatch)),
      tMs.map((_, k) => k + 1),
    );
  });
});
