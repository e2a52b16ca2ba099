import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { decodeProfile, encodeProfile } from '../../../src/engine/profile/profileCodec';
import {
  profileBytesPerRequest,
  readProfile,
  writeProfileAtomic,
} from '../../../src/engine/profile/profileIo';
import { ProfileError } from '../../../src/engine/profile/profileError';
import type { EncodedColumn, ProfileFile } from '../../../src/engine/profile/profileFileTypes';
import { schemaViolation } from '../../../src/engine/profile/validateProfileFile';
import {
  VarintReader,
  VarintWriter,
  encodeFloat32,
  inflateColumn,
} from '../../../src/engine/profile/varintColumn';
import { RecordBuffer } from '../../../src/engine/metrics/recordBuffer';
import { summarizeStrategy } from '../../../src/engine/metrics/summarize';
import { summaryFromProfile } from '../../../src/engine/profile/profileSummary';
import { OpenLoopArrivals } from '../../../src/engine/runtime/arrivalSource';
import { SchedulerCore } from '../../../src/engine/runtime/schedulerCore';
import { BATCH_REJECTED, type Profile } from '../../../src/shared/profileTypes';
import { syntheticColumns, syntheticProfile } from './syntheticProfile';

/** Same value to the microsecond (NaN stays NaN). */
function assertTimesEqual(name: string, actual: ArrayLike<number>, expected: ArrayLike<number>): void {
  assert.equal(actual.length, expected.length, `${name}: length`);
  for (let i = 0; i < expected.length; i++) {
    if (Number.isNaN(expected[i])) {
      assert.ok(Number.isNaN(actual[i]), `${name}[${i}] should be NaN, got ${actual[i]}`);
      continue;
    }
    const err = Math.abs(actual[i] - expected[i]);
    assert.ok(
      err <= 0.0005 + 1e-9,
      `${name}[${i}]: ${actual[i]} vs ${expected[i]} (off by ${err * 1000} µs)`,
    );
  }
}

function assertIntsEqual(name: string, actual: ArrayLike<number>, expected: ArrayLike<number>): void {
  assert.deepEqual(Array.from(actual), Array.from(expected), `${name} differs`);
}

function assertColumnsRoundTrip(decoded: Profile, original: Profile): void {
  decoded.strategies.forEach((s, i) => {
    const o = original.strategies[i];
    for (const key of ['scheduledMs', 'enqueueMs', 'doneMs'] as const) {
      assertTimesEqual(`requests.${key}`, s.requests[key], o.requests[key]);
    }
    assertIntsEqual('requests.batch', s.requests.batch, o.requests.batch);
    for (const key of ['dispatchMs', 'computeStartMs', 'computeEndMs'] as const) {
      assertTimesEqual(`batches.${key}`, s.batches[key], o.batches[key]);
    }
    for (const key of [
      'size',
      'paddedSize',
      'padFraction',
      'instance',
      'firstMember',
      'members',
      'flushed',
    ] as const) {
      assertIntsEqual(`batches.${key}`, s.batches[key], o.batches[key]);
    }
  });
}

describe('profile codec', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'batchscope-profile-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('round-trips every column to the microsecond and all metadata exactly', () => {
    const original = syntheticProfile([3000, 1, 0]);
    const decoded = decodeProfile(JSON.parse(JSON.stringify(encodeProfile(original))), 'mem.json');
    assertColumnsRoundTrip(decoded, original);
    const strip = (p: Profile): unknown => ({
      ...p,
      strategies: p.strategies.map((s) => ({ ...s, requests: 0, batches: 0 })),
    });
    assert.deepEqual(strip(decoded), strip(original));
    // NaN in a series survives JSON (which writes null) as NaN.
    assert.ok(Number.isNaN(decoded.strategies[0].timeseries.systemCpuPercent[2]));
  });

  it('round-trips batches that are not FIFO runs (shuffled members, explicit request->batch map)', () => {
    const original = syntheticProfile([500]);
    const b = original.strategies[0].batches;
    // Reverse each batch's member order and give one batch an extra (duplicate) member id.
    for (let k = 0; k < b.firstMember.length; k++) {
      const end = k + 1 < b.firstMember.length ? b.firstMember[k + 1] : b.members.length;
      b.members.subarray(b.firstMember[k], end).reverse();
    }
    original.strategies[0].requests.batch[3] = -1;
    const decoded = decodeProfile(JSON.parse(JSON.stringify(encodeProfile(original))), 'mem.json');
    assertColumnsRoundTrip(decoded, original);
  });

  it('stores a 200k-request profile in at most 12 bytes per request', () => {
    const profile = syntheticProfile([200_000]);
    const file = path.join(dir, 'big.json');
    writeProfileAtomic(file, profile);
    const { bytesPerRequest, requests } = profileBytesPerRequest(file);
    assert.equal(requests, 200_000);
    assert.ok(
      bytesPerRequest <= 12,
      `profile takes ${bytesPerRequest.toFixed(2)} bytes per request (goal <= 12)`,
    );
    assertColumnsRoundTrip(readProfile(file), profile);
  });

  it('synthetic columns are what the tests think they are (FIFO, one never-run request)', () => {
    const c = syntheticColumns(100);
    assert.equal(c.requests.batch[99], -1);
    assert.equal(c.batches.members.length, 99);
  });
});

