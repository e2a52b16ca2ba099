/** Reads `batchscope.*` settings through the pure mappers in run/runDefaults.ts. */
import * as vscode from 'vscode';
import { profilesFolderSetting, runDefaultsFromSettings, type RunDefaults } from './run/runDefaults';

function getter(scope?: vscode.Uri): (key: string) => unknown {
  const config = vscode.workspace.getConfiguration('batchscope', scope);
  return (key) => config.get<unknown>(key);
}

/** Form defaults for a model (settings can differ per workspace folder). */
export function readRunDefaults(scope?: vscode.Uri): RunDefaults {
  return runDefaultsFromSettings(getter(scope));
}

/** The profiles folder setting as written (relative to the workspace folder unless absolute). */
export function readProfilesFolderSetting(scope?: vscode.Uri): string {
  return profilesFolderSetting(getter(scope));
}
