/**
 * The one Batchscope panel (`batchscope.panel`). It owns nothing but the webview: the
 * controller gives it a {@link PanelView} (what to show) and live event deltas; the panel sends
 * them when the webview is ready and visible, and replays the full view whenever the webview
 * (re)loads — hidden panels are not retained, so coming back visible is a fresh `ready`.
 * Every message goes through a {@link PanelOutbox}: big snapshots are posted in pieces across
 * event-loop turns, so the extension host never blocks on a large run or profile.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { CompactProfile } from '../../shared/compactProfile';
import type { LiveEvent } from '../../shared/liveEvents';
import {
  type HostToWebview,
  type PanelMode,
  type PanelRunConfig,
  type NoticeAction,
  type PanelTheme,
  type RunEnd,
  type RunState,
} from '../../shared/panelProtocol';
import type { ModelSummary } from '../../shared/profileTypes';
import type { SweepUpdateMessage } from '../../shared/sweep/sweepPanelProtocol';
import { gateWebviewMessages, type GateHandlers } from './messageGate';
import { panelHtml } from './panelHtml';
import { deltaMessages, PanelOutbox, snapshotMessages, snapshotOf, type StreamSource } from './panelOutbox';

export const PANEL_VIEW_TYPE = 'batchscope.panel';

/** Where the panel hands the webview's messages once its gate ({@link gateWebviewMessages}) ran. */
export type PanelMessageHandlers = Omit<GateHandlers, 'onReady'>;

/** Everything the panel shows; the host's copy is the truth. */
export interface PanelView {
  mode: PanelMode;
  title: string;
  model?: ModelSummary;
  modelError?: string;
  defaults: PanelRunConfig;
  trusted: boolean;
  /**
   * One event stream per profile: the live run's array (shared, it grows in place) or a saved
   * profile replayed lazily whenever the webview needs a snapshot.
   */
  streams: StreamSource[];
  /**
   * Saved profiles (view / compare), columns compact: sent whole in one `profiles` message and
   * decoded by the webview, in place of `streams`. A million requests is ~2 MB here against
   * ~60 MB as replayed events.
   */
  profiles?: CompactProfile[];
  streamTitles: string[];
  runState: RunState;
  runMessage?: string;
  profilePath?: string;
  /** How the run ended, its longer text and the final notice's buttons (see `runState` in the protocol). */
  runEnded?: RunEnd;
  runPartial?: boolean;
  runDetail?: string;
  runActions?: NoticeAction[];
  /** The form's per-model key, where its defaults came from, and the configuration's name. */
  modelKey?: string;
  defaultsKey?: string;
  configurationName?: string;
  /** The model is being (re-)inspected. */
  inspecting?: boolean;
  /** The sweep shown (a sweep run or a saved sweep), with its state; re-sent whole on every update. */
  sweep?: Omit<SweepUpdateMessage, 'type'>;
}

export class ProfilerPanel implements vscode.Disposable {
  private ready = false;
  private view: PanelView;
  private readonly disposables: vscode.Disposable[] = [];
  private disposed = false;
  private readonly outbox: PanelOutbox;

