/**
 * Encodes one strategy's per-request and per-batch columns compactly (see profileFileTypes.ts
 * for the layout) and decodes them back, checking every length. Times round-trip to the
 * nearest microsecond; everything else is exact.
 *
 * Why it is small: times become integer µs; arrival times are delta-coded; enqueue, dispatch
 * and done times are stored as short offsets from a time the decoder already knows; FIFO
 * batch member lists become runs of zeros; the request→batch map is usually implied by the
 * member lists and not stored at all; rejected requests are a short list of ids beside it.
 * Deflate then squeezes the repetitive bytes.
 */
import {
  BATCH_NEVER_RAN,
  BATCH_REJECTED,
  type BatchColumns,
  type RequestColumns,
} from '../../shared/profileTypes';
import type { EncodedBatches, EncodedColumn, EncodedRequests } from './profileFileTypes';
import { ColumnDataError, VarintReader, VarintWriter, decodeFloat32, encodeFloat32 } from './varintColumn';

/** ms (float) → integer µs; non-finite stays NaN ("missing"). */
function toUs(ms: number): number {
  return Number.isFinite(ms) ? Math.round(ms * 1000) : NaN;
}

/** A known reference time, or 0 when the reference itself is missing (both sides agree on this). */
function refOf(us: number): number {
  return Number.isFinite(us) ? us : 0;
}

function column(writer: VarintWriter, count: number): EncodedColumn {
  return { encoding: 'zigzag-varint', count, data: writer.toBase64() };
}

function intColumn(values: ArrayLike<number>): EncodedColumn {
  const w = new VarintWriter();
  for (let i = 0; i < values.length; i++) w.push(values[i]);
  return column(w, values.length);
}

/** Delta-coded µs column; `prev` only advances on present values so a NaN does not break the chain. */
function deltaUsColumn(valuesMs: ArrayLike<number>): { col: EncodedColumn; us: Float64Array } {
  const w = new VarintWriter();
  const us = new Float64Array(valuesMs.length);
  let prev = 0;
  for (let i = 0; i < valuesMs.length; i++) {
    const v = toUs(valuesMs[i]);
    us[i] = v;
    if (Number.isFinite(v)) {
      w.push(v - prev);
      prev = v;
    } else w.push(NaN);
  }
  return { col: column(w, valuesMs.length), us };
}

/** µs column stored as offsets from per-row reference times (µs). Returns the µs values too. */
function offsetUsColumn(
  valuesMs: ArrayLike<number>,
  refUs: (i: number) => number,
): { col: EncodedColumn; us: Float64Array } {
  const w = new VarintWriter();
  const us = new Float64Array(valuesMs.length);
  for (let i = 0; i < valuesMs.length; i++) {
    const v = toUs(valuesMs[i]);
    us[i] = v;
    w.push(Number.isFinite(v) ? v - refOf(refUs(i)) : NaN);
  }
  return { col: column(w, valuesMs.length), us };
}

/** The request→batch map implied by the member lists, or null when a request sits in two batches. */
function batchOfRequests(batches: BatchColumns, requestCount: number): Int32Array | null {
  const inverse = new Int32Array(requestCount).fill(-1);
  const m = batches.firstMember.length;
  for (let b = 0; b < m; b++) {
    const end = b + 1 < m ? batches.firstMember[b + 1] : batches.members.length;
    for (let k = batches.firstMember[b]; k < end; k++) {
      const id = batches.members[k];
      if (id < 0 || id >= requestCount || inverse[id] !== -1) return null;
      inverse[id] = b;
    }
  }
  return inverse;
}

/** Ascending ids, delta-coded minus one (consecutive ids are zeros), as batch members are. */
function idListColumn(ids: ArrayLike<number>): EncodedColumn {
  const w = new VarintWriter();
  let prev = -1;
  for (let k = 0; k < ids.length; k++) {
    w.push(ids[k] - prev - 1);
    prev = ids[k];
  }
  return column(w, ids.length);
}

