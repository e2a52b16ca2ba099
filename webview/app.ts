/**
 * The panel controller: builds the page, applies host messages to the store, and redraws the
 * views at most once per animation frame (and after a theme change).
 */
import '@vscode-elements/elements/dist/vscode-button/index.js';
import type { CompactProfile } from '../src/shared/compactProfile';
import type { HostToWebview, PanelMode, PanelRunConfig, RunState } from '../src/shared/panelProtocol';
import type { ModelSummary, Profile } from '../src/shared/profileTypes';
import { BatchCompositionChart } from './charts/batchCompositionChart';
import { AdaptivityChart } from './charts/adaptivityChart';
import { BatchHistogramChart } from './charts/batchHistogramChart';
import { CalibrationChart } from './charts/calibrationChart';
import type { PanelView } from './charts/chartPanel';
import { LatencyBreakdownChart } from './charts/latencyBreakdownChart';
import { LatencyCdfChart } from './charts/latencyCdfChart';
import { LatencyOverTimeChart } from './charts/latencyOverTimeChart';
import { ThroughputChart } from './charts/throughputChart';
import { UtilizationChart } from './charts/utilizationChart';
import { decodeProfile } from './data/decodeProfile';
import { RunStore } from './data/runStore';
import { putDrafts, takeDrafts, type ModelDrafts } from './formDrafts';
import { InspectScheduler } from './inspectScheduler';
import { readTheme, watchTheme, type ChartTheme } from './theme';
import { migrateUiState, type UiState } from './uiState';
import type { HostApi } from './vscodeApi';
import { renderModelSummary } from './views/modelSummaryView';
import { notice, richNotice } from './views/noticeView';
import { suspectInputs } from './views/probeHints';
import { WarningsView } from './views/warningsView';
import { ProgressView } from './views/progressView';
import { RunForm, type FormDraft } from './views/runForm';
import { RunGate, type RunBlocker } from './views/runGate';
import { describeRunState } from './views/runOutcome';
import { runSummaryLine } from './views/runSummaryLine';
import { SettingsHeader } from './views/settingsHeader';
import { SummaryTable } from './views/summaryTable';
import { SweepForm } from './views/sweepForm';
import { SweepView } from './views/sweepView';

export class PanelApp {
  private readonly store = new RunStore();
  private theme: ChartTheme = readTheme();
  private ui: UiState;
  private mode: PanelMode = 'view';
  private runState: RunState = 'idle';
  private trusted = true;
  /** The model as last inspected (init, then each `model` answer). */
  private model: ModelSummary | null = null;
  private modelError: string | null = null;
  /** The host says it is (re-)inspecting the model. */
  private hostInspecting = false;
  /** Which model and defaults the form is for (init's modelKey / defaultsKey). */
  private modelKey = '';
  private defaultsKey = '';
  private configurationName: string | undefined;
  private form: RunForm | null = null;
  private sweepForm: SweepForm | null = null;
  private defaults: PanelRunConfig | null = null;
  /** The config Run last posted, to tell whether the collapsed summary may show what the run recorded. */
  private startedConfig = '';
  /** Between Run and the host's `running`: the progress shows "Starting…". */
  private runRequested = false;
  /** The run ended: header, progress, table and notice show its one final state. */
  private runEnded = false;
  private frameRequested = false;
  /** Bumped by every snapshot, so a profile still decoding when a newer snapshot comes is dropped. */
  private snapshot = 0;
  /** The snapshot whose profiles are being decoded: nothing is drawn until they are loaded. */
  private decoding = -1;
  private lastDrawn = { store: -1, theme: null as ChartTheme | null };
  /** The run model and settings the model section shows (redrawn when a run brings others). */
  private shownRun: { model: ModelSummary | null; settings: unknown } = { model: null, settings: null };

  private readonly header = el('header', 'panel-header');
  private readonly titleEl = el('h1', 'panel-title');
  private readonly stateEl = el('span', 'run-state');
  private readonly buttons = el('div', 'panel-buttons');
  private readonly runButton = button('Run', 'run');
  private readonly saveConfigButton = button('Save as Configuration…', 'save-configuration', true);
  private readonly cancelButton = button('Cancel', 'cancel', true);
  private readonly saveButton = button('Save As…', 'save-as', true);
  private readonly pickButton = button('Choose Model…', 'pick-model', true);
  private readonly profileLink = el('p', 'profile-link');
  private readonly runGate: RunGate;
  private readonly notices = el('div', 'notices');
  /** The notice explaining how the last run ended (replaced by the next run). */
  private readonly runNotice = el('div', 'run-notice');
  private readonly modelSlot = el('div', 'model-slot');
  private readonly settings = document.createElement('details');
  private readonly settingsHeader: SettingsHeader;
  private readonly sweepSettings = document.createElement('details');
  private readonly sweepView: SweepView;
  private readonly views: PanelView[];
  private readonly progress = new ProgressView();
  /** The chart grid; hidden until the run has data, so no empty charts are drawn. */
  private readonly charts = el('div', 'charts');
  private readonly warnings = new WarningsView();
  private readonly inspect: InspectScheduler;

