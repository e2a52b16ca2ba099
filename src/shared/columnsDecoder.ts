/**
 * Decodes one strategy's compact columns (the profile file's encoding, see encodedColumns.ts)
 * back into typed arrays, checking every length, count and id. The one decoder of the project:
 * the engine reads profile files with it (inflating with zlib) and the webview reads the columns
 * the HTML report and the panel receive (inflating with DecompressionStream). Times come back in
 * ms at µs resolution; everything else is exact. engine/profile/columnsCodec.ts is the writer.
 */
import { BATCH_NEVER_RAN, BATCH_REJECTED, type BatchColumns, type RequestColumns } from './profileTypes';
import type { EncodedBatches, EncodedColumn, EncodedRequests } from './encodedColumns';
import { ColumnDataError, VarintReader, readFloat32LE, type InflateColumn } from './columnBytes';

/** A known reference time, or 0 when the reference itself is missing (writer and reader agree on this). */
export function refOf(us: number): number {
  return Number.isFinite(us) ? us : 0;
}

/** Running sums of `sizes` (each batch's first member when member lists are stored back to back). */
export function prefixSums(sizes: ArrayLike<number>): Int32Array {
  const out = new Int32Array(sizes.length);
  let sum = 0;
  for (let i = 0; i < sizes.length; i++) {
    out[i] = sum;
    sum += sizes[i];
  }
  return out;
}

/** The request→batch map implied by the member lists, or null when a request sits in two batches. */
export function batchOfRequests(batches: BatchColumns, requestCount: number): Int32Array | null {
  const inverse = new Int32Array(requestCount).fill(BATCH_NEVER_RAN);
  const m = batches.firstMember.length;
  for (let b = 0; b < m; b++) {
    const end = b + 1 < m ? batches.firstMember[b + 1] : batches.members.length;
    for (let k = batches.firstMember[b]; k < end; k++) {
      const id = batches.members[k];
      if (id < 0 || id >= requestCount || inverse[id] !== BATCH_NEVER_RAN) return null;
      inverse[id] = b;
    }
  }
  return inverse;
}

/** A request's done time is stored relative to its batch's compute end when that is known. */
export function doneReference(batch: number, computeEndUs: ArrayLike<number>, scheduledUs: number): number {
  const end = batch >= 0 && batch < computeEndUs.length ? computeEndUs[batch] : NaN;
  return Number.isFinite(end) ? end : scheduledUs;
}

/** A ColumnDataError that names the column. */
function fail(name: string, message: string): ColumnDataError {
  return new ColumnDataError(`${name}: ${message}`);
}

/**
 * Every value of `col` (NaN = missing), failing with the column's name when its bytes and its
 * count disagree. One plain loop per column, then one per derived column below: a million
 * requests decode in tens of milliseconds, also in a page that has not warmed up its JIT.
 * `into`, when given, is filled instead of a new array: in Chromium, writing megabytes of fresh
 * memory costs more than decoding into it, so a scratch array is reused where one is free.
 */
function readValues(
  inflate: InflateColumn,
  name: string,
  col: EncodedColumn,
  expected: number,
  into?: Float64Array,
): Float64Array {
  if (col.encoding !== 'zigzag-varint') throw fail(name, `unexpected encoding "${col.encoding}"`);
  if (col.count !== expected) throw fail(name, `count ${col.count}, expected ${expected}`);
  const values = into?.length === col.count ? into : new Float64Array(col.count);
  try {
    const r = new VarintReader(inflate(col.data));
    r.readInto(values);
    if (!r.done) throw new ColumnDataError('more values than its count says');
  } catch (err) {
    if (err instanceof ColumnDataError) throw fail(name, err.message);
    throw err;
  }
  return values;
}

