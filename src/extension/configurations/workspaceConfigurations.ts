/**
 * The workspace's run configurations (`.batchscope/config.json` in each workspace folder) as the
 * extension host reads and writes them: the file I/O around the shared, pure format
 * (src/shared/runConfigurations), which the CLI's `profile --config` reads the same way.
 * No `vscode` import.
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import type { PanelRunConfig } from '../../shared/panelProtocol';
import {
  CONFIGURATIONS_PATH,
  fromPanelRunConfig,
  parseConfigurations,
  toPanelRunConfig,
  upsertConfiguration,
} from '../../shared/runConfigurations';
import { modelRefFor, resolveModelRef } from '../../shared/node/runConfigurationModel';

/** One named configuration, resolved: its model, and the run config it stands for. */
export interface WorkspaceConfiguration {
  name: string;
  /** The .batchscope/config.json it is in. */
  file: string;
  /** The folder holding `.batchscope/` (a relative `model` is relative to it). */
  folder: string;
  /** Absolute model path, or a synthetic spec. */
  modelRef: string;
  config: PanelRunConfig;
  /** Changes whenever the configuration's text does: a form draft made from older text is dropped. */
  key: string;
}

/** Where a folder's run configurations live. */
export function configurationFile(folder: string): string {
  return path.join(folder, CONFIGURATIONS_PATH);
}

/**
 * Every configuration in these folders' files. A file that cannot be read or parsed, or a
 * configuration that does not check, is left out and named in `problems` (for the log).
 */
export async function readWorkspaceConfigurations(
  folders: readonly string[],
  defaultsFor: (modelRef: string) => PanelRunConfig,
): Promise<{ entries: WorkspaceConfiguration[]; problems: string[] }> {
  const entries: WorkspaceConfiguration[] = [];
  const problems: string[] = [];
  for (const folder of folders) {
    const file = configurationFile(folder);
    let text: string;
    try {
      text = await fs.promises.readFile(file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT')
        problems.push(`${file} could not be read: ${(err as Error).message}`);
      continue;
    }
    const parsed = parseConfigurations(text, file);
    problems.push(...parsed.problems);
    for (const configuration of parsed.configurations) {
      const modelRef = resolveModelRef(configuration.model, folder);
      try {
        entries.push({
          name: configuration.name,
          file,
          folder,
          modelRef,
          config: toPanelRunConfig(configuration, defaultsFor(modelRef)),
          key: createHash('sha256').update(JSON.stringify(configuration)).digest('hex').slice(0, 12),
        });
      } catch (err) {
        problems.push(`${file}: configuration "${configuration.name}": ${(err as Error).message}`);
      }
    }
  }
  return { entries, problems };
}

/**
 * Save `config` as configuration `name` for `modelRef` in `folder`'s file: replaces one of that
 * name, keeps the others and the file's comments. Resolves with the file's path.
 */
export async function saveWorkspaceConfiguration(
  folder: string,
  name: string,
  modelRef: string,
  config: PanelRunConfig,
): Promise<string> {
  const file = configurationFile(folder);
  let text: string | undefined;
  try {
    text = await fs.promises.readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  // A model inside the folder is saved relative to it, so the file works in any clone.
  const model = modelRefFor(modelRef, folder);
  const next = upsertConfiguration(text, fromPanelRunConfig(name, model, config));
  await fs.promises.mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  await fs.promises.writeFile(tmp, next, 'utf8');
  await fs.promises.rename(tmp, file);
  return file;
}
