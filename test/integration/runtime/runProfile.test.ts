/**
 * runProfile end to end on the sample MLP with real onnxruntime in worker threads: the raw
 * records must be consistent (every request once, timestamps in order, batches well formed), all
 * strategies must face the same arrivals, and abort must return a partial profile.
 */
import { roundToSignificant } from '../../../src/engine/runtime/calibration';
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import { defaultModelOptions } from '../../../src/engine/model';
import { runProfile } from '../../../src/engine/runtime/runProfile';
import type { LiveEvent } from '../../../src/shared/liveEvents';
import type { Profile, RunSettings, StrategyResult } from '../../../src/shared/profileTypes';

const MODEL = 'samples/mlp.onnx';
const MAX_BATCH = 8;

function settings(overrides: Partial<RunSettings> = {}): RunSettings {
  return {
    arrival: { kind: 'poisson' },
    rateRps: 600,
    rateDerived: false,
    durationS: 1,
    warmupS: 0.1,
    instances: 1,
    threads: 1,
    provider: 'cpu',
    sloMs: 50,
    seed: 7,
    strategies: [
      { name: 'none' },
      { name: 'static', batchSize: MAX_BATCH },
      { name: 'dynamic', maxBatch: MAX_BATCH, maxDelayMs: 2, preferredBatch: [] },
    ],
    ...overrides,
  };
}

/** Checks the invariants every strategy's raw records must satisfy. */
/**
 * `allowNeverRun`: requests cut by the bounded drain (batch -1, done NaN) are accepted; the
 * derived rate can overload a busy machine, and then the drain is cut short by design.
 */
function checkRecords(s: StrategyResult, maxBatch: number, allowNeverRun = false): void {
  const { requests: r, batches: b } = s;
  const n = r.scheduledMs.length;
  const seen = new Uint8Array(n);
  for (let i = 0; i < b.size.length; i++) {
    assert.ok(b.size[i] >= 1 && b.size[i] <= maxBatch, `${s.label}: batch ${i} has size ${b.size[i]}`);
    assert.ok(b.computeStartMs[i] >= b.dispatchMs[i], `${s.label}: batch ${i} computed before dispatch`);
    assert.ok(b.computeEndMs[i] >= b.computeStartMs[i], `${s.label}: batch ${i} ended before it started`);
    if (s.config.name === 'static' && b.flushed[i] === 0) {
      assert.strictEqual(b.size[i], s.config.batchSize, `${s.label}: batch ${i} is partial but not a flush`);
    }
    const members = new Set<number>();
    for (let k = 0; k < b.size[i]; k++) {
      const id = b.members[b.firstMember[i] + k];
      assert.ok(!members.has(id), `${s.label}: request ${id} twice in batch ${i}`);
      members.add(id);
      seen[id]++;
      assert.strictEqual(r.batch[id], i, `${s.label}: request ${id} points to another batch`);
      assert.ok(b.dispatchMs[i] >= r.enqueueMs[id], `${s.label}: request ${id} dispatched before enqueued`);
      assert.ok(r.enqueueMs[id] >= r.scheduledMs[id], `${s.label}: request ${id} enqueued before scheduled`);
      assert.ok(r.doneMs[id] >= b.computeEndMs[i], `${s.label}: request ${id} done before its batch ended`);
    }
  }
  let neverRun = 0;
  let rejected = 0;
  for (let id = 0; id < n; id++) {
    if (seen[id] === 0 && r.batch[id] === -2) {
      rejected++;
      // Rejected by a queue policy or shed by the policy: it never ran, and says when it was turned away.
      assert.ok(r.doneMs[id] >= r.enqueueMs[id], `${s.label}: request ${id} rejected before it was enqueued`);
    } else if (allowNeverRun && seen[id] === 0) {
      assert.strictEqual(r.batch[id], -1, `${s.label}: request ${id} is in no batch but points to one`);
      assert.ok(Number.isNaN(r.doneMs[id]), `${s.label}: request ${id} never ran but has a done time`);
      neverRun++;
    } else {
      assert.strictEqual(seen[id], 1, `${s.label}: request ${id} completed ${seen[id]} times`);
    }
    assert.ok(r.scheduledMs[id] >= 0, `${s.label}: request ${id} scheduled before t=0 (warm-up leaked in)`);
  }
  assert.strictEqual(s.summary.completed, n - neverRun - rejected);
  assert.strictEqual(s.summary.rejected ?? 0, rejected);
}

