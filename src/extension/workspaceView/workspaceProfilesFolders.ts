/** The profiles folder of each workspace folder (`batchscope.profilesFolder` can differ per folder). */
import * as vscode from 'vscode';
import { resolveProfilesFolder } from '../run/profilePaths';
import { readProfilesFolderSetting } from '../settings';

/** Absolute, without duplicates; none without a workspace folder. */
export function workspaceProfilesFolders(): string[] {
  const folders = (vscode.workspace.workspaceFolders ?? []).map((f) =>
    resolveProfilesFolder(readProfilesFolderSetting(f.uri), f.uri.fsPath),
  );
  return [...new Set(folders)];
}