/** A delta-coded µs column: each present value adds to the previous present one. */
function decodeDelta(inflate: InflateColumn, name: string, col: EncodedColumn, count: number): Float64Array {
  const us = readValues(inflate, name, col, count);
  let prev = 0;
  for (let i = 0; i < us.length; i++) if (!Number.isNaN(us[i])) us[i] = prev = prev + us[i];
  return us;
}

/** A µs column stored as offsets from per-row reference times `refUs` (µs, same length). */
function decodeOffset(
  inflate: InflateColumn,
  name: string,
  col: EncodedColumn,
  count: number,
  refUs: Float64Array,
): Float64Array {
  const us = readValues(inflate, name, col, count);
  for (let i = 0; i < us.length; i++) if (!Number.isNaN(us[i])) us[i] += refOf(refUs[i]);
  return us;
}

function decodeInt32(inflate: InflateColumn, name: string, col: EncodedColumn, count: number): Int32Array {
  const values = readValues(inflate, name, col, count);
  const out = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    const v = values[i];
    if (!Number.isInteger(v) || v < -(2 ** 31) || v >= 2 ** 31)
      throw fail(name, `value ${v} is not an int32`);
    out[i] = v;
  }
  return out;
}

function decodePadFraction(inflate: InflateColumn, col: EncodedColumn, count: number): Float32Array {
  const name = 'batches.padFraction';
  if (col.encoding !== 'float32-le')
    throw new ColumnDataError(`${name}: unexpected encoding "${col.encoding}"`);
  try {
    return readFloat32LE(inflate(col.data), count);
  } catch (err) {
    if (err instanceof ColumnDataError) throw new ColumnDataError(`${name}: ${err.message}`);
    throw err;
  }
}

/** µs → ms in place (no second copy of a million-row column). */
function toMsInPlace(us: Float64Array): Float64Array {
  for (let i = 0; i < us.length; i++) us[i] /= 1000;
  return us;
}

/**
 * Decodes one strategy's columns.
 * @param inflate undoes base64 + raw deflate of a column's data (see {@link InflateColumn})
 * @param levels the run's priority levels (settings.priorities), when known: every level in the
 *   `priority` column must be below it
 * @throws ColumnDataError naming the column when a length, count or id does not add up.
 */
