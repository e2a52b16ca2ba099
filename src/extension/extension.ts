/**
 * Batchscope's extension entry: registers the commands, the panel serializer and the output
 * channel. Activation is lazy (a command, or VS Code restoring a Batchscope panel).
 */
import * as vscode from 'vscode';
import { COMMANDS, type ProfileBatchingOptions, type UriLike } from './commandApi';
import { Controller } from './controller';
import { PANEL_VIEW_TYPE, ProfilerPanel } from './panel/profilerPanel';

let controller: Controller | undefined;

export function activate(context: vscode.ExtensionContext): void {
  const log = vscode.window.createOutputChannel('Batchscope', { log: true });
  const ctl = new Controller(context, log);
  controller = ctl;
  context.subscriptions.push(
    log,
    ctl,
    vscode.commands.registerCommand(
      COMMANDS.profileBatching,
      (uri?: UriLike, options?: ProfileBatchingOptions) =>
        ctl.profileBatching(asUri(uri), asOptions(options)),
    ),
    vscode.commands.registerCommand(
      COMMANDS.profileSyntheticModel,
      (spec?: unknown, options?: ProfileBatchingOptions) =>
        ctl.profileSyntheticModel(typeof spec === 'string' ? spec : undefined, asOptions(options)),
    ),
    vscode.commands.registerCommand(COMMANDS.openProfile, (uri?: UriLike) => ctl.openProfile(asUri(uri))),
    vscode.commands.registerCommand(COMMANDS.compareProfiles, (a?: UriLike, b?: UriLike) =>
      ctl.compareProfiles(asUri(a), asUri(b)),
    ),
    vscode.commands.registerCommand(COMMANDS.stopProfiling, () => ctl.stopProfiling()),
    vscode.window.registerWebviewPanelSerializer(PANEL_VIEW_TYPE, {
      async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown) {
        panel.webview.options = ProfilerPanel.webviewOptions(context.extensionUri);
        await ctl.restorePanel(panel, state);
      },
    }),
  );
  log.info('Batchscope activated.');
}

/** Kills a run in progress: no engine process outlives the extension host. */
export function deactivate(): void {
  controller?.dispose();
  controller = undefined;
}

/**
 * Commands invoked from menus get a Uri (or, for explorer multi-select, a Uri and an array);
 * programmatic callers pass a Uri. Anything else is treated as "no file given".
 */
function asUri(value: unknown): UriLike | undefined {
  if (value instanceof vscode.Uri) return value.scheme === 'file' ? value : undefined;
  if (typeof value === 'object' && value !== null) {
    const v = value as Record<string, unknown>;
    if (v.scheme === 'file' && typeof v.fsPath === 'string') return { scheme: 'file', fsPath: v.fsPath };
  }
  return undefined;
}

function asOptions(value: unknown): ProfileBatchingOptions | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  return value as ProfileBatchingOptions;
}
