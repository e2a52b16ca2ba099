/**
 * Batchscope's extension entry: registers the commands, the panel serializer, the Batchscope view
 * and the output channel. Activation is lazy (a command, the view shown, or VS Code restoring a
 * Batchscope panel).
 */
import * as vscode from 'vscode';
import { COMMANDS, type ProfileBatchingOptions, type UriLike } from './commandApi';
import { Controller } from './controller';
import { EngineClient } from './engine/engineClient';
import { PANEL_VIEW_TYPE, ProfilerPanel } from './panel/profilerPanel';
import { registerWorkspaceView, type WorkspaceView } from './workspaceView/registerWorkspaceView';
import { workspaceProfilesFolders } from './workspaceView/workspaceProfilesFolders';

let controller: Controller | undefined;

/** What `activate` returns (`vscode.extensions.getExtension(…).exports`); the VS Code suite reads the view through it. */
export interface BatchscopeExports {
  workspaceView: WorkspaceView;
}

export function activate(context: vscode.ExtensionContext): BatchscopeExports {
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
    vscode.commands.registerCommand(COMMANDS.runConfiguration, (name?: unknown, file?: UriLike) =>
      ctl.runConfiguration(typeof name === 'string' ? name : undefined, asUri(file)?.fsPath),
    ),
    vscode.commands.registerCommand(COMMANDS.rerunProfile, (uri?: UriLike) => ctl.rerunProfile(asUri(uri))),
    vscode.window.registerWebviewPanelSerializer(PANEL_VIEW_TYPE, {
      async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown) {
        panel.webview.options = ProfilerPanel.webviewOptions(context.extensionUri);
        await ctl.restorePanel(panel, state);
      },
    }),
  );
  const enginePath = vscode.Uri.joinPath(context.extensionUri, 'dist', 'engine.js').fsPath;
  const workspaceView = registerWorkspaceView(
    context,
    {
      listConfigurations: () => ctl.listConfigurations(),
      // The view shows what the runs report themselves (panel, notifications): results are not needed here.
      runConfiguration: async (name, file) => void (await ctl.runConfiguration(name, file)),
      rerunProfile: async (uri) => void (await ctl.rerunProfile(uri)),
      profilesFolders: workspaceProfilesFolders,
    },
    () =>
      new EngineClient({
        enginePath,
        onStderr: (t) => {
          for (const line of t.split(/\r?\n/)) if (line.trim()) log.info(`engine (profiles view): ${line}`);
        },
      }),
    log,
  );
  log.info('Batchscope activated.');
  return { workspaceView };
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
