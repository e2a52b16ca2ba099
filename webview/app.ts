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
import { readTheme, watchTheme, type ChartTheme } from './theme';
import { migrateUiState, type UiState } from './uiState';
import type { HostApi } from './vscodeApi';
import { notice, renderModelSummary } from './views/modelSummaryView';
import { ProgressView } from './views/progressView';
import { RunForm } from './views/runForm';
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
  private model: ModelSummary | null = null;
  private form: RunForm | null = null;
  private sweepForm: SweepForm | null = null;
  private frameRequested = false;
  /** Bumped by every snapshot, so a profile still decoding when a newer snapshot comes is dropped. */
  private snapshot = 0;
  /** The snapshot whose profiles are being decoded: nothing is drawn until they are loaded. */
  private decoding = -1;
  private lastDrawn = { store: -1, theme: null as ChartTheme | null };

  private readonly header = el('header', 'panel-header');
  private readonly titleEl = el('h1', 'panel-title');
  private readonly stateEl = el('span', 'run-state');
  private readonly buttons = el('div', 'panel-buttons');
  private readonly runButton = button('Run', 'run');
  private readonly cancelButton = button('Cancel', 'cancel', true);
  private readonly saveButton = button('Save As…', 'save-as', true);
  private readonly pickButton = button('Choose Model…', 'pick-model', true);
  private readonly profileLink = el('p', 'profile-link');
  private readonly notices = el('div', 'notices');
  private readonly modelSlot = el('div', 'model-slot');
  private readonly settings = document.createElement('details');
  private readonly sweepSettings = document.createElement('details');
  private readonly sweepView: SweepView;
  private readonly views: PanelView[];
  private readonly progress = new ProgressView();
  /** The chart grid; hidden until the run has data, so no empty charts are drawn. */
  private readonly charts = el('div', 'charts');
  private readonly warningsEl = el('div', 'warnings');
  private warningsKey = '';

  constructor(
    private readonly root: HTMLElement,
    private readonly host: HostApi,
  ) {
    this.ui = migrateUiState(host.getState());
    this.notices.setAttribute('aria-live', 'polite');
    this.stateEl.setAttribute('role', 'status');
    this.header.append(this.titleEl, this.stateEl, this.buttons);
    if (host.hasHost)
      this.buttons.append(this.runButton, this.cancelButton, this.saveButton, this.pickButton);
    this.runButton.addEventListener('click', () => this.startRun());
    this.cancelButton.addEventListener('click', () => host.postMessage({ type: 'cancelRun' }));
    this.saveButton.addEventListener('click', () => host.postMessage({ type: 'saveAs' }));
    this.pickButton.addEventListener('click', () => host.postMessage({ type: 'pickModel' }));
    this.settings.className = 'settings';
    this.settings.open = this.ui.formOpen;
    this.settings.addEventListener('toggle', () => this.saveUi({ formOpen: this.settings.open }));
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
      new SummaryTable(),
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
    root.append(
      this.header,
      this.notices,
      this.warningsEl,
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
        this.mode = msg.mode;
        this.trusted = msg.trusted;
        this.model = msg.model ?? null;
        this.titleEl.textContent = msg.title ?? msg.model?.fileName ?? 'Batchscope';
        this.modelSlot.replaceChildren(renderModelSummary(this.model, msg.modelError ?? null));
        this.buildForm(msg.defaults);
        this.sweepView.setTrusted(msg.trusted);
        this.notices.replaceChildren();
        if (!msg.trusted) this.showUntrusted();
        if (this.store.streams.length === 0) this.store.reset([this.titleEl.textContent]);
        break;
      case 'events': {
        const stream = msg.stream ?? 0;
        // A snapshot's later pieces may name a stream the `replace` created; never invent one.
        if (stream < 0 || stream >= Math.max(1, this.store.streams.length)) break;
        this.store.apply(stream, msg.events);
        break;
      }
      case 'replace':
        this.snapshot++;
        this.store.reset(msg.titles.length > 0 ? msg.titles : ['Run']);
        msg.events.forEach((events, i) => this.store.apply(i, events));
        if (this.mode === 'view' || this.mode === 'compare') this.showStreamModel();
        break;
      case 'profiles':
        void this.showProfiles(msg.profiles, msg.titles);
        break;
      case 'runState':
        this.runState = msg.state;
        this.stateEl.textContent = runStateText(msg.state, msg.message);
        if (msg.profilePath) this.showProfilePath(msg.profilePath);
        else if (msg.state === 'running') this.profileLink.replaceChildren();
        if (msg.state === 'failed' && msg.message) this.notices.appendChild(notice(msg.message, 'error'));
        break;
      case 'error':
        this.notices.appendChild(notice(msg.message, 'error'));
        this.sweepView.clearPending();
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

  private buildForm(defaults: PanelRunConfig): void {
    this.settings.replaceChildren();
    this.form = null;
    this.sweepSettings.replaceChildren();
    this.sweepForm = null;
    if (!this.host.hasHost || (this.mode !== 'configure' && this.mode !== 'live')) return;
    const summary = document.createElement('summary');
    summary.textContent = 'Run settings';
    this.form = new RunForm(this.model, defaults, this.ui.draft, (draft) => {
      this.saveUi({ draft });
      this.updateChrome();
    });
    this.settings.append(summary, this.form.element);
    const sweepSummary = document.createElement('summary');
    sweepSummary.textContent = 'Sweep settings: find a configuration under an SLO';
    this.sweepForm = new SweepForm(
      this.model,
      defaults.sloMs,
      this.ui.sweepDraft,
      (sweepDraft) => {
        this.saveUi({ sweepDraft });
        this.updateChrome();
      },
      () => this.startSweep(),
    );
    this.sweepSettings.append(sweepSummary, this.sweepForm.element);
    // Custom elements render their values asynchronously; check again once they have.
    requestAnimationFrame(() => {
      this.form?.refresh();
      this.sweepForm?.refresh();
      this.updateChrome();
    });
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
    if (this.mode === 'view' || this.mode === 'compare') this.showStreamModel();
    this.updateChrome();
    this.requestDraw(false);
  }

  private startRun(): void {
    if (!this.form || this.form.currentErrors().length > 0 || !this.trusted) return;
    this.snapshot++;
    this.store.reset([this.titleEl.textContent ?? 'Run']);
    this.profileLink.replaceChildren();
    this.host.postMessage({ type: 'startRun', config: this.form.config() });
    this.requestDraw(true);
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

  /** In view/compare mode the model comes from the profile's own events. */
  private showStreamModel(): void {
    const model = this.store.streams[0]?.model ?? null;
    this.modelSlot.replaceChildren(renderModelSummary(model, null));
  }

  /** The measurement's own warnings (late arrivals, CPU contention...), prefixed by profile when comparing. */
  private renderWarnings(): void {
    const many = this.store.streams.length > 1;
    const lines = this.store.streams.flatMap((s) => s.warnings.map((w) => (many ? `${s.title}: ${w}` : w)));
    const key = lines.join('\n');
    if (key === this.warningsKey) return;
    this.warningsKey = key;
    this.warningsEl.replaceChildren(...[...new Set(lines)].map((w) => notice(w, 'warning')));
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

  private showProfilePath(path: string): void {
    const a = document.createElement('a');
    a.href = '#';
    a.textContent = path;
    a.title = 'Open the saved profile';
    a.addEventListener('click', (e) => {
      e.preventDefault();
      this.host.postMessage({ type: 'openProfilePath', path });
    });
    this.profileLink.replaceChildren('Saved profile: ', a);
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
    this.sweepSettings.hidden = this.sweepForm === null;
    this.modelSlot.hidden = sweepOnly;
    this.saveButton.hidden = sweepOnly;
    this.runButton.hidden = !canConfigure;
    this.runButton.disabled = !canConfigure || running || !this.trusted || invalid || this.model === null;
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
    this.progress.element.hidden =
      this.store.allSeries().length === 0 || (this.mode !== 'configure' && this.mode !== 'live');
    if (!this.profileLink.isConnected) this.header.appendChild(this.profileLink);
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
    this.updateChrome();
    this.renderWarnings();
    this.progress.render(this.store);
    for (const v of this.views) v.render(this.store, this.theme);
    document.body.dataset.drawn = String(this.store.version);
  }
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

function runStateText(state: RunState, message?: string): string {
  const base = {
    idle: 'Ready',
    running: 'Running…',
    cancelling: 'Cancelling…',
    done: 'Done',
    failed: 'Failed',
  }[state];
  return message ? `${base} — ${message}` : base;
}