  constructor(
    private readonly root: HTMLElement,
    private readonly host: HostApi,
  ) {
    this.ui = migrateUiState(host.getState());
    this.notices.setAttribute('aria-live', 'polite');
    this.stateEl.setAttribute('role', 'status');
    this.runGate = new RunGate((target) => this.reveal(target));
    this.header.append(this.titleEl, this.stateEl, this.buttons, this.profileLink);
    // Without a host (the HTML report) nothing runs: no buttons at all.
    if (host.hasHost) this.header.appendChild(this.runGate.element);
    if (host.hasHost)
      this.buttons.append(
        this.runButton,
        this.saveConfigButton,
        this.cancelButton,
        this.saveButton,
        this.pickButton,
      );
    this.runButton.addEventListener('click', () => this.startRun());
    this.saveConfigButton.addEventListener('click', () => this.saveConfiguration());
    this.cancelButton.addEventListener('click', () => host.postMessage({ type: 'cancelRun' }));
    this.saveButton.addEventListener('click', () => host.postMessage({ type: 'saveAs' }));
    this.pickButton.addEventListener('click', () => host.postMessage({ type: 'pickModel' }));
    this.inspect = new InspectScheduler(
      (r) => host.postMessage({ type: 'inspect', dims: r.dims, fixedInputs: r.fixedInputs }),
      () => {
        this.renderModel();
        this.updateChrome();
      },
    );
    this.settingsHeader = new SettingsHeader(() => host.postMessage({ type: 'openConfigurations' }));
    this.settings.className = 'settings';
    this.settings.open = this.ui.formOpen;
    this.settings.addEventListener('toggle', () => {
      this.saveUi({ formOpen: this.settings.open });
      this.updateSettingsHeader();
    });
    this.sweepSettings.className = 'sweep-settings';
    this.sweepSettings.open = this.ui.sweepOpen;
    this.sweepSettings.addEventListener('toggle', () => this.saveUi({ sweepOpen: this.sweepSettings.open }));
    this.sweepView = new SweepView(host.hasHost, {
      verify: () => this.verifySweep(),
      exportAs: (format) => host.postMessage({ type: 'exportSweep', format }),
      cancel: () => host.postMessage({ type: 'cancelSweep' }),
    });

    const batches = new BatchCompositionChart(this.ui.batchSeries, (i) => {
      this.saveUi({ batchSeries: i });
      this.requestDraw(true);
    });
    this.views = [
      new SummaryTable(this.ui.moreColumns, (moreColumns) => this.saveUi({ moreColumns })),
      batches,
      new BatchHistogramChart(),
      new AdaptivityChart(),
      new LatencyOverTimeChart(),
      new LatencyCdfChart(),
      new LatencyBreakdownChart(),
      new ThroughputChart(),
      new UtilizationChart(),
      new CalibrationChart(),
    ];
    this.charts.id = 'charts';
    this.charts.append(...this.views.slice(1).map((v) => v.element));
    this.notices.appendChild(this.runNotice);
    root.append(
      this.header,
      this.notices,
      this.warnings.element,
      this.modelSlot,
      this.settings,
      this.sweepSettings,
      this.sweepView.element,
      this.progress.element,
      this.views[0].element,
      this.charts,
    );
    this.updateChrome();

    watchTheme(() => {
      this.theme = readTheme();
      this.requestDraw(true);
    });
  }

