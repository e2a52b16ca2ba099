/**
 * Decodes a {@link CompactProfile} in the page: every column is inflated with the browser's own
 * DecompressionStream (native, off the JS heap's hot path; no inflate library in the bundle),
 * then read by the project's one column decoder (src/shared/columnsDecoder.ts), the same code
 * the engine reads profile files with.
 */
import { ColumnDataError } from '../../src/shared/columnBytes';
import { encodedColumnsOf, expandProfile, type CompactProfile } from '../../src/shared/compactProfile';
import type { Profile } from '../../src/shared/profileTypes';

/** The profile with its columns decoded; rejects with a ColumnDataError naming the column. */
export async function decodeProfile(compact: CompactProfile): Promise<Profile> {
  const data = [...new Set(encodedColumnsOf(compact))];
  const inflated = new Map<string, Uint8Array | Error>();
  await Promise.all(
    data.map(async (d) => {
      try {
        inflated.set(d, await inflateBase64(d));
      } catch (err) {
        // Reported by the decoder, which knows the column's name.
        inflated.set(d, err as Error);
      }
    }),
  );
  return expandProfile(compact, (d) => {
    const bytes = inflated.get(d);
    if (bytes instanceof Uint8Array) return bytes;
    throw new ColumnDataError(`compressed data is damaged (${bytes?.message ?? 'not inflated'})`);
  });
}

/** `Uint8Array.fromBase64` (ES2026: Chromium 140+, not yet in every VS Code's Electron). */
const fromBase64 = (
  Uint8Array as unknown as { fromBase64?: (s: string) => Uint8Array<ArrayBuffer> }
).fromBase64?.bind(Uint8Array);

/** base64 → bytes: natively where the page has it, else through atob. */
function base64Bytes(base64: string): Uint8Array<ArrayBuffer> {
  if (fromBase64) return fromBase64(base64);
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/**
 * base64 of raw-deflated bytes → the bytes. The stream is written and read directly: wrapping
 * it in a Blob and a Response took two to three times as long in Chromium.
 */
async function inflateBase64(base64: string): Promise<Uint8Array> {
  const stream = new DecompressionStream('deflate-raw');
  const writer = stream.writable.getWriter();
  // Errors surface on the reader; these promises settle with it.
  writer.write(base64Bytes(base64)).catch(() => undefined);
  writer.close().catch(() => undefined);
  const reader = stream.readable.getReader();
  const chunks: Uint8Array[] = [];
  let length = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    length += value.length;
  }
  if (chunks.length === 1) return chunks[0];
  const bytes = new Uint8Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.length;
  }
  return bytes;
}
