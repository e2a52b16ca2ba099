/**
 * The commands of the Batchscope view's items and title bar. Menus call an item's command with
 * the item (and, with several selected, the selection); each handler turns that into the Uri or
 * names the extension's commands and the controller take.
 */
import * as path from 'path';
import * as vscode from 'vscode';
import type { ProfileListing } from '../../shared/profileListing';
import { COMMANDS } from '../commandApi';
import { deleteProfileFiles } from './deleteProfileFiles';
import { summaryLine } from './listingText';
import { targetListings, type ViewNode, type WorkspaceTreeProvider } from './workspaceTree';
import type { WorkspaceViewActions } from './workspaceViewActions';
import { VIEW_COMMANDS } from './workspaceViewIds';

export interface ViewCommandContext {
  provider: WorkspaceTreeProvider;
  treeView: vscode.TreeView<ViewNode>;
  actions: WorkspaceViewActions;
  /** Drop deleted files from the listing cache and reload the tree. */
  afterDelete(files: string[]): Promise<void>;
  log: vscode.LogOutputChannel;
}

/** Registers every command of VIEW_COMMANDS; dispose the result to unregister them. */
export function registerViewCommands(ctx: ViewCommandContext): vscode.Disposable[] {
  const register = (
    id: string,
    run: (node?: ViewNode, selected?: ViewNode[]) => unknown,
  ): vscode.Disposable =>
    vscode.commands.registerCommand(id, async (node?: ViewNode, selected?: ViewNode[]) => {
      try {
        return await run(node, selected);
      } catch (err) {
        const message = `Batchscope: ${(err as Error).message}`;
        ctx.log.error(message);
        void vscode.window.showErrorMessage(message);
        return undefined;
      }
    });
  const profileUri = (node?: ViewNode): vscode.Uri | undefined =>
    node?.kind === 'profile' ? vscode.Uri.file(node.listing.path) : undefined;

  return [
    register(VIEW_COMMANDS.refresh, () => ctx.provider.refresh()),
    register(VIEW_COMMANDS.profileModel, (node) =>
      node?.kind === 'group' && node.group.kind === 'workspace' && node.group.modelPath
        ? vscode.commands.executeCommand(COMMANDS.profileBatching, vscode.Uri.file(node.group.modelPath))
        : undefined,
    ),
    register(VIEW_COMMANDS.runConfiguration, (node) =>
      node?.kind === 'configuration'
        ? ctx.actions.runConfiguration(node.configuration.name, node.configuration.file)
        : undefined,
    ),
    register(VIEW_COMMANDS.openConfiguration, (node) =>
      node?.kind === 'configuration'
        ? openConfiguration(node.configuration.file, node.configuration.name)
        : undefined,
    ),
    register(VIEW_COMMANDS.openProfile, (node) => {
      const uri = profileUri(node);
      return uri ? vscode.commands.executeCommand(COMMANDS.openProfile, uri) : undefined;
    }),
    register(VIEW_COMMANDS.compareWith, (node) =>
      node?.kind === 'profile' ? compareWith(node.listing, ctx.provider) : undefined,
    ),
    register(VIEW_COMMANDS.compareSelected, (node, selected) =>
      compareSelected(targetListings(node, selected ?? [...ctx.treeView.selection])),
    ),
    register(VIEW_COMMANDS.revealInExplorer, (node) => {
      const uri = profileUri(node);
      return uri ? vscode.commands.executeCommand('revealInExplorer', uri) : undefined;
    }),
    register(VIEW_COMMANDS.revealInOS, (node) => {
      const uri = profileUri(node);
      return uri ? vscode.commands.executeCommand('revealFileInOS', uri) : undefined;
    }),
    register(VIEW_COMMANDS.deleteProfile, async (node, selected) => {
      const deleted = await deleteProfileFiles(targetListings(node, selected).map((l) => l.path));
      if (deleted.length > 0) {
        ctx.log.info(`Deleted ${deleted.join(', ')}`);
        await ctx.afterDelete(deleted);
      }
      return deleted;
    }),
    register(VIEW_COMMANDS.rerunProfile, (node) => {
      const uri = profileUri(node);
      return uri ? ctx.actions.rerunProfile(uri) : undefined;
    }),
  ];
}

/** Opens the configuration file, at the configuration's name when it can be found in the text. */
async function openConfiguration(file: string, name: string): Promise<void> {
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
  const at = doc.getText().indexOf(JSON.stringify(name));
  const selection =
    at >= 0 ? new vscode.Range(doc.positionAt(at), doc.positionAt(at + name.length + 2)) : undefined;
  await vscode.window.showTextDocument(doc, { selection });
}

/** Profiles that can be overlaid in the panel (sweeps and unreadable files cannot). */
function comparable(l: ProfileListing): boolean {
  return !l.isSweep && l.error === undefined;
}

/** Asks for the second profile (same model first, newest first) and compares the two. */
async function compareWith(first: ProfileListing, provider: WorkspaceTreeProvider): Promise<boolean> {
  if (!comparable(first)) {
    void vscode.window.showWarningMessage(
      `${path.basename(first.path)} is not a profile that can be compared.`,
    );
    return false;
  }
  const groups = provider.current;
  const own = groups.find((g) => g.profiles.some((p) => p.path === first.path));
  const others = [...(own ? [own] : []), ...groups.filter((g) => g !== own)].flatMap((g) =>
    g.profiles.filter((p) => comparable(p) && p.path !== first.path).map((p) => ({ p, model: g.label })),
  );
  if (others.length === 0) {
    void vscode.window.showInformationMessage('There is no other saved profile to compare with.');
    return false;
  }
  const picked = await vscode.window.showQuickPick(
    others.map(({ p, model }) => ({
      label: path.basename(p.path),
      description: model,
      detail: summaryLine(p),
      path: p.path,
    })),
    { title: `Compare ${path.basename(first.path)} with…`, matchOnDescription: true, matchOnDetail: true },
  );
  if (!picked) return false;
  return (
    (await vscode.commands.executeCommand<boolean>(
      COMMANDS.compareProfiles,
      vscode.Uri.file(first.path),
      vscode.Uri.file(picked.path),
    )) === true
  );
}

async function compareSelected(listings: ProfileListing[]): Promise<boolean> {
  const profiles = listings.filter(comparable);
  if (profiles.length !== 2 || profiles.length !== listings.length) {
    void vscode.window.showWarningMessage(
      `Select exactly two profiles (not sweeps) to compare; ${listings.length} ${listings.length === 1 ? 'file is' : 'files are'} selected${profiles.length !== listings.length ? `, ${listings.length - profiles.length} of them not comparable` : ''}.`,
    );
    return false;
  }
  return (
    (await vscode.commands.executeCommand<boolean>(
      COMMANDS.compareProfiles,
      vscode.Uri.file(profiles[0].path),
      vscode.Uri.file(profiles[1].path),
    )) === true
  );
}