describe('readProfile rejects bad files with a clear message', () => {
  let dir: string;
  let good: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'batchscope-profile-'));
    good = path.join(dir, 'good.json');
    writeProfileAtomic(good, syntheticProfile([300]));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  function rejects(content: string | object, pattern: RegExp): void {
    const file = path.join(dir, 'bad.json');
    fs.writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
    assert.throws(
      () => readProfile(file),
      (err: unknown) => {
        assert.ok(err instanceof ProfileError, `expected a ProfileError, got ${String(err)}`);
        assert.match(err.message, pattern);
        assert.ok(err.message.includes(file), 'message names the file');
        return true;
      },
    );
  }
  const goodJson = (): Record<string, unknown> => JSON.parse(fs.readFileSync(good, 'utf8'));

  it('reads the good file', () => {
    assert.equal(readProfile(good).strategies[0].requests.scheduledMs.length, 300);
  });
  it('not JSON', () => rejects('hello, world', /not valid JSON/));
  it('truncated', () => rejects(fs.readFileSync(good, 'utf8').slice(0, 500), /truncated/));
  it('foreign JSON', () => rejects({ name: 'some-package', version: '1.0.0' }, /not a Batchscope profile/));
  it('a JSON array', () => rejects([1, 2, 3], /not a Batchscope profile/));
  it('newer version', () =>
    rejects({ ...goodJson(), version: 7 }, /newer Batchscope \(profile format v7.*update/));
  it('schema violation names the field', () => {
    const json = goodJson() as { strategies: Array<{ summary: Record<string, unknown> }> };
    json.strategies[0].summary.requests = 'many';
    rejects(json, /strategies\[0\]\.summary\.requests must be integer/);
  });
  it('missing field is named', () => {
    const json = goodJson();
    delete json.settings;
    rejects(json, /settings is missing/);
  });
  it('a column whose count does not match its data', () => {
    const json = goodJson() as {
      strategies: Array<{ requests: { doneUs: { count: number } }; batches: unknown }>;
    };
    json.strategies[0].requests.doneUs.count += 1;
    rejects(json, /corrupt.*requests\.doneUs/);
  });
  it('a column with damaged compressed bytes', () => {
    const json = goodJson() as { strategies: Array<{ batches: { dispatchUs: { data: string } } }> };
    json.strategies[0].batches.dispatchUs.data = 'AAAA' + json.strategies[0].batches.dispatchUs.data.slice(4);
    rejects(json, /corrupt.*batches\.dispatchUs/);
  });
  it('a column with fewer values than its count', () => {
    const json = goodJson() as { strategies: Array<{ batches: Record<string, { data: string }> }> };
    const b = json.strategies[0].batches;
    b.members.data = b.flushed.data; // one value per batch, far fewer than the members' count
    rejects(json, /corrupt.*batches\.members/);
  });
  it('a missing file', () => {
    assert.throws(() => readProfile(path.join(dir, 'nope.json')), /does not exist/);
  });
  it('a folder', () => {
    assert.throws(() => readProfile(dir), /is a folder/);
  });
});

