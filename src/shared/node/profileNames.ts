/**
 * How profiles are named and where a failed save suggests saving instead: one rule for the
 * extension host (which picks a run's path before it starts, to find it again after a reload)
 * and the engine (sweeps, CLI). Node-only (`fs`, `path`), so the webview never imports it.
 */
import * as fs from 'fs';
import * as path from 'path';

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
