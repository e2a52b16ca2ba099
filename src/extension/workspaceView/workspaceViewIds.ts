/**
 * Ids of the Batchscope view, its commands and its items' context values, as package.json
 * contributes them (test/unit/extension/workspaceViewContributions.test.ts checks they agree).
 * No `vscode` import: the VS Code suite imports these too.
 */

/** The activity-bar container and its one view. */
export const VIEW_CONTAINER_ID = 'batchscope';
export const PROFILES_VIEW_ID = 'batchscope.profiles';

/** Commands of the view. Those of items take the clicked item (and the selection) as arguments. */
export const VIEW_COMMANDS = {
  refresh: 'batchscope.view.refresh',
  profileModel: 'batchscope.view.profileModel',
  runConfiguration: 'batchscope.view.runConfiguration',
  openConfiguration: 'batchscope.view.openConfiguration',
  openProfile: 'batchscope.view.openProfile',
  compareWith: 'batchscope.view.compareWith',
  compareSelected: 'batchscope.view.compareSelected',
  revealInExplorer: 'batchscope.view.revealInExplorer',
  revealInOS: 'batchscope.view.revealInOS',
  deleteProfile: 'batchscope.view.deleteProfile',
  rerunProfile: 'batchscope.view.rerunProfile',
} as const;

/** Commands that need an item: hidden from the command palette. */
export const ITEM_COMMANDS: readonly string[] = Object.values(VIEW_COMMANDS).filter(
  (c) => c !== VIEW_COMMANDS.refresh,
);

/**
 * `contextValue` of each kind of item, what the menus' `when` clauses match (`viewItem == …`,
 * or `viewItem =~ /…/` for the flags a profile adds: ` inWorkspace`).
 */
export const CONTEXT = {
  model: 'batchscope.model',
  missingModel: 'batchscope.model.missing',
  configuration: 'batchscope.configuration',
  profile: 'batchscope.profile',
  sweep: 'batchscope.sweep',
  unreadable: 'batchscope.unreadable',
  /** Appended to a profile's, sweep's or unreadable file's value when the file is inside a workspace folder. */
  inWorkspaceFlag: ' inWorkspace',
} as const;
