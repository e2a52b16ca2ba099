/**
 * A run configuration's `model` and the file it names: relative paths are relative to the folder
 * that holds `.batchscope/` (the workspace folder), so a configuration committed with the repo
 * runs from any clone. Node-only (`path`; string logic, no fs): the host and the CLI use it.
 */
import * as path from 'path';
import { isSyntheticModelRef, parseSyntheticSpec, formatSyntheticSpec } from '../syntheticModel';
import type { RunConfiguration } from '../runConfigurations/configurationFormat';
import { usableConfigurations } from '../runConfigurations/findConfiguration';
import type { RunConfigurationsFile } from '../runConfigurations/parseConfigurations';

/**
 * The folder a configurations file configures: the parent of its `.batchscope` folder, or, for a
 * file elsewhere (`--config-file ci/runs.json`), the folder it is in.
 */
export function configurationsFolder(filePath: string): string {
  const dir = path.dirname(path.resolve(filePath));
  return path.basename(dir) === '.batchscope' ? path.dirname(dir) : dir;
}

/** The model a configuration names: an absolute path, or the synthetic spec as written. */
export function resolveModelRef(model: string, folder: string): string {
  if (isSyntheticModelRef(model)) return model.trim();
  return path.resolve(folder, model);
}

/**
 * What to write as `model` when saving a configuration for `model` (an absolute path or a
 * synthetic spec): a `/`-separated path relative to `folder` when the model is inside it (so the
 * file works in every clone and on every OS), else the absolute path.
 */
export function modelRefFor(model: string, folder: string): string {
  if (isSyntheticModelRef(model)) return model.trim();
  const rel = path.relative(path.resolve(folder), path.resolve(model));
  if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) return path.resolve(model);
  return rel.split(path.sep).join('/');
}

/** True when two model references (paths or synthetic specs) name the same model. */
export function sameModel(a: string, b: string): boolean {
  if (isSyntheticModelRef(a) || isSyntheticModelRef(b)) {
    if (!(isSyntheticModelRef(a) && isSyntheticModelRef(b))) return false;
    try {
      return formatSyntheticSpec(parseSyntheticSpec(a)) === formatSyntheticSpec(parseSyntheticSpec(b));
    } catch {
      return a.trim() === b.trim();
    }
  }
  const norm = (p: string): string => {
    const abs = path.resolve(p);
    // Windows and macOS file systems ignore case by default.
    return process.platform === 'win32' || process.platform === 'darwin' ? abs.toLowerCase() : abs;
  };
  return norm(a) === norm(b);
}

/** The usable configurations of `file` (which configures `folder`) whose model is `model`. */
export function configurationsForModel(
  file: RunConfigurationsFile,
  model: string,
  folder: string,
): RunConfiguration[] {
  return usableConfigurations(file).filter((c) => sameModel(resolveModelRef(c.model, folder), model));
}
