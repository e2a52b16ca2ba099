/**
 * The extension's state and its commands: which model the panel is for, the run in progress,
 * the profiles it produced. UI glue only — models are inspected and run in the engine child.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import type { PanelDim, PanelRunConfig, WebviewToHost } from '../shared/panelProtocol';
import type { CompactProfile } from '../shared/compactProfile';
import type { ModelSummary } from '../shared/profileTypes';
import { rerunConfigOf } from '../shared/rerunConfig';
import { formatSyntheticSpec, isSyntheticModelRef, parseSyntheticSpec } from '../shared/syntheticModel';
import type { ProfileBatchingOptions, ProfileBatchingResult, UriLike } from './commandApi';
import { EngineClient } from './engine/engineClient';
import { pickModel } from './modelPicker';
import { askForSyntheticSpec } from './syntheticModelInput';
import { PanelView, ProfilerPanel, type PanelMessageHandlers } from './panel/profilerPanel';
import { OpenPathAllowlist } from './run/openPathAllowlist';
import { ProfileRun, type RunOutcome } from './run/profileRun';
import { interruptedPatch, runEndPatch, runStartPatch } from './run/runEndView';
import { checkUntrustedProfilePath, newProfilePath, resolveProfilesFolder } from './run/profilePaths';
import { ConfigurationsUi } from './configurations/configurationsUi';
import { fileUriOf, modelName, waitForFile } from './modelRefs';
import { progressReporter } from './run/progressReporter';
import type { WorkspaceConfiguration } from './configurations/workspaceConfigurations';
import { mergeRunConfig, planEngineRun, RunConfigError } from './run/runRequest';
import { readProfilesFolderSetting, readRunDefaults } from './settings';
import { ensureTrusted, manageTrust, UNTRUSTED_MESSAGE } from './workspaceTrust';
import { SweepSession } from './sweep/sweepSession';

/** What the host remembers of the last view, to restore it after a window reload. */
type LastView = { mode: 'view' | 'compare'; paths: string[] } | { mode: 'configure'; modelPath: string };
const LAST_VIEW_KEY = 'batchscope.lastView';
/**
 * The run in progress, remembered until it ends: after a window reload mid-run (the extension
 * host restarts; the engine saves a partial profile on its own) the panel says so and links it.
 */
const ACTIVE_RUN_KEY = 'batchscope.activeRun';
interface ActiveRunRecord {
  modelRef: string;
  outPath: string;
  startedAt: string;
}
/** How long a restored panel waits for the engine of an interrupted run to finish saving. */
const INTERRUPTED_SAVE_WAIT_MS = 30_000;

interface ActiveRun {
  run: ProfileRun;
  outcome: Promise<RunOutcome>;
}

