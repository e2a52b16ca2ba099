/** The Batchscope view's words for a saved profile: best strategy, one-line summary, tooltip. */
import * as assert from 'assert';
import {
  bestStrategy,
  escapeMarkdown,
  formatWhen,
  summaryLine,
  tooltipMarkdown,
} from '../../../../src/extension/workspaceView/listingText';
import {
  unreadableListing,
  type ListedStrategy,
  type ProfileListing,
} from '../../../../src/shared/profileListing';

/** 2026-12-01 14:02 local time, whatever the machine's time zone. */
const CREATED = new Date(2026, 11, 1, 14, 2, 30).toISOString();

function strategy(label: string, p99Ms: number, extra: Partial<ListedStrategy> = {}): ListedStrategy {
  return { label, p50Ms: p99Ms / 3, p99Ms, throughputRps: 200, overloaded: false, partial: false, ...extra };
}

function listing(strategies: ListedStrategy[], extra: Partial<ProfileListing> = {}): ProfileListing {
  return {
    path: '/ws/.batchscope/profiles/mlp-20261201-140230.json',
    modelPath: '/ws/models/mlp.onnx',
    modelFileName: 'mlp.onnx',
    synthetic: false,
    createdAt: CREATED,
    partial: false,
    isSweep: false,
    simulated: false,
    strategies,
    arrival: 'poisson',
    rateRps: 200,
    rateDerived: true,
    durationS: 5,
    ...extra,
  };
}

describe('profiles view: best strategy', () => {
  it('is the lowest p99 among strategies that finished and kept up', () => {
    const best = bestStrategy([
      strategy('none', 30),
      strategy('dynamic(max=16)', 12.3),
      strategy('static(8)', 40),
    ]);
    assert.strictEqual(best?.label, 'dynamic(max=16)');
  });

  it('never picks an overloaded or partial strategy, however low its p99', () => {
    const best = bestStrategy([
      strategy('none', 2, { overloaded: true }),
      strategy('static(8)', 1, { partial: true }),
      strategy('dynamic(max=8)', 9),
    ]);
    assert.strictEqual(best?.label, 'dynamic(max=8)');
  });

  it('skips a strategy without a p99 (nothing completed) and keeps the first of equal ones', () => {
    assert.strictEqual(bestStrategy([strategy('a', NaN), strategy('b', 5), strategy('c', 5)])?.label, 'b');
  });

  it('is undefined when no strategy qualifies', () => {
    assert.strictEqual(
      bestStrategy([strategy('a', 1, { overloaded: true }), strategy('b', 2, { partial: true })]),
      undefined,
    );
    assert.strictEqual(bestStrategy([]), undefined);
  });
});

describe('profiles view: one-line summary', () => {
  it('names the best strategy, its p99 and the local date', () => {
    assert.strictEqual(formatWhen(CREATED), '2026-12-01 14:02');
    assert.strictEqual(
      summaryLine(listing([strategy('none', 30.04), strategy('dynamic(max=16)', 12.34)])),
      'best dynamic(max=16) · p99 12.3 ms · 2026-12-01 14:02',
    );
  });

  it('says "partial" for a stopped run and "no complete strategy" when none qualifies', () => {
    assert.strictEqual(
      summaryLine(
        listing([strategy('none', 3.456), strategy('dynamic', 1, { partial: true })], { partial: true }),
      ),
      'partial · best none · p99 3.46 ms · 2026-12-01 14:02',
    );
    assert.strictEqual(
      summaryLine(listing([strategy('none', 3, { overloaded: true })], { partial: true })),
      'partial · no complete strategy · 2026-12-01 14:02',
    );
  });

  it('marks simulated profiles and sweeps', () => {
    assert.match(summaryLine(listing([strategy('none', 3)], { simulated: true })), /^simulated · best none/);
    const sweep = listing([strategy('dynamic(max=8) ×2', 9.12)], {
      isSweep: true,
      sweep: {
        configs: 4,
        points: 40,
        recommendation: 'dynamic(max=8) ×2',
        verified: null,
        noRecommendation: null,
        slo: 'p99 ≤ 20 ms',
      },
    });
    assert.strictEqual(
      summaryLine(sweep),
      'sweep · recommends dynamic(max=8) ×2 · p99 9.12 ms · 2026-12-01 14:02',
    );
    const none = listing([], {
      isSweep: true,
      sweep: {
        configs: 4,
        points: 40,
        recommendation: null,
        verified: null,
        noRecommendation: 'no SLO was given',
        slo: null,
      },
    });
    assert.strictEqual(summaryLine(none), 'sweep · no recommendation · 2026-12-01 14:02');
  });

  it('shows why a file is unreadable, on one line', () => {
    const l = unreadableListing('/ws/p.json', '/ws/p.json is not valid JSON: Unexpected end.\nRun it again.');
    assert.strictEqual(summaryLine(l), 'unreadable: /ws/p.json is not valid JSON: Unexpected end.');
  });

  it('leaves the date out when the profile has none', () => {
    assert.strictEqual(formatWhen('yesterday'), '');
    assert.strictEqual(
      summaryLine(listing([strategy('none', 1)], { createdAt: '' })),
      'best none · p99 1 ms',
    );
  });
});