describe('writeProfileAtomic', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'batchscope-profile-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('creates missing folders and leaves no temp file', () => {
    const file = path.join(dir, 'a', 'b', 'p.json');
    writeProfileAtomic(file, syntheticProfile([10]));
    assert.deepEqual(fs.readdirSync(path.dirname(file)), ['p.json']);
    assert.equal(readProfile(file).strategies.length, 1);
  });

  it('replaces an existing file on success', () => {
    const file = path.join(dir, 'p.json');
    writeProfileAtomic(file, syntheticProfile([10]));
    writeProfileAtomic(file, syntheticProfile([20, 5]));
    assert.equal(readProfile(file).strategies.length, 2);
    assert.deepEqual(fs.readdirSync(dir), ['p.json']);
  });

  it('keeps the existing file when encoding fails', () => {
    const file = path.join(dir, 'p.json');
    writeProfileAtomic(file, syntheticProfile([10]));
    const before = fs.readFileSync(file, 'utf8');
    const broken = syntheticProfile([10]);
    (broken.strategies[0] as unknown as { batches: unknown }).batches = undefined;
    assert.throws(() => writeProfileAtomic(file, broken));
    assert.equal(fs.readFileSync(file, 'utf8'), before);
    assert.deepEqual(fs.readdirSync(dir), ['p.json']);
  });

  it('removes its temp file when the rename fails', () => {
    const target = path.join(dir, 'taken');
    fs.mkdirSync(target);
    fs.writeFileSync(path.join(target, 'keep'), 'x');
    assert.throws(() => writeProfileAtomic(target, syntheticProfile([10])));
    assert.deepEqual(fs.readdirSync(dir), ['taken']);
    assert.deepEqual(fs.readdirSync(target), ['keep']);
  });
});

/**
 * A real scheduler run under a fake clock: 3000 arrivals at 3 per ms on one instance serving a
 * batch of up to 4 in 2 ms, a queue bounded at 6 per level and a 3 ms queue timeout, two
 * priority levels. Rejections land all through the run, between completed requests.
 */
function runWithRejections(): Profile {
  const times = Float64Array.from({ length: 3000 }, (_, i) => i / 3);
  let now = 0;
  const running: Array<{ instance: number; start: number; end: number }> = [];
  const executor = {
    instances: 1,
    maxBatch: 4,
    submit: (instance: number) => void running.push({ instance, start: now, end: now + 2 }),
    poll: (onDone: (i: number, s: number, e: number, p: number) => void) => {
      const done = running.filter((r) => r.end <= now);
      running.splice(0, running.length, ...running.filter((r) => r.end > now));
      for (const r of done) onDone(r.instance, r.start, r.end, 0.125);
      return done.length;
    },
    completionStamp: () => 0,
    waitForCompletion: () => Promise.resolve(),
    failure: () => null,
  };
  const records = new RecordBuffer(times.length, 2);
  const core = new SchedulerCore({
    policy: {
      name: 'greedy',
      maxBatch: 4,
      decide: (q) => (q.length > 0 ? { kind: 'dispatch', count: Math.min(4, q.length) } : { kind: 'wait' }),
    },
    executor,
    arrivals: new OpenLoopArrivals(times),
    records,
    durationMs: 2000,
    originMs: 0,
    clock: () => now,
    queuePolicy: { maxQueue: 6, timeoutMs: 3, timeoutAction: 'reject' },
    priorities: [0.25, 0.75],
    prioritySeed: 9,
  });
  while (!core.finished) {
    core.step(now);
    now += 0.25;
  }
  const { requests, batches } = records.toColumns();
  const profile = syntheticProfile([1]);
  profile.settings.priorities = [0.25, 0.75];
  const s = profile.strategies[0];
  Object.assign(s, { requests, batches });
  s.summary = summarizeStrategy({
    requests,
    batches,
    processCpuPercent: 50,
    systemCpuPercent: 20,
    sloMs: 10,
    delayHonour: null,
    levels: 2,
  });
  return profile;
}

