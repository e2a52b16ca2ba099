/**
 * runStrategy end to end on the real clock with a fake executor (a fixed service time, no worker):
 * the queue policy and the priority mix reach the scheduler, rejections reach the live ticks and
 * the summary, and an adaptive policy's state is sampled into the time series.
 */
import * as assert from 'assert';
import type { LiveEvent } from '../../../src/shared/liveEvents';
import { BATCH_REJECTED } from '../../../src/shared/profileTypes';
import { completeConfig } from '../../../src/shared/strategies/strategyConfigs';
import { runStrategy } from '../../../src/engine/runtime/strategyRun';
import { FixedTimeExecutor } from './fixedTimeExecutor';

function run(config: ReturnType<typeof completeConfig>, events: LiveEvent[], priorities: number[] | null) {
  return runStrategy({
    index: 0,
    label: 'test',
    config,
    executor: new FixedTimeExecutor(8, 2),
    arrival: { kind: 'constant' },
    rateRps: 2000,
    durationS: 0.3,
    seed: 1,
    sloMs: 20,
    onEvent: (e) => events.push(e),
    priorities,
  });
}

describe('runStrategy with queue policies and priorities', function () {
  this.timeout(20_000);

  it('rejects with a bounded queue, counts it in ticks and summary, and keeps the priority levels', async () => {
    const events: LiveEvent[] = [];
    // 2000 req/s on a server of 500 req/s (one request per 2 ms): a queue of 4 per level must reject.
    const out = await run(completeConfig('none', { maxQueue: 4 }), events, [0.5, 0.5]);
    assert.strictEqual(out.error, null);
    const { requests, summary } = out.result;
    const rejected = Array.from(requests.batch).filter((b) => b === BATCH_REJECTED).length;
    assert.ok(rejected > 100, `${rejected} rejected`);
    assert.strictEqual(summary.rejected, rejected);
    assert.strictEqual(
      summary.completed + rejected,
      summary.requests,
      'every request either ran or was rejected',
    );
    const ticks = events.filter((e): e is Extract<LiveEvent, { kind: 'tick' }> => e.kind === 'tick');
    assert.strictEqual(ticks[ticks.length - 1].rejected, rejected);
    for (let i = 1; i < ticks.length; i++) assert.ok(ticks[i].rejected >= ticks[i - 1].rejected);
    assert.ok(requests.priority, 'a priority column');
    assert.deepStrictEqual(
      summary.levels!.map((l) => l.level),
      [0, 1],
    );
    assert.strictEqual(summary.levels![0].requests + summary.levels![1].requests, summary.requests);
    assert.strictEqual(out.result.timeseries.policyCapBatch, undefined, 'none has no state to sample');
  });

  it('samples an adaptive policy state into the time series', async () => {
    const aimd = await run(completeConfig('aimd', { sloMs: 20 }), [], null);
    const ts = aimd.result.timeseries;
    assert.ok(ts.policyCapBatch, 'aimd reports its batch cap');
    assert.strictEqual(ts.policyCapBatch.length, ts.tMs.length);
    assert.ok(ts.policyCapBatch.every((c) => c >= 1 && c <= 8));
    assert.strictEqual(aimd.result.requests.priority, undefined, 'one level: no priority column');
    assert.strictEqual(aimd.result.summary.rejected, 0);
    assert.strictEqual(aimd.result.summary.levels, undefined);
  });
});
