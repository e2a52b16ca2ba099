/**
 * The Batchscope view (activity bar → Batchscope → Profiles) in a real extension host: it lists
 * the workspace's model, picks up two new profiles by itself (file watcher, no manual refresh)
 * with the CLI's numbers in their one-line summaries, compares a selection of two, lists a
 * corrupt file as unreadable, and deletes a profile through its Delete command — the modal
 * confirmation answered by a stub of `vscode.window.showWarningMessage` (the suite shares the
 * extension's `vscode` object, see support/windowSpy.ts), so the real confirmation path runs.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { COMMANDS } from '../../../src/extension/commandApi';
import type { BatchscopeExports } from '../../../src/extension/extension';
import type { ViewNode } from '../../../src/extension/workspaceView/workspaceTree';
import {
  CONTEXT,
  VIEW_COMMANDS,
  VIEW_CONTAINER_ID,
} from '../../../src/extension/workspaceView/workspaceViewIds';
import { figure } from '../../../src/shared/formatFigure';
import { cliShowJson } from '../support/cli';
import {
  batchscopeExtension,
  batchscopePanelTabs,
  copySampleModel,
  eventually,
  workspaceDir,
} from '../support/fixtures';
import { profileToFile } from '../support/runs';

type View = BatchscopeExports['workspaceView'];

/** The root items and, for each, its children, as VS Code asks for them. */
async function tree(
  view: View,
): Promise<Array<{ node: ViewNode; item: vscode.TreeItem; children: ViewNode[] }>> {
  const roots = await view.provider.getChildren();
  return Promise.all(
    roots.map(async (node) => ({
      node,
      item: view.provider.getTreeItem(node),
      children: await view.provider.getChildren(node),
    })),
  );
}

/** The profile item of `file`, wherever it is in the tree; undefined when not listed. */
async function profileNode(view: View, file: string): Promise<ViewNode | undefined> {
  for (const g of await tree(view))
    for (const c of g.children) if (c.kind === 'profile' && c.listing.path === file) return c;
  return undefined;
}

/** Every file the view lists right now (its last load; reading it never reloads). */
function listedFiles(view: View): string[] {
  return view.provider.current.flatMap((g) => g.profiles.map((p) => p.path));
}

/** Replaces `vscode.window.showWarningMessage` with one that records and answers from `answers`. */
function stubWarnings(answers: Array<string | undefined>): {
  asked: Array<{ message: string; options: unknown; items: unknown[] }>;
  restore: () => void;
} {
  const win = vscode.window as unknown as Record<string, unknown>;
  const real = win.showWarningMessage;
  const asked: Array<{ message: string; options: unknown; items: unknown[] }> = [];
  win.showWarningMessage = (message: string, options?: unknown, ...items: unknown[]) => {
    asked.push({ message, options, items });
    return Promise.resolve(answers.shift());
  };
  return { asked, restore: () => (win.showWarningMessage = real) };
}

function dynamicRun(seed: number) {
  return {
    durationS: 1,
    warmupS: 0.2,
    rateRps: 200,
    seed,
    strategies: [{ name: 'dynamic' as const, maxBatch: 8, maxDelayMs: 2, preferredBatch: [] }],
  };
}

