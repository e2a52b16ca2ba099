/**
 * What the Batchscope view needs from the rest of the extension: the controller implements it
 * (run configurations are parsed and run there, not here), extension.ts passes it in.
 */
import type * as vscode from 'vscode';
import type { RunConfigurationRef } from './profileGroups';

export interface WorkspaceViewActions {
  /** The run configurations of the workspace's `.batchscope/config.json` files. */
  listConfigurations(): Promise<RunConfigurationRef[]>;
  /** Run the configuration `name` of the configuration file `file`. */
  runConfiguration(name: string, file: string): Promise<void>;
  /** Profile the profile's model again with the settings it recorded. */
  rerunProfile(profile: vscode.Uri): Promise<void>;
  /** Absolute folders where profiles are saved (`batchscope.profilesFolder` of each workspace folder). */
  profilesFolders(): string[];
}
