/**
 * The host's memory of profile listings, keyed by path, modification time and size: a refresh
 * asks the engine only about files that are new or changed since the last one, so a folder of
 * large profiles is read once, not at every save of one more. No `vscode` import.
 */
import * as fs from 'fs';
import type { ProfileListing } from '../../shared/profileListing';

/** What identifies a version of a file. */
export interface FileStamp {
  mtimeMs: number;
  size: number;
}

/** Reads the listings of files (the engine's `summarizeProfiles`), one per path, in order. */
export type Summarize = (paths: string[]) => Promise<ProfileListing[]>;

/** The stamp of a regular file, or undefined when it is gone (or is not a file). */
export async function statFile(file: string): Promise<FileStamp | undefined> {
  try {
    const st = await fs.promises.stat(file);
    return st.isFile() ? { mtimeMs: st.mtimeMs, size: st.size } : undefined;
  } catch {
    return undefined;
  }
}

export class ListingCache {
  private readonly entries = new Map<string, { stamp: FileStamp; listing: ProfileListing }>();

  constructor(
    private readonly summarize: Summarize,
    private readonly stat: (file: string) => Promise<FileStamp | undefined> = statFile,
  ) {}

  /**
   * The listings of `paths`, in order, less the files that no longer exist. Only new or changed
   * files are read (`read` names them); entries of paths not asked for are forgotten.
   */
  async listings(paths: readonly string[]): Promise<{ listings: ProfileListing[]; read: string[] }> {
    const stamps = await Promise.all(paths.map((p) => this.stat(p)));
    const present: Array<{ path: string; stamp: FileStamp }> = [];
    paths.forEach((p, i) => {
      const stamp = stamps[i];
      if (stamp) present.push({ path: p, stamp });
    });
    const stale = present.filter(({ path, stamp }) => {
      const e = this.entries.get(path);
      return !e || e.stamp.mtimeMs !== stamp.mtimeMs || e.stamp.size !== stamp.size;
    });
    if (stale.length > 0) {
      const fresh = await this.summarize(stale.map((s) => s.path));
      stale.forEach((s, i) => {
        const listing = fresh[i];
        if (listing) this.entries.set(s.path, { stamp: s.stamp, listing });
      });
    }
    const wanted = new Set(paths);
    for (const key of [...this.entries.keys()]) if (!wanted.has(key)) this.entries.delete(key);
    return {
      listings: present.flatMap((p) => {
        const e = this.entries.get(p.path);
        return e ? [e.listing] : [];
      }),
      read: stale.map((s) => s.path),
    };
  }

  /** Forget one file (it was deleted), so that a new file at the same path is read again. */
  forget(file: string): void {
    this.entries.delete(file);
  }
}
