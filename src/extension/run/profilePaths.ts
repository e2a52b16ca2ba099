/**
 * Where profiles are saved, and which profile paths the host accepts from untrusted places
 * (a webview message, a restored webview state). Pure `path`/`fs` logic, no `vscode`.
 */
import * as fs from 'fs';
import * as path from 'path';

/**
 * The absolute profiles folder: the setting as is when absolute, else relative to the base folder
 * (the workspace folder holding the model, or the model's own folder outside any workspace).
 */
export function resolveProfilesFolder(setting: string, baseFolder: string): string {
  return path.isAbsolute(setting) ? path.normalize(setting) : path.resolve(baseFolder, setting);
}

export { newProfilePath, profileFileName, SAVE_ELSEWHERE_HINT } from '../../shared/node/profileNames';

/** True when `child` is `parent` or lies inside it (after resolving `..`; no symlink games on the name). */
export function isInside(parent: string, child: string): boolean {
  const rel = path.relative(path.resolve(parent), path.resolve(child));
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/**
 * Check a profile path that came from somewhere the host does not trust (webview state after a
 * reload). Accepts it only when it is an absolute `.json` path of an existing regular file that
 * lies inside one of `allowedRoots` (workspace folders, the profiles folder). Returns the
 * normalized real path, or a reason for refusing.
 */
export function checkUntrustedProfilePath(
  candidate: unknown,
  allowedRoots: readonly string[],
): { ok: true; path: string } | { ok: false; reason: string } {
  if (
    typeof candidate !== 'string' ||
    candidate.length === 0 ||
    candidate.length > 4096 ||
    candidate.includes('\0')
  )
    return { ok: false, reason: 'not a path' };
  if (!path.isAbsolute(candidate)) return { ok: false, reason: 'not an absolute path' };
  if (path.extname(candidate).toLowerCase() !== '.json') return { ok: false, reason: 'not a .json file' };
  let real: string;
  try {
    real = fs.realpathSync(candidate);
    if (!fs.statSync(real).isFile()) return { ok: false, reason: 'not a file' };
  } catch {
    return { ok: false, reason: 'the file does not exist' };
  }
  const roots = allowedRoots.map((r) => {
    try {
      return fs.realpathSync(r);
    } catch {
      return path.resolve(r);
    }
  });
  if (!roots.some((r) => isInside(r, real)))
    return { ok: false, reason: 'outside the workspace and the profiles folder' };
  return { ok: true, path: real };
}
