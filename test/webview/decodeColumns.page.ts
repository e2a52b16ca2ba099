/**
 * Bundled by compactProfiles.test.ts and evaluated in a page: the webview's own decoder
 * (DecompressionStream + the shared column decoder), exposed as `window.__decodeColumns`, with
 * the columns returned as plain arrays (NaN as the string 'NaN', which JSON cannot carry).
 */
import type { CompactProfile } from '../../src/shared/compactProfile';
import { decodeProfile } from '../../webview/data/decodeProfile';

const plain = (columns: object): Record<string, Array<number | string>> =>
  Object.fromEntries(
    Object.entries(columns).map(([k, v]) => [
      k,
      Array.from(v as ArrayLike<number>, (x) => (Number.isNaN(x) ? 'NaN' : x)),
    ]),
  );

(window as unknown as { __decodeColumns: unknown }).__decodeColumns = async (compact: CompactProfile) => {
  const profile = await decodeProfile(compact);
  return profile.strategies.map((s) => ({ requests: plain(s.requests), batches: plain(s.batches) }));
};