describe('profile codec: rejected requests and priority levels (format v2)', () => {
  it('round-trips rejections (as a short id list) and priority levels, and says it is version 2', () => {
    const original = runWithRejections();
    const r = original.strategies[0].requests;
    const rejected = Array.from(r.batch).filter((b) => b === BATCH_REJECTED).length;
    assert.ok(rejected > 100 && rejected < 2500, `${rejected} rejected: the fixture should mix both`);
    const file = JSON.parse(JSON.stringify(encodeProfile(original)));
    assert.equal(file.version, 2);
    const req = file.strategies[0].requests;
    assert.equal(req.batch, undefined, 'the batch map stays implied');
    assert.equal(req.rejected.count, rejected);
    assert.equal(req.priority.count, r.batch.length);
    const decoded = decodeProfile(file, 'mem.json');
    assertColumnsRoundTrip(decoded, original);
    assertIntsEqual('requests.priority', decoded.strategies[0].requests.priority!, r.priority!);
    assert.deepEqual(decoded.strategies[0].summary, original.strategies[0].summary);
    assert.equal(decoded.strategies[0].summary.rejected, rejected);
    assert.equal(decoded.strategies[0].summary.levels!.length, 2);
    const report = summaryFromProfile(decoded).strategies[0];
    assert.equal(report.rejected, rejected);
    assert.equal(report.padFraction, 0.125);
  });

  it('round-trips rejections in an explicit request->batch map', () => {
    const original = syntheticProfile([500]);
    const s = original.strategies[0];
    s.batches.members[1] = s.batches.members[0]; // a request in two batches: the map is stored whole
    s.requests.batch[1] = BATCH_REJECTED;
    s.requests.doneMs[1] = s.requests.scheduledMs[1] + 3;
    const file = JSON.parse(JSON.stringify(encodeProfile(original)));
    assert.ok(file.strategies[0].requests.batch, 'explicit map');
    assert.equal(file.strategies[0].requests.rejected, undefined);
    assertColumnsRoundTrip(decodeProfile(file, 'mem.json'), original);
  });

  it('still loads a version 1 profile, written before rejections, padFraction and levels existed', () => {
    const original = syntheticProfile([300]);
    const file = JSON.parse(JSON.stringify(encodeProfile(original)));
    assert.equal(file.version, 1, 'a profile with neither rejections nor levels stays version 1');
    for (const s of file.strategies) {
      delete s.summary.rejected;
      delete s.summary.padFraction;
      delete s.summary.levels;
    }
    const decoded = decodeProfile(file, 'old.json');
    assert.equal(decoded.version, 1);
    assertColumnsRoundTrip(decoded, original);
    const report = summaryFromProfile(decoded).strategies[0];
    assert.equal(report.rejected, 0);
    assert.equal(report.levels, undefined);
    // Recomputed from the batch columns: the fixture pads every 5th batch by a slot and measures 0.125 on every 7th.
    assert.ok(report.padFraction > 0 && report.padFraction < 0.2, `padFraction ${report.padFraction}`);
  });

  it('names the column when a rejected id is also in a batch', () => {
    const profile = runWithRejections();
    const file = JSON.parse(JSON.stringify(encodeProfile(profile)));
    const batched = profile.strategies[0].batches.members[0];
    const w = new VarintWriter();
    w.push(batched); // a one-id list: id - (-1) - 1
    file.strategies[0].requests.rejected = { encoding: 'zigzag-varint', count: 1, data: w.toBase64() };
    assert.throws(
      () => decodeProfile(file, 'bad.json'),
      /corrupt.*requests\.rejected: request \d+ is both rejected and in a batch/,
    );
  });
});

/**
 * Issue #10: a profile whose columns are damaged but whose JSON still passes the schema. Only the
 * codec can tell, so each of its guards gets a case: a real encoded profile with exactly one column
 * changed, which must fail with a ProfileError naming the file, the strategy and the column, and
 * never decode into wrong numbers.
 */
