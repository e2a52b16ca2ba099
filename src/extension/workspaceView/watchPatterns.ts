/**
 * Where the view watches for saved profiles and sweeps. A folder inside a workspace folder is
 * watched as a glob relative to that workspace folder: VS Code's own recursive workspace watcher
 * serves it, and it reports files in a profiles folder that does not exist yet (the first save
 * creates it). A folder outside every workspace folder (an absolute `batchscope.profilesFolder`)
 * gets a watcher of its own, non-recursive. No `vscode` import.
 */
import * as path from 'path';
import { isInside } from '../run/profilePaths';
import { sweepsFolderFor } from './profileFiles';

/** A `RelativePattern`'s parts: a base folder and a glob relative to it (forward slashes). */
export interface WatchPattern {
  base: string;
  glob: string;
}

export function profileWatchPatterns(
  profilesFolders: readonly string[],
  workspaceFolders: readonly string[],
): WatchPattern[] {
  const patterns = new Map<string, WatchPattern>();
  const add = (folder: string, fileGlob: string): void => {
    const ws = workspaceFolders.find((w) => isInside(w, folder));
    const rel = ws ? path.relative(ws, folder).split(path.sep).join('/') : '';
    const p: WatchPattern = ws
      ? { base: ws, glob: rel ? `${rel}/${fileGlob}` : fileGlob }
      : { base: folder, glob: fileGlob };
    patterns.set(`${p.base}\0${p.glob}`, p);
  };
  for (const folder of profilesFolders) {
    add(path.resolve(folder), '*.json');
    add(sweepsFolderFor(path.resolve(folder)), '*.sweep.json');
  }
  return [...patterns.values()];
}
