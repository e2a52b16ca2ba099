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
import type { Profile } from '../../../src/shared/profileTypes';
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