  /** Create a panel beside the editor. */
  static create(extensionUri: vscode.Uri, view: PanelView, handlers: PanelMessageHandlers): ProfilerPanel {
    const panel = vscode.window.createWebviewPanel(
      PANEL_VIEW_TYPE,
      view.title,
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: false },
      ProfilerPanel.webviewOptions(extensionUri),
    );
    return new ProfilerPanel(panel, extensionUri, view, handlers);
  }

  /** Options shared by a new panel and one VS Code restores after a reload. */
  static webviewOptions(extensionUri: vscode.Uri): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    return {
      enableScripts: true,
      // Only the built bundle and static media; never the workspace.
      localResourceRoots: [
        vscode.Uri.joinPath(extensionUri, 'dist'),
        vscode.Uri.joinPath(extensionUri, 'media'),
      ],
      enableFindWidget: false,
    };
  }

  constructor(
    readonly panel: vscode.WebviewPanel,
    private readonly extensionUri: vscode.Uri,
    view: PanelView,
    handlers: PanelMessageHandlers,
  ) {
    this.view = view;
    this.outbox = new PanelOutbox({ post: (m) => void this.panel.webview.postMessage(m) });
    panel.webview.options = ProfilerPanel.webviewOptions(extensionUri);
    this.disposables.push(
      // Everything the webview posts goes through the gate first: unknown or malformed messages
      // are refused (and logged by the handler), never acted on.
      panel.webview.onDidReceiveMessage(
        gateWebviewMessages({
          onReady: () => {
            this.ready = true;
            this.sendAll();
          },
          onMessage: (m) => handlers.onMessage(m),
          onRejected: (reason) => handlers.onRejected?.(reason),
        }),
      ),
      panel.onDidChangeViewState(() => {
        // A hidden webview without retained context is torn down; it will post `ready` again.
        if (!panel.visible) {
          this.ready = false;
          this.outbox.clear(); // It gets a full snapshot when it is back.
        }
      }),
      // Closed by the user: stop the outbox. A snapshot still draining would otherwise build
      // its next piece and read `panel.webview`, which throws once VS Code disposed the panel.
      panel.onDidDispose(() => this.dispose()),
    );
    this.render();
  }

  /** Fired once when the user closes the panel (or it is disposed). */
  get onDidDispose(): vscode.Event<void> {
    return this.panel.onDidDispose;
  }

  get current(): Readonly<PanelView> {
    return this.view;
  }

  /** Bring the panel to the front in the column it is in. */
  reveal(): void {
    this.panel.reveal(undefined, false);
  }

  /** Replace what the panel shows (a new model, a run starting, a profile opened). */
  show(view: PanelView): void {
    this.view = view;
    this.panel.title = view.title;
    if (this.ready) this.sendAll();
  }

  /** Update parts of the view; `init` is re-sent only when it changed what init carries. */
  update(patch: Partial<PanelView>): void {
    this.view = { ...this.view, ...patch };
    if (patch.title) this.panel.title = patch.title;
    if (!this.ready) return;
    if (
      'model' in patch ||
      'modelError' in patch ||
      'trusted' in patch ||
      'defaults' in patch ||
      'mode' in patch ||
      'title' in patch
    ) {
      this.sendAll();
    } else {
      if (
        'runState' in patch ||
        'runMessage' in patch ||
        'profilePath' in patch ||
        'runEnded' in patch ||
        'runDetail' in patch
      )
        this.sendRunState();
      if ('sweep' in patch) this.sendSweep();
    }
  }

  /**
   * A re-inspection's result: the summary (or why it failed) without re-sending `init`, so the
   * form keeps what the user typed.
   */
  setModel(model: ModelSummary | undefined, modelError: string | undefined, inspecting: boolean): void {
    this.view = { ...this.view, model, modelError, inspecting };
    if (this.ready) this.post({ type: 'model', model, modelError, inspecting });
  }

  /** A notice in the panel (not an error). */
  showNotice(kind: 'info' | 'warning', message: string, actions?: NoticeAction[]): void {
    if (this.ready) this.post({ type: 'notice', kind, message, actions });
  }

  /** Live deltas (already appended to the view's stream by the controller). Dropped when not ready. */
  appendEvents(events: LiveEvent[]): void {
    if (this.ready && this.panel.visible) this.outbox.sendAll(deltaMessages(events));
  }

  /** Show an error line in the panel. */
  showError(message: string, actions?: NoticeAction[]): void {
    if (this.ready) this.post({ type: 'error', message, actions });
  }

  /** Stop posting and release the listeners; closes the webview panel if it is still open. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.outbox.dispose();
    for (const d of this.disposables) d.dispose();
    this.panel.dispose(); // A no-op when VS Code already disposed it (the user closed it).
  }

  private render(): void {
    const webview = this.panel.webview;
    const asset = (...p: string[]): vscode.Uri => vscode.Uri.joinPath(this.extensionUri, ...p);
    const styleUris = [
      ['dist', 'webview.css'],
      ['media', 'panel.css'],
    ]
      .filter((p) => fs.existsSync(path.join(this.extensionUri.fsPath, ...p)))
      .map((p) => webview.asWebviewUri(asset(...p)).toString());
    this.ready = false;
    webview.html = panelHtml({
      cspSource: webview.cspSource,
      scriptUri: webview.asWebviewUri(asset('dist', 'webview.js')).toString(),
      styleUris,
      title: this.view.title,
    });
  }

  private sendAll(): void {
    // Whatever was still queued is superseded by this snapshot.
    this.outbox.clear();
    this.post(this.initMessage());
    // Always a snapshot, even an empty one: `init` alone does not clear a previous run's charts.
    // The streams are fixed now (the live array's current length); later events follow as deltas.
    if (this.view.profiles) {
      this.post({ type: 'profiles', profiles: this.view.profiles, titles: this.view.streamTitles });
    } else {
      this.outbox.sendAll(snapshotMessages(this.view.streams.map(snapshotOf), this.view.streamTitles));
    }
    this.sendRunState();
    this.sendSweep();
  }

  /** The sweep is small (a few thousand points at most): one message with all of it. */
  private sendSweep(): void {
    if (this.view.sweep) this.post({ type: 'sweep', ...this.view.sweep });
  }

  private sendRunState(): void {
    this.post({
      type: 'runState',
      state: this.view.runState,
      message: this.view.runMessage,
      profilePath: this.view.profilePath,
      ended: this.view.runEnded,
      partial: this.view.runPartial,
      detail: this.view.runDetail,
      actions: this.view.runActions,
    });
  }

  private initMessage(): HostToWebview {
    return {
      type: 'init',
      mode: this.view.mode,
      model: this.view.model,
      modelError: this.view.modelError,
      defaults: this.view.defaults,
      trusted: this.view.trusted,
      theme: currentTheme(),
      title: this.view.title,
      modelKey: this.view.modelKey,
      defaultsKey: this.view.defaultsKey,
      configurationName: this.view.configurationName,
      inspecting: this.view.inspecting,
    };
  }

  private post(message: HostToWebview): void {
    if (this.disposed) return;
    this.outbox.send(message);
  }
}

function currentTheme(): PanelTheme {
  switch (vscode.window.activeColorTheme.kind) {
    case vscode.ColorThemeKind.Light:
      return 'light';
    case vscode.ColorThemeKind.HighContrast:
      return 'high-contrast';
    case vscode.ColorThemeKind.HighContrastLight:
      return 'high-contrast-light';
    case vscode.ColorThemeKind.Dark:
    default:
      return 'dark';
  }
}