describe('runProfile on the sample MLP (real onnxruntime)', function () {
  this.timeout(120_000);
  let profile: Profile;
  const events: LiveEvent[] = [];

  before(async () => {
    execFileSync(process.execPath, ['esbuild.js'], { stdio: 'inherit' });
    profile = await runProfile({
      modelPath: MODEL,
      modelOptions: defaultModelOptions,
      settings: settings(),
      maxBatchForCalibration: MAX_BATCH,
      onEvent: (e) => events.push(e),
    });
  });

  it('runs every strategy to completion with consistent raw records', () => {
    assert.strictEqual(profile.partial, false);
    assert.deepStrictEqual(
      profile.strategies.map((s) => s.label),
      ['none', 'static(8)', 'dynamic(max=8, delay=2ms)'],
    );
    for (const s of profile.strategies) {
      assert.strictEqual(s.partial, false);
      checkRecords(s, MAX_BATCH);
    }
  });

  it('gives every strategy the same arrival sequence', () => {
    const [first, ...rest] = profile.strategies.map((s) => Array.from(s.requests.scheduledMs));
    assert.ok(first.length > 300, `expected ~600 requests, got ${first.length}`);
    for (const other of rest) assert.deepStrictEqual(other, first);
  });

  it('calibrates 1, 2, 4 and 8 and records the machine and versions', () => {
    assert.deepStrictEqual(
      profile.calibration.map((c) => c.batchSize),
      [1, 2, 4, 8],
    );
    for (const c of profile.calibration) assert.ok(c.latencyMs > 0 && c.throughput > 0 && c.samples >= 7);
    assert.match(profile.ortVersion, /^\d+\.\d+/);
    assert.ok(profile.machine.cpuCount >= 1);
    assert.strictEqual(profile.model.fileName, 'mlp.onnx');
  });

  it('streams model, calibration, start, ticks with batches and samples, and end events', () => {
    const kinds = new Set(events.map((e) => e.kind));
    for (const k of ['model', 'calibration', 'strategyStart', 'tick', 'strategyEnd'])
      assert.ok(kinds.has(k as never), k);
    const ticks = events.filter((e): e is Extract<LiveEvent, { kind: 'tick' }> => e.kind === 'tick');
    const live = ticks.flatMap((t) => t.batches);
    const recorded = profile.strategies.reduce((a, s) => a + s.batches.size.length, 0);
    assert.strictEqual(live.length, recorded, 'every batch should be streamed exactly once');
    const b = live[0];
    assert.strictEqual(b.queueMs.length, b.size);
    assert.ok(ticks.some((t) => t.samples.length > 0));
  });

  it('derives the rate from calibration when none is given', async () => {
    const p = await runProfile({
      modelPath: MODEL,
      modelOptions: defaultModelOptions,
      settings: settings({
        rateRps: null,
        durationS: 0.2,
        strategies: [{ name: 'dynamic', maxBatch: 4, maxDelayMs: 1, preferredBatch: [] }],
      }),
      maxBatchForCalibration: 4,
    });
    const top = p.calibration[p.calibration.length - 1];
    assert.strictEqual(p.settings.rateDerived, true);
    // DERIVED_RATE_RULE: 60% of the largest batch's throughput, to 2 significant figures.
    assert.strictEqual(p.settings.rateRps, roundToSignificant(0.6 * top.throughput, 2));
    const s = p.strategies[0];
    checkRecords(s, 4, true);
    if (s.summary.completed < s.summary.requests) {
      assert.ok(
        p.warnings.some((w) => w.startsWith(`${s.label}: overloaded`)),
        `requests never ran without an overload warning: ${p.warnings.join(' | ')}`,
      );
    }
  });

  it('runs a closed loop: never more requests outstanding than clients', async () => {
    const clients = 3;
    const p = await runProfile({
      modelPath: MODEL,
      modelOptions: defaultModelOptions,
      settings: settings({
        arrival: { kind: 'closed', concurrency: clients },
        rateRps: null,
        durationS: 0.3,
        strategies: [{ name: 'dynamic', maxBatch: 4, maxDelayMs: 0.5, preferredBatch: [] }],
      }),
      maxBatchForCalibration: 4,
    });
    const s = p.strategies[0];
    checkRecords(s, 4);
    const r = s.requests;
    const n = r.scheduledMs.length;
    assert.ok(n > clients, `expected many requests in 0.3 s, got ${n}`);
    // At each request's scheduled time, count requests scheduled but not yet done.
    for (let i = 0; i < n; i++) {
      let outstanding = 0;
      for (let j = 0; j < n; j++)
        if (r.scheduledMs[j] <= r.scheduledMs[i] && r.doneMs[j] > r.scheduledMs[i]) outstanding++;
      assert.ok(
        outstanding <= clients,
        `${outstanding} requests outstanding at ${r.scheduledMs[i]} ms with ${clients} clients`,
      );
    }
    assert.strictEqual(p.settings.rateRps, null, 'a closed loop has no rate to derive');
  });

  it('returns a partial profile when aborted mid-run', async () => {
    const ctl = new AbortController();
    const p = await runProfile({
      modelPath: MODEL,
      modelOptions: defaultModelOptions,
      settings: settings({ durationS: 30 }),
      maxBatchForCalibration: MAX_BATCH,
      signal: ctl.signal,
      onEvent: (e) => {
        if (e.kind === 'strategyStart') setTimeout(() => ctl.abort(), 300);
      },
    });
    assert.strictEqual(p.partial, true);
    assert.strictEqual(p.strategies.length, 1, 'the strategies after the abort must not run');
    const s = p.strategies[0];
    assert.strictEqual(s.partial, true);
    assert.ok(s.summary.completed > 0 && s.summary.completed <= s.summary.requests);
    assert.ok(s.summary.requests < 600 * 5, 'arrivals must stop at the abort');
  });
});

