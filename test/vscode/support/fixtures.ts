/**
 * Helpers for the in-extension-host suite: the extension under test, the workspace folder, and
 * model files copied into it (the suite never writes into the repository).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';

/** `publisher.name` from package.json. */
export const EXTENSION_ID = 'batchscope.batchscope';

/** The extension under test; fails the test when VS Code did not load it. */
export function batchscopeExtension(): vscode.Extension<unknown> {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(ext, `Extension ${EXTENSION_ID} is not loaded in this extension host`);
  return ext;
}

/** Absolute path of the first workspace folder (the harness always opens one). */
export function workspaceDir(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'No workspace folder is open: the harness must open a temp folder');
  return folder.uri.fsPath;
}

/** Copies `samples/<name>` of the extension into `<workspace>/models/<name>` and returns its Uri. */
export function copySampleModel(name: string): vscode.Uri {
  const src = path.join(batchscopeExtension().extensionPath, 'samples', name);
  assert.ok(fs.existsSync(src), `Sample model ${src} is missing: run npm run samples`);
  const dest = path.join(workspaceDir(), 'models', name);
  fs.mkdirSync(path.dirname(dest), { recursive: true });
  fs.copyFileSync(src, dest);
  return vscode.Uri.file(dest);
}

/** Writes the first third of a real model as `<workspace>/models/<name>`: a truncated, corrupt ONNX file. */
export function writeCorruptModel(name: string, from = 'mlp.onnx'): vscode.Uri {
  const bytes = fs.readFileSync(path.join(batchscopeExtension().extensionPath, 'samples', from));
  const dest = path.join(workspaceDir(), 'models', name);
  fs.mkdirSync(path.dirname(dest), { recursive: true });
  fs.writeFileSync(dest, bytes.subarray(0, Math.floor(bytes.length / 3)));
  return vscode.Uri.file(dest);
}

/** Every `.json` file under `<workspace>/.batchscope` (profiles written so far), not the run configurations. */
export function savedProfiles(): string[] {
  const dir = path.join(workspaceDir(), '.batchscope');
  if (!fs.existsSync(dir)) return [];
  const configurations = path.join(dir, 'config.json');
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.json'))
    .map((e) => path.join(e.parentPath, e.name))
    .filter((p) => p !== configurations);
}

/** Tabs whose webview belongs to Batchscope (the panel). */
export function batchscopePanelTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all
    .flatMap((g) => g.tabs)
    .filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.includes('batchscope'));
}

/** Polls `check` every 100 ms until it returns true or `timeoutMs` passes (VS Code opens tabs asynchronously). */
export async function eventually(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) assert.fail(`Timed out after ${timeoutMs} ms waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
