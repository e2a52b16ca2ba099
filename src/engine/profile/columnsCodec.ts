/**
 * Encodes one strategy's per-request and per-batch columns compactly (see encodedColumns.ts for
 * the layout); decoding is src/shared/columnsDecoder.ts (the webview decodes the same columns),
 * here with zlib to inflate. Times round-trip to the nearest microsecond; everything else is exact.
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
import {
  batchOfRequests,
  decodeColumns as decodeWith,
  doneReference,
  prefixSums,
  refOf,
} from '../../shared/columnsDecoder';
import type { EncodedBatches, EncodedColumn, EncodedRequests } from './profileFileTypes';
import { VarintWriter, encodeFloat32, inflateColumn } from './varintColumn';

/** ms (float) → integer µs; non-finite stays NaN ("missing"). */
function toUs(ms: number): number {
  return Number.isFinite(ms) ? Math.round(ms * 1000) : NaN;
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

/**
 * Decodes one strategy's columns as read from a profile file (see src/shared/columnsDecoder.ts).
 * @param levels the run's priority levels (settings.priorities), when known
 * @throws ColumnDataError naming the column when a length, count or id does not add up.
 */
export function decodeColumns(
  requestsFile: EncodedRequests,
  batchesFile: EncodedBatches,
  levels?: number,
): { requests: RequestColumns; batches: BatchColumns } {
  return decodeWith(requestsFile, batchesFile, inflateColumn, levels);
}