export function decodeColumns(
  requestsFile: EncodedRequests,
  batchesFile: EncodedBatches,
  inflate: InflateColumn,
  levels?: number,
): { requests: RequestColumns; batches: BatchColumns } {
  const m = batchesFile.count;
  const dispatchUs = decodeDelta(inflate, 'batches.dispatchUs', batchesFile.dispatchUs, m);
  const computeStartUs = decodeOffset(
    inflate,
    'batches.computeStartUs',
    batchesFile.computeStartUs,
    m,
    dispatchUs,
  );
  const computeEndUs = decodeOffset(
    inflate,
    'batches.computeEndUs',
    batchesFile.computeEndUs,
    m,
    computeStartUs,
  );
  const size = decodeInt32(inflate, 'batches.size', batchesFile.size, m);
  const paddedSize = decodeInt32(inflate, 'batches.paddingSlots', batchesFile.paddingSlots, m);
  for (let b = 0; b < m; b++) paddedSize[b] += size[b];
  const padFraction = decodePadFraction(inflate, batchesFile.padFraction, m);
  const instance = decodeInt32(inflate, 'batches.instance', batchesFile.instance, m);
  const flushedInts = decodeInt32(inflate, 'batches.flushed', batchesFile.flushed, m);
  const flushed = Uint8Array.from(flushedInts, (v) => (v ? 1 : 0));

  const n = requestsFile.count;
  const memberCount = batchesFile.members.count;
  const members = new Int32Array(memberCount);
  // The gaps are read into what becomes requests.doneMs (the same length in every profile where
  // no request sits in two batches): one fresh array less.
  const memberGaps = readValues(inflate, 'batches.members', batchesFile.members, memberCount);
  const scratch = memberGaps.length === n ? memberGaps : undefined;
  let prevId = -1;
  for (let k = 0; k < memberCount; k++) {
    const id = prevId + 1 + memberGaps[k];
    if (!Number.isInteger(id) || id < 0 || id >= n)
      throw fail('batches.members', `request id ${id} is outside 0..${n - 1}`);
    members[k] = prevId = id;
  }
  const firstMember = batchesFile.firstMember
    ? decodeInt32(inflate, 'batches.firstMember', batchesFile.firstMember, m)
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
  // The times are still µs here: converted in place at the end, once no offset refers to them.
  const batches: BatchColumns = {
    dispatchMs: dispatchUs,
    computeStartMs: computeStartUs,
    computeEndMs: computeEndUs,
    size,
    paddedSize,
    padFraction,
    instance,
    firstMember,
    members,
    flushed,
  };

  const scheduledUs = decodeDelta(inflate, 'requests.scheduledUs', requestsFile.scheduledUs, n);
  const enqueueUs = decodeOffset(inflate, 'requests.enqueueUs', requestsFile.enqueueUs, n, scheduledUs);
  let batch: Int32Array;
  if (requestsFile.batch) {
    if (requestsFile.rejected) {
      throw new ColumnDataError(
        'requests.rejected: present beside a stored requests.batch, which already says which requests were rejected',
      );
    }
    batch = decodeInt32(inflate, 'requests.batch', requestsFile.batch, n);
    for (let i = 0; i < n; i++) {
      if (batch[i] < BATCH_REJECTED || batch[i] >= m)
        throw new ColumnDataError(`requests.batch: batch ${batch[i]} does not exist`);
    }
  } else {
    const implied = batchOfRequests(batches, n);
    if (!implied) throw new ColumnDataError('batches.members: a request appears in two batches');
    batch = implied;
    if (requestsFile.rejected) decodeRejected(inflate, requestsFile.rejected, batch);
  }
  const doneUs = readValues(inflate, 'requests.doneUs', requestsFile.doneUs, n, scratch);
  for (let i = 0; i < n; i++)
    if (!Number.isNaN(doneUs[i])) doneUs[i] += refOf(doneReference(batch[i], computeEndUs, scheduledUs[i]));
  for (const us of [dispatchUs, computeStartUs, computeEndUs]) toMsInPlace(us);
  const requests: RequestColumns = {
    scheduledMs: toMsInPlace(scheduledUs),
    enqueueMs: toMsInPlace(enqueueUs),
    doneMs: toMsInPlace(doneUs),
    batch,
  };
  if (requestsFile.priority) {
    const name = 'requests.priority';
    const values = readValues(inflate, name, requestsFile.priority, n);
    const priority = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      const v = values[i];
      if (!(Number.isInteger(v) && v >= 0 && v <= 255))
        throw fail(name, `value ${v} is not a priority level (0..255)`);
      if (levels !== undefined && v >= levels)
        throw fail(name, `request ${i} has level ${v} but the run had ${levels} priority levels`);
      priority[i] = v;
    }
    requests.priority = priority;
  }
  return { requests, batches };
}

/** Marks the ids listed in the `rejected` column; each must exist, come once, ascending, and be in no batch. */
function decodeRejected(inflate: InflateColumn, col: EncodedColumn, batch: Int32Array): void {
  const name = 'requests.rejected';
  const gaps = readValues(inflate, name, col, col.count);
  let prev = -1;
  for (const gap of gaps) {
    const id = prev + 1 + gap;
    if (!Number.isInteger(id) || id < 0 || id >= batch.length)
      throw fail(name, `request id ${id} is outside 0..${batch.length - 1}`);
    if (id === prev) throw fail(name, `request ${id} is listed twice`);
    if (id < prev) throw fail(name, `ids are not ascending (${id} after ${prev})`);
    if (batch[id] !== BATCH_NEVER_RAN) throw fail(name, `request ${id} is both rejected and in a batch`);
    batch[id] = BATCH_REJECTED;
    prev = id;
  }
}
