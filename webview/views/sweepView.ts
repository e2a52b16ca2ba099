/**
 * The sweep view (live while a sweep runs, and for a saved sweep): its state and stage with
 * Cancel, the trade-off chart, the recommendation card with Verify and Export…, the verification
 * runs and the table of configurations. Without a host (the HTML report) it has no buttons.
 */
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-label/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import type { VscodeSingleSelect } from '@vscode-elements/elements/dist/vscode-single-select/vscode-single-select.js';
import {
  EXPORT_FORMATS,
  type ExportFormat,
  type SweepRunState,
  type SweepUpdateMessage,
} from '../../src/shared/sweep/sweepPanelProtocol';
import type { SweepFile } from '../../src/shared/sweep/sweepTypes';
import { SweepChart } from '../charts/sweepChart';
import { sweepChartData } from '../data/sweepSeries';
import type { ChartTheme } from '../theme';
import { notice } from './modelSummaryView';
import { renderRecommendation, renderVerifications } from './recommendationCard';
import { SweepConfigTable } from './sweepConfigTable';

/** What the view's buttons ask the host for. */
export interface SweepActions {
  verify(): void;
  exportAs(format: ExportFormat): void;
  cancel(): void;
}

const FORMAT_LABELS: Record<ExportFormat, string> = {
  triton: 'Triton (config.pbtxt)',
  torchserve: 'TorchServe (model-config.yaml)',
  ray: 'Ray Serve (@serve.batch)',
  tfserving: 'TF Serving (batching parameters)',
  bentoml: 'BentoML (@bentoml.api)',
};

type Button = HTMLElement & { disabled: boolean; secondary: boolean };

export class SweepView {
  readonly element: HTMLElement;
  private readonly meta = el('p', 'sweep-meta');
  private readonly status = el('div', 'sweep-status');
  private readonly stateText = el('span', 'sweep-state');
  private readonly cancelButton: Button;
  private readonly messages = el('div', 'sweep-messages');
  private readonly body = el('div', 'sweep-body');
  private readonly chart = new SweepChart();
  private readonly card = el('section', 'sweep-card');
  private readonly cardContent = el('div', 'sweep-card-content');
  private readonly actions = el('div', 'sweep-actions');
  private readonly verifyButton: Button;
  private readonly exportButton: Button;
  private readonly formatSelect: VscodeSingleSelect;
  private readonly verifications = el('section', 'sweep-verifications');
  private readonly table: SweepConfigTable;

  private sweep: SweepFile | null = null;
  private state: SweepRunState | null = null;
  /** A request was posted and the host has not answered with a sweep update yet. */
  private pending = false;
  private trusted = true;
  private drawn = { sweep: null as SweepFile | null, theme: null as ChartTheme | null };

  constructor(
    private readonly hasHost: boolean,
    private readonly act: SweepActions,
  ) {
    this.element = el('section', 'sweep');
    this.element.id = 'sweep';
    this.element.setAttribute('aria-labelledby', 'sweep-title');
    this.element.hidden = true;
    const heading = el('h2', 'sweep-title');
    heading.id = 'sweep-title';
    heading.textContent = 'Sweep';
    this.stateText.setAttribute('role', 'status');
    this.stateText.id = 'sweep-state';
    this.cancelButton = button('Cancel Sweep', 'cancel-sweep', true);
    this.cancelButton.addEventListener('click', () => this.act.cancel());
    this.status.append(this.stateText);
    if (hasHost) this.status.append(this.cancelButton);
    this.messages.setAttribute('aria-live', 'polite');

    const cardTitle = el('h3', 'sweep-card-title');
    cardTitle.id = 'sweep-recommendation-title';
    cardTitle.textContent = 'Recommendation';
    this.card.id = 'sweep-recommendation';
    this.card.setAttribute('aria-labelledby', cardTitle.id);
    this.verifyButton = button('Verify on the Model', 'verify-sweep');
    this.verifyButton.addEventListener('click', () => {
      if (!this.verifyButton.disabled) this.act.verify();
    });
    this.formatSelect = document.createElement('vscode-single-select') as VscodeSingleSelect;
    this.formatSelect.id = 'f-sweep-export-format';
    for (const f of EXPORT_FORMATS) {
      const o = document.createElement('vscode-option');
      o.setAttribute('value', f);
      o.textContent = FORMAT_LABELS[f];
      if (f === 'triton') o.setAttribute('selected', '');
      this.formatSelect.appendChild(o);
    }
    this.exportButton = button('Export…', 'export-sweep', true);
    this.exportButton.addEventListener('click', () => {
      if (this.exportButton.disabled) return;
      const f = this.formatSelect.value as ExportFormat;
      this.act.exportAs(EXPORT_FORMATS.includes(f) ? f : 'triton');
    });
    if (hasHost) {
      const label = document.createElement('vscode-label');
      label.setAttribute('for', this.formatSelect.id);
      label.textContent = 'Export for';
      const exportRow = el('div', 'sweep-export');
      exportRow.append(label, this.formatSelect, this.exportButton);
      this.actions.append(this.verifyButton, exportRow);
    } else {
      const p = el('p', 'sweep-report-note');
      p.textContent =
        'Verify and Export run in the VS Code panel, or from a terminal: batchscope export SWEEP.json --format triton|torchserve|ray|tfserving|bentoml.';
      this.actions.appendChild(p);
    }
    this.card.append(cardTitle, this.cardContent, this.actions);

    this.table = new SweepConfigTable((config) => this.chart.pin(config));
    const tableHeading = el('h3', 'sweep-configs-title');
    tableHeading.textContent = 'Configurations';
    const tableSection = el('section', 'sweep-configs-section');
    tableSection.append(tableHeading, this.table.element);
    const top = el('div', 'sweep-top');
    top.append(this.chart.element, this.card);
    this.body.append(top, this.verifications, tableSection);
    this.element.append(heading, this.meta, this.status, this.messages, this.body);
    this.updateButtons();
  }