describe('runProfile with priority levels and a bounded queue (real onnxruntime)', function () {
  this.timeout(120_000);

  it('draws the same level per request for every strategy, serves level 0 first, and rejects when full', async () => {
    const profile = await runProfile({
      modelPath: MODEL,
      modelOptions: defaultModelOptions,
      // Far more than batch 1 serves on one instance: the queue of 2 per level fills and rejects.
      settings: settings({
        rateRps: 20_000,
        durationS: 0.3,
        priorities: [0.3, 0.7],
        strategies: [
          { name: 'none', maxQueue: 2, timeoutMs: 0, timeoutAction: 'reject' },
          {
            name: 'dynamic',
            maxBatch: MAX_BATCH,
            maxDelayMs: 2,
            preferredBatch: [],
            maxQueue: 2,
            timeoutMs: 0,
            timeoutAction: 'reject',
          },
        ],
      }),
      maxBatchForCalibration: MAX_BATCH,
    });
    const [none, dynamic] = profile.strategies;
    for (const s of profile.strategies) checkRecords(s, MAX_BATCH, true);
    assert.ok(none.requests.priority && dynamic.requests.priority, 'a priority column');
    assert.deepStrictEqual(Array.from(dynamic.requests.priority), Array.from(none.requests.priority));
    assert.ok((none.summary.rejected ?? 0) > 0, 'the bounded queue rejected requests');
    const [level0, level1] = none.summary.levels!;
    assert.deepStrictEqual([level0.level, level1.level], [0, 1]);
    // Level 0 never waits behind level 1: its mean latency is the lower one.
    assert.ok(
      level0.latencyMs.mean < level1.latencyMs.mean,
      `level 0 ${level0.latencyMs.mean} ms, level 1 ${level1.latencyMs.mean} ms`,
    );
  });
});
