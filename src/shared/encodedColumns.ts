/**
 * The compact per-request and per-batch columns as the profile file stores them (written by
 * engine/profile/columnsCodec.ts, read by columnsDecoder.ts). Shared because the webview reads them
 * too: the HTML report and the panel receive saved profiles with their columns in this form.
 */

/**
 * One encoded column: `count` values, stored as `data` = base64(deflateRaw(bytes)). `encoding`
 * says how the bytes are laid out:
 * - `zigzag-varint`: one LEB128 varint per value of zigzag(v)+1 (0 = missing/NaN);
 * - `float32-le`: 4 little-endian IEEE-754 bytes per value.
 */
export interface EncodedColumn {
  encoding: 'zigzag-varint' | 'float32-le';
  count: number;
  data: string;
}

/**
 * Per-request columns. Times are integer microseconds. `scheduledUs` is delta-coded from the
 * previous request; `enqueueUs` is stored relative to the request's scheduled time; `doneUs`
 * relative to its batch's compute end (or to its scheduled time when it has no finished batch).
 * `batch` is omitted when it is exactly the inverse of the batches' member lists with the
 * `rejected` ids marked -2 (the usual case).
 *
 * Version 2: `rejected` (present only when some were and `batch` is omitted) lists the ids of
 * rejected requests, ascending, delta-coded minus one like batch members; a rejected request's
 * `doneUs` (relative to its scheduled time) is when it was rejected. `priority` holds each
 * request's priority level (0 = highest), present only when the traffic had several levels.
 */
export interface EncodedRequests {
  count: number;
  scheduledUs: EncodedColumn;
  enqueueUs: EncodedColumn;
  doneUs: EncodedColumn;
  batch?: EncodedColumn;
  rejected?: EncodedColumn;
  priority?: EncodedColumn;
}

/**
 * Per-batch columns. `dispatchUs` is delta-coded from the previous batch, `computeStartUs`
 * relative to the batch's dispatch, `computeEndUs` relative to its compute start. `paddedSize`
 * is stored as padding slots (paddedSize - size). `members` is delta-coded minus one, so the
 * consecutive ids of a FIFO batch are all zeros. `firstMember` is omitted when it equals the
 * running sum of sizes (the usual case).
 */
export interface EncodedBatches {
  count: number;
  dispatchUs: EncodedColumn;
  computeStartUs: EncodedColumn;
  computeEndUs: EncodedColumn;
  size: EncodedColumn;
  paddingSlots: EncodedColumn;
  padFraction: EncodedColumn;
  instance: EncodedColumn;
  flushed: EncodedColumn;
  members: EncodedColumn;
  firstMember?: EncodedColumn;
}