describe('profile codec: corrupt but schema-valid columns are refused by name', () => {
  /** A real profile as the encoder writes it and JSON.parse reads it back. */
  const written = (profile: Profile): ProfileFile => JSON.parse(JSON.stringify(encodeProfile(profile)));

  /**
   * Version 1, three strategies: 300 and 200 requests batched FIFO (the request→batch map and the
   * first members implied, not stored) and 1 request that never ran (no batches, no members).
   */
  const fifoFile = (): ProfileFile => written(syntheticProfile([300, 200, 1]));

  /**
   * Like fifoFile's strategy 1, but batch 0 also claims batch 1's first request, so the encoder
   * stores `requests.batch` and `batches.firstMember` whole.
   */
  function storedMapFile(): ProfileFile {
    const profile = syntheticProfile([300, 200]);
    const b = profile.strategies[1].batches;
    const members = Array.from(b.members);
    members.splice(b.firstMember[1], 0, b.members[b.firstMember[1]]);
    b.members = Int32Array.from(members);
    b.firstMember = b.firstMember.map((f, k) => (k > 0 ? f + 1 : f));
    return written(profile);
  }

  /** Version 2 from a real scheduler run: rejected ids and priority levels (2) stored. */
  let v2Json = '';
  const v2File = (): ProfileFile => JSON.parse(v2Json);
  before(() => {
    v2Json = JSON.stringify(encodeProfile(runWithRejections()));
  });

  /** The values of a zigzag-varint column, as the decoder reads them (NaN = missing). */
  function values(col: EncodedColumn): number[] {
    const r = new VarintReader(inflateColumn(col.data));
    return Array.from({ length: col.count }, () => r.next());
  }

  /** A zigzag-varint column holding `vals`, claiming `count` values (default: as many as it holds). */
  function varintColumn(vals: number[], count = vals.length): EncodedColumn {
    const w = new VarintWriter();
    for (const v of vals) w.push(v);
    return { encoding: 'zigzag-varint', count, data: w.toBase64() };
  }

  /** Rewrites one varint column through `edit`, keeping its count. */
  function editColumn(col: EncodedColumn, edit: (vals: number[]) => void): EncodedColumn {
    const vals = values(col);
    edit(vals);
    return varintColumn(vals, col.count);
  }

  /** Id lists (members, rejected) are stored delta-coded minus one. */
  function ids(col: EncodedColumn): number[] {
    let prev = -1;
    return values(col).map((v) => (prev = prev + 1 + v));
  }
  function idColumn(list: number[]): EncodedColumn {
    return varintColumn(list.map((id, k) => id - (k > 0 ? list[k - 1] : -1) - 1));
  }

  /** The file still passes the schema, and decoding it fails naming the file, strategy and column. */
  function assertRefused(file: ProfileFile, strategy: number, column: string, detail: RegExp): void {
    assert.equal(schemaViolation(file), null, 'the corrupt file must still pass the JSON schema');
    assert.throws(
      () => decodeProfile(file, '/p/corrupt.json'),
      (err: unknown) => {
        assert.ok(err instanceof ProfileError, `expected a ProfileError, got ${String(err)}`);
        const where = `/p/corrupt.json is corrupt: strategy ${strategy} ("${file.strategies[strategy].label}") column ${column}: `;
        assert.ok(err.message.startsWith(where), `"${err.message}" should start with "${where}"`);
        assert.match(err.message.slice(where.length), detail);
        assert.match(err.message, /run the profile again/);
        return true;
      },
    );
  }

  it('the fixtures decode cleanly and store the columns the cases corrupt', () => {
    for (const file of [fifoFile(), storedMapFile(), v2File()]) {
      assert.equal(schemaViolation(file), null);
      decodeProfile(file, 'fixture.json');
    }
    const fifo = fifoFile().strategies;
    assert.equal(fifo[1].requests.batch, undefined);
    assert.equal(fifo[1].batches.firstMember, undefined);
    assert.equal(fifo[2].batches.count, 0);
    assert.equal(fifo[2].batches.members.count, 0);
    const stored = storedMapFile().strategies[1];
    assert.ok(stored.requests.batch && stored.batches.firstMember, 'map and first members stored');
    const v2 = v2File();
    assert.equal(v2.version, 2);
    assert.ok(v2.strategies[0].requests.rejected && v2.strategies[0].requests.priority);
  });

  // --- Guards every column goes through -------------------------------------------------------

  it('trailing bytes: a column holding one value more than its count', () => {
    const file = fifoFile();
    const b = file.strategies[1].batches;
    b.instance = varintColumn([...values(b.instance), 0], b.instance.count);
    assertRefused(file, 1, 'batches.instance', /^more values than its count says/);
  });

  it('missing bytes: a column holding one value less than its count', () => {
    const file = fifoFile();
    const b = file.strategies[1].batches;
    b.computeEndUs = varintColumn(values(b.computeEndUs).slice(1), b.computeEndUs.count);
    assertRefused(file, 1, 'batches.computeEndUs', /^fewer values than its count says/);
  });

  it('count: a column whose count (and data) disagree with the batch count', () => {
    const file = fifoFile();
    const b = file.strategies[1].batches;
    b.size = varintColumn(values(b.size).slice(1));
    assertRefused(file, 1, 'batches.size', new RegExp(`^count ${b.count - 1}, expected ${b.count}`));
  });

  it('encoding: a varint column marked float32-le, and padFraction marked zigzag-varint', () => {
    let file = fifoFile();
    file.strategies[1].batches.flushed.encoding = 'float32-le';
    assertRefused(file, 1, 'batches.flushed', /^unexpected encoding "float32-le"/);
    file = fifoFile();
    file.strategies[1].batches.padFraction.encoding = 'zigzag-varint';
    assertRefused(file, 1, 'batches.padFraction', /^unexpected encoding "zigzag-varint"/);
  });

  it('padFraction: float bytes for one batch more than the count', () => {
    const file = fifoFile();
    const b = file.strategies[1].batches;
    b.padFraction.data = encodeFloat32(new Float32Array(b.count + 1));
    assertRefused(
      file,
      1,
      'batches.padFraction',
      new RegExp(`holds ${b.count + 1} values but its count says ${b.count}`),
    );
  });

  it('int32: an instance index past 2^31', () => {
    const file = fifoFile();
    const b = file.strategies[1].batches;
    b.instance = editColumn(b.instance, (v) => (v[2] = 2 ** 31));
    assertRefused(file, 1, 'batches.instance', /^value 2147483648 is not an int32/);
  });

  // --- Batch members and first members -----------------------------------------------------------

  for (const [name, file] of [
    ['implied', fifoFile],
    ['stored', storedMapFile],
  ] as const) {
    it(`member id range: a member id past the last request or below 0 (${name} request->batch map)`, () => {
      let f = file();
      const b = () => f.strategies[1].batches;
      b().members = idColumn(ids(b().members).map((id, k, all) => (k === all.length - 1 ? 200 : id)));
      assertRefused(f, 1, 'batches.members', /^request id 200 is outside 0\.\.199/);
      f = file();
      b().members = idColumn(ids(b().members).map((id, k) => (k === 0 ? -1 : id)));
      assertRefused(f, 1, 'batches.members', /^request id -1 is outside 0\.\.199/);
    });
  }

  it('first-member range: stored first members that go backwards, past the end or below 0', () => {
    const cases: Array<[string, (first: number[], members: number) => void]> = [
      ['backwards', (first) => (first[3] = first[2] - 1)],
      ['past the end', (first, members) => (first[first.length - 1] = members + 1)],
      ['below 0', (first) => (first[0] = -1)],
    ];
    for (const [, edit] of cases) {
      const file = storedMapFile();
      const b = file.strategies[1].batches;
      b.firstMember = editColumn(b.firstMember!, (first) => edit(first, b.members.count));
      assertRefused(
        file,
        1,
        'batches.firstMember',
        /^batch \d+'s members would be -?\d+\.\.-?\d+, which does not fit/,
      );
    }
  });

  it('first-member range: a negative batch size when the first members come from the sizes', () => {
    const file = fifoFile();
    const b = file.strategies[1].batches;
    b.size = editColumn(b.size, (size) => (size[0] = -1));
    assertRefused(
      file,
      1,
      'batches.size',
      /^batch 0's members would be 0\.\.-2, which does not fit the 199 in batches\.members/,
    );
  });

  it('size sum: batch sizes that add up to one member more or fewer than stored', () => {
    for (const delta of [1, -1]) {
      const file = fifoFile();
      const b = file.strategies[1].batches;
      b.size = editColumn(b.size, (size) => (size[4] += delta));
      assertRefused(
        file,
        1,
        'batches.size',
        new RegExp(`^the batch sizes add up to ${199 + delta} but batches\\.members holds 199`),
      );
    }
  });

  it('size sum: members stored for a strategy that ran no batch', () => {
    const file = fifoFile();
    file.strategies[2].batches.members = idColumn([0]);
    assertRefused(file, 2, 'batches.size', /^the batch sizes add up to 0 but batches\.members holds 1/);
  });

  it('a request in two batches when the map is implied', () => {
    const file = fifoFile();
    const b = file.strategies[1].batches;
    b.members = idColumn(ids(b.members).map((id, k) => (k === 1 ? 0 : id)));
    assertRefused(file, 1, 'batches.members', /^a request appears in two batches/);
  });

  // --- The stored request->batch map ---------------------------------------------------------------

  it('batch index range: a stored batch index past the last batch or below -2', () => {
    for (const bad of [-3, 'count'] as const) {
      const file = storedMapFile();
      const s = file.strategies[1];
      const index = bad === 'count' ? s.batches.count : bad;
      s.requests.batch = editColumn(s.requests.batch!, (batch) => (batch[7] = index));
      assertRefused(file, 1, 'requests.batch', new RegExp(`^batch ${index} does not exist`));
    }
  });

  // --- Version 2: rejected ids and priority levels ---------------------------------------------------

  it('rejected ids: an id past the last request or below 0', () => {
    for (const [k, id] of [
      [-1, 3000],
      [0, -1],
    ]) {
      const file = v2File();
      const r = file.strategies[0].requests;
      const list = ids(r.rejected!);
      list[k < 0 ? list.length - 1 : k] = id;
      r.rejected = idColumn(list);
      assertRefused(file, 0, 'requests.rejected', new RegExp(`^request id ${id} is outside 0\\.\\.2999`));
    }
  });

  it('rejected ids: out of order', () => {
    const file = v2File();
    const r = file.strategies[0].requests;
    const list = ids(r.rejected!);
    [list[5], list[6]] = [list[6], list[5]];
    r.rejected = idColumn(list);
    assertRefused(
      file,
      0,
      'requests.rejected',
      new RegExp(`^ids are not ascending \\(${list[6]} after ${list[5]}\\)`),
    );
  });

  it('rejected ids: one listed twice', () => {
    const file = v2File();
    const r = file.strategies[0].requests;
    const list = ids(r.rejected!);
    list.splice(5, 0, list[5]);
    r.rejected = idColumn(list);
    assertRefused(file, 0, 'requests.rejected', new RegExp(`^request ${list[5]} is listed twice`));
  });

  it('rejected ids beside a stored request->batch map, which already holds the rejections', () => {
    const profile = syntheticProfile([500]);
    const s = profile.strategies[0];
    s.batches.members[1] = s.batches.members[0]; // a request in two batches: the map is stored whole
    s.requests.batch[1] = BATCH_REJECTED;
    const file = written(profile);
    assert.equal(file.version, 2);
    file.strategies[0].requests.rejected = idColumn([5]);
    assertRefused(file, 0, 'requests.rejected', /^present beside a stored requests\.batch/);
  });

  it('priority: a column one level short or long, by count or by data', () => {
    const edits: Array<[(col: EncodedColumn) => EncodedColumn, RegExp]> = [
      [(col) => varintColumn(values(col).slice(1)), /^count 2999, expected 3000/],
      [(col) => varintColumn([...values(col), 0]), /^count 3001, expected 3000/],
      [(col) => varintColumn(values(col).slice(1), col.count), /^fewer values than its count says/],
      [(col) => varintColumn([...values(col), 0], col.count), /^more values than its count says/],
    ];
    for (const [edit, detail] of edits) {
      const file = v2File();
      const r = file.strategies[0].requests;
      r.priority = edit(r.priority!);
      assertRefused(file, 0, 'requests.priority', detail);
    }
  });

  it('priority: a level that is no byte (256, -1, missing)', () => {
    for (const level of [256, -1, NaN]) {
      const file = v2File();
      const r = file.strategies[0].requests;
      r.priority = editColumn(r.priority!, (p) => (p[11] = level));
      assertRefused(
        file,
        0,
        'requests.priority',
        new RegExp(`^value ${level} is not a priority level \\(0\\.\\.255\\)`),
      );
    }
  });

  it('priority: a level beyond the levels the run had (settings.priorities)', () => {
    const file = v2File();
    const r = file.strategies[0].requests;
    r.priority = editColumn(r.priority!, (p) => (p[11] = 2));
    assertRefused(file, 0, 'requests.priority', /^request 11 has level 2 but the run had 2 priority levels/);
  });
});
