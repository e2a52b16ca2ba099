/**
 * The Batchscope view's data: models, their run configurations and their saved profiles, as tree
 * items. It holds the last loaded grouping and reloads it on `refresh` (file watchers, the Refresh
 * button, a delete); the loading itself is injected (registerWorkspaceView.ts).
 */
import * as path from 'path';
import * as vscode from 'vscode';
import type { ProfileListing } from '../../shared/profileListing';
import { COMMANDS } from '../commandApi';
import { summaryLine, tooltipMarkdown } from './listingText';
import type { ModelGroup, RunConfigurationRef } from './profileGroups';
import { CONTEXT } from './workspaceViewIds';

/** An item of the view. */
export type ViewNode =
  | { kind: 'group'; group: ModelGroup }
  | { kind: 'configuration'; configuration: RunConfigurationRef }
  | { kind: 'profile'; listing: ProfileListing }
  /** The last load failed: says why, in place of the tree. */
  | { kind: 'problem'; message: string };

export class WorkspaceTreeProvider implements vscode.TreeDataProvider<ViewNode>, vscode.Disposable {
  private groups: ModelGroup[] | undefined;
  private problem: string | undefined;
  private running: Promise<void> | undefined;
  private dirty = false;
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires after each reload (VS Code then asks for the items again). */
  readonly onDidChangeTreeData = this.changed.event;

