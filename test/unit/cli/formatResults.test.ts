import * as assert from 'assert';
import { formatResultsTable } from '../../../src/cli/formatResults';
import { cliJsonReport } from '../../../src/cli/jsonReport';
import type { Percentiles } from '../../../src/shared/profileTypes';
import { syntheticProfile } from '../profile/syntheticProfile';

const ms = (p50: number): Percentiles => ({
  p50,
  p90: p50,
  p95: p50,
  p99: p50,
  p999: p50,
  max: p50,
  mean: p50,
});

describe('CLI results with rejections and priority levels', () => {
  it('shows no rejected column and no level block when nothing was rejected and there was one level', () => {
    const profile = syntheticProfile([100, 100]);
    for (const s of profile.strategies) s.summary.padFraction = 0;
    const text = formatResultsTable(cliJsonReport(profile, 'p.json', null));
    assert.ok(!/rejected/.test(text), text);
    assert.ok(!/priority level/.test(text), text);
    assert.ok(!/pad %/.test(text), 'no padding column when nothing was padded');
  });

  it('adds a pad % column when a strategy padded its batches', () => {
    const profile = syntheticProfile([100, 100]);
    profile.strategies[0].summary.padFraction = 0.29;
    profile.strategies[1].summary.padFraction = 0.071;
    const [header, , rowA, rowB] = formatResultsTable(cliJsonReport(profile, 'p.json', null)).split('\n');
    assert.match(header, /mean batch\s+pad %\s+CPU %/);
    assert.match(rowA, /\s29\.0%\s/);
    assert.match(rowB, /\s7\.1%\s/);
  });

  it('adds a rejected column, a per-level block, and the same figures in --json', () => {
    const profile = syntheticProfile([100, 100]);
    profile.settings.priorities = [0.2, 0.8];
    profile.settings.sloMs = 10;
    const [a, b] = profile.strategies;
    b.label = 'shedder';
    a.summary.rejected = 0;
    b.summary.rejected = 37;
    b.summary.levels = [
      { level: 0, requests: 20, completed: 20, rejected: 0, latencyMs: ms(1.5), goodput: 1 },
      { level: 1, requests: 80, completed: 43, rejected: 37, latencyMs: ms(9.25), goodput: 0.5 },
    ];
    const report = cliJsonReport(profile, 'p.json', null);
    const text = formatResultsTable(report);
    const [header, , rowA, rowB] = text.split('\n');
    assert.match(header, /requests\s+done\s+rejected\s+req\/s/);
    assert.match(rowA, /^dynamic.*\s0\s/);
    assert.match(rowB, /^shedder.*\s100\s+100\s+37\s/);
    assert.match(text, /Per priority level/);
    assert.match(text, /shedder\s+1\s+80\.0%\s+80\s+43\s+37\s+9\.25\s+9\.25\s+9\.25\s+50\.0%/);
    assert.match(text, /shedder\s+0\s+20\.0%\s+20\s+20\s+0\s+1\.50/);
    const json = JSON.parse(JSON.stringify(report));
    assert.strictEqual(json.strategies[1].rejected, 37);
    assert.strictEqual(json.strategies[1].levels[1].rejected, 37);
    assert.strictEqual(json.strategies[0].levels, undefined);
    assert.strictEqual(typeof json.strategies[0].padFraction, 'number');
  });
});
