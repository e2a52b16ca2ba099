/** Workspace trust: an untrusted workspace may hold a hostile model, so nothing is loaded or run there. */
import * as vscode from 'vscode';

export const UNTRUSTED_MESSAGE =
  'This workspace is not trusted, so Batchscope will not load or run a model from it (loading a model runs native code on its contents). ' +
  'Saved profiles can still be opened. Trust the workspace to profile models.';

const MANAGE = 'Manage Workspace Trust';

/** True when models may be loaded; otherwise tells the user why not and offers to manage trust. */
export function ensureTrusted(): boolean {
  if (vscode.workspace.isTrusted) return true;
  void vscode.window.showWarningMessage(UNTRUSTED_MESSAGE, MANAGE).then((choice) => {
    if (choice === MANAGE) manageTrust();
  });
  return false;
}

/** Open VS Code's workspace-trust editor. */
export function manageTrust(): void {
  void vscode.commands.executeCommand('workbench.trust.manage');
}