  /** Applies one message from the host (already parsed; the host is trusted). */
  handle(msg: HostToWebview): void {
    switch (msg.type) {
      case 'init':
        this.init(msg);
        break;
      case 'model':
        this.applyModel(msg);
        break;
      case 'events': {
        const stream = msg.stream ?? 0;
        // A snapshot's later pieces may name a stream the `replace` created; never invent one.
        if (stream < 0 || stream >= Math.max(1, this.store.streams.length)) break;
        this.store.apply(stream, msg.events);
        if (this.runEnded) this.store.closeOpenSeries();
        break;
      }
      case 'replace':
        this.snapshot++;
        this.store.reset(msg.titles.length > 0 ? msg.titles : ['Run']);
        msg.events.forEach((events, i) => this.store.apply(i, events));
        if (this.runEnded) this.store.closeOpenSeries();
        break;
      case 'profiles':
        void this.showProfiles(msg.profiles, msg.titles);
        break;
      case 'runState':
        this.applyRunState(msg);
        break;
      case 'error':
        this.notices.appendChild(
          richNotice({ kind: 'error', message: msg.message, actions: msg.actions, dismissible: true }, (m) =>
            this.host.postMessage(m),
          ),
        );
        this.sweepView.clearPending();
        break;
      case 'notice':
        this.notices.appendChild(
          richNotice({ kind: msg.kind, message: msg.message, actions: msg.actions, dismissible: true }, (m) =>
            this.host.postMessage(m),
          ),
        );
        break;
      case 'sweep':
        this.sweepView.update(msg);
        break;
      default: {
        const never: never = msg;
        void never;
      }
    }
    this.updateChrome();
    this.requestDraw(false);
  }

  private init(msg: Extract<HostToWebview, { type: 'init' }>): void {
    const modelKey = msg.modelKey ?? msg.model?.path ?? '';
    const otherModel = modelKey !== this.modelKey;
    this.mode = msg.mode;
    this.trusted = msg.trusted;
    this.model = msg.model ?? null;
    this.modelError = msg.modelError ?? null;
    this.hostInspecting = msg.inspecting ?? false;
    this.modelKey = modelKey;
    this.defaultsKey = msg.defaultsKey ?? 'settings';
    this.configurationName = msg.configurationName;
    this.titleEl.textContent = msg.title ?? msg.model?.fileName ?? 'Batchscope';
    // Another model's run must not stay under this model's name.
    if (otherModel && (this.mode === 'configure' || this.mode === 'live')) this.clearRun();
    if (this.store.streams.length === 0) this.store.reset([this.titleEl.textContent]);
    // What the last run saved belongs to the last init; the host sends it again if it still applies.
    this.profileLink.replaceChildren();
    this.notices.replaceChildren(this.runNotice);
    this.buildForm(msg.defaults);
    this.sweepView.setTrusted(msg.trusted);
    if (!msg.trusted) this.showUntrusted();
    this.renderModel();
  }

  /** A re-inspection's answer: the summary, the hints and Run follow it; the form keeps its text. */
  private applyModel(msg: Extract<HostToWebview, { type: 'model' }>): void {
    this.hostInspecting = msg.inspecting;
    // An "inspecting" notice without a model says only that the host is at it.
    if (!msg.inspecting || msg.model || msg.modelError) {
      this.model = msg.model ?? null;
      this.modelError = msg.modelError ?? null;
      this.form?.setModel(this.model);
    }
    if (!msg.inspecting) this.inspect.answered();
    // The sweep form checks batch sizes against the model; rebuilt unless the user is in it.
    if (this.sweepForm && !this.sweepSettings.contains(document.activeElement)) this.buildSweepForm();
    this.renderModel();
  }

  private applyRunState(msg: Extract<HostToWebview, { type: 'runState' }>): void {
    const outcome = describeRunState(msg);
    this.runState = msg.state;
    this.stateEl.textContent = outcome.header;
    if (msg.state === 'running' || msg.state === 'idle') {
      this.runRequested = msg.state === 'running' && this.runRequested;
      this.runEnded = false;
      this.progress.setOutcome(null);
      this.runNotice.replaceChildren();
      this.profileLink.replaceChildren();
    }
    if (outcome.ended) {
      this.runRequested = false;
      this.runEnded = true;
      this.store.closeOpenSeries();
      this.progress.setOutcome(outcome.progress);
      this.runNotice.replaceChildren(
        ...(outcome.notice ? [richNotice(outcome.notice, (m) => this.host.postMessage(m))] : []),
      );
      this.profileLink.replaceChildren();
    }
    if (outcome.link) this.showProfilePath(outcome.link.label, outcome.link.path);
    this.requestDraw(true);
  }

