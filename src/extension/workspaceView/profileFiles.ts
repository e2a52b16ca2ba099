/**
 * Which files the Batchscope view lists as saved profiles and sweeps: the `*.json` files in each
 * profiles folder (`batchscope.profilesFolder`) and the `*.sweep.json` files in the `sweeps`
 * folder beside it, where the panel's sweeps are saved (sweep/sweepSession.ts). Not recursive:
 * both are flat folders. No `vscode` import.
 */
import * as fs from 'fs';
import * as path from 'path';
import { isSweepPath } from '../../shared/profileListing';

/** `.batchscope/sweeps` for `.batchscope/profiles`: the sweeps folder beside a profiles folder. */
export function sweepsFolderFor(profilesFolder: string): string {
  return path.join(path.dirname(profilesFolder), 'sweeps');
}

/** Absolute paths of the profiles and sweeps in `profilesFolders` (and their sweeps folders), sorted. */
export async function findProfileFiles(profilesFolders: readonly string[]): Promise<string[]> {
  const found = new Set<string>();
  for (const folder of new Set(profilesFolders.map((f) => path.resolve(f)))) {
    for (const f of await jsonFiles(folder, (name) => name.toLowerCase().endsWith('.json')))
      // `.batchscope/config.json` holds run configurations, not a profile (profilesFolder = .batchscope).
      if (!(path.basename(f) === 'config.json' && path.basename(folder) === '.batchscope')) found.add(f);
    for (const f of await jsonFiles(sweepsFolderFor(folder), isSweepPath)) found.add(f);
  }
  return [...found].sort();
}

/** Regular files in `folder` whose names pass `accept`, dotfiles (temp files of atomic saves) left out. */
async function jsonFiles(folder: string, accept: (name: string) => boolean): Promise<string[]> {
  let entries: fs.Dirent[];
  try {
    entries = await fs.promises.readdir(folder, { withFileTypes: true });
  } catch {
    return []; // no profiles saved yet: the folder does not exist
  }
  return entries
    .filter((e) => e.isFile() && !e.name.startsWith('.') && accept(e.name))
    .map((e) => path.join(folder, e.name));
}
