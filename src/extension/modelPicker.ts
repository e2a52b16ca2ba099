/**
 * "Which model?": the explorer's file, or a quick pick of the workspace's .onnx files plus
 * "Browse…" (an open dialog).
 */
import * as vscode from 'vscode';

const BROWSE = 'Browse…';

/** Returns the chosen model's Uri, or undefined when the user cancelled. */
export async function pickModel(): Promise<vscode.Uri | undefined> {
  const found = await vscode.workspace.findFiles('**/*.onnx', '**/node_modules/**', 500);
  found.sort((a, b) => a.fsPath.localeCompare(b.fsPath));
  type Item = vscode.QuickPickItem & { uri?: vscode.Uri };
  const items: Item[] = found.map((uri) => ({
    label: `$(file) ${vscode.workspace.asRelativePath(uri, false)}`,
    description:
      vscode.workspace.workspaceFolders && vscode.workspace.workspaceFolders.length > 1 ? undefined : '',
    uri,
  }));
  items.push({ label: `$(folder-opened) ${BROWSE}`, description: 'Choose an .onnx file anywhere' });
  const picked = await vscode.window.showQuickPick(items, {
    title: 'Batchscope: Profile Batching',
    placeHolder: found.length
      ? 'Pick the ONNX model to profile'
      : 'No .onnx files in this workspace — browse for one',
  });
  if (!picked) return undefined;
  if (picked.uri) return picked.uri;
  const chosen = await vscode.window.showOpenDialog({
    title: 'Choose an ONNX model to profile',
    canSelectMany: false,
    filters: { 'ONNX models': ['onnx'] },
  });
  return chosen?.[0];
}