  private buildForm(defaults: PanelRunConfig): void {
    this.settings.replaceChildren();
    this.form = null;
    this.sweepSettings.replaceChildren();
    this.sweepForm = null;
    this.defaults = defaults;
    this.inspect.reset(null);
    if (!this.host.hasHost || (this.mode !== 'configure' && this.mode !== 'live')) return;
    const taken = takeDrafts(this.ui.drafts, this.modelKey, this.defaultsKey);
    if (taken.list.length !== this.ui.drafts.length) this.saveUi({ drafts: taken.list });
    this.form = new RunForm(
      this.model,
      defaults,
      taken.drafts?.draft ?? null,
      (draft, _errors, signature) => {
        this.saveDrafts({ draft });
        if (signature) this.inspect.schedule(this.form?.inspectRequest() ?? null);
        this.updateSettingsHeader();
        this.updateChrome();
      },
    );
    this.settings.append(this.settingsHeader.summary, this.settingsHeader.source, this.form.element);
    this.updateSettingsHeader();
    this.buildSweepForm();
    this.inspect.reset(this.form.inspectRequest());
    // Custom elements render their values asynchronously; check again once they have.
    requestAnimationFrame(() => {
      this.form?.refresh();
      this.sweepForm?.refresh();
      this.updateChrome();
    });
  }

  private buildSweepForm(): void {
    if (!this.defaults) return;
    const drafts = this.ui.drafts.find((d) => d.modelKey === this.modelKey);
    const sweepSummary = document.createElement('summary');
    sweepSummary.textContent = 'Sweep settings: find a configuration under an SLO';
    this.sweepForm = new SweepForm(
      this.model,
      this.defaults.sloMs,
      drafts?.sweepDraft ?? null,
      (sweepDraft) => {
        this.saveDrafts({ sweepDraft });
        this.updateChrome();
      },
      () => this.startSweep(),
    );
    this.sweepSettings.replaceChildren(sweepSummary, this.sweepForm.element);
  }

  /** Keeps this model's form text (most recent model first; the list is bounded). */
  private saveDrafts(patch: { draft?: FormDraft; sweepDraft?: FormDraft }): void {
    const current = this.ui.drafts.find((d) => d.modelKey === this.modelKey);
    const entry: ModelDrafts = {
      modelKey: this.modelKey,
      defaultsKey: this.defaultsKey,
      draft: patch.draft ?? current?.draft ?? null,
      sweepDraft: patch.sweepDraft ?? current?.sweepDraft ?? null,
    };
    this.saveUi({ drafts: putDrafts(this.ui.drafts, entry) });
  }

  /**
   * Shows saved profiles, one stream each: drops what is shown, decodes their compact columns
   * (asynchronous: the page inflates them natively) and loads them straight into the store.
   */
  private async showProfiles(profiles: CompactProfile[], titles: string[]): Promise<void> {
    const snapshot = ++this.snapshot;
    this.store.reset(titles.length > 0 ? titles : ['Profile']);
    // An empty frame in between would cost a whole chart layout pass for nothing.
    this.decoding = snapshot;
    let decoded: Profile[];
    try {
      decoded = await Promise.all(profiles.map(decodeProfile));
    } catch (err) {
      if (snapshot !== this.snapshot) return;
      this.decoding = -1;
      this.notices.appendChild(notice(`The profile cannot be shown: ${(err as Error).message}`, 'error'));
      this.requestDraw(true);
      return;
    }
    if (snapshot !== this.snapshot) return;
    this.decoding = -1;
    decoded.forEach((p, i) => this.store.load(i, p));
    this.updateChrome();
    this.requestDraw(false);
  }

  /** Everything a run needs before it may start: a valid form, a model that ran, no inspection going on. */
  private runBlocker(): RunBlocker | null {
    if (!this.form || !this.trusted) return null;
    if (this.inspecting()) return { text: 'Inspecting the model… Run waits for the answer.' };
    const problem = this.model?.probeProblem;
    if (problem && this.model) {
      const inputs = suspectInputs(problem, this.model);
      const where = [...inputs, ...problem.dims].map((n) => `\`${n}\``).join(', ');
      return {
        text: `Run waits: the model rejected synthetic values. Set ${where || 'real values'} in the form.`,
        target: () => this.form?.element.querySelector<HTMLElement>('.probe-hint:not([hidden])') ?? null,
      };
    }
    const errors = this.form.currentErrors();
    if (errors.length === 0) return null;
    const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : '';
    return {
      text: `Run waits: ${errors[0].message}${more}`,
      target: () => this.form?.firstInvalidControl() ?? null,
    };
  }

