/**
 * Asks an engine child for profile listings (`summarizeProfiles`): a fresh child per refresh,
 * disposed when it answers, so the view keeps no idle process and never waits behind a run.
 * No `vscode` import.
 */
import { unreadableListing, type ProfileListing } from '../../shared/profileListing';

/** The part of EngineClient the view uses. */
export interface ProfileSummarizer {
  summarizeProfiles(paths: string[]): Promise<ProfileListing[]>;
  dispose(): void;
}

/**
 * The listings of `paths`, in order. When the engine dies on the whole batch (a native crash, or
 * the out-of-memory killer on one huge file), each file is retried alone so that only the culprit
 * is marked unreadable. When every file fails alone too, the engine itself is broken: that error
 * is thrown, and nothing is remembered as unreadable.
 */
export async function summarizeInEngine(
  paths: string[],
  newEngine: () => ProfileSummarizer,
): Promise<ProfileListing[]> {
  if (paths.length === 0) return [];
  let batchError: unknown;
  try {
    return await ask(paths, newEngine);
  } catch (err) {
    if (paths.length === 1) throw err;
    batchError = err;
  }
  const results: ProfileListing[] = [];
  let failures = 0;
  for (const p of paths) {
    try {
      results.push(...(await ask([p], newEngine)));
    } catch (err) {
      failures++;
      results.push(unreadableListing(p, `The engine failed while reading it: ${(err as Error).message}`));
    }
  }
  if (failures === paths.length) throw batchError;
  return results;
}

async function ask(paths: string[], newEngine: () => ProfileSummarizer): Promise<ProfileListing[]> {
  const engine = newEngine();
  try {
    const listings = await engine.summarizeProfiles(paths);
    if (listings.length !== paths.length)
      throw new Error(`The engine answered ${listings.length} listings for ${paths.length} files.`);
    return listings;
  } finally {
    engine.dispose();
  }
}
