/**
 * The run configurations as the editor offers them: read from every workspace folder (problems to
 * the log), picked in a quick pick, saved under a name asked in an input box, opened in an editor.
 * The controller decides what to run; this file only talks to the user and the files.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { PanelRunConfig } from '../../shared/panelProtocol';
import { sameModel } from '../../shared/node/runConfigurationModel';
import { isSyntheticModelRef } from '../../shared/syntheticModel';
import {
  configurationFile,
  readWorkspaceConfigurations,
  saveWorkspaceConfiguration,
  type WorkspaceConfiguration,
} from './workspaceConfigurations';

/** Longest configuration name the input box accepts. */
const MAX_NAME_LENGTH = 100;

export class ConfigurationsUi {
  constructor(
    private readonly log: vscode.LogOutputChannel,
    /** The form defaults a configuration's missing fields take (the settings, for that model). */
    private readonly defaultsFor: (modelRef: string) => PanelRunConfig,
  ) {}

  /** Every configuration in the workspace folders' .batchscope/config.json; problems are logged. */
  async all(): Promise<WorkspaceConfiguration[]> {
    const folders = (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath);
    const { entries, problems } = await readWorkspaceConfigurations(folders, this.defaultsFor);
    for (const p of problems) this.log.warn(p);
    return entries;
  }

  /** The configuration saved for this model, if any (the first in the file). */
  async forModel(ref: string): Promise<WorkspaceConfiguration | undefined> {
    return (await this.all()).find((e) => sameModel(e.modelRef, ref));
  }

  /**
   * The configuration `name` (in `file`, when given), or one the user picks when no name is given.
   * Undefined: nothing to run (none saved yet, or the pick was dismissed); `error`: said to the user.
   */
  async find(name?: string, file?: string): Promise<WorkspaceConfiguration | { error: string } | undefined> {
    const entries = await this.all();
    if (name === undefined) {
      if (entries.length === 0) {
        void vscode.window.showInformationMessage(
          'No run configurations yet: open a model (Profile Batching), set it up in the panel and use Save as Configuration.',
        );
        return undefined;
      }
      const picked = await vscode.window.showQuickPick(
        entries.map((e) => ({
          label: e.name,
          description: isSyntheticModelRef(e.modelRef)
            ? e.modelRef
            : vscode.workspace.asRelativePath(e.modelRef),
          entry: e,
        })),
        { title: 'Run a Batchscope configuration' },
      );
      return picked?.entry;
    }
    const entry = entries.find(
      (e) => e.name === name && (file === undefined || path.resolve(e.file) === path.resolve(file)),
    );
    if (entry) return entry;
    const where = file ? vscode.workspace.asRelativePath(file) : 'the workspace';
    const error = `No run configuration "${name}" in ${where}: open .batchscope/config.json and check its name (a configuration with errors is skipped; the Batchscope log says why).`;
    void vscode.window.showErrorMessage(error);
    return { error };
  }

  /**
   * Ask a name (proposing `suggested`) and save `config` for `modelRef` in `folder`'s file.
   * Undefined when the user dismissed the box; rejects when the file cannot be written.
   */
  async askAndSave(
    folder: string,
    modelRef: string,
    config: PanelRunConfig,
    suggested: string,
  ): Promise<{ name: string; file: string } | undefined> {
    const answer = await vscode.window.showInputBox({
      title: 'Save as run configuration',
      prompt: `A name for these settings, saved in ${vscode.workspace.asRelativePath(configurationFile(folder))}. The CLI runs it with: batchscope profile --config NAME`,
      value: suggested,
      validateInput: (v) =>
        v.trim() === ''
          ? 'Give the configuration a name.'
          : v.length > MAX_NAME_LENGTH
            ? `At most ${MAX_NAME_LENGTH} characters.`
            : undefined,
    });
    if (answer === undefined) return undefined;
    const name = answer.trim();
    const file = await saveWorkspaceConfiguration(folder, name, modelRef, config);
    this.log.info(`Saved run configuration "${name}" in ${file}`);
    return { name, file };
  }

  /** Open `folder`'s configurations file; false when there is none yet. */
  async open(folder: string): Promise<boolean> {
    const file = configurationFile(folder);
    if (!fs.existsSync(file)) return false;
    await vscode.window.showTextDocument(vscode.Uri.file(file));
    return true;
  }
}