  constructor(
    private readonly load: () => Promise<ModelGroup[]>,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  /** True once the view has been shown (loaded) at least once: before that, watchers need not reload. */
  get loaded(): boolean {
    return this.groups !== undefined || this.running !== undefined;
  }

  /** The groups as last loaded (empty before the first load). */
  get current(): readonly ModelGroup[] {
    return this.groups ?? [];
  }

  /**
   * Reload and tell VS Code. Calls during a reload coalesce into one more reload after it; the
   * promise settles when the tree is up to date with the last call.
   */
  refresh(): Promise<void> {
    this.dirty = true;
    this.running ??= this.drain();
    return this.running;
  }

  private async drain(): Promise<void> {
    try {
      while (this.dirty) {
        this.dirty = false;
        try {
          this.groups = await this.load();
          this.problem = undefined;
        } catch (err) {
          this.problem = `Could not list the profiles: ${(err as Error).message}`;
          this.log.error(this.problem);
          this.groups ??= [];
        }
        this.changed.fire();
      }
    } finally {
      this.running = undefined;
    }
  }

  async getChildren(node?: ViewNode): Promise<ViewNode[]> {
    if (!node) {
      if (this.groups === undefined) await this.refresh();
      const groups = (this.groups ?? []).map((group): ViewNode => ({ kind: 'group', group }));
      return this.problem ? [{ kind: 'problem', message: this.problem }, ...groups] : groups;
    }
    if (node.kind !== 'group') return [];
    return [
      ...node.group.configurations.map((configuration): ViewNode => ({
        kind: 'configuration',
        configuration,
      })),
      ...node.group.profiles.map((listing): ViewNode => ({ kind: 'profile', listing })),
    ];
  }

  getTreeItem(node: ViewNode): vscode.TreeItem {
    switch (node.kind) {
      case 'group':
        return groupItem(node.group);
      case 'configuration':
        return configurationItem(node.configuration);
      case 'profile':
        return profileItem(node.listing);
      case 'problem': {
        const item = new vscode.TreeItem(node.message);
        item.iconPath = new vscode.ThemeIcon('error');
        item.tooltip = node.message;
        return item;
      }
      default: {
        const never: never = node;
        return never;
      }
    }
  }

  dispose(): void {
    this.changed.dispose();
  }
}

function groupItem(g: ModelGroup): vscode.TreeItem {
  const children = g.configurations.length + g.profiles.length;
  const item = new vscode.TreeItem(
    g.label,
    children > 0 ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None,
  );
  item.id = g.key;
  switch (g.kind) {
    case 'workspace': {
      const uri = vscode.Uri.file(g.modelPath ?? '');
      item.description = modelFolder(uri);
      item.tooltip = `${uri.fsPath}\nClick to profile batching on this model.`;
      item.iconPath = new vscode.ThemeIcon('circuit-board');
      item.contextValue = CONTEXT.model;
      item.command = { title: 'Profile Batching', command: COMMANDS.profileBatching, arguments: [uri] };
      break;
    }
    case 'synthetic':
      item.description = 'synthetic model';
      item.iconPath = new vscode.ThemeIcon('beaker');
      item.contextValue = CONTEXT.missingModel;
      break;
    case 'elsewhere':
      item.description = '(not in workspace)';
      item.tooltip = `${g.modelPath ?? g.label} is not in this workspace; its profiles are listed here.`;
      item.iconPath = new vscode.ThemeIcon('question');
      item.contextValue = CONTEXT.missingModel;
      break;
    case 'unreadable':
      item.description = `${g.profiles.length}`;
      item.tooltip = 'Files in the profiles folder that are not readable profiles or sweeps.';
      item.iconPath = new vscode.ThemeIcon('warning');
      break;
  }
  return item;
}

/** The model's folder relative to its workspace folder (named when there are several); none at the root. */
function modelFolder(uri: vscode.Uri): string | undefined {
  const ws = vscode.workspace.getWorkspaceFolder(uri);
  const dir = path.dirname(uri.fsPath);
  if (!ws) return dir;
  const rel = path.relative(ws.uri.fsPath, dir);
  const several = (vscode.workspace.workspaceFolders?.length ?? 0) > 1;
  return [several ? ws.name : '', rel].filter(Boolean).join(path.sep) || undefined;
}

function configurationItem(c: RunConfigurationRef): vscode.TreeItem {
  const item = new vscode.TreeItem(c.name, vscode.TreeItemCollapsibleState.None);
  item.id = `configuration:${c.file}#${c.name}`;
  item.description = 'run configuration';
  item.tooltip = `Run configuration "${c.name}" of ${c.file}\nModel: ${c.modelPath}`;
  item.iconPath = new vscode.ThemeIcon('gear');
  item.contextValue = CONTEXT.configuration;
  return item;
}

function profileItem(l: ProfileListing): vscode.TreeItem {
  const uri = vscode.Uri.file(l.path);
  const name = path.basename(l.path);
  const item = new vscode.TreeItem(name, vscode.TreeItemCollapsibleState.None);
  item.id = `file:${l.path}`;
  item.resourceUri = uri;
  item.description = summaryLine(l);
  item.tooltip = new vscode.MarkdownString(tooltipMarkdown(l, name));
  const inWorkspace = vscode.workspace.getWorkspaceFolder(uri) ? CONTEXT.inWorkspaceFlag : '';
  if (l.error !== undefined) {
    item.iconPath = new vscode.ThemeIcon('warning');
    item.contextValue = CONTEXT.unreadable + inWorkspace;
    // Shows what is in the file: the reason is in the tooltip.
    item.command = { title: 'Open File', command: 'vscode.open', arguments: [uri] };
    return item;
  }
  item.iconPath = new vscode.ThemeIcon(l.isSweep ? 'graph-line' : l.partial ? 'debug-pause' : 'pulse');
  item.contextValue = (l.isSweep ? CONTEXT.sweep : CONTEXT.profile) + inWorkspace;
  item.command = { title: 'Open Profile', command: COMMANDS.openProfile, arguments: [uri] };
  return item;
}

/**
 * The profile files a command is for: the clicked item, or the whole selection when the clicked
 * item is part of it; the selection alone when invoked from the title bar (no item).
 */
export function targetListings(
  node: ViewNode | undefined,
  selected: readonly ViewNode[] | undefined,
): ProfileListing[] {
  const nodes = !node ? (selected ?? []) : selected?.includes(node) ? selected : [node];
  return nodes.flatMap((n) => (n.kind === 'profile' ? [n.listing] : []));
}
