/**
 * package.json's contributions for the Batchscope view agree with the ids the code uses: the
 * container and its icon, every command with a title, item commands hidden from the palette, and
 * every item menu's `when` clause matching a context value the tree really gives its items.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import {
  CONTEXT,
  ITEM_COMMANDS,
  PROFILES_VIEW_ID,
  VIEW_COMMANDS,
  VIEW_CONTAINER_ID,
} from '../../../../src/extension/workspaceView/workspaceViewIds';

const root = path.resolve(__dirname, '..', '..', '..', '..');

interface MenuEntry {
  command: string;
  when?: string;
  group?: string;
}

interface Manifest {
  contributes: {
    commands: Array<{ command: string; title: string; icon?: string }>;
    viewsContainers: { activitybar: Array<{ id: string; title: string; icon: string }> };
    views: Record<string, Array<{ id: string; name: string }>>;
    menus: Record<string, MenuEntry[]>;
  };
}

const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as Manifest;
const c = manifest.contributes;

/** Every context value an item of the tree can carry (workspaceTree.ts). */
const ITEM_VALUES = [
  CONTEXT.model,
  CONTEXT.missingModel,
  CONTEXT.configuration,
  ...[CONTEXT.profile, CONTEXT.sweep, CONTEXT.unreadable].flatMap((v) => [v, v + CONTEXT.inWorkspaceFlag]),
];

/** Whether a context value satisfies every `viewItem` condition of a `when` clause. */
function matchesViewItem(when: string, value: string): boolean {
  const equals = [...when.matchAll(/viewItem == ([^\s&|)]+)/g)].map((m) => m[1]);
  const regexes = [...when.matchAll(/viewItem =~ \/((?:\\\/|[^/])+)\/([a-z]*)/g)].map(
    (m) => new RegExp(m[1], m[2]),
  );
  return equals.every((e) => e === value) && regexes.every((r) => r.test(value));
}

describe('profiles view: package.json contributions', () => {
  it('contributes the activity-bar container, its icon, and the Profiles view', () => {
    const container = c.viewsContainers.activitybar.find((v) => v.id === VIEW_CONTAINER_ID);
    assert.ok(container, `no activity-bar container "${VIEW_CONTAINER_ID}"`);
    const icon = path.join(root, container.icon);
    assert.ok(fs.existsSync(icon), `the container icon ${container.icon} is missing`);
    assert.match(fs.readFileSync(icon, 'utf8'), /^<svg[^>]+viewBox="0 0 24 24"/, 'a 24×24 SVG');
    assert.deepStrictEqual(
      c.views[VIEW_CONTAINER_ID].map((v) => v.id),
      [PROFILES_VIEW_ID],
    );
  });

  it('contributes every command of the view with a title; inline ones have an icon', () => {
    const byId = new Map(c.commands.map((cmd) => [cmd.command, cmd]));
    for (const id of Object.values(VIEW_COMMANDS))
      assert.ok(byId.get(id)?.title, `command ${id} not contributed`);
    const inline = [...(c.menus['view/item/context'] ?? []), ...(c.menus['view/title'] ?? [])].filter(
      (m) => m.group === 'inline' || m.group?.startsWith('navigation'),
    );
    assert.ok(inline.length >= 4, 'inline and title actions exist');
    for (const m of inline)
      assert.ok(byId.get(m.command)?.icon, `${m.command} is shown as an icon but has none`);
  });

  it('hides the commands that need an item from the command palette', () => {
    const palette = c.menus.commandPalette ?? [];
    for (const id of ITEM_COMMANDS)
      assert.ok(
        palette.some((m) => m.command === id && m.when === 'false'),
        `${id} needs an item: hide it from the palette (when: false)`,
      );
    assert.ok(!palette.some((m) => m.command === VIEW_COMMANDS.refresh), 'Refresh needs no item');
  });

  it('puts Refresh and Profile Batching in the view title', () => {
    const title = (c.menus['view/title'] ?? []).filter((m) => m.when === `view == ${PROFILES_VIEW_ID}`);
    assert.deepStrictEqual(
      title.map((m) => m.command).sort(),
      ['batchscope.profileBatching', VIEW_COMMANDS.refresh].sort(),
    );
  });

  it('shows each item menu entry only in this view, on items the tree really has', () => {
    const items = c.menus['view/item/context'] ?? [];
    const commands = new Set(items.map((m) => m.command));
    for (const id of ITEM_COMMANDS) assert.ok(commands.has(id), `${id} is in no item menu`);
    for (const m of items) {
      assert.ok(m.when?.startsWith(`view == ${PROFILES_VIEW_ID} && `), `${m.command}: ${m.when}`);
      const shown = ITEM_VALUES.filter((v) => matchesViewItem(m.when ?? '', v));
      assert.ok(shown.length > 0, `${m.command} ("${m.when}") matches no item of the tree`);
    }
  });

  it('offers each action on the right items', () => {
    const on = (command: string): string[] =>
      ITEM_VALUES.filter((v) =>
        (c.menus['view/item/context'] ?? []).some(
          (m) => m.command === command && matchesViewItem(m.when ?? '', v),
        ),
      );
    assert.deepStrictEqual(on(VIEW_COMMANDS.runConfiguration), [CONTEXT.configuration]);
    assert.deepStrictEqual(on(VIEW_COMMANDS.profileModel), [CONTEXT.model]);
    // Sweeps and unreadable files cannot be compared or re-run.
    assert.deepStrictEqual(on(VIEW_COMMANDS.compareWith), [
      CONTEXT.profile,
      CONTEXT.profile + CONTEXT.inWorkspaceFlag,
    ]);
    assert.deepStrictEqual(on(VIEW_COMMANDS.rerunProfile), [
      CONTEXT.profile,
      CONTEXT.profile + CONTEXT.inWorkspaceFlag,
    ]);
    // Reveal in the Explorer only for files the Explorer shows (inside a workspace folder).
    assert.deepStrictEqual(
      on(VIEW_COMMANDS.revealInExplorer),
      [CONTEXT.profile, CONTEXT.sweep, CONTEXT.unreadable].map((v) => v + CONTEXT.inWorkspaceFlag),
    );
    assert.strictEqual(on(VIEW_COMMANDS.deleteProfile).length, 6, 'every file can be deleted');
  });
});
