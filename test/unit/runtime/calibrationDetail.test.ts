/**
 * What a simulator reads from calibration, without a model: which input lengths calibration runs
 * at, how samples are thinned, how the detail travels through the profile file, the schema, the
 * live events and the CLI. Measured on real models in test/integration/runtime/calibrationGrid.test.ts.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { formatCalibration } from '../../../src/cli/formatResults';
import { eventsToPartialProfile } from '../../../src/engineProcess/eventsToPartialProfile';
import { decodeProfile, encodeProfile } from '../../../src/engine/profile/profileCodec';
import { readProfile, writeProfileAtomic } from '../../../src/engine/profile/profileIo';
import { schemaViolation } from '../../../src/engine/profile/validateProfileFile';
import { thinSorted } from '../../../src/engine/runtime/calibration';
import { calibrationLengths } from '../../../src/engine/runtime/calibrationLengths';
import { describeLength } from '../../../src/shared/describeLength';
import { replayProfile } from '../../../src/shared/profileReplay';
import type { CalibrationDetail, ModelSummary, Profile } from '../../../src/shared/profileTypes';
import { syntheticProfile } from '../profile/syntheticProfile';

const sequenceModel = (dims: ModelSummary['dims']): ModelSummary => ({
  ...syntheticProfile([1]).model,
  dims,
});
const seqDims = (...lengths: number[]) => lengths.map((sequence) => ({ sequence }));

const detail: CalibrationDetail = {
  length: { sizeKey: 248, dims: { sequence: 248 } },
  grid: [
    {
      batchSize: 1,
      sizeKey: 10,
      dims: { sequence: 10 },
      latencyMs: 0.2,
      p90Ms: 0.3,
      samples: 3,
      samplesMs: [0.1, 0.2, 0.3],
    },
    {
      batchSize: 4,
      sizeKey: 512,
      dims: { sequence: 512 },
      latencyMs: 2,
      p90Ms: 2.5,
      samples: 2,
      samplesMs: [1.9, 2.5],
    },
  ],
  concurrency: [
    { instances: 1, batchSize: 1, latencyMs: 0.3, p90Ms: 0.4, factor: 1, samples: 50 },
    { instances: 2, batchSize: 1, latencyMs: 0.45, p90Ms: 0.6, factor: 1.5, samples: 80 },
  ],
  timeMs: { grid: 52.5, concurrency: 130 },
};

function withDetail(): Profile {
  const profile = syntheticProfile([50]);
  profile.calibration = [
    {
      batchSize: 1,
      latencyMs: 0.3,
      p90Ms: 0.4,
      throughput: 3333,
      samples: 4,
      samplesMs: [0.2, 0.3, 0.3, 0.4],
    },
  ];
  profile.calibrationDetail = detail;
  return profile;
}

/** The encoded file of `profile`, as JSON.parse would read it back. */
const fileOf = (profile: Profile) => JSON.parse(JSON.stringify(encodeProfile(profile)));

describe('calibration lengths: chosen from the request-input pool', () => {
  it('states the median size key as the representative, and spans the pool for the grid', () => {
    const model = sequenceModel([{ name: 'sequence', min: 8, max: 512, source: 'user' }]);
    const lengths = calibrationLengths(model, seqDims(300, 10, 512, 40, 123, 200, 90, 400, 11));
    assert.ok(lengths);
    // Sorted: 10 11 40 90 123 200 300 400 512; median (rank 4 of 0..8) = 123.
    assert.deepStrictEqual(lengths.representative, { requestId: 4, sizeKey: 123, dims: { sequence: 123 } });
    assert.deepStrictEqual(
      lengths.grid.map((g) => g.sizeKey),
      [10, 40, 123, 300, 512],
      'smallest, quartiles and largest, ascending',
    );
    for (const g of lengths.grid)
      assert.strictEqual(seqDims(300, 10, 512, 40, 123, 200, 90, 400, 11)[g.requestId].sequence, g.sizeKey);
  });

  it('has no grid when every request has the same size, and no length without symbolic dims', () => {
    const fixed = sequenceModel([{ name: 'sequence', min: 128, max: 128, source: 'default' }]);
    const lengths = calibrationLengths(fixed, seqDims(128, 128, 128));
    assert.deepStrictEqual(lengths?.representative.dims, { sequence: 128 });
    assert.deepStrictEqual(lengths?.grid, []);
    assert.strictEqual(calibrationLengths(sequenceModel([]), [{}, {}]), null);
  });

  it('keys a length with several dims by their product, and names each dim', () => {
    const model = sequenceModel([
      { name: 'h', min: 2, max: 8, source: 'user' },
      { name: 'w', min: 2, max: 8, source: 'user' },
    ]);
    const lengths = calibrationLengths(model, [
      { h: 2, w: 3 },
      { h: 8, w: 8 },
      { h: 4, w: 4 },
    ]);
    assert.deepStrictEqual(lengths?.representative, { requestId: 2, sizeKey: 16, dims: { h: 4, w: 4 } });
    assert.strictEqual(describeLength(lengths!.representative), 'h=4 × w=4');
  });
});