describe('profiles view: tooltip', () => {
  it("has every strategy's p50, p99, throughput and tags, the rate, duration, model and date", () => {
    const text = tooltipMarkdown(
      listing([
        strategy('none', 30, { p50Ms: 10, throughputRps: 199.6, overloaded: true }),
        strategy('dynamic(max=16)', 12.3, { p50Ms: 4.56, throughputRps: 200.4, partial: true }),
        strategy('static(8)', 15, { p50Ms: 7, throughputRps: 1234.5 }),
      ]),
      'mlp-20261201-140230.json',
    );
    const rows = text
      .split('\n')
      .filter((l) => l.startsWith('| ') && !l.startsWith('| Strategy') && !l.startsWith('| ---'));
    assert.deepStrictEqual(rows, [
      '| none | 10 ms | 30 ms | 200 req/s | OVERLOADED |',
      '| dynamic\\(max=16\\) | 4.56 ms | 12.3 ms | 200 req/s | partial |',
      '| static\\(8\\) | 7 ms | 15 ms | 1235 req/s |  |',
    ]);
    assert.match(text, /Rate: 200 req\/s, poisson arrivals \(derived from the calibration\)/);
    assert.match(text, /Duration: 5 s per strategy/);
    assert.match(text, /Model: \/ws\/models\/mlp\\\.onnx/);
    assert.match(text, /Recorded: 2026-12-01 14:02/);
    assert.match(text, /Best: static\\\(8\\\)/, 'the best is the one that neither overloaded nor stopped');
  });

  it('says when the rate was given, and when there is no fixed rate', () => {
    assert.match(tooltipMarkdown(listing([], { rateDerived: false }), 'p.json'), /\(as given\)/);
    assert.match(
      tooltipMarkdown(listing([], { rateRps: null, arrival: 'closed' }), 'p.json'),
      /Rate: closed loop/,
    );
    assert.match(tooltipMarkdown(listing([]), 'p.json'), /No strategy was measured/);
  });

  it('describes a sweep by its recommendation and whether it was verified', () => {
    const sweep = (verified: boolean | null): string =>
      tooltipMarkdown(
        listing([strategy('dynamic(max=8)', 9, { p50Ms: 3, throughputRps: 300 })], {
          isSweep: true,
          simulated: true,
          rateRps: 300,
          durationS: 2,
          sweep: {
            configs: 4,
            points: 40,
            recommendation: 'dynamic(max=8)',
            verified,
            noRecommendation: null,
            slo: 'p99 ≤ 20 ms',
          },
        }),
        'm.sweep.json',
      );
    assert.match(sweep(null), /4 configurations, 40 points, simulated, 2 s per point/);
    assert.match(sweep(null), /SLO: p99 ≤ 20 ms/);
    assert.match(
      sweep(null),
      /Recommends dynamic\\\(max=8\\\) at 300 req\/s: p50 3 ms, p99 9 ms, 300 req\/s \(predicted\)/,
    );
    assert.match(sweep(true), /\(measured on the model: met the SLO\)/);
    assert.match(sweep(false), /\(measured on the model: missed the SLO\)/);
  });

  it("shows an unreadable file's whole message", () => {
    const text = tooltipMarkdown(unreadableListing('/ws/p.json', 'line one\nline two'), 'p.json');
    assert.match(text, /\*\*p\\\.json\*\* — cannot be read/);
    assert.match(text, /line one\nline two/);
  });

  it('shows text from the file literally (no Markdown formatting, no table breakage)', () => {
    assert.strictEqual(escapeMarkdown('a_b*c|d [x](y) `z`'), 'a\\_b\\*c\\|d \\[x\\]\\(y\\) \\`z\\`');
    const text = tooltipMarkdown(listing([strategy('odd|label', 1)]), 'p.json');
    assert.ok(text.includes('| odd\\|label |'), text);
  });
});
