/**
 * The engine side of the Batchscope view's `summarizeProfiles`: the protocol checks, the listing
 * of real saved files (the same figures `batchscope show` prints), unreadable files as entries
 * rather than failures, and the whole round trip through the real dist/engine.js.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { readProfile } from '../../../src/engine/profile/profileIo';
import { summaryFromProfile } from '../../../src/engine/profile/profileSummary';
import { listProfileFile } from '../../../src/engineProcess/listProfileFile';
import { EngineServer, type EngineFunctions } from '../../../src/engineProcess/engineServer';
import { EngineClient } from '../../../src/extension/engine/engineClient';
import { isEngineToHost, isHostToEngine, type EngineToHost } from '../../../src/shared/engineProtocol';
import { unreadableListing, type ProfileListing } from '../../../src/shared/profileListing';

const root = path.resolve(__dirname, '..', '..', '..');
const fixtures = path.join(root, 'test', 'webview', 'fixtures');
const profileFixture = path.join(fixtures, 'mlpRun.profile.json');

describe('summarizeProfiles: protocol checks', () => {
  it('accepts the request with a list of paths and rejects anything else', () => {
    assert.ok(isHostToEngine({ type: 'summarizeProfiles', paths: [] }));
    assert.ok(isHostToEngine({ type: 'summarizeProfiles', paths: ['/a.json', '/b.sweep.json'] }));
    for (const bad of [
      { type: 'summarizeProfiles' },
      { type: 'summarizeProfiles', paths: '/a.json' },
      { type: 'summarizeProfiles', paths: ['/a.json', 3] },
    ])
      assert.ok(!isHostToEngine(bad), JSON.stringify(bad));
  });

  it('accepts an answer of well-formed listings (NaN figures included) and rejects a malformed entry', () => {
    const good = listProfileFile(profileFixture);
    const unreadable = unreadableListing('/ws/x.json', 'not JSON');
    assert.ok(Number.isNaN(unreadable.durationS), 'an unreadable entry carries NaN, which IPC keeps');
    assert.ok(isEngineToHost({ type: 'profileSummaries', summaries: [] }));
    assert.ok(isEngineToHost({ type: 'profileSummaries', summaries: [good, unreadable] }));
    const broken: unknown[] = [
      { ...good, path: 7 },
      {
        ...good,
        strategies: [
          { label: 'none', p50Ms: 1, p99Ms: '2', throughputRps: 3, overloaded: false, partial: false },
        ],
      },
      { ...good, rateRps: undefined },
      { ...good, sweep: { configs: 1 } },
      { ...good, error: 42 },
      null,
    ];
    for (const entry of broken)
      assert.ok(
        !isEngineToHost({ type: 'profileSummaries', summaries: [good, entry] }),
        JSON.stringify(entry),
      );
    assert.ok(!isEngineToHost({ type: 'profileSummaries' }), 'no summaries');
  });
});

describe('summarizeProfiles: listing saved files in the engine', () => {
  let tmp = '';
  before(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'batchscope-listings-'));
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('lists a profile with the figures `batchscope show` prints for it', () => {
    const listing = listProfileFile(profileFixture);
    const report = summaryFromProfile(readProfile(profileFixture));
    assert.strictEqual(listing.isSweep, false);
    assert.strictEqual(listing.modelFileName, 'mlp.onnx');
    assert.strictEqual(listing.createdAt, '2026-11-28T23:18:35.394Z');
    assert.deepStrictEqual(
      listing.strategies,
      report.strategies.map((s) => ({
        label: s.label,
        p50Ms: s.latencyMs.p50,
        p99Ms: s.latencyMs.p99,
        throughputRps: s.throughputRps,
        overloaded: s.overloaded,
        partial: s.partial,
      })),
    );
    assert.deepStrictEqual(
      listing.strategies.map((s) => s.label),
      ['none', 'static(8)', 'dynamic(max=8, delay=2ms)'],
    );
    assert.deepStrictEqual(
      [listing.arrival, listing.rateRps, listing.rateDerived, listing.durationS],
      ['poisson', 300, false, 1.5],
    );
  });

  it('lists a sweep by its recommendation, measured figures first once verified', () => {
    const verified = path.join(tmp, 'mlp-verified.sweep.json');
    fs.copyFileSync(path.join(fixtures, 'mlpSweep.verified.json'), verified);
    const sweep = JSON.parse(fs.readFileSync(verified, 'utf8'));
    const listing = listProfileFile(verified);
    assert.strictEqual(listing.isSweep, true);
    assert.strictEqual(listing.sweep?.recommendation, sweep.recommendation.label);
    assert.strictEqual(listing.sweep?.verified, true);
    assert.strictEqual(listing.sweep?.configs, sweep.configs.length);
    assert.strictEqual(listing.sweep?.slo, `p${sweep.settings.slo.percentile} ≤ ${sweep.settings.slo.ms} ms`);
    assert.strictEqual(listing.strategies.length, 1);
    assert.strictEqual(
      listing.strategies[0].p99Ms,
      sweep.recommendation.measured.p99Ms,
      'measured, not predicted',
    );
    assert.notStrictEqual(sweep.recommendation.measured.p99Ms, sweep.recommendation.predicted.p99Ms);
    assert.strictEqual(listing.rateRps, sweep.recommendation.rateRps);
  });

  it("answers one entry per path, in order; an unreadable file is an entry with the reader's message", async () => {
    const corrupt = path.join(tmp, 'corrupt.json');
    fs.writeFileSync(corrupt, fs.readFileSync(profileFixture, 'utf8').slice(0, 500));
    const notProfile = path.join(tmp, 'other.json');
    fs.writeFileSync(notProfile, '{"hello":"world"}');
    const missing = path.join(tmp, 'missing.json');
    const badSweep = path.join(tmp, 'bad.sweep.json');
    fs.writeFileSync(badSweep, '{"format":"batchscope-profile"}');

    const sent: EngineToHost[] = [];
    const server = new EngineServer({ listProfile: listProfileFile } as unknown as EngineFunctions, (m) =>
      sent.push(m),
    );
    const paths = [corrupt, profileFixture, notProfile, missing, badSweep];
    await server.handle({ type: 'summarizeProfiles', paths });

    assert.strictEqual(sent.length, 1, `one answer, got ${JSON.stringify(sent.map((m) => m.type))}`);
    const answer = sent[0];
    assert.ok(answer.type === 'profileSummaries', `got ${answer.type}`);
    assert.ok(isEngineToHost(answer), 'the answer passes the host-side check');
    const byPath = answer.summaries;
    assert.deepStrictEqual(
      byPath.map((l) => l.path),
      paths,
    );
    assert.strictEqual(byPath[1].error, undefined, 'the good profile is listed in spite of its neighbours');
    assert.strictEqual(byPath[1].strategies.length, 3);
    assert.match(byPath[0].error ?? '', /corrupt\.json is not valid JSON \(the file looks truncated\)/);
    assert.match(byPath[2].error ?? '', /other\.json/);
    assert.match(byPath[2].error ?? '', /not a Batchscope profile/i);
    assert.match(byPath[3].error ?? '', /missing\.json does not exist/);
    assert.match(byPath[4].error ?? '', /bad\.sweep\.json is not a Batchscope sweep/);
    assert.strictEqual(byPath[4].isSweep, true, 'a sweep by its name even when unreadable');
  });
});

describe('summarizeProfiles: through the real dist/engine.js', function () {
  this.timeout(60_000);
  const enginePath = path.join(root, 'dist', 'engine.js');
  let tmp = '';
  let client: EngineClient;

  before(function () {
    if (!fs.existsSync(enginePath)) throw new Error(`${enginePath} is missing: run npm run build first`);
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'batchscope-listings-engine-'));
    client = new EngineClient({ enginePath });
  });
  after(() => {
    client?.dispose();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('lists good and bad files in one request, then serves the next request', async () => {
    const sweep = path.join(tmp, 'mlp.sweep.json');
    fs.copyFileSync(path.join(fixtures, 'mlpSweep.unverified.json'), sweep);
    const garbage = path.join(tmp, 'garbage.json');
    fs.writeFileSync(garbage, '{"format":');
    const listings: ProfileListing[] = await client.summarizeProfiles([profileFixture, garbage, sweep]);
    assert.deepStrictEqual(listings[0], listProfileFile(profileFixture), 'the same listing as in-process');
    assert.match(listings[1].error ?? '', /garbage\.json is not valid JSON/);
    assert.strictEqual(listings[2].isSweep, true);
    assert.strictEqual(listings[2].sweep?.verified, null, 'not verified');
    const again = await client.summarizeProfiles([garbage]);
    assert.strictEqual(again.length, 1);
    assert.ok(again[0].error, 'the child stays usable after an unreadable file');
  });
});