  private inspecting(): boolean {
    return this.hostInspecting || this.inspect.waiting;
  }

  /** Opens the settings and takes the user to `target` (a field with a problem). */
  private reveal(target: HTMLElement): void {
    this.settings.open = true;
    target.scrollIntoView({ block: 'center', behavior: scrollBehavior() });
    // A hint is not focusable: focus the field it is about.
    const field = target.matches('vscode-textfield, vscode-single-select')
      ? target
      : (target.closest('.signature-entry')?.querySelector<HTMLElement>('vscode-textfield') ?? target);
    field.focus();
  }

  private startRun(): void {
    if (!this.form || this.runButton.disabled) return;
    const config = this.form.config();
    this.startedConfig = JSON.stringify(config);
    this.snapshot++;
    this.store.reset([this.titleEl.textContent ?? 'Run']);
    this.profileLink.replaceChildren();
    this.runNotice.replaceChildren();
    this.runEnded = false;
    this.runRequested = true;
    this.progress.setStarting();
    this.host.postMessage({ type: 'startRun', config });
    // The work moves on: fold the form to its one-line summary and bring the progress into view.
    this.settings.open = false;
    this.saveUi({ formOpen: false });
    this.updateSettingsHeader();
    this.updateChrome();
    this.progress.render(this.store);
    // Below the sticky header, which would otherwise cover it.
    const top =
      this.progress.element.getBoundingClientRect().top + window.scrollY - this.header.offsetHeight - 8;
    window.scrollTo({ top: Math.max(0, top), behavior: scrollBehavior() });
    this.requestDraw(true);
  }

  private saveConfiguration(): void {
    if (!this.form || this.saveConfigButton.disabled) return;
    this.host.postMessage({ type: 'saveConfiguration', config: this.form.config() });
  }

  /** Posts the sweep form's config; the run form's dims, inputs, threads and provider go with it (host side). */
  private startSweep(): void {
    const form = this.sweepForm;
    if (!form || form.currentErrors().length > 0 || !this.trusted || this.busy()) return;
    this.sweepView.setPending('Starting the sweep…', true);
    this.host.postMessage({ type: 'startSweep', config: form.config() });
    this.updateChrome();
    this.requestDraw(false);
  }

  private verifySweep(): void {
    if (!this.trusted || this.busy()) return;
    this.sweepView.setPending('Starting the verification…', false);
    this.host.postMessage({ type: 'verifySweep' });
    this.updateChrome();
  }

  /** A run, a sweep or a verification is going on (one at a time). */
  private busy(): boolean {
    return this.runState === 'running' || this.runState === 'cancelling' || this.sweepView.busy;
  }

  /** Drops the shown run (another model's), and everything that said how it went. */
  private clearRun(): void {
    this.snapshot++;
    this.store.reset([]);
    this.runEnded = false;
    this.runRequested = false;
    this.runState = 'idle';
    this.stateEl.textContent = '';
    this.progress.setOutcome(null);
    this.runNotice.replaceChildren();
    this.startedConfig = '';
  }

  /**
   * The model section: the inspected model's signature and verdict (view/compare: the profile's
   * model), and once a run streamed in, the values that run used.
   */
  private renderModel(): void {
    const stream = this.store.streams[0];
    const runModel = stream?.model ?? null;
    const run = runModel ? { model: runModel, settings: stream?.settings ?? null } : null;
    this.shownRun = { model: runModel, settings: stream?.settings ?? null };
    const configuring = this.mode === 'configure' || this.mode === 'live';
    const model = configuring ? (this.model ?? runModel) : runModel;
    this.modelSlot.replaceChildren(
      renderModelSummary(model, configuring ? this.modelError : null, {
        run,
        inspecting: configuring && this.inspecting(),
      }),
    );
  }

  /** The collapsed form says what Run ran: the run's recorded settings while the form still matches them. */
  private updateSettingsHeader(): void {
    if (!this.form) return;
    const config = this.form.config();
    const settings = this.store.streams[0]?.settings ?? null;
    const line = this.settings.open
      ? ''
      : settings && JSON.stringify(config) === this.startedConfig
        ? runSummaryLine(settings)
        : this.form.currentErrors().length === 0
          ? runSummaryLine(config)
          : 'some values need fixing';
    this.settingsHeader.set(this.configurationName, line);
  }