describe('calibration samples: thinned, not truncated', () => {
  it('keeps at most the cap, ascending, with the smallest and the largest', () => {
    const sorted = Array.from({ length: 1000 }, (_, i) => i / 10);
    const kept = thinSorted(sorted, 200);
    assert.strictEqual(kept.length, 200);
    assert.strictEqual(kept[0], 0);
    assert.strictEqual(kept[199], 99.9);
    for (let i = 1; i < kept.length; i++) assert.ok(kept[i] > kept[i - 1], `not ascending at ${i}`);
    // Evenly spaced ranks: the kept median is the median.
    assert.ok(Math.abs(kept[100] - 50) < 0.6, `kept median ${kept[100]}`);
  });

  it('keeps everything under the cap (a copy)', () => {
    const sorted = [1, 2, 3];
    const kept = thinSorted(sorted, 200);
    assert.deepStrictEqual(kept, sorted);
    assert.notStrictEqual(kept, sorted);
  });
});

describe('calibration detail: in the profile file, the schema, live events and the CLI', () => {
  it('round-trips through the profile file on disk and satisfies the schema', () => {
    const profile = withDetail();
    assert.strictEqual(schemaViolation(fileOf(profile)), null);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'batchscope-calibration-'));
    try {
      const file = path.join(dir, 'p.json');
      writeProfileAtomic(file, profile);
      const back = readProfile(file);
      assert.deepStrictEqual(back.calibrationDetail, detail);
      assert.deepStrictEqual(back.calibration[0].samplesMs, [0.2, 0.3, 0.3, 0.4]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('accepts the detail of a fixed-size model on one instance: no length, no grid, no concurrency', () => {
    const profile = withDetail();
    profile.calibrationDetail = {
      length: null,
      grid: [],
      concurrency: [],
      timeMs: { grid: 0, concurrency: 0 },
    };
    assert.strictEqual(schemaViolation(fileOf(profile)), null);
  });

  it('keeps older profiles (no samples, no detail) valid, and decodes them without the fields', () => {
    const old = fileOf(syntheticProfile([10]));
    assert.strictEqual(schemaViolation(old), null);
    const decoded = decodeProfile(old, 'old.json');
    assert.strictEqual(decoded.calibrationDetail, undefined);
    assert.strictEqual(decoded.calibration[0].samplesMs, undefined);
    assert.ok(!('calibrationDetail' in fileOf(syntheticProfile([10]))), 'no empty field written');
  });

  /** What is wrong, the field by its path, the value put there (undefined: deleted), the message. */
  const nonsense: Array<[string, Array<string | number>, unknown, RegExp]> = [
    [
      'a negative sample',
      ['calibration', 0, 'samplesMs', 0],
      -1,
      /calibration\[0\]\.samplesMs\[0\] must be >= 0/,
    ],
    [
      'an empty sample list',
      ['calibration', 0, 'samplesMs'],
      [],
      /samplesMs must NOT have fewer than 1 items/,
    ],
    [
      'samples as text',
      ['calibrationDetail', 'grid', 0, 'samplesMs'],
      '0.1,0.2',
      /grid\[0\]\.samplesMs must be array/,
    ],
    [
      'a grid cell without its length',
      ['calibrationDetail', 'grid', 1, 'sizeKey'],
      undefined,
      /grid\[1\]\.sizeKey is missing/,
    ],
    [
      'a fractional dim',
      ['calibrationDetail', 'length', 'dims', 'sequence'],
      2.5,
      /calibrationDetail\.length\.dims\.sequence must be integer/,
    ],
    [
      'a length of the wrong type',
      ['calibrationDetail', 'length'],
      248,
      /calibrationDetail\.length must be object,null/,
    ],
    ['a batch of 0', ['calibrationDetail', 'grid', 0, 'batchSize'], 0, /grid\[0\]\.batchSize must be >= 1/],
    [
      '0 instances',
      ['calibrationDetail', 'concurrency', 0, 'instances'],
      0,
      /concurrency\[0\]\.instances must be >= 1/,
    ],
    [
      'a factor of 0',
      ['calibrationDetail', 'concurrency', 1, 'factor'],
      0,
      /concurrency\[1\]\.factor must be > 0/,
    ],
    [
      'a missing factor',
      ['calibrationDetail', 'concurrency', 1, 'factor'],
      undefined,
      /concurrency\[1\]\.factor is missing/,
    ],
    ['no grid', ['calibrationDetail', 'grid'], undefined, /calibrationDetail\.grid is missing/],
    [
      'a NaN latency (null)',
      ['calibrationDetail', 'grid', 0, 'latencyMs'],
      null,
      /grid\[0\]\.latencyMs must be number/,
    ],
  ];
  for (const [what, where, value, message] of nonsense) {
    it(`the schema rejects ${what}`, () => {
      const file = fileOf(withDetail()) as Record<string | number, unknown>;
      let parent = file;
      for (const key of where.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
      const last = where[where.length - 1];
      if (value === undefined) delete parent[last];
      else parent[last] = value;
      assert.match(schemaViolation(file) ?? 'accepted', message);
    });
  }

  it('travels with the calibration event: replayed from a profile, rebuilt into a partial profile', () => {
    const profile = withDetail();
    const events = [...replayProfile(profile)];
    const calibration = events.find((e) => e.kind === 'calibration');
    assert.deepStrictEqual(calibration && calibration.kind === 'calibration' && calibration.detail, detail);
    const rebuilt = eventsToPartialProfile(events, { reason: 'the test stopped it' });
    assert.deepStrictEqual(rebuilt?.calibrationDetail, detail);
  });

  it('the CLI states the length and how instances slow each other down', () => {
    const text = formatCalibration(withDetail().calibration, detail);
    assert.match(text, /every request at sequence=248\)/);
    assert.match(text, /2 at batch 1 ×1\.50/);
    assert.doesNotMatch(formatCalibration(withDetail().calibration), /every request at|instances computing/);
  });
});
