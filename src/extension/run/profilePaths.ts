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

/**
 * The fix a failed profile save suggests in the extension (engine and host saves alike): the
 * profiles folder is a setting. Used as FileSaveError's `elsewhere`.
 */
export const SAVE_ELSEWHERE_HINT =
  'set batchscope.profilesFolder to a folder on another disk (or a writable folder) and run again';

/** `<model>-<YYYYMMDD-HHMMSS>.json`, the model name reduced to safe file-name characters. */
export function profileFileName(modelPath: string, when: Date): string {
  const base = path.basename(modelPath).replace(/\.onnx$/i, '');
  const safe = base.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^\.+/, '') || 'model';
  const p = (n: number): string => String(n).padStart(2, '0');
  const stamp = `${when.getFullYear()}${p(when.getMonth() + 1)}${p(when.getDate())}-${p(when.getHours())}${p(when.getMinutes())}${p(when.getSeconds())}`;
  return `${safe}-${stamp}.json`;
}

/** A fresh profile path in `folder` that does not exist yet (adds -2, -3... on a clash). */
export function newProfilePath(folder: string, modelPath: string, when: Date): string {
  const name = profileFileName(modelPath, when);
  let candidate = path.join(folder, name);
  for (let i = 2; fs.existsSync(candidate); i++)
    candidate = path.join(folder, name.replace(/\.json$/, `-${i}.json`));
  return candidate;
}

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