  /** Applies a host update (the sweep as it stands and its state). */
  update(msg: Pick<SweepUpdateMessage, 'sweep' | 'state' | 'stage' | 'sweepPath' | 'message'>): void {
    this.pending = false;
    this.element.hidden = false;
    // A running update may come before the first simulation: keep showing what we have.
    if (msg.sweep || msg.state !== 'running') this.sweep = msg.sweep ?? this.sweep;
    this.state = msg.state;
    this.stateText.textContent = stateText(msg.state, msg.stage);
    this.messages.replaceChildren();
    if (msg.state === 'failed')
      this.messages.appendChild(
        notice(`The sweep failed: ${msg.message ?? 'no reason was given.'}`, 'error'),
      );
    else if (msg.state === 'cancelled')
      this.messages.appendChild(
        notice(
          `The sweep was cancelled${msg.message ? `: ${msg.message}` : '.'}${this.sweep ? ' What had been simulated is shown.' : ''}`,
          'warning',
        ),
      );
    else if (msg.message) this.messages.appendChild(notice(msg.message, 'info'));
    if (msg.sweepPath) {
      const p = el('p', 'sweep-path');
      p.textContent = `Saved sweep: ${msg.sweepPath}`;
      this.messages.appendChild(p);
    }
    for (const w of this.sweep?.warnings ?? []) this.messages.appendChild(notice(w, 'warning'));
    this.updateButtons();
  }

  /** A request (start, Verify) was posted: disable the buttons until the host answers. */
  setPending(stage: string, clear: boolean): void {
    this.pending = true;
    this.element.hidden = false;
    if (clear) {
      this.sweep = null;
      this.messages.replaceChildren();
    }
    this.stateText.textContent = stage;
    this.updateButtons();
  }

  /** The host answered a request with an error instead of an update. */
  clearPending(): void {
    if (!this.pending) return;
    this.pending = false;
    if (this.state === null && !this.sweep) this.element.hidden = true;
    else this.stateText.textContent = stateText(this.state ?? 'done');
    this.updateButtons();
  }

  setTrusted(trusted: boolean): void {
    this.trusted = trusted;
    this.updateButtons();
  }

  /** True while a sweep or a verification runs (or was just asked for). */
  get busy(): boolean {
    return this.pending || this.state === 'running';
  }

  get hasSweep(): boolean {
    return this.sweep !== null;
  }

  /** Redraws what changed since the last call (a new sweep, or the theme). */
  render(theme: ChartTheme): void {
    const s = this.sweep;
    this.body.hidden = s === null;
    if (!s || (this.drawn.sweep === s && this.drawn.theme === theme)) return;
    const sweepChanged = this.drawn.sweep !== s;
    this.drawn = { sweep: s, theme };
    this.chart.render(s, sweepChartData(s), theme);
    if (!sweepChanged) return;
    this.meta.textContent = describe(s);
    this.cardContent.replaceChildren(...renderRecommendation(s));
    const v = renderVerifications(s);
    const vTitle = el('h3', 'sweep-verifications-title');
    vTitle.textContent = 'Verification runs';
    this.verifications.replaceChildren(...(v ? [vTitle, v] : []));
    this.verifications.hidden = v === null;
    this.table.render(s);
    this.updateButtons();
  }

  private updateButtons(): void {
    const running = this.busy;
    this.cancelButton.hidden = this.state !== 'running';
    this.cancelButton.disabled = this.state !== 'running';
    const canVerify = !!this.sweep?.settings.slo && !!this.sweep.recommendation;
    this.verifyButton.disabled = running || !this.trusted || !canVerify;
    this.verifyButton.title = !this.trusted
      ? 'The workspace is not trusted: nothing runs on the model.'
      : !canVerify
        ? 'There is no recommendation to verify.'
        : 'Run the recommendation on the model at its rate; if it misses the SLO, the next candidate is tried.';
    this.exportButton.disabled = running || !this.sweep?.recommendation;
    this.formatSelect.disabled = this.exportButton.disabled;
  }
}

function stateText(state: SweepRunState, stage?: string): string {
  switch (state) {
    case 'running':
      return `Sweeping… ${stage ?? ''}`.trim();
    case 'done':
      return 'Done';
    case 'cancelled':
      return 'Cancelled';
    case 'failed':
      return 'Failed';
  }
}

/** One line about the sweep: model, grid, SLO, where it ran. */
function describe(s: SweepFile): string {
  const rates = new Set(s.points.filter((p) => !p.measured).map((p) => p.offeredRps)).size;
  const slo = s.settings.slo
    ? `SLO ${`p${s.settings.slo.percentile}`} ≤ ${s.settings.slo.ms} ms, ${Math.round(s.settings.margin * 100)}% margin`
    : 'no SLO';
  const target = s.settings.targetRps !== null ? `, target ${s.settings.targetRps} req/s` : '';
  const how = s.settings.measure ? 'measured on the model' : 'simulated from the calibration';
  return `${s.model.fileName} · ${s.configs.length} configurations × ${rates} rates, ${how} · ${slo}${target} · ${s.machine.cpuModel}, ${s.machine.cpuCount} CPUs, ${s.executionProvider} · ${s.createdAt.slice(0, 16).replace('T', ' ')}`;
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  e.className = className;
  return e;
}

function button(label: string, id: string, secondary = false): Button {
  const b = document.createElement('vscode-button') as Button;
  b.id = `btn-${id}`;
  b.textContent = label;
  b.secondary = secondary;
  return b;
}
