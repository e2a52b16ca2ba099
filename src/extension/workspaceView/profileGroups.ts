/**
 * How the Batchscope view groups what it lists: one group per model, holding the model's run
 * configurations and its saved profiles and sweeps. Pure (no `vscode`).
 *
 * A profile belongs to the workspace model at the path it records; failing that, to the one
 * workspace model with the same file name (a profile made before the folder moved, or on another
 * machine). Otherwise it gets a group of its own named after its model, marked as not in the
 * workspace, so no saved profile is ever hidden. Files that cannot be read go in a last group.
 */
import * as path from 'path';
import type { ProfileListing } from '../../shared/profileListing';

/** A run configuration of `.batchscope/config.json`, as the controller lists it. */
export interface RunConfigurationRef {
  name: string;
  /** Absolute model path, or a synthetic model's spec (`synthetic:…`). */
  modelPath: string;
  /** The configuration file that defines it (absolute). */
  file: string;
}

export type ModelGroupKind = 'workspace' | 'synthetic' | 'elsewhere' | 'unreadable';

export interface ModelGroup {
  /** Stable across refreshes (the tree keeps expansion state by it). */
  key: string;
  kind: ModelGroupKind;
  /** The model's file name, a synthetic spec, or the group's name. */
  label: string;
  /** Absolute path of the model file (workspace models), or the path the profiles recorded. */
  modelPath?: string;
  configurations: RunConfigurationRef[];
  /** Newest first. */
  profiles: ProfileListing[];
}

const SYNTHETIC_PREFIX = 'synthetic:';

/**
 * Groups `listings` and `configurations` under `models` (absolute paths of the workspace's model
 * files). Every workspace model has a group, even an empty one. Order: workspace models by path,
 * then synthetic models, then models not in the workspace, then unreadable files.
 */
export function groupByModel(
  models: readonly string[],
  configurations: readonly RunConfigurationRef[],
  listings: readonly ProfileListing[],
): ModelGroup[] {
  const groups = new Map<string, ModelGroup>();
  const byPath = new Map<string, ModelGroup>();
  const byName = new Map<string, ModelGroup[]>();
  for (const m of [...new Set(models.map((p) => path.resolve(p)))].sort()) {
    const group: ModelGroup = {
      key: `model:${m}`,
      kind: 'workspace',
      label: path.basename(m),
      modelPath: m,
      configurations: [],
      profiles: [],
    };
    groups.set(group.key, group);
    byPath.set(m, group);
    const sameName = byName.get(group.label) ?? [];
    sameName.push(group);
    byName.set(group.label, sameName);
  }
  const groupFor = (key: string, make: () => Omit<ModelGroup, 'configurations' | 'profiles'>): ModelGroup => {
    let g = groups.get(key);
    if (!g) {
      g = { ...make(), configurations: [], profiles: [] };
      groups.set(key, g);
    }
    return g;
  };
  const otherModel = (modelPath: string, fileName: string, synthetic: boolean): ModelGroup => {
    if (synthetic || modelPath.startsWith(SYNTHETIC_PREFIX))
      return groupFor(`synthetic:${modelPath}`, () => ({
        key: `synthetic:${modelPath}`,
        kind: 'synthetic',
        label: modelPath,
      }));
    const name = fileName || path.basename(modelPath) || modelPath;
    return groupFor(`elsewhere:${name}`, () => ({
      key: `elsewhere:${name}`,
      kind: 'elsewhere',
      label: name,
      modelPath,
    }));
  };

  for (const c of configurations) {
    // A configuration names a path in this workspace: if that file is missing, running it fails,
    // so it is not matched to another model of the same name.
    const exact = isFilePath(c.modelPath) ? byPath.get(path.resolve(c.modelPath)) : undefined;
    (exact ?? otherModel(c.modelPath, '', false)).configurations.push(c);
  }

  for (const l of listings) {
    if (l.error !== undefined) {
      groupFor('unreadable', () => ({
        key: 'unreadable',
        kind: 'unreadable',
        label: 'Unreadable files',
      })).profiles.push(l);
      continue;
    }
    const onFile = !l.synthetic && isFilePath(l.modelPath);
    const exact = onFile ? byPath.get(path.resolve(l.modelPath)) : undefined;
    // Matching by name only when exactly one workspace model has it: two would be a guess.
    const sameName = l.synthetic ? undefined : byName.get(l.modelFileName || path.basename(l.modelPath));
    const byFileName = !exact && sameName?.length === 1 ? sameName[0] : undefined;
    (exact ?? byFileName ?? otherModel(l.modelPath, l.modelFileName, l.synthetic)).profiles.push(l);
  }

  const rank: Record<ModelGroupKind, number> = { workspace: 0, synthetic: 1, elsewhere: 2, unreadable: 3 };
  const result = [...groups.values()];
  for (const g of result) g.profiles.sort(newestFirst);
  // Map order keeps workspace models sorted by path; the rest sort by kind, then label.
  return result.sort((a, b) =>
    a.kind !== b.kind
      ? rank[a.kind] - rank[b.kind]
      : a.kind === 'workspace'
        ? 0
        : a.label.localeCompare(b.label),
  );
}

/** An absolute file path, not a synthetic spec. */
function isFilePath(modelPath: string): boolean {
  return !modelPath.startsWith(SYNTHETIC_PREFIX) && path.isAbsolute(modelPath);
}

/** By recording time, newest first; unknown times last; then by path for a stable order. */
function newestFirst(a: ProfileListing, b: ProfileListing): number {
  const ta = Date.parse(a.createdAt);
  const tb = Date.parse(b.createdAt);
  const ka = Number.isNaN(ta) ? -Infinity : ta;
  const kb = Number.isNaN(tb) ? -Infinity : tb;
  if (ka !== kb) return kb - ka;
  return a.path.localeCompare(b.path);
}
