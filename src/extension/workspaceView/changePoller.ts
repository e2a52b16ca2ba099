/**
 * A second way for the view to notice new profiles besides file watchers: while the view is
 * visible, a fingerprint of the profile files (names, mtimes, sizes) is taken every few seconds
 * and compared with the one the view last loaded. File watchers miss changes in places: files in
 * a folder created after the watcher started were never reported in code-server here (the first
 * save creates `.batchscope/profiles`), and inotify does not see writes another machine makes on
 * a network file system (a CLI run on a cluster node). A poll costs a directory listing and a
 * `stat` per file; the engine reads only what changed. No `vscode` import.
 */
import { statFile } from './listingCache';
import { findProfileFiles } from './profileFiles';

/** Paths, mtimes and sizes of the profiles and sweeps in `profilesFolders`, as one string. */
export async function profileFilesFingerprint(profilesFolders: readonly string[]): Promise<string> {
  return fingerprintOf(await findProfileFiles(profilesFolders));
}

/** Paths, mtimes and sizes of `files`, as one string. */
export async function fingerprintOf(files: readonly string[]): Promise<string> {
  const stamps = await Promise.all(files.map(statFile));
  return files.map((f, i) => `${f}\0${stamps[i]?.mtimeMs ?? '-'}\0${stamps[i]?.size ?? '-'}`).join('\n');
}

export class ChangePoller {
  private timer: NodeJS.Timeout | undefined;
  private shown: string | undefined;
  private busy = false;

  constructor(
    private readonly fingerprint: () => Promise<string>,
    private readonly onChange: () => void,
    private readonly intervalMs: number,
  ) {}

  /** What the view now shows: a load took this fingerprint before it read the files. */
  loaded(fingerprint: string): void {
    this.shown = fingerprint;
  }

  /** Poll (while the view is visible); idempotent. */
  start(): void {
    this.timer ??= setInterval(() => void this.poll(), this.intervalMs);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** One comparison; `onChange` once per difference (until the next load says what is shown). */
  async poll(): Promise<void> {
    if (this.busy || this.shown === undefined) return;
    this.busy = true;
    try {
      const now = await this.fingerprint();
      if (this.shown !== undefined && now !== this.shown) {
        this.shown = now;
        this.onChange();
      }
    } catch {
      // A folder that vanished mid-listing: the next poll or the next load tells.
    } finally {
      this.busy = false;
    }
  }
}
