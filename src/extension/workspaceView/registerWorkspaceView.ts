/**
 * The Batchscope view (activity bar → Batchscope → Profiles): creates the tree, registers its
 * commands, and reloads it when models, run configurations or saved profiles change on disk.
 *
 * Loading is lazy: nothing is scanned until VS Code first asks for the view's items (the view is
 * shown), and file events before that are ignored. A reload lists the files again (cheap) and
 * has only new or changed profiles read, by an engine child (listingCache.ts). Watchers miss some
 * changes (changePoller.ts says which): while the view is visible, the profile files are also
 * compared with what it shows every few seconds.
 */
import * as vscode from 'vscode';
import { isInside } from '../run/profilePaths';
import { ChangePoller, fingerprintOf, profileFilesFingerprint } from './changePoller';
import { ListingCache } from './listingCache';
import { findProfileFiles, sweepsFolderFor } from './profileFiles';
import { groupByModel, type RunConfigurationRef } from './profileGroups';
import { summarizeInEngine, type ProfileSummarizer } from './summarizeInEngine';
import { registerViewCommands } from './viewCommands';
import { profileWatchPatterns } from './watchPatterns';
import { WorkspaceTreeProvider, type ViewNode } from './workspaceTree';
import type { WorkspaceViewActions } from './workspaceViewActions';
import { PROFILES_VIEW_ID } from './workspaceViewIds';

/** File events come in bursts (a save writes a temp file and renames it): one reload per burst. */
const REFRESH_DEBOUNCE_MS = 300;
/** How often a visible view compares the profile files with what it shows (changePoller.ts). */
const POLL_MS = 4000;
/** Enough for any real workspace; a folder with more models than this is listed in part. */
const MAX_MODELS = 2000;

/** The view, as extension.ts returns it in the extension's exports (the VS Code suite reads it). */
export interface WorkspaceView {
  /** The view's items, as VS Code gets them; `onDidChangeTreeData` fires after each reload. */
  readonly provider: WorkspaceTreeProvider;
  readonly treeView: vscode.TreeView<ViewNode>;
}

/**
 * Creates the view and its commands; everything is disposed with the extension.
 * @param newEngine a fresh engine client to read profile listings with (disposed after each use)
 */
export function registerWorkspaceView(
  context: vscode.ExtensionContext,
  actions: WorkspaceViewActions,
  newEngine: () => ProfileSummarizer,
  log: vscode.LogOutputChannel,
): WorkspaceView {
  const cache = new ListingCache((paths) => summarizeInEngine(paths, newEngine));
  const configurations = configurationLister(actions, log);
  // A load tells the poller what the view now shows; the poller asks the provider to reload.
  const poller = new ChangePoller(
    () => profileFilesFingerprint(actions.profilesFolders()),
    () => void provider.refresh(),
    POLL_MS,
  );
  const provider = new WorkspaceTreeProvider(async () => {
    const folders = actions.profilesFolders();
    const [models, configs, files] = await Promise.all([
      findModels(folders),
      configurations(),
      findProfileFiles(folders),
    ]);
    poller.loaded(await fingerprintOf(files));
    const { listings, read } = await cache.listings(files);
    if (read.length > 0) log.debug(`Profiles view: read ${read.length} new or changed file(s).`);
    return groupByModel(models, configs, listings);
  }, log);
  const treeView = vscode.window.createTreeView(PROFILES_VIEW_ID, {
    treeDataProvider: provider,
    canSelectMany: true,
    showCollapseAll: true,
  });

  const pollWhileVisible = (): void => (treeView.visible ? poller.start() : poller.stop());
  pollWhileVisible();

  let timer: NodeJS.Timeout | undefined;
  const scheduleRefresh = (): void => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      if (provider.loaded) void provider.refresh();
    }, REFRESH_DEBOUNCE_MS);
  };
  const watch = (pattern: vscode.GlobPattern, ignoreChanges: boolean): vscode.FileSystemWatcher => {
    const w = vscode.workspace.createFileSystemWatcher(pattern, false, ignoreChanges, false);
    w.onDidCreate(scheduleRefresh);
    w.onDidDelete(scheduleRefresh);
    if (!ignoreChanges) w.onDidChange(scheduleRefresh);
    return w;
  };

  // Profiles folders follow the setting and the workspace folders: their watchers are rebuilt.
  let profileWatchers: vscode.Disposable[] = [];
  const watchProfiles = (): void => {
    for (const w of profileWatchers) w.dispose();
    const roots = (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath);
    profileWatchers = profileWatchPatterns(actions.profilesFolders(), roots).map((p) =>
      watch(new vscode.RelativePattern(vscode.Uri.file(p.base), p.glob), false),
    );
  };
  watchProfiles();
  const onFoldersMoved = (): void => {
    watchProfiles();
    scheduleRefresh();
  };

  context.subscriptions.push(
    provider,
    treeView,
    // A model's content does not change what the view shows; its creation and deletion do.
    watch('**/*.onnx', true),
    watch('**/.batchscope/config.json', false),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('batchscope.profilesFolder')) onFoldersMoved();
    }),
    vscode.workspace.onDidChangeWorkspaceFolders(onFoldersMoved),
    treeView.onDidChangeVisibility(pollWhileVisible),
    ...registerViewCommands({
      provider,
      treeView,
      actions,
      log,
      afterDelete: async (files) => {
        for (const f of files) cache.forget(f);
        await provider.refresh();
      },
    }),
    {
      dispose: () => {
        if (timer) clearTimeout(timer);
        poller.stop();
        for (const w of profileWatchers) w.dispose();
      },
    },
  );
  return { provider, treeView };
}

/** The workspace's `.onnx` files (not in node_modules, not in a profiles or sweeps folder). */
async function findModels(profilesFolders: readonly string[]): Promise<string[]> {
  const uris = await vscode.workspace.findFiles('**/*.onnx', '**/node_modules/**', MAX_MODELS);
  const skip = profilesFolders.flatMap((f) => [f, sweepsFolderFor(f)]);
  return uris
    .filter((u) => u.scheme === 'file')
    .map((u) => u.fsPath)
    .filter((p) => !skip.some((f) => isInside(f, p)));
}

/**
 * The controller's run configurations; none when it cannot list them (a configuration file that
 * does not parse is the controller's to report), logged once per distinct reason.
 */
function configurationLister(
  actions: WorkspaceViewActions,
  log: vscode.LogOutputChannel,
): () => Promise<RunConfigurationRef[]> {
  let lastProblem = '';
  return async () => {
    try {
      const list = await actions.listConfigurations();
      lastProblem = '';
      return list;
    } catch (err) {
      const problem = (err as Error).message;
      if (problem !== lastProblem) log.warn(`Profiles view: run configurations not listed: ${problem}`);
      lastProblem = problem;
      return [];
    }
  };
}
