/**
 * The profile files the panel's `openProfilePath` message may open: only those this extension
 * host wrote (a finished or partial run, Save As…) or showed because the user opened them (Open
 * Profile, Compare Profiles, a restored panel). The webview echoes back a path the host sent it;
 * anything else — a path outside the workspace, a relative path, one with `.` / `..` segments, a
 * symlink swapped in after the host wrote the file — is refused. Pure `path`/`fs`, no `vscode`.
 */
import * as fs from 'fs';
import * as path from 'path';
import { MAX_PATH_LENGTH } from '../../shared/panelProtocol';

export type OpenPathCheck = { ok: true; path: string } | { ok: false; reason: string };

export class OpenPathAllowlist {
  /** Absolute normalized path as the host named it → the real path it had when it was allowed. */
  private readonly allowed = new Map<string, string>();

  /** Allow `file` (an existing profile the host wrote or the user opened). */
  add(file: string): void {
    const key = path.resolve(file);
    this.allowed.set(key, realPathOr(key) ?? key);
  }

  /** Number of allowed paths (for tests). */
  get size(): number {
    return this.allowed.size;
  }

  /**
   * Check a path from the webview. Accepted only when it is, character for character, an absolute
   * normalized path the host allowed, and it still resolves to the same regular file. Returns the
   * real path to open, or why it was refused.
   */
  check(candidate: unknown): OpenPathCheck {
    if (typeof candidate !== 'string' || candidate.length === 0 || candidate.includes('\0'))
      return { ok: false, reason: 'not a path' };
    if (candidate.length > MAX_PATH_LENGTH)
      return { ok: false, reason: `longer than ${MAX_PATH_LENGTH} characters` };
    if (!path.isAbsolute(candidate)) return { ok: false, reason: 'not an absolute path' };
    // The host only ever sends normalized absolute paths; `..`, `.`, `//` or a trailing slash
    // mean the webview made this path up.
    if (path.resolve(candidate) !== candidate) return { ok: false, reason: 'not a normalized path' };
    const real = this.allowed.get(candidate);
    if (real === undefined) return { ok: false, reason: 'not a profile Batchscope wrote or opened' };
    const now = realPathOr(candidate);
    if (now === undefined) return { ok: false, reason: 'the file no longer exists' };
    if (now !== real)
      return { ok: false, reason: 'the file was replaced by a link since Batchscope allowed it' };
    try {
      if (!fs.statSync(now).isFile()) return { ok: false, reason: 'not a file' };
    } catch {
      return { ok: false, reason: 'the file no longer exists' };
    }
    return { ok: true, path: now };
  }
}

function realPathOr(p: string): string | undefined {
  try {
    return fs.realpathSync(p);
  } catch {
    return undefined;
  }
}