/** Ids of the rejected requests, ascending. */
function rejectedIds(batch: Int32Array): number[] {
  const ids: number[] = [];
  for (let i = 0; i < batch.length; i++) if (batch[i] === BATCH_REJECTED) ids.push(i);
  return ids;
}

function sameInts(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function prefixSums(sizes: ArrayLike<number>): Int32Array {
  const out = new Int32Array(sizes.length);
  let sum = 0;
  for (let i = 0; i < sizes.length; i++) {
    out[i] = sum;
    sum += sizes[i];
  }
  return out;
}

/** Encodes one strategy's columns. */
export function encodeColumns(
  requests: RequestColumns,
  batches: BatchColumns,
): { requests: EncodedRequests; batches: EncodedBatches } {
  const m = batches.dispatchMs.length;
  const dispatch = deltaUsColumn(batches.dispatchMs);
  const computeStart = offsetUsColumn(batches.computeStartMs, (b) => dispatch.us[b]);
  const computeEnd = offsetUsColumn(batches.computeEndMs, (b) => computeStart.us[b]);

  const members = new VarintWriter();
  let prevId = -1;
  for (let k = 0; k < batches.members.length; k++) {
    members.push(batches.members[k] - prevId - 1);
    prevId = batches.members[k];
  }
  const paddingSlots = new Float64Array(m);
  for (let b = 0; b < m; b++) paddingSlots[b] = batches.paddedSize[b] - batches.size[b];

  const encodedBatches: EncodedBatches = {
    count: m,
    dispatchUs: dispatch.col,
    computeStartUs: computeStart.col,
    computeEndUs: computeEnd.col,
    size: intColumn(batches.size),
    paddingSlots: intColumn(paddingSlots),
    padFraction: { encoding: 'float32-le', count: m, data: encodeFloat32(batches.padFraction) },
    instance: intColumn(batches.instance),
    flushed: intColumn(batches.flushed),
    members: column(members, batches.members.length),
  };
  if (!sameInts(batches.firstMember, prefixSums(batches.size))) {
    encodedBatches.firstMember = intColumn(batches.firstMember);
  }

  const n = requests.scheduledMs.length;
  const scheduled = deltaUsColumn(requests.scheduledMs);
  const enqueue = offsetUsColumn(requests.enqueueMs, (i) => scheduled.us[i]);
  const done = offsetUsColumn(requests.doneMs, (i) =>
    doneReference(requests.batch[i], computeEnd.us, scheduled.us[i]),
  );
  const encodedRequests: EncodedRequests = {
    count: n,
    scheduledUs: scheduled.col,
    enqueueUs: enqueue.col,
    doneUs: done.col,
  };
  // The usual map is implied by the member lists plus the list of rejected ids; anything else
  // (a request in two batches, a hand-edited map) is stored whole.
  const implied = batchOfRequests(batches, n);
  const rejected = rejectedIds(requests.batch);
  if (implied) for (const id of rejected) if (implied[id] === BATCH_NEVER_RAN) implied[id] = BATCH_REJECTED;
  if (!implied || !sameInts(implied, requests.batch)) encodedRequests.batch = intColumn(requests.batch);
  else if (rejected.length > 0) encodedRequests.rejected = idListColumn(rejected);
  if (requests.priority) encodedRequests.priority = intColumn(requests.priority);
  return { requests: encodedRequests, batches: encodedBatches };
}

/** A request's done time is stored relative to its batch's compute end when that is known. */
function doneReference(batch: number, computeEndUs: ArrayLike<number>, scheduledUs: number): number {
  const end = batch >= 0 && batch < computeEndUs.length ? computeEndUs[batch] : NaN;
  return Number.isFinite(end) ? end : scheduledUs;
}

/** Reads `col` fully, failing with the column's name when its bytes and its count disagree. */
function readInts(
  name: string,
  col: EncodedColumn,
  expected: number,
  each: (v: number, i: number) => void,
): void {
  if (col.encoding !== 'zigzag-varint')
    throw new ColumnDataError(`${name}: unexpected encoding "${col.encoding}"`);
  if (col.count !== expected) throw new ColumnDataError(`${name}: count ${col.count}, expected ${expected}`);
  try {
    const r = new VarintReader(col.data);
    for (let i = 0; i < col.count; i++) each(r.next(), i);
    if (!r.done) throw new ColumnDataError('more values than its count says');
  } catch (err) {
    if (err instanceof ColumnDataError) throw new ColumnDataError(`${name}: ${err.message}`);
    throw err;
  }
}

function decodeDelta(name: string, col: EncodedColumn, count: number): Float64Array {
  const us = new Float64Array(count);
  let prev = 0;
  readInts(name, col, count, (v, i) => {
    if (Number.isNaN(v)) us[i] = NaN;
    else us[i] = prev = prev + v;
  });
  return us;
}

function decodeOffset(
  name: string,
  col: EncodedColumn,
  count: number,
  refUs: (i: number) => number,
): Float64Array {
  const us = new Float64Array(count);
  readInts(name, col, count, (v, i) => {
    us[i] = Number.isNaN(v) ? NaN : refOf(refUs(i)) + v;
  });
  return us;
}

function decodeInt32(name: string, col: EncodedColumn, count: number): Int32Array {
  const out = new Int32Array(count);
  readInts(name, col, count, (v, i) => {
    if (!Number.isInteger(v) || v < -(2 ** 31) || v >= 2 ** 31)
      throw new ColumnDataError(`value ${v} is not an int32`);
    out[i] = v;
  });
  return out;
}

function usToMs(us: Float64Array): Float64Array {
  const ms = new Float64Array(us.length);
  for (let i = 0; i < us.length; i++) ms[i] = us[i] / 1000;
  return ms;
}

/**
 * Decodes one strategy's columns.
 * @param levels the run's priority levels (settings.priorities), when known: every level in the
 *   `priority` column must be below it
 * @throws ColumnDataError naming the column when a length, count or id does not add up.
 */
export function decodeColumns(
  requestsFile: EncodedRequests,
  batchesFile: EncodedBatches,
  levels?: number,
): { requests: RequestColumns; batches: BatchColumns } {
  const m = batchesFile.count;
  const dispatchUs = decodeDelta('batches.dispatchUs', batchesFile.dispatchUs, m);
  const computeStartUs = decodeOffset(
    'batches.computeStartUs',
    batchesFile.computeStartUs,
    m,
    (b) => dispatchUs[b],
  );
  const computeEndUs = decodeOffset(
    'batches.computeEndUs',
    batchesFile.computeEndUs,
    m,
    (b) => computeStartUs[b],
  );
  const size = decodeInt32('batches.size', batchesFile.size, m);
  const paddedSize = decodeInt32('batches.paddingSlots', batchesFile.paddingSlots, m);
  for (let b = 0; b < m; b++) paddedSize[b] += size[b];
  if (batchesFile.padFraction.encoding !== 'float32-le') {
    throw new ColumnDataError(
      `batches.padFraction: unexpected encoding "${batchesFile.padFraction.encoding}"`,
    );
  }
  let padFraction: Float32Array;
  try {
    padFraction = decodeFloat32(batchesFile.padFraction.data, m);
  } catch (err) {
    throw new ColumnDataError(`batches.padFraction: ${(err as Error).message}`);
  }
  const instance = decodeInt32('batches.instance', batchesFile.instance, m);
  const flushedInts = decodeInt32('batches.flushed', batchesFile.flushed, m);
  const flushed = Uint8Array.from(flushedInts, (v) => (v ? 1 : 0));

  const n = requestsFile.count;
  const memberCount = batchesFile.members.count;
  const members = new Int32Array(memberCount);
  let prevId = -1;
  readInts('batches.members', batchesFile.members, memberCount, (v, k) => {
    const id = prevId + 1 + v;
    if (!Number.isInteger(id) || id < 0 || id >= n)
      throw new ColumnDataError(`request id ${id} is outside 0..${n - 1}`);
    members[k] = prevId = id;
  });
  const firstMember = batchesFile.firstMember
    ? decodeInt32('batches.firstMember', batchesFile.firstMember, m)
    : prefixSums(size);
  // Each batch's members run from its first member to the next batch's: the ranges must ascend
  // and stay inside the member list. Without a stored firstMember they come from the sizes.
  const rangesFrom = batchesFile.firstMember ? 'batches.firstMember' : 'batches.size';
  for (let b = 0; b < m; b++) {
    const end = b + 1 < m ? firstMember[b + 1] : memberCount;
    if (firstMember[b] < 0 || firstMember[b] > end || end > memberCount) {
      throw new ColumnDataError(
        `${rangesFrom}: batch ${b}'s members would be ${firstMember[b]}..${end - 1}, ` +
          `which does not fit the ${memberCount} in batches.members`,
      );
    }
  }
  if (!batchesFile.firstMember) {
    const total = m > 0 ? firstMember[m - 1] + size[m - 1] : 0;
    if (total !== memberCount) {
      throw new ColumnDataError(
        `batches.size: the batch sizes add up to ${total} but batches.members holds ${memberCount}`,
      );
    }
  }
  const batches: BatchColumns = {
    dispatchMs: usToMs(dispatchUs),
    computeStartMs: usToMs(computeStartUs),
    computeEndMs: usToMs(computeEndUs),
    size,
    paddedSize,
    padFraction,
    instance,
    firstMember,
    members,
    flushed,
  };

  const scheduledUs = decodeDelta('requests.scheduledUs', requestsFile.scheduledUs, n);
  const enqueueUs = decodeOffset('requests.enqueueUs', requestsFile.enqueueUs, n, (i) => scheduledUs[i]);
  let batch: Int32Array;
  if (requestsFile.batch) {
    if (requestsFile.rejected) {
      throw new ColumnDataError(
        'requests.rejected: present beside a stored requests.batch, which already says which requests were rejected',
      );
    }
    batch = decodeInt32('requests.batch', requestsFile.batch, n);
    for (let i = 0; i < n; i++) {
      if (batch[i] < BATCH_REJECTED || batch[i] >= m)
        throw new ColumnDataError(`requests.batch: batch ${batch[i]} does not exist`);
    }
  } else {
    const implied = batchOfRequests(batches, n);
    if (!implied) throw new ColumnDataError('batches.members: a request appears in two batches');
    batch = implied;
    if (requestsFile.rejected) decodeRejected(requestsFile.rejected, batch);
  }
  const doneUs = decodeOffset('requests.doneUs', requestsFile.doneUs, n, (i) =>
    doneReference(batch[i], computeEndUs, scheduledUs[i]),
  );
  const requests: RequestColumns = {
    scheduledMs: usToMs(scheduledUs),
    enqueueMs: usToMs(enqueueUs),
    doneMs: usToMs(doneUs),
    batch,
  };
  if (requestsFile.priority) {
    const priority = new Uint8Array(n);
    readInts('requests.priority', requestsFile.priority, n, (v, i) => {
      if (!(Number.isInteger(v) && v >= 0 && v <= 255))
        throw new ColumnDataError(`value ${v} is not a priority level (0..255)`);
      if (levels !== undefined && v >= levels)
        throw new ColumnDataError(`request ${i} has level ${v} but the run had ${levels} priority levels`);
      priority[i] = v;
    });
    requests.priority = priority;
  }
  return { requests, batches };
}

/** Marks the ids listed in the `rejected` column; each must exist, come once, ascending, and be in no batch. */
function decodeRejected(col: EncodedColumn, batch: Int32Array): void {
  let prev = -1;
  readInts('requests.rejected', col, col.count, (v) => {
    const id = prev + 1 + v;
    if (!Number.isInteger(id) || id < 0 || id >= batch.length)
      throw new ColumnDataError(`request id ${id} is outside 0..${batch.length - 1}`);
    if (id === prev) throw new ColumnDataError(`request ${id} is listed twice`);
    if (id < prev) throw new ColumnDataError(`ids are not ascending (${id} after ${prev})`);
    if (batch[id] !== BATCH_NEVER_RAN)
      throw new ColumnDataError(`request ${id} is both rejected and in a batch`);
    batch[id] = BATCH_REJECTED;
    prev = id;
  });
}