describe('Batchscope view: models and saved profiles', () => {
  let view: View;
  let model: vscode.Uri;
  let profileA = '';
  let profileB = '';

  before(async function () {
    this.timeout(60_000);
    const exports = (await batchscopeExtension().activate()) as BatchscopeExports | undefined;
    assert.ok(exports?.workspaceView, 'activate() must return { workspaceView } (the view, for tests)');
    view = exports.workspaceView;
    model = copySampleModel('mlp.onnx');
  });

  it('registers the commands of the view', async () => {
    const all = new Set(await vscode.commands.getCommands(true));
    const missing = Object.values(VIEW_COMMANDS).filter((c) => !all.has(c));
    assert.deepEqual(missing, [], `view commands not registered: ${missing.join(', ')}`);
  });

  it('opens from the activity bar and lists the workspace model; a click profiles it', async () => {
    await vscode.commands.executeCommand(`workbench.view.extension.${VIEW_CONTAINER_ID}`);
    await eventually(() => view.treeView.visible, 10_000, 'the Profiles view to be visible');
    await eventually(() => view.provider.current.length > 0, 20_000, 'the view to list something');
    const group = (await tree(view)).find(
      (g) => g.node.kind === 'group' && g.node.group.modelPath === model.fsPath,
    );
    assert.ok(
      group,
      `no group for ${model.fsPath}; groups: ${view.provider.current.map((g) => g.label).join(', ')}`,
    );
    assert.equal(group.item.label, 'mlp.onnx');
    assert.equal(group.item.contextValue, CONTEXT.model);
    assert.equal(group.item.command?.command, COMMANDS.profileBatching);
    assert.equal((group.item.command?.arguments?.[0] as vscode.Uri).fsPath, model.fsPath);
  });

  it('lists two new profiles under their model by itself, each with the CLI’s best p99 in its summary', async function () {
    this.timeout(180_000);
    profileA = await profileToFile(model, dynamicRun(1));
    profileB = await profileToFile(model, dynamicRun(2));
    // No refresh call: the profiles folder's watcher must have reloaded the view.
    await eventually(
      () => listedFiles(view).includes(profileA) && listedFiles(view).includes(profileB),
      20_000,
      'both new profiles listed by the view',
    );
    const group = view.provider.current.find((g) => g.modelPath === model.fsPath);
    assert.ok(
      group?.profiles.some((p) => p.path === profileA) && group.profiles.some((p) => p.path === profileB),
    );

    for (const file of [profileA, profileB]) {
      const node = await profileNode(view, file);
      assert.ok(node, `${file} not in the tree`);
      const item = view.provider.getTreeItem(node);
      const cli = cliShowJson(file).strategies[0];
      assert.equal(item.label, path.basename(file));
      // The one strategy is the best unless the CLI says it could not keep up (a busy machine).
      const best = cli.overloaded
        ? 'no complete strategy'
        : `best dynamic\\(max=8, delay=2ms\\) · p99 ${figure(cli.latencyMs.p99).replace('.', '\\.')} ms`;
      assert.match(String(item.description), new RegExp(`^${best} · \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d$`));
      assert.equal(item.contextValue, CONTEXT.profile + CONTEXT.inWorkspaceFlag);
      assert.equal(item.command?.command, COMMANDS.openProfile);
      assert.equal((item.command?.arguments?.[0] as vscode.Uri).fsPath, file);
      const tooltip = (item.tooltip as vscode.MarkdownString).value;
      assert.ok(
        tooltip.includes(`| ${figure(cli.latencyMs.p50)} ms | ${figure(cli.latencyMs.p99)} ms |`),
        tooltip,
      );
      assert.match(tooltip, /Rate: 200 req\/s, poisson arrivals \(as given\)/);
    }
  });

  it('Compare Selected on the two profiles shows them overlaid', async function () {
    this.timeout(60_000);
    const a = await profileNode(view, profileA);
    const b = await profileNode(view, profileB);
    assert.ok(a && b);
    const shown = await vscode.commands.executeCommand<boolean>(VIEW_COMMANDS.compareSelected, a, [a, b]);
    assert.equal(shown, true, 'Compare Selected did not show the comparison');
    const title = `Batchscope: ${path.basename(profileA)} vs ${path.basename(profileB)}`;
    await eventually(() => batchscopePanelTabs().some((t) => t.label === title), 10_000, title);
  });

  it('lists a corrupt file of the profiles folder as unreadable, without hiding the profiles', async () => {
    const corrupt = path.join(path.dirname(profileA), 'zz-corrupt.json');
    fs.writeFileSync(corrupt, fs.readFileSync(profileA, 'utf8').slice(0, 300));
    try {
      await eventually(() => listedFiles(view).includes(corrupt), 20_000, 'the corrupt file listed');
      const node = await profileNode(view, corrupt);
      assert.ok(node?.kind === 'profile');
      const item = view.provider.getTreeItem(node);
      assert.match(String(item.description), /^unreadable: .*zz-corrupt\.json is not valid JSON/);
      assert.equal(item.contextValue, CONTEXT.unreadable + CONTEXT.inWorkspaceFlag);
      const unreadable = view.provider.current.find((g) => g.kind === 'unreadable');
      assert.deepEqual(
        unreadable?.profiles.map((p) => p.path),
        [corrupt],
      );
      assert.ok(listedFiles(view).includes(profileA), 'the good profiles are still listed');
    } finally {
      fs.rmSync(corrupt, { force: true });
    }
    await eventually(() => !listedFiles(view).includes(corrupt), 20_000, 'the removed corrupt file unlisted');
  });

  it('Delete asks first, naming the file; Cancel keeps it, Delete removes it and the tree drops it', async function () {
    this.timeout(60_000);
    const node = await profileNode(view, profileA);
    assert.ok(node);

    const cancel = stubWarnings([undefined]);
    try {
      const deleted = await vscode.commands.executeCommand<string[]>(VIEW_COMMANDS.deleteProfile, node);
      assert.deepEqual(deleted, []);
    } finally {
      cancel.restore();
    }
    assert.equal(cancel.asked.length, 1, 'one confirmation');
    assert.equal(cancel.asked[0].message, `Delete "${path.basename(profileA)}"?`);
    assert.equal((cancel.asked[0].options as { modal?: boolean }).modal, true, 'the confirmation is modal');
    assert.deepEqual(cancel.asked[0].items, ['Delete']);
    assert.ok(fs.existsSync(profileA), 'Cancel must keep the file');

    let reloads = 0;
    const counting = view.provider.onDidChangeTreeData(() => reloads++);
    // Where the file system has no trash (a web workbench's may not), a second modal asks before
    // deleting for good: answer it too.
    const confirm = stubWarnings(['Delete', 'Delete Permanently']);
    try {
      const deleted = await vscode.commands.executeCommand<string[]>(VIEW_COMMANDS.deleteProfile, node);
      assert.deepEqual(deleted, [profileA]);
    } finally {
      confirm.restore();
      counting.dispose();
    }
    console.log(
      `Delete asked ${confirm.asked.length} time(s): ${confirm.asked.map((a) => JSON.stringify(a.message)).join(', ')}`,
    );
    assert.ok(!fs.existsSync(profileA), `${profileA} still exists after Delete`);
    assert.ok(reloads >= 1, 'the tree reloaded after the delete');
    assert.equal(await profileNode(view, profileA), undefined, 'the deleted profile is still in the tree');
    assert.ok(await profileNode(view, profileB), 'the other profile must stay listed');
    assert.ok(fs.existsSync(workspaceDir()));
  });
});
