import { strict as assert } from 'node:assert';
import {
  describeSyntheticSpec,
  formatSyntheticSpec,
  isSyntheticModelRef,
  parseSyntheticSpec,
  syntheticBatchCostMs,
  SyntheticSpecError,
  syntheticSpecProblem,
} from '../../../src/shared/syntheticModel';

/** The parse error's message for `text` (fails the test when it parses). */
function errorOf(text: string): string {
  try {
    parseSyntheticSpec(text);
  } catch (err) {
    assert.ok(err instanceof SyntheticSpecError, `${text}: threw ${String(err)}, not a SyntheticSpecError`);
    return err.message;
  }
  assert.fail(`${text} parsed, but should have been refused`);
}

describe('synthetic model spec (shared parser)', () => {
  it('tells a synthetic model argument from a file path', () => {
    assert.equal(isSyntheticModelRef('synthetic:base=1ms'), true);
    assert.equal(isSyntheticModelRef('  Synthetic:base=1ms'), true);
    assert.equal(isSyntheticModelRef('model.onnx'), false);
    assert.equal(isSyntheticModelRef('/models/synthetic:base.onnx'), false);
  });

  it('parses the issue example and defaults the optional parameters', () => {
    assert.deepEqual(parseSyntheticSpec('synthetic:base=1000ms,per-item=0ms'), {
      baseMs: 1000,
      perItemMs: 0,
      jitter: 0,
      maxBatch: null,
    });
    assert.deepEqual(parseSyntheticSpec('base=20ms'), {
      baseMs: 20,
      perItemMs: 0,
      jitter: 0,
      maxBatch: null,
    });
  });

  it('accepts us, µs, ms and s, spaces, upper-case keys, jitter as a percentage or a fraction, and max-batch', () => {
    const spec = parseSyntheticSpec('synthetic: BASE = 1.5s , per-item=250us, jitter=10%, max-batch=8');
    assert.deepEqual(spec, { baseMs: 1500, perItemMs: 0.25, jitter: 0.1, maxBatch: 8 });
    assert.equal(parseSyntheticSpec('base=2µs').baseMs, 0.002);
    assert.equal(parseSyntheticSpec('base=1ms,jitter=0.25').jitter, 0.25);
  });

  it('writes a canonical spec that parses back to the same model', () => {
    for (const text of [
      'base=20ms,per-item=2ms',
      'base=1.5s,per-item=250us,jitter=10%,max-batch=8',
      'per-item=0.3ms',
    ]) {
      const spec = parseSyntheticSpec(text);
      const canonical = formatSyntheticSpec(spec);
      assert.ok(canonical.startsWith('synthetic:'), canonical);
      assert.deepEqual(parseSyntheticSpec(canonical), spec, canonical);
    }
    assert.equal(
      formatSyntheticSpec(parseSyntheticSpec('base=20ms,per-item=2ms')),
      'synthetic:base=20ms,per-item=2ms',
    );
    assert.equal(
      formatSyntheticSpec(parseSyntheticSpec('base=1.5s,per-item=250us,jitter=10%,max-batch=8')),
      'synthetic:base=1500ms,per-item=0.25ms,jitter=10%,max-batch=8',
    );
  });

  it('costs base + per-item × n per batch', () => {
    const spec = parseSyntheticSpec('base=20ms,per-item=2ms');
    assert.equal(syntheticBatchCostMs(spec, 1), 22);
    assert.equal(syntheticBatchCostMs(spec, 8), 36);
    assert.match(describeSyntheticSpec(spec), /20 ms \+ 2 ms × n/);
  });

  it('names the parameter and the fix in every error', () => {
    const cases: Array<[string, RegExp]> = [
      ['synthetic:', /needs its cost per batch, e\.g\. synthetic:base=20ms,per-item=2ms/],
      ['base=20', /base=20 has no unit; write base=20ms/],
      ['base=20min', /base=20min: unknown unit "min"; use us, ms or s/],
      ['base=-1ms', /base=-1ms is negative/],
      ['base=fast', /base=fast is not a time; write it as base=20ms/],
      ['base=2h', /unknown unit "h"/],
      ['base=100s', /longer than 60 s/],
      ['bse=20ms', /unknown parameter "bse"\. Did you mean base\?/],
      ['base=20ms,per_item=2ms', /Did you mean per-item\?/],
      ['base', /base has no value; write it as base=20ms/],
      ['base=20ms,,per-item=1ms', /empty parameter/],
      ['base=20ms,base=30ms', /base is given twice/],
      ['base=0ms,per-item=0ms', /needs a cost: give base or per-item a time above 0/],
      ['base=1ms,jitter=10', /jitter=10 reads as a fraction above 1; for 10 percent write jitter=10%/],
      ['base=1ms,jitter=150%', /above 100%/],
      [
        'base=1ms,jitter=2ms',
        /jitter=2ms is not a coefficient of variation; write a percentage, e\.g\. jitter=10%/,
      ],
      ['base=1ms,max-batch=0', /max-batch=0 must be a whole number from 1 to 4096/],
      ['base=1ms,max-batch=2.5', /max-batch=2\.5 must be a whole number/],
    ];
    for (const [text, expected] of cases) assert.match(errorOf(text), expected, text);
  });
});

describe('synthetic model spec in an input box', () => {
  it('says nothing for a valid spec, and what is wrong and the fix for a bad one', () => {
    assert.equal(syntheticSpecProblem('base=20ms,per-item=2ms'), undefined);
    assert.equal(syntheticSpecProblem('synthetic:base=1s'), undefined);
    assert.equal(syntheticSpecProblem('base=20'), 'base=20 has no unit; write base=20ms (units: us, ms, s).');
    assert.match(syntheticSpecProblem('') ?? '', /^a synthetic model needs its cost per batch/);
  });
});
