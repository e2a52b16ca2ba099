import * as assert from 'assert';
import { STRATEGIES, STRATEGY_NAMES, paramsOf } from '../../../src/shared/strategies/registry';
import {
  checkStrategyConfig,
  completeConfig,
  formatStrategySpec,
  strategyLabel,
  uniqueLabels,
} from '../../../src/shared/strategies/strategyConfigs';
import {
  parseStrategyList,
  parseStrategySpec,
  splitSpecs,
} from '../../../src/shared/strategies/strategySpec';
import type { RunStrategyDefaults } from '../../../src/shared/strategies/strategyParams';
import { createPolicy } from './policyFor';

const RUN: RunStrategyDefaults = { maxBatch: 8, maxDelayMs: 2, preferredBatch: [], sloMs: 20 };

describe('strategy registry', () => {
  it('lists the catalogue, each with a reference and documented parameters', () => {
    for (const name of ['none', 'static', 'dynamic', 'aimd']) assert.ok(STRATEGY_NAMES.includes(name), name);
    for (const d of STRATEGIES) {
      assert.match(d.reference, /https:\/\//, `${d.name} cites a reference with an address`);
      assert.ok(d.summary.length > 10, `${d.name} has a summary`);
      const shorts = paramsOf(d).map((p) => p.short);
      assert.strictEqual(new Set(shorts).size, shorts.length, `${d.name}: parameter names are unique`);
      for (const p of paramsOf(d))
        assert.ok(p.help.length > 10 && p.label.length > 0, `${d.name}.${p.key} documented`);
    }
  });

  it('builds each policy with its name and max batch', () => {
    assert.deepStrictEqual(
      [
        createPolicy({ name: 'none' }),
        createPolicy({ name: 'static', batchSize: 8 }),
        createPolicy({ name: 'dynamic', maxBatch: 16, maxDelayMs: 2, preferredBatch: [] }),
      ].map((p) => [p.name, p.maxBatch]),
      [
        ['none', 1],
        ['static', 8],
        ['dynamic', 16],
      ],
    );
  });

  it('labels strategies readably and distinctly', () => {
    assert.strictEqual(strategyLabel({ name: 'none' }), 'none');
    assert.strictEqual(strategyLabel({ name: 'static', batchSize: 8 }), 'static(8)');
    assert.strictEqual(
      strategyLabel({ name: 'dynamic', maxBatch: 8, maxDelayMs: 2, preferredBatch: [] }),
      'dynamic(max=8, delay=2ms)',
    );
    assert.strictEqual(
      strategyLabel({ name: 'dynamic', maxBatch: 8, maxDelayMs: 0.1 + 0.2, preferredBatch: [8, 4] }),
      'dynamic(max=8, delay=0.3ms, pref=4,8)',
    );
    assert.strictEqual(
      strategyLabel({ ...completeConfig('dynamic', {}), maxQueue: 64, timeoutMs: 5, timeoutAction: 'delay' }),
      'dynamic(max=8, delay=2ms, queue=64, timeout=5ms delay)',
    );
    assert.strictEqual(strategyLabel({ name: 'none', maxQueue: 4 }), 'none(queue=4)');
  });

  it('keeps labels unique when the same config appears twice', () => {
    const a = completeConfig('dynamic', { maxBatch: 16 });
    const b = completeConfig('dynamic', { maxBatch: 4 });
    assert.deepStrictEqual(uniqueLabels([a, b, a]), [
      'dynamic(max=16, delay=2ms)',
      'dynamic(max=4, delay=2ms)',
      'dynamic(max=16, delay=2ms) #2',
    ]);
  });

  it('rejects bad knobs with a message naming the strategy, the parameter and the range', () => {
    assert.throws(
      () => createPolicy({ name: 'static', batchSize: 0 }),
      /static: Batch size must be a whole number from 1 to 4096/,
    );
    assert.throws(() => createPolicy({ name: 'static', batchSize: 2.5 }), /whole number/);
    assert.throws(
      () => createPolicy({ name: 'dynamic', maxBatch: 8, maxDelayMs: -1, preferredBatch: [] }),
      /dynamic: Max queue delay \(ms\) must be a number from 0 to 10000/,
    );
    assert.throws(
      () => createPolicy({ name: 'dynamic', maxBatch: 8, maxDelayMs: 1, preferredBatch: [4, 16] }),
      /Preferred batch sizes must be at most the max batch \(8\)/,
    );
    assert.throws(
      () => createPolicy({ name: 'dynamic', maxBatch: 8, maxDelayMs: 1, bogus: 3 }),
      /no parameter "bogus"/,
    );
    assert.throws(
      () => createPolicy({ name: 'fifo' }),
      /Unknown strategy "fifo"; choose from none, static, dynamic/,
    );
  });

  it('caps batch-size parameters at the model limit', () => {
    const problems = checkStrategyConfig(
      completeConfig('dynamic', { maxBatch: 16, preferredBatch: [4, 16] }),
      4,
    );
    assert.deepStrictEqual(
      problems.map((p) => p.key),
      ['maxBatch', 'preferredBatch'],
    );
    assert.match(problems[0].message, /from 1 to 4\./);
  });
});

describe('strategy spec strings', () => {
  it('splits a list at the commas outside parentheses', () => {
    assert.deepStrictEqual(splitSpecs('none, dynamic(max=16,delay=2),aimd(slo=20)'), [
      'none',
      'dynamic(max=16,delay=2)',
      'aimd(slo=20)',
    ]);
  });

  it('parses names and parameters, filling the rest from the run defaults', () => {
    assert.deepStrictEqual(parseStrategySpec('dynamic(max=16,delay=5)', RUN), {
      name: 'dynamic',
      maxBatch: 16,
      maxDelayMs: 5,
      preferredBatch: [],
      maxQueue: 0,
      timeoutMs: 0,
      timeoutAction: 'reject',
    });
    assert.strictEqual(parseStrategySpec('static', { ...RUN, maxBatch: 32 }).batchSize, 32);
    assert.strictEqual(parseStrategySpec('Static(16)', RUN).batchSize, 16);
    assert.deepStrictEqual(parseStrategySpec('dynamic(16, 0.5)', RUN).maxDelayMs, 0.5);
    assert.deepStrictEqual(parseStrategySpec('dynamic(max=16,pref=4,8)', RUN).preferredBatch, [4, 8]);
    assert.deepStrictEqual(parseStrategySpec('dynamic(max=16,pref=4/8,delay=1)', RUN).preferredBatch, [4, 8]);
    assert.strictEqual(parseStrategySpec('aimd', RUN).sloMs, 20);
    assert.strictEqual(parseStrategySpec('aimd(slo=5)', RUN).sloMs, 5);
    assert.deepStrictEqual(
      ((c) => [c.maxQueue, c.timeoutMs, c.timeoutAction])(
        parseStrategySpec('dynamic(queue=32,timeout=10,on-timeout=delay)', RUN),
      ),
      [32, 10, 'delay'],
    );
  });

  it('lets the same strategy appear several times', () => {
    const configs = parseStrategyList('dynamic(max=4),dynamic(max=16),dynamic(max=4)', RUN);
    assert.deepStrictEqual(uniqueLabels(configs), [
      'dynamic(max=4, delay=2ms)',
      'dynamic(max=16, delay=2ms)',
      'dynamic(max=4, delay=2ms) #2',
    ]);
  });

  it('explains every mistake with the fix', () => {
    const fails = (text: string, re: RegExp, run = RUN): void =>
      assert.throws(
        () => parseStrategyList(text, run),
        (e: Error) => re.test(e.message) || assert.fail(e.message),
      );
    fails('dyanmic', /unknown strategy "dyanmic". Did you mean dynamic\?/);
    fails('dynamic(mx=4)', /dynamic has no parameter "mx". Did you mean max\? It takes max, delay, pref/);
    fails('dynamic(max=four)', /dynamic\(max=four\): max must be a number, got "four"/);
    fails('dynamic(max=0)', /Max batch must be a whole number from 1 to 4096/);
    fails('dynamic(max=4,max=8)', /"max" is given twice/);
    fails('static(8,9)', /"9" has no name; write key=value/);
    fails('aimd', /aimd needs latency budget \(ms\): set slo on the strategy, or an SLO for the whole run/, {
      ...RUN,
      sloMs: null,
    });
    fails('dynamic(on-timeout=drop)', /on-timeout must be one of reject, delay, got "drop"/);
    fails('dynamic(max=8', /is not a strategy spec/);
    fails('', /no strategy given/);
  });

  it('formats a config back into a spec that parses to the same config', () => {
    for (const text of [
      'none',
      'static(size=16)',
      'dynamic(max=16,delay=0.5,pref=4/8)',
      'dynamic(queue=8,on-timeout=delay,timeout=3)',
      'aimd(slo=20)',
    ]) {
      const config = parseStrategySpec(text, { ...RUN, sloMs: null });
      assert.deepStrictEqual(
        parseStrategySpec(formatStrategySpec(config), { ...RUN, sloMs: null }),
        config,
        text,
      );
    }
    assert.strictEqual(formatStrategySpec(parseStrategySpec('dynamic(max=16)', RUN)), 'dynamic(max=16)');
  });
});