export class Controller implements vscode.Disposable {
  private panel: ProfilerPanel | undefined;
  /**
   * The model the panel is for (configure / live modes): `ref` is what the engine gets, an ONNX
   * file's path or a synthetic model's spec (`synthetic:…`, see fileUriOf).
   */
  private model: { ref: string; summary?: ModelSummary; configuration?: WorkspaceConfiguration } | undefined;
  /** Bumped by every (re-)inspection: an older one's answer is dropped. */
  private inspection = 0;
  private active: ActiveRun | undefined;
  /** Profiles this host saved or opened: the only paths the webview may ask to open. */
  private readonly openPaths = new OpenPathAllowlist();
  private readonly enginePath: string;
  /** Sweep, Verify and Export of the panel. */
  private readonly sweeps: SweepSession;
  /** The workspace's run configurations (.batchscope/config.json). */
  private readonly configurations: ConfigurationsUi;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.enginePath = vscode.Uri.joinPath(context.extensionUri, 'dist', 'engine.js').fsPath;
    this.configurations = new ConfigurationsUi(log, (ref) => readRunDefaults(fileUriOf(ref)).config);
    this.sweeps = new SweepSession({
      enginePath: this.enginePath,
      log,
      logStderr: (t) => this.logStderr(t),
      profilesFolder: (ref) =>
        resolveProfilesFolder(readProfilesFolderSetting(fileUriOf(ref)), this.baseFolder(ref)),
      baseFolder: (ref) => this.baseFolder(ref),
      allowOpen: (file) => this.openPaths.add(file),
    });
    context.subscriptions.push(
      vscode.workspace.onDidGrantWorkspaceTrust(() => {
        if (this.panel && this.model && !this.model.summary) void this.loadModel(this.model.ref);
      }),
    );
  }

  // ---------------------------------------------------------------------------------------------
  // Commands

  /** `batchscope.profileBatching` — see commandApi.ts for the contract. */
  async profileBatching(
    uri?: UriLike,
    options?: ProfileBatchingOptions,
  ): Promise<ProfileBatchingResult | undefined> {
    const autoStart = options?.autoStart === true;
    const modelUri = uri ? vscode.Uri.file(uri.fsPath) : await pickModel();
    if (!modelUri) return autoStart ? { error: 'No model was chosen.' } : undefined;
    if (!/\.onnx$/i.test(modelUri.fsPath)) {
      const error = `${modelUri.fsPath} is not an .onnx file. Pick an ONNX model.`;
      void vscode.window.showErrorMessage(error);
      return autoStart ? { error } : undefined;
    }
    return this.profileModel(modelUri.fsPath, options);
  }

  /**
   * `batchscope.profileSyntheticModel` — like profileBatching, on a synthetic model: `spec` as
   * `synthetic:base=20ms,per-item=2ms` (the prefix may be left out), or asked for in an input box.
   */
  async profileSyntheticModel(
    spec?: string,
    options?: ProfileBatchingOptions,
  ): Promise<ProfileBatchingResult | undefined> {
    const autoStart = options?.autoStart === true;
    const text = spec ?? (await askForSyntheticSpec());
    if (text === undefined) return autoStart ? { error: 'No synthetic model was given.' } : undefined;
    let ref: string;
    try {
      ref = formatSyntheticSpec(parseSyntheticSpec(text));
    } catch (err) {
      const error = `Synthetic model "${text}": ${(err as Error).message}`;
      void vscode.window.showErrorMessage(error);
      return autoStart ? { error } : undefined;
    }
    return this.profileModel(ref, options);
  }

  /** Shows the panel on a model (a file path or a synthetic spec), and runs it at once with autoStart. */
  private async profileModel(
    ref: string,
    options?: ProfileBatchingOptions,
    /** The run configuration this run is, recorded in the profile's settings. */
    configurationName?: string,
  ): Promise<ProfileBatchingResult | undefined> {
    const autoStart = options?.autoStart === true;
    if (this.active) {
      const error =
        'A profiling run is already in progress. Stop it (Batchscope: Stop Profiling) before starting another.';
      void vscode.window.showWarningMessage(error);
      return autoStart ? { error } : undefined;
    }
    const summary = await this.loadModel(ref, options?.run);
    if (!autoStart) return undefined;
    if (!vscode.workspace.isTrusted) return { error: UNTRUSTED_MESSAGE };
    if (!summary) return { error: this.panel?.current.modelError ?? 'The model could not be loaded.' };
    let config: PanelRunConfig;
    try {
      config = mergeRunConfig(readRunDefaults(fileUriOf(ref)).config, options?.run, summary);
    } catch (err) {
      const error =
        err instanceof RunConfigError ? `The run options are not valid:\n${err.message}` : String(err);
      this.panel?.showError(error);
      this.log.error(error);
      return { error };
    }
    return this.startRun(config, configurationName);
  }

  /** `batchscope.openProfile` — true when the profile is shown. */
  async openProfile(uri?: UriLike): Promise<boolean> {
    const target = uri ? vscode.Uri.file(uri.fsPath) : (await this.askForProfiles(false))?.[0];
    if (!target) return false;
    return this.showProfiles([target.fsPath]);
  }

  /** `batchscope.compareProfiles` — true when both profiles are shown overlaid. */
  async compareProfiles(a?: UriLike, b?: UriLike): Promise<boolean> {
    let paths = [a, b].filter((u): u is UriLike => u !== undefined).map((u) => u.fsPath);
    if (paths.length < 2) {
      const picked = await this.askForProfiles(
        true,
        paths.length === 0 ? 'Choose two profiles to compare' : 'Choose the profile to compare with',
      );
      if (!picked) return false;
      paths = [...paths, ...picked.map((u) => u.fsPath)];
    }
    if (paths.length !== 2) {
      void vscode.window.showWarningMessage(
        `Compare Profiles needs exactly two profiles; ${paths.length} were chosen.`,
      );
      return false;
    }
    return this.showProfiles(paths);
  }

  /**
   * Re-run a saved profile with the same settings: its strategies, traffic, execution, dims and
   * inputs, and the rate it was offered as recorded (a derived rate is not derived again).
   */
  async rerunProfile(uri?: UriLike): Promise<ProfileBatchingResult | undefined> {
    if (!uri) {
      const picked = await this.askForProfiles(false, 'Choose a profile to run again with the same settings');
      if (!picked) return undefined;
      uri = picked[0];
    }
    const [profile] = (await this.readProfiles([uri.fsPath])) ?? [];
    if (!profile) return { error: `${uri.fsPath} could not be read.` };
    const rerun = rerunConfigOf(profile.model, profile.settings);
    const name = path.basename(uri.fsPath);
    if (!rerun.ok) {
      const error = `${name} cannot be re-run from the editor: ${rerun.reason}.`;
      void vscode.window.showWarningMessage(error);
      return { error };
    }
    const ref = profile.model.target?.kind === 'synthetic' ? profile.model.target.spec : profile.model.path;
    if (!isSyntheticModelRef(ref) && !fs.existsSync(ref)) {
      const error = `${name} was measured on ${ref}, which no longer exists. Open the model and run it again.`;
      void vscode.window.showWarningMessage(error);
      return { error };
    }
    this.log.info(
      `Re-running ${uri.fsPath} with its recorded settings (rate ${rerun.config.rateRps ?? 'derived'}).`,
    );
    return this.profileModel(ref, { autoStart: true, run: rerun.config });
  }

  /** Run a saved run configuration (the Batchscope view's ▷), exactly as `batchscope profile --config` would. */
  async runConfiguration(name?: string, file?: string): Promise<ProfileBatchingResult | undefined> {
    const entry = await this.configurations.find(name, file);
    if (!entry || 'error' in entry) return entry;
    return this.profileModel(entry.modelRef, { autoStart: true, run: entry.config }, entry.name);
  }

  /** The run configurations in the workspace, for the Batchscope view. */
  async listConfigurations(): Promise<Array<{ name: string; modelPath: string; file: string }>> {
    return (await this.configurations.all()).map((e) => ({
      name: e.name,
      modelPath: e.modelRef,
      file: e.file,
    }));
  }

  /** `batchscope.stopProfiling` — true when a run was asked to stop. */
  async stopProfiling(): Promise<boolean> {
    if (!this.active) {
      void vscode.window.showInformationMessage('No profiling run is in progress.');
      return false;
    }
    this.log.info('Stop requested; the engine saves what it measured as a partial profile.');
    this.active.run.cancel();
    this.panel?.update({ runState: 'cancelling', runMessage: 'Stopping… saving what was measured.' });
    return true;
  }

  // ---------------------------------------------------------------------------------------------
  // Panel lifecycle

  /** Rebuild a panel VS Code restored after a window reload (`WebviewPanelSerializer`). */
  async restorePanel(webviewPanel: vscode.WebviewPanel, state: unknown): Promise<void> {
    const view = this.emptyView('Batchscope');
    view.runMessage = 'Run Batchscope: Profile Batching or Open Profile.';
    this.attachPanel(
      new ProfilerPanel(webviewPanel, this.context.extensionUri, view, this.webviewHandlers()),
    );
    const interrupted = this.context.workspaceState.get<ActiveRunRecord>(ACTIVE_RUN_KEY);
    if (interrupted && !this.active) {
      await this.showInterrupted(interrupted);
      return;
    }
    const last = this.context.workspaceState.get<LastView>(LAST_VIEW_KEY);
    const fromState = profilePathsInState(state);
    const paths = fromState.length > 0 ? fromState : last && last.mode !== 'configure' ? last.paths : [];
    if (paths.length > 0) {
      const checked = paths.map((p) => checkUntrustedProfilePath(p, this.allowedProfileRoots()));
      const ok = checked.flatMap((c) => (c.ok ? [c.path] : []));
      for (const c of checked)
        if (!c.ok) this.log.warn(`Not restoring a profile from the saved panel state: ${c.reason}.`);
      if (ok.length > 0) {
        await this.showProfiles(ok);
        return;
      }
    }
    if (last?.mode === 'configure' && (isSyntheticModelRef(last.modelPath) || fs.existsSync(last.modelPath)))
      await this.loadModel(last.modelPath);
  }

  /** Kill any run and close the panel (extension deactivation). */
  dispose(): void {
    this.sweeps.dispose();
    // The host is going away (window reload, shutdown): let the engine save its partial profile
    // itself; ACTIVE_RUN_KEY stays set, so the next window says the run was interrupted.
    this.active?.run.detach();
    this.active = undefined;
    this.panel?.dispose();
    this.panel = undefined;
  }

  private ensurePanel(view: PanelView): ProfilerPanel {
    if (this.panel) {
      this.panel.show(view);
      this.panel.reveal();
      return this.panel;
    }
    const panel = ProfilerPanel.create(this.context.extensionUri, view, this.webviewHandlers());
    this.attachPanel(panel);
    return panel;
  }

  private attachPanel(panel: ProfilerPanel): void {
    this.panel = panel;
    panel.onDidDispose(() => {
      if (this.panel !== panel) return;
      this.panel = undefined;
      this.model = undefined;
      this.sweeps.forget();
      // Closing the panel stops the run: ask for a clean stop (partial profile saved), kill if slow.
      const active = this.active;
      if (active) {
        this.log.info('Panel closed during a run: stopping the engine.');
        active.run.cancel();
        const timer = setTimeout(() => active.run.kill(), 3000);
        void active.outcome.finally(() => clearTimeout(timer));
      }
    });
  }

  private emptyView(title: string): PanelView {
    return {
      mode: 'view',
      title,
      defaults: readRunDefaults().config,
      trusted: vscode.workspace.isTrusted,
      streams: [],
      streamTitles: [],
      runState: 'idle',
    };
  }

  // ---------------------------------------------------------------------------------------------
  // Model and run

  /**
   * Show the panel for a model (a file path or a synthetic spec) and inspect it in the engine
   * child. The form starts from `prefill` over the model's saved run configuration (if any) over
   * the settings. Resolves with the summary, if any.
   */
  private async loadModel(ref: string, prefill?: Partial<PanelRunConfig>): Promise<ModelSummary | undefined> {
    const fileName = modelName(ref);
    const settings = readRunDefaults(fileUriOf(ref));
    for (const p of settings.problems) this.log.warn(p);
    const configuration = await this.configurations.forModel(ref);
    let formDefaults = configuration?.config ?? settings.config;
    if (prefill) {
      try {
        formDefaults = mergeRunConfig(formDefaults, prefill, undefined);
      } catch {
        // Invalid overrides are reported when the run starts; the form keeps the saved defaults.
      }
    }
    this.model = { ref, configuration };
    this.sweeps.forget();
    const trusted = vscode.workspace.isTrusted;
    const panel = this.ensurePanel({
      mode: 'configure',
      title: `Batchscope: ${fileName}`,
      defaults: formDefaults,
      trusted,
      modelError: trusted ? undefined : UNTRUSTED_MESSAGE,
      streams: [],
      streamTitles: [],
      runState: 'idle',
      runMessage: trusted ? `Loading ${fileName}…` : undefined,
      modelKey: ref,
      // A prefilled form (a command's options, a re-run) is not the saved defaults: no draft wins over it.
      defaultsKey: prefill
        ? `prefill:${Date.now()}`
        : configuration
          ? `configuration:${configuration.name}:${configuration.key}`
          : 'settings',
      configurationName: configuration?.name,
      inspecting: trusted,
    });
    void this.context.workspaceState.update(LAST_VIEW_KEY, {
      mode: 'configure',
      modelPath: ref,
    } satisfies LastView);
    if (!ensureTrusted()) return undefined;
    const summary = await this.inspect(ref, planEngineRun(formDefaults).modelOptions, panel);
    if (summary && this.panel === panel) panel.update({ runMessage: undefined });
    return summary;
  }

  /**
   * Inspect `ref` with these model options and show the result on `panel` (without rebuilding its
   * form). A later inspection supersedes this one. A model the engine could read but not run on
   * synthetic values comes back with `probeProblem`: the panel names what to set.
   */
  private async inspect(
    ref: string,
    modelOptions: ReturnType<typeof planEngineRun>['modelOptions'],
    panel: ProfilerPanel,
  ): Promise<ModelSummary | undefined> {
    const fileName = modelName(ref);
    const seq = ++this.inspection;
    const current = (): boolean => seq === this.inspection && this.model?.ref === ref && this.panel === panel;
    this.log.info(`Inspecting ${ref}`);
    panel.setModel(this.model?.summary ?? panel.current.model, undefined, true);
    const client = new EngineClient({
      enginePath: this.enginePath,
      cwd: this.baseFolder(ref),
      onStderr: (t) => this.logStderr(t),
    });
    try {
      const summary = await client.inspect(ref, modelOptions);
      if (!current()) return summary; // superseded
      this.model!.summary = summary;
      panel.setModel(summary, undefined, false);
      this.defaultToNoneIfUnbatchable(summary, panel);
      if (panel.current.runState === 'failed' && !this.active)
        panel.update({ runState: 'idle', runMessage: undefined });
      this.log.info(
        `${fileName}: ${summary.inputs.length} inputs, ${summary.outputs.length} outputs, ${summary.batchable ? 'batchable' : `not batchable: ${summary.notBatchableReason ?? ''}`}`,
      );
      return summary;
    } catch (err) {
      const message = `${fileName} cannot be profiled: ${(err as Error).message}`;
      this.log.error(message);
      if (current()) {
        this.model!.summary = undefined;
        panel.setModel(undefined, message, false);
        panel.update({ runMessage: undefined });
      }
      return undefined;
    } finally {
      client.dispose();
    }
  }

  /**
   * A model that cannot batch (a fixed batch dim) runs only `none`: when the form still holds the
   * settings' strategies, offer it `none` alone instead of a form whose Run is refused.
   */
  private defaultToNoneIfUnbatchable(summary: ModelSummary, panel: ProfilerPanel): void {
    const view = panel.current;
    if (summary.batchable || summary.probeProblem || view.defaultsKey !== 'settings') return;
    if (view.defaults.strategies.every((s) => s.name === 'none')) return;
    panel.update({
      defaults: { ...view.defaults, strategies: [{ name: 'none' }] },
      defaultsKey: 'settings:unbatchable',
    });
  }

  /** The panel's form changed a dim or a fixed input: inspect the model again with them. */
  private reinspect(dims: PanelDim[], fixedInputs: Record<string, number[]>): void {
    const panel = this.panel;
    const model = this.model;
    if (!panel || !model || this.active || !vscode.workspace.isTrusted) return;
    let options;
    try {
      const config = mergeRunConfig(panel.current.defaults, { dims, fixedInputs }, undefined);
      options = planEngineRun(config).modelOptions;
    } catch (err) {
      // Values the form already flags (a minimum above its maximum): nothing to inspect yet.
      this.log.info(`Not inspecting again: ${(err as Error).message}`);
      return;
    }
    void this.inspect(model.ref, options, panel);
  }

  /** `Save as configuration`: ask a name, write it into the workspace's .batchscope/config.json. */
  private async saveConfiguration(config: PanelRunConfig): Promise<void> {
    const panel = this.panel;
    const model = this.model;
    if (!panel || !model) return;
    let checked: PanelRunConfig;
    try {
      checked = mergeRunConfig(config, undefined, model.summary);
    } catch (err) {
      panel.showError(
        `The configuration was not saved: ${err instanceof RunConfigError ? err.message : String(err)}`,
      );
      return;
    }
    const suggested = model.configuration?.name ?? modelName(model.ref).replace(/\.onnx$/i, '');
    try {
      const saved = await this.configurations.askAndSave(
        this.baseFolder(model.ref),
        model.ref,
        checked,
        suggested,
      );
      if (!saved) return;
      if (this.model === model)
        model.configuration = (await this.configurations.forModel(model.ref)) ?? model.configuration;
      if (this.panel === panel)
        panel.showNotice(
          'info',
          `Saved run configuration "${saved.name}" in ${vscode.workspace.asRelativePath(saved.file)}. Run it from a terminal with: npx batchscope profile --config ${JSON.stringify(saved.name)}`,
          [{ label: 'Open configurations', kind: 'openConfigurations' }],
        );
    } catch (err) {
      const message = `The configuration was not saved: ${(err as Error).message}`;
      this.log.error(message);
      if (this.panel === panel) panel.showError(message, [{ label: 'Show Log', kind: 'showLog' }]);
    }
  }

  private async openConfigurations(): Promise<void> {
    const folder = this.model
      ? this.baseFolder(this.model.ref)
      : vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    if (folder && !(await this.configurations.open(folder)))
      this.panel?.showError('No run configurations are saved yet: use Save as Configuration first.');
  }

  /** Run the engine on the panel's model with a checked config; resolves when it ends. */
  private async startRun(config: PanelRunConfig, configurationName?: string): Promise<ProfileBatchingResult> {
    const panel = this.panel;
    const model = this.model;
    const refuse = (error: string): ProfileBatchingResult => {
      panel?.showError(error);
      return { error };
    };
    if (!panel || !model?.summary)
      return refuse('No model is loaded in the panel: run Batchscope: Profile Batching.');
    if (!vscode.workspace.isTrusted) return refuse(UNTRUSTED_MESSAGE);
    if (this.active) return refuse('A profiling run is already in progress; stop it first.');

    const plan = planEngineRun(config, configurationName);
    const folder = resolveProfilesFolder(
      readProfilesFolderSetting(fileUriOf(model.ref)),
      this.baseFolder(model.ref),
    );
    const outPath = newProfilePath(folder, model.ref, new Date());
    const fileName = modelName(model.ref);
    const run = new ProfileRun({
      enginePath: this.enginePath,
      cwd: this.baseFolder(model.ref),
      request: { modelPath: model.ref, ...plan, outPath },
      onEvents: (events) => {
        if (this.panel === panel) panel.appendEvents(events);
      },
      onStderr: (t) => this.logStderr(t),
    });
    panel.update({
      mode: 'live',
      // The run's own log (what the panel has been sent): a panel that reloads gets exactly this, then the deltas.
      streams: [run.events],
      profiles: undefined,
      streamTitles: [fileName],
      ...runStartPatch('running'),
      // The form keeps what ran, so Re-run and Save as configuration use exactly these values.
      defaults: config,
      defaultsKey: `ran:${outPath}`,
    });
    void this.context.workspaceState.update(ACTIVE_RUN_KEY, {
      modelRef: model.ref,
      outPath,
      startedAt: new Date().toISOString(),
    } satisfies ActiveRunRecord);
    this.log.info(
      `Run started on ${model.ref}: ${config.strategies.map((s) => s.name).join(', ')}, ${config.durationS}s each → ${outPath}`,
    );

    const outcome = vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: `Batchscope: profiling ${fileName}`,
        cancellable: true,
      },
      (progress, token) => {
        token.onCancellationRequested(() => void this.stopProfiling());
        const reporter = progressReporter(progress, config.strategies.length);
        run.onProgress(reporter);
        return run.start();
      },
    );
    this.active = { run, outcome: Promise.resolve(outcome) };
    void vscode.commands.executeCommand('setContext', 'batchscope.running', true);
    const result = await outcome;
    // Detached (window reload): the record stays, so the next window says the run was interrupted.
    if (this.active?.run === run) void this.context.workspaceState.update(ACTIVE_RUN_KEY, undefined);
    this.active = undefined;
    void vscode.commands.executeCommand('setContext', 'batchscope.running', false);
    return this.finishRun(result, panel, run.wasCancelled);
  }

  private finishRun(outcome: RunOutcome, panel: ProfilerPanel, cancelled: boolean): ProfileBatchingResult {
    const patch = runEndPatch(outcome, cancelled);
    if (this.panel === panel) panel.update(patch);
    if (outcome.profilePath) this.openPaths.add(outcome.profilePath);
    if (outcome.kind === 'done') {
      const what = outcome.partial ? 'Stopped — partial profile saved' : 'Profile saved';
      this.log.info(`${what}: ${outcome.profilePath}`);
      void this.context.workspaceState.update(LAST_VIEW_KEY, {
        mode: 'view',
        paths: [outcome.profilePath],
      } satisfies LastView);
      void vscode.window
        .showInformationMessage(
          `${what}: ${vscode.workspace.asRelativePath(outcome.profilePath)}`,
          'Open',
          'Save As…',
        )
        .then((choice) => {
          if (choice === 'Open') void vscode.window.showTextDocument(vscode.Uri.file(outcome.profilePath));
          if (choice === 'Save As…') void this.saveAs(outcome.profilePath);
        });
      return { profilePath: outcome.profilePath, partial: outcome.partial };
    }
    this.log.error(`Run failed${outcome.crashed ? ' (engine crash)' : ''}: ${outcome.message}`);
    const saved = outcome.profilePath ? ' — partial profile saved' : '';
    void vscode.window
      .showErrorMessage(`Batchscope: ${patch.runMessage ?? 'the run failed'}${saved}.`, 'Show Log')
      .then((c) => {
        if (c === 'Show Log') this.log.show(true);
      });
    return {
      error: outcome.message,
      profilePath: outcome.profilePath,
      partial: outcome.profilePath ? true : undefined,
    };
  }

  /**
   * After a window reload during a run: the panel of that model, saying the run was interrupted
   * and where the engine saved its partial profile (waiting a moment for the save to land).
   */
  private async showInterrupted(record: ActiveRunRecord): Promise<void> {
    void this.context.workspaceState.update(ACTIVE_RUN_KEY, undefined);
    const canLoad = isSyntheticModelRef(record.modelRef) || fs.existsSync(record.modelRef);
    if (canLoad) await this.loadModel(record.modelRef);
    else this.panel?.update({ title: `Batchscope: ${modelName(record.modelRef)}` });
    const panel = this.panel;
    if (!panel) return;
    panel.update(interruptedPatch(record.outPath, 'saving'));
    const exists = await waitForFile(record.outPath, INTERRUPTED_SAVE_WAIT_MS);
    // The user may have moved on (another model, a new run) while the engine was saving.
    if (this.panel !== panel || panel.current.runEnded !== 'interrupted') return;
    if (exists) this.openPaths.add(record.outPath);
    const patch = interruptedPatch(record.outPath, exists ? 'saved' : 'lost');
    this.log.warn(
      `Run interrupted: ${patch.runMessage}${exists ? `; partial profile ${record.outPath}` : ''} (run started ${record.startedAt}).`,
    );
    panel.update(patch);
  }

  // ---------------------------------------------------------------------------------------------
  // Webview messages (admitted by the panel's gate, messageGate.ts: known type, exact shape)

  /** What the panel calls with each message from the webview that its gate admitted or refused. */
  private webviewHandlers(): PanelMessageHandlers {
    return {
      onMessage: (m) => this.onWebviewMessage(m),
      onRejected: (reason) => this.log.warn(`Ignored a message from the panel: ${reason}.`),
    };
  }

  private onWebviewMessage(m: WebviewToHost): void {
    switch (m.type) {
      case 'ready':
        return;
      case 'startRun': {
        const model = this.model?.summary;
        try {
          const config = mergeRunConfig(m.config, undefined, model);
          // The run is the model's saved configuration when the form still holds exactly it.
          const saved = this.model?.configuration;
          const same =
            saved &&
            JSON.stringify(mergeRunConfig(saved.config, undefined, model)) === JSON.stringify(config);
          void this.startRun(config, same ? saved.name : undefined);
        } catch (err) {
          this.panel?.showError(err instanceof RunConfigError ? err.message : String(err));
        }
        return;
      }
      case 'cancelRun':
        void this.stopProfiling();
        return;
      case 'saveAs': {
        const p = this.panel?.current.profilePath;
        if (p) void this.saveAs(p);
        else this.panel?.showError('There is no saved profile to save yet.');
        return;
      }
      case 'openProfilePath': {
        // Only a profile this host wrote or opened, still the same file (openPathAllowlist.ts).
        const checked = this.openPaths.check(m.path);
        if (checked.ok) void vscode.window.showTextDocument(vscode.Uri.file(checked.path));
        else
          this.log.warn(
            `The panel asked to open ${JSON.stringify(m.path.slice(0, 200))}; ignored: ${checked.reason}.`,
          );
        return;
      }
      case 'pickModel':
        if (this.active) {
          this.panel?.showError('Stop the run in progress before choosing another model.');
          return;
        }
        void pickModel().then((uri) => (uri ? this.loadModel(uri.fsPath) : undefined));
        return;
      case 'requestTrust':
        manageTrust();
        return;
      case 'startSweep': {
        const panel = this.panel;
        const model = this.model;
        if (!panel) return;
        if (!model?.summary)
          return panel.showError('No model is loaded in the panel: run Batchscope: Profile Batching.');
        if (!vscode.workspace.isTrusted) return panel.showError(UNTRUSTED_MESSAGE);
        if (this.active) return panel.showError('A profiling run is in progress; stop it before sweeping.');
        let run: PanelRunConfig;
        try {
          run = mergeRunConfig(m.run ?? panel.current.defaults, undefined, model.summary);
        } catch (err) {
          return panel.showError(err instanceof RunConfigError ? err.message : String(err));
        }
        void this.sweeps.start(panel, { ref: model.ref, summary: model.summary }, m.config, run);
        return;
      }
      case 'cancelSweep':
        this.sweeps.cancel();
        return;
      case 'verifySweep':
        if (!this.panel) return;
        if (!vscode.workspace.isTrusted) return this.panel.showError(UNTRUSTED_MESSAGE);
        if (this.active)
          return this.panel.showError('A profiling run is in progress; stop it before verifying.');
        void this.sweeps.verify(this.panel);
        return;
      case 'exportSweep':
        if (this.panel) void this.sweeps.export(this.panel, m.format);
        return;
      case 'inspect':
        this.reinspect(m.dims, m.fixedInputs);
        return;
      case 'saveConfiguration':
        void this.saveConfiguration(m.config);
        return;
      case 'openConfigurations':
        void this.openConfigurations();
        return;
      case 'showLog':
        this.log.show(true);
        return;
      default: {
        const never: never = m;
        return never;
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Profiles

  private async showProfiles(paths: string[]): Promise<boolean> {
    if (paths.length === 1 && isSweepFileName(paths[0])) return this.showSweep(paths[0]);
    if (paths.some(isSweepFileName)) {
      // The panel compares profiles; two sweeps are compared side by side by the CLI.
      const message = paths.every(isSweepFileName)
        ? `Two sweeps are compared in a terminal: npx batchscope show ${paths.map((p) => JSON.stringify(vscode.workspace.asRelativePath(p))).join(' ')}. Open one sweep at a time in the panel.`
        : 'A sweep and a profile cannot be compared: open the sweep alone, or compare two profiles.';
      void vscode.window.showWarningMessage(message);
      return false;
    }
    if (this.active) {
      void vscode.window.showWarningMessage(
        'A profiling run is in progress; stop it before opening a profile.',
      );
      return false;
    }
    const profiles = await this.readProfiles(paths);
    if (!profiles) return false;
    if (this.active) {
      // A run started while the profiles were being read: it owns the panel now.
      void vscode.window.showWarningMessage('A profiling run started; open the profile again when it ends.');
      return false;
    }
    for (const p of paths) this.openPaths.add(p);
    this.sweeps.forget();
    const titles = paths.map((p) => path.basename(p));
    const compare = paths.length > 1;
    this.model = undefined;
    const last = profiles[profiles.length - 1];
    this.ensurePanel({
      mode: compare ? 'compare' : 'view',
      title: compare ? `Batchscope: ${titles.join(' vs ')}` : `Batchscope: ${titles[0]}`,
      model: compare ? undefined : last.model,
      defaults: readRunDefaults().config,
      trusted: vscode.workspace.isTrusted,
      // Kept as compact columns, as read; the webview decodes them (one message per snapshot).
      streams: [],
      profiles,
      streamTitles: titles,
      runState: 'done',
      runMessage: last.partial ? 'Partial profile (the run was stopped early).' : undefined,
      profilePath: compare ? undefined : paths[0],
    });
    void this.context.workspaceState.update(LAST_VIEW_KEY, {
      mode: compare ? 'compare' : 'view',
      paths,
    } satisfies LastView);
    this.log.info(`${compare ? 'Comparing' : 'Opened'} ${paths.join(' and ')}`);
    return true;
  }

  /** Shows a saved sweep (`*.sweep.json`) in the panel: its curves, recommendation, Verify and Export. */
  private async showSweep(file: string): Promise<boolean> {
    if (this.active || this.sweeps.running) {
      void vscode.window.showWarningMessage('A run or sweep is in progress; open the sweep when it ends.');
      return false;
    }
    const client = new EngineClient({ enginePath: this.enginePath, onStderr: (t) => this.logStderr(t) });
    let sweep;
    try {
      sweep = await client.readSweep(file);
    } catch (err) {
      const message = (err as Error).message;
      this.log.error(message);
      void vscode.window.showErrorMessage(message);
      return false;
    } finally {
      client.dispose();
    }
    this.openPaths.add(file);
    this.model = undefined;
    const defaults = readRunDefaults().config;
    this.sweeps.showSaved(sweep, file, defaults);
    this.ensurePanel({
      mode: 'sweep',
      title: `Batchscope: ${path.basename(file)}`,
      model: sweep.model,
      defaults,
      trusted: vscode.workspace.isTrusted,
      streams: [],
      streamTitles: [],
      runState: 'done',
      sweep: { sweep, state: 'done', sweepPath: file },
    });
    this.log.info(`Opened sweep ${file}`);
    return true;
  }

  /**
   * Read and check the profiles in an engine child: decoding a profile of hundreds of thousands
   * of requests takes long enough to freeze the extension host. Undefined (error shown) when one
   * cannot be read.
   */
  private async readProfiles(paths: string[]): Promise<CompactProfile[] | undefined> {
    const client = new EngineClient({ enginePath: this.enginePath, onStderr: (t) => this.logStderr(t) });
    try {
      const profiles: CompactProfile[] = [];
      for (const p of paths) profiles.push(await client.readProfile(p));
      return profiles;
    } catch (err) {
      const message = (err as Error).message;
      this.log.error(message);
      void vscode.window.showErrorMessage(message);
      return undefined;
    } finally {
      client.dispose();
    }
  }

  private async askForProfiles(many: boolean, title?: string): Promise<vscode.Uri[] | undefined> {
    const folder = this.defaultProfilesFolder();
    const picked = await vscode.window.showOpenDialog({
      title: title ?? 'Open a Batchscope profile',
      canSelectMany: many,
      defaultUri: folder && fs.existsSync(folder) ? vscode.Uri.file(folder) : undefined,
      filters: { 'Batchscope profiles': ['json'] },
    });
    return picked && picked.length > 0 ? picked : undefined;
  }

  private async saveAs(profilePath: string): Promise<void> {
    const target = await vscode.window.showSaveDialog({
      title: 'Save the profile as',
      defaultUri: vscode.Uri.file(profilePath),
      filters: { 'Batchscope profiles': ['json'] },
    });
    if (!target || path.resolve(target.fsPath) === path.resolve(profilePath)) return;
    try {
      await fs.promises.mkdir(path.dirname(target.fsPath), { recursive: true });
      await fs.promises.copyFile(profilePath, target.fsPath);
      this.openPaths.add(target.fsPath);
      this.log.info(`Profile copied to ${target.fsPath}`);
      void vscode.window.showInformationMessage(
        `Profile saved as ${vscode.workspace.asRelativePath(target)}`,
      );
    } catch (err) {
      const message = `Could not save the profile to ${target.fsPath}: ${(err as Error).message}`;
      this.log.error(message);
      void vscode.window.showErrorMessage(message);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Helpers

  /**
   * The workspace folder holding the model file, else the first workspace folder, else the file's
   * folder (the home folder for a synthetic model, which has none).
   */
  private baseFolder(ref: string): string {
    const uri = fileUriOf(ref);
    return (
      (uri && vscode.workspace.getWorkspaceFolder(uri)?.uri.fsPath) ??
      vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ??
      (uri ? path.dirname(uri.fsPath) : os.homedir())
    );
  }

  private defaultProfilesFolder(): string | undefined {
    const ws = vscode.workspace.workspaceFolders?.[0];
    return ws ? resolveProfilesFolder(readProfilesFolderSetting(ws.uri), ws.uri.fsPath) : undefined;
  }

  private allowedProfileRoots(): string[] {
    const roots = (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath);
    const profiles = this.defaultProfilesFolder();
    if (profiles) roots.push(profiles);
    return roots;
  }

  private logStderr(text: string): void {
    for (const line of text.split(/\r?\n/)) if (line.trim()) this.log.info(`engine: ${line}`);
  }
}

/** Profile paths a restored webview state names (`profilePath` or `profilePaths`); unchecked. */
function profilePathsInState(state: unknown): unknown[] {
  if (typeof state !== 'object' || state === null) return [];
  const s = state as Record<string, unknown>;
  if (Array.isArray(s.profilePaths)) return s.profilePaths.slice(0, 2);
  if (s.profilePath !== undefined) return [s.profilePath];
  return [];
}

/** Sweep files are saved as `*.sweep.json` (engine/sweep/sweepIo.ts). */
function isSweepFileName(file: string): boolean {
  return /\.sweep\.json$/i.test(file);
}
