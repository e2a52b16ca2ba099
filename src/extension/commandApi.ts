/**
 * The programmatic API of Batchscope's commands: what `vscode.commands.executeCommand` accepts
 * and returns for each of them. Integration tests (and other extensions) call the commands
 * through these shapes; the palette and the explorer menu call them with no arguments or with
 * the clicked file's Uri.
 *
 * ```ts
 * // Profile a model without the form, wait for the end of the run:
 * const result = await vscode.commands.executeCommand<ProfileBatchingResult>(
 *   COMMANDS.profileBatching,
 *   vscode.Uri.file('/ws/samples/mlp.onnx'),
 *   { autoStart: true, run: { durationS: 1, strategies: [{ name: 'none' }] } } satisfies ProfileBatchingOptions,
 * );
 * // result: { profilePath: '/ws/.batchscope/profiles/mlp-2026-...json', partial: false }
 * //      or { error: 'The model ... has a fixed batch dimension ...' }
 *
 * await vscode.commands.executeCommand(COMMANDS.openProfile, vscode.Uri.file(result.profilePath));
 * await vscode.commands.executeCommand(COMMANDS.compareProfiles, uriA, uriB);
 * await vscode.commands.executeCommand(COMMANDS.stopProfiling);
 * ```
 *
 * This file has no `vscode` import so that the shapes can be shared with code outside VS Code;
 * `UriLike` is structurally a `vscode.Uri` (only `fsPath` and `scheme` are read).
 */
import type { PanelRunConfig } from '../shared/panelProtocol';

/** Command ids, as contributed in package.json. */
export const COMMANDS = {
  profileBatching: 'batchscope.profileBatching',
  profileSyntheticModel: 'batchscope.profileSyntheticModel',
  openProfile: 'batchscope.openProfile',
  compareProfiles: 'batchscope.compareProfiles',
  stopProfiling: 'batchscope.stopProfiling',
  /** `(name?: string, file?: Uri)`: run a configuration of .batchscope/config.json (a quick pick without arguments). */
  runConfiguration: 'batchscope.runConfiguration',
  /** `(profile?: Uri)`: run a saved profile's settings again, its recorded rate included. */
  rerunProfile: 'batchscope.rerunProfile',
} as const;

/** The part of a `vscode.Uri` the commands read. Pass a real `vscode.Uri`. */
export interface UriLike {
  readonly scheme: string;
  readonly fsPath: string;
}

/**
 * Everything a run can be configured with: the panel's form produces one, settings give the
 * defaults, and `ProfileBatchingOptions.run` overrides any subset of it. It is the panel
 * protocol's {@link PanelRunConfig} (strategies, arrival, rateRps, durationS, warmupS,
 * instances, threads, provider, dims, fixedInputs, sloMs, seed); the merged config is checked
 * with `validateRunConfig` before anything runs, exactly as a form submission is.
 */
export type ProfileRunConfig = PanelRunConfig;

/** Second argument of `batchscope.profileBatching`. */
export interface ProfileBatchingOptions {
  /** Overrides of the settings-derived defaults (also pre-fills the panel's form). */
  run?: Partial<ProfileRunConfig>;
  /**
   * Start the run at once without waiting for the form, and resolve the command's promise
   * with a {@link ProfileBatchingResult} when the run ends (saved, cancelled or failed).
   * Without it the command resolves (with undefined) once the panel shows the model.
   */
  autoStart?: boolean;
}

/**
 * What `batchscope.profileBatching` resolves to when `autoStart` is set.
 * - finished: `{ profilePath, partial: false }`
 * - cancelled (Stop Profiling, notification Cancel, panel closed): `{ profilePath, partial: true }`
 *   when something was measured and saved, else `{ partial: true, error }`
 * - model cannot be profiled (fixed batch, corrupt file), untrusted workspace, engine crash:
 *   `{ error }` (the same text the user sees), plus `profilePath`/`partial` when a partial
 *   profile was kept.
 */
export interface ProfileBatchingResult {
  /** Absolute path of the saved profile file. */
  profilePath?: string;
  /** True when the run was cut short and the saved profile holds only what was measured. */
  partial?: boolean;
  /** A person-readable reason when the run did not finish normally. */
  error?: string;
}

/** `batchscope.profileBatching(uri?, options?)`. */
export type ProfileBatchingCommand = (
  uri?: UriLike,
  options?: ProfileBatchingOptions,
) => Promise<ProfileBatchingResult | undefined>;

/**
 * `batchscope.profileSyntheticModel(spec?, options?)`: the same as profileBatching on a synthetic
 * model (`'synthetic:base=20ms,per-item=2ms'`, the prefix optional; see docs/cli.md). Without a
 * spec, asks for one in an input box. Resolves like profileBatching; a spec that does not parse
 * resolves with `{ error }` under autoStart.
 */
export type ProfileSyntheticModelCommand = (
  spec?: string,
  options?: ProfileBatchingOptions,
) => Promise<ProfileBatchingResult | undefined>;

/**
 * `batchscope.openProfile(uri?)`: shows a saved profile in the panel. Without a uri, asks with
 * an open dialog. Resolves true when the profile is shown, false when the user cancelled or the
 * file was rejected (the reason is shown to the user and logged).
 */
export type OpenProfileCommand = (uri?: UriLike) => Promise<boolean>;

/** `batchscope.compareProfiles(a?, b?)`: two profiles overlaid; asks for missing ones. Same result as openProfile. */
export type CompareProfilesCommand = (a?: UriLike, b?: UriLike) => Promise<boolean>;

/** `batchscope.stopProfiling()`: cancels the run in progress. Resolves true when a run was cancelled. */
export type StopProfilingCommand = () => Promise<boolean>;