  private showUntrusted(): void {
    const p = notice(
      'This workspace is not trusted, so Batchscope will not load or run a model. Saved profiles can still be viewed.',
      'warning',
    );
    if (this.host.hasHost) {
      const trust = button('Manage Workspace Trust…', 'trust');
      trust.addEventListener('click', () => this.host.postMessage({ type: 'requestTrust' }));
      p.append(' ', trust);
    }
    this.notices.appendChild(p);
  }

  private showProfilePath(label: string, path: string): void {
    const a = document.createElement('a');
    a.href = '#';
    a.textContent = path;
    a.title = 'Open the saved profile';
    a.addEventListener('click', (e) => {
      e.preventDefault();
      this.host.postMessage({ type: 'openProfilePath', path });
    });
    this.profileLink.replaceChildren(`${label}: `, a);
  }

  /** Enables/disables buttons and the form for the current mode, trust and run state. */
  private updateChrome(): void {
    const running = this.busy();
    const canConfigure = this.host.hasHost && (this.mode === 'configure' || this.mode === 'live');
    const invalid = (this.form?.currentErrors().length ?? 1) > 0;
    const sweepOnly = this.mode === 'sweep';
    if (this.sweepForm) {
      this.sweepForm.submitButton.disabled =
        running || !this.trusted || this.model === null || this.sweepForm.currentErrors().length > 0;
      this.sweepForm.setDisabled(running || !this.trusted);
    }
    const blocker = canConfigure && !running ? this.runBlocker() : null;
    this.runGate.set(blocker);
    this.sweepSettings.hidden = this.sweepForm === null;
    this.modelSlot.hidden = sweepOnly;
    this.saveButton.hidden = sweepOnly;
    this.runButton.hidden = !canConfigure;
    this.runButton.disabled =
      !canConfigure || running || !this.trusted || this.model === null || blocker !== null || invalid;
    this.saveConfigButton.hidden = !canConfigure;
    this.saveConfigButton.disabled = !canConfigure || running || !this.trusted || invalid;
    this.cancelButton.hidden = !canConfigure;
    this.cancelButton.disabled = this.runState !== 'running';
    this.saveButton.disabled = running || this.store.allSeries().length === 0;
    this.pickButton.hidden = !canConfigure;
    this.pickButton.disabled = running;
    this.form?.setDisabled(running || !this.trusted);
    this.settings.hidden = this.form === null;
    const empty = this.store.allSeries().length === 0;
    this.charts.hidden = empty || sweepOnly;
    this.views[0].element.hidden = empty || sweepOnly;
    // Without data, only a run started here (not a model that failed to load) shows progress.
    this.progress.element.hidden =
      !canConfigure ||
      (empty && !this.runRequested && !running && !(this.runEnded && this.startedConfig !== ''));
  }

  private saveUi(patch: Partial<UiState>): void {
    this.ui = { ...this.ui, ...patch };
    this.host.setState(this.ui);
  }

  private requestDraw(force: boolean): void {
    if (force) this.lastDrawn.store = -1;
    if (this.frameRequested) return;
    this.frameRequested = true;
    requestAnimationFrame(() => {
      this.frameRequested = false;
      this.draw();
    });
  }

  private draw(): void {
    // The sweep view redraws only what changed (its sweep or the theme); it owns no run data.
    this.sweepView.render(this.theme);
    if (this.decoding === this.snapshot) return;
    if (this.lastDrawn.store === this.store.version && this.lastDrawn.theme === this.theme) return;
    this.lastDrawn = { store: this.store.version, theme: this.theme };
    const stream = this.store.streams[0];
    if (
      (stream?.model ?? null) !== this.shownRun.model ||
      (stream?.settings ?? null) !== this.shownRun.settings
    ) {
      this.renderModel();
      this.updateSettingsHeader();
    }
    this.updateChrome();
    this.warnings.render(this.store);
    this.progress.render(this.store);
    for (const v of this.views) v.render(this.store, this.theme);
    document.body.dataset.drawn = String(this.store.version);
  }
}

/** Smooth scrolling, unless the user asked for less motion. */
function scrollBehavior(): ScrollBehavior {
  return window.matchMedia('(prefers-reduced-motion: reduce)').matches ? 'auto' : 'smooth';
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  e.className = className;
  return e;
}

function button(label: string, id: string, secondary = false): HTMLElement & { disabled: boolean } {
  const b = document.createElement('vscode-button') as HTMLElement & {
    disabled: boolean;
    secondary: boolean;
  };
  b.id = `btn-${id}`;
  b.textContent = label;
  b.secondary = secondary;
  return b;
}
