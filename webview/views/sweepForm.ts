/**
 * The sweep settings form: which configurations (strategy specs with `a|b|c` alternatives ×
 * instance counts), at which loads, under which SLO, and whether to verify or measure. It builds
 * a {@link PanelSweepConfig}, checks it with the same {@link validateSweepConfig} the host uses,
 * shows each problem next to its field, and says how many configurations the grid makes.
 * The model's dims, fixed inputs, threads and provider come from the run form (the host takes them).
 */
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import '@vscode-elements/elements/dist/vscode-label/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import type { VscodeCheckbox } from '@vscode-elements/elements/dist/vscode-checkbox/vscode-checkbox.js';
import type { VscodeTextfield } from '@vscode-elements/elements/dist/vscode-textfield/vscode-textfield.js';
import type { FieldError } from '../../src/shared/panelProtocol';
import type { ModelSummary } from '../../src/shared/profileTypes';
import { validateSweepConfig, type PanelSweepConfig } from '../../src/shared/sweep/sweepPanelProtocol';
import { defaultSweepStrategies, expandSweepSpecs } from '../../src/shared/sweep/sweepSpecs';
import { fieldDomId, parseList, parseListOrRange, parseNumber } from './formText';
import type { FormDraft } from './runForm';

/** The sweep's own defaults (the CLI's: `batchscope sweep --help`). */
const SWEEP_DEFAULTS = { instances: '1', load: '0.1:1:0.1', sloPercentile: '99', marginPct: '10' };

type Button = HTMLElement & { disabled: boolean };

export class SweepForm {
  readonly element: HTMLFormElement;
  /** Posts the sweep (the app decides whether it may run). */
  readonly submitButton: Button;
  private readonly fields = new Map<string, VscodeTextfield>();
  private readonly helpers = new Map<string, HTMLElement>();
  private readonly checks = new Map<'verify' | 'measure', VscodeCheckbox>();
  private readonly errorList: HTMLUListElement;
  private readonly gridSize: HTMLElement;
  private errors: FieldError[] = [];

  /**
   * @param sloMs the run form's SLO default, if any (the sweep's SLO starts there)
   * @param onChange called after every edit, with the text to persist
   * @param onSubmit called when Sweep is pressed (or Enter in a field) and the form is valid
   */
  constructor(
    private readonly model: ModelSummary | null,
    sloMs: number | null,
    draft: FormDraft | null,
    private readonly onChange: (draft: FormDraft) => void,
    onSubmit: () => void,
  ) {
    this.element = document.createElement('form');
    this.element.className = 'run-form sweep-form';
    this.element.id = 'sweep-form';
    this.element.setAttribute('aria-label', 'Sweep settings');
    this.element.addEventListener('submit', (e) => {
      e.preventDefault();
      if (!this.submitButton.disabled) onSubmit();
    });
    this.errorList = document.createElement('ul');
    this.errorList.className = 'form-errors';
    this.errorList.setAttribute('aria-live', 'polite');
    this.gridSize = document.createElement('p');
    this.gridSize.className = 'sweep-grid-size';
    this.gridSize.id = 'sweep-grid-size';
    this.gridSize.setAttribute('aria-live', 'polite');
    this.submitButton = document.createElement('vscode-button') as Button;
    this.submitButton.id = 'btn-sweep';
    this.submitButton.textContent = 'Sweep';
    this.submitButton.addEventListener('click', () => {
      if (!this.submitButton.disabled) onSubmit();
    });
    this.build(sloMs);
    if (draft) this.applyDraft(draft);
    this.element.addEventListener('input', () => this.changed());
    this.element.addEventListener('change', () => this.changed());
    this.revalidate();
  }

  /** The sweep as typed (may be invalid; see {@link currentErrors}). */
  config(): PanelSweepConfig {
    const text = (id: string): string => (this.fields.get(id)?.value ?? '').trim();
    const optional = (id: string): number | null => (text(id) === '' ? null : parseNumber(text(id)));
    return {
      strategies: text('sweep.strategies'),
      instances: parseList(text('sweep.instances')),
      load: parseListOrRange(text('sweep.load')) ?? [NaN],
      sloMs: optional('sweep.sloMs'),
      sloPercentile: parseNumber(text('sweep.sloPercentile')),
      marginPct: parseNumber(text('sweep.marginPct')),
      targetRps: optional('sweep.targetRps'),
      verify: this.checks.get('verify')?.checked ?? true,
      measure: this.checks.get('measure')?.checked ?? false,
    };
  }

  currentErrors(): FieldError[] {
    return this.errors;
  }

  /** Re-check once the controls have rendered their values. */
  refresh(): void {
    this.revalidate();
  }

  setDisabled(disabled: boolean): void {
    for (const f of this.fields.values()) f.disabled = disabled;
    for (const c of this.checks.values()) c.disabled = disabled;
  }

  draft(): FormDraft {
    const d: FormDraft = {};
    for (const [id, f] of this.fields) d[id] = f.value;
    for (const [id, c] of this.checks) d[`sweep.${id}`] = String(c.checked);
    return d;
  }

  private applyDraft(d: FormDraft): void {
    for (const [id, f] of this.fields) if (typeof d[id] === 'string') f.value = d[id];
    for (const [id, c] of this.checks) {
      const v = d[`sweep.${id}`];
      if (v === 'true' || v === 'false') c.checked = v === 'true';
    }
  }

  private changed(): void {
    this.revalidate();
    this.onChange(this.draft());
  }

  private revalidate(): void {
    const config = this.config();
    const maxBatch = this.model?.maxBatchSupported ?? null;
    this.errors = validateSweepConfig(config, maxBatch);
    // A malformed range is reported as such, not as "load levels must be above 0".
    if (parseListOrRange(this.fields.get('sweep.load')?.value.trim() ?? '') === null)
      this.errors = [
        ...this.errors.filter((e) => e.field !== 'sweep.load'),
        {
          field: 'sweep.load',
          message:
            'A load range is FROM:TO:STEP with 0 < FROM ≤ TO, STEP > 0 and at most 50 levels, e.g. 0.1:1:0.1.',
        },
      ];
    const byField = new Map<string, string[]>();
    for (const e of this.errors) byField.set(e.field, [...(byField.get(e.field) ?? []), e.message]);
    for (const [id, f] of this.fields) {
      const messages = byField.get(id);
      f.invalid = messages !== undefined;
      f.setAttribute('aria-invalid', String(messages !== undefined));
      const helper = this.helpers.get(id);
      if (helper) {
        helper.textContent = [...new Set(messages ?? [])].join(' ');
        helper.hidden = messages === undefined;
      }
    }
    this.errorList.replaceChildren(
      ...[...new Set(this.errors.map((e) => e.message))].map((m) => {
        const li = document.createElement('li');
        li.textContent = m;
        return li;
      }),
    );
    this.gridSize.textContent = gridSizeText(config, maxBatch, byField.has('sweep.strategies'));
  }

  // ---- building ----------------------------------------------------------------------------

  private build(sloMs: number | null): void {
    const maxBatch = this.model?.maxBatchSupported ?? null;
    const batchable = this.model?.batchable ?? true;
    const grid = group('Configurations');
    const strategies = this.row(
      'sweep.strategies',
      'Strategies to sweep',
      batchable ? defaultSweepStrategies(maxBatch) : 'none',
      'Comma-separated, as on the command line. Any parameter may list alternatives with |: ' +
        'dynamic(max=4|8|16,delay=0|1|2) is 3 × 3 = 9 configurations, static(4|8) is 2.',
    );
    strategies.classList.add('form-row-wide');
    grid.append(
      strategies,
      this.row(
        'sweep.instances',
        'Instance counts',
        SWEEP_DEFAULTS.instances,
        'Comma-separated, e.g. 1, 2: every configuration runs on each.',
      ),
      this.gridSize,
    );
    grid.classList.add('form-group-wide');

    const load = group('Load and objective');
    load.classList.add('sweep-load');
    load.append(
      this.row(
        'sweep.load',
        'Load levels (fractions of the measured capacity)',
        SWEEP_DEFAULTS.load,
        'A range FROM:TO:STEP (0.1:1:0.1 is 10% to 100%) or a list (0.25, 0.5, 0.9).',
      ),
      this.row(
        'sweep.sloMs',
        'Latency SLO (ms)',
        sloMs === null ? '' : String(sloMs),
        'Empty: curves only, no recommendation.',
      ),
      this.row('sweep.sloPercentile', 'SLO percentile', SWEEP_DEFAULTS.sloPercentile, '99 bounds p99.'),
      this.row(
        'sweep.marginPct',
        'Safety margin under the SLO (%)',
        SWEEP_DEFAULTS.marginPct,
        'A configuration counts while its predicted percentile stays under the SLO less this margin.',
      ),
      this.row(
        'sweep.targetRps',
        'Target rate (requests/s)',
        '',
        'Empty: recommend the configuration that sustains the most throughput.',
      ),
    );

    const run = group('On the model');
    run.append(
      this.check('verify', 'Verify the recommendation on the model', true),
      this.check('measure', 'Measure every point on the model (slow)', false),
    );
    const footer = document.createElement('div');
    footer.className = 'sweep-form-footer';
    footer.appendChild(this.submitButton);
    run.appendChild(footer);
    this.element.append(grid, load, run, this.errorList);
  }

  private row(id: string, label: string, value: string, hint: string): HTMLElement {
    const field = document.createElement('vscode-textfield') as VscodeTextfield;
    field.id = fieldDomId(id);
    field.value = value;
    field.dataset.field = id;
    const hintEl = document.createElement('span');
    hintEl.className = 'field-hint';
    hintEl.id = `${fieldDomId(id)}-hint`;
    hintEl.textContent = hint;
    const helper = document.createElement('span');
    helper.className = 'field-error';
    helper.id = `${fieldDomId(id)}-error`;
    helper.hidden = true;
    field.setAttribute('aria-describedby', `${helper.id} ${hintEl.id}`);
    this.fields.set(id, field);
    this.helpers.set(id, helper);
    const row = document.createElement('div');
    row.className = 'form-row';
    const l = document.createElement('vscode-label');
    l.setAttribute('for', field.id);
    l.textContent = label;
    row.append(l, field, helper, hintEl);
    return row;
  }

  private check(id: 'verify' | 'measure', label: string, checked: boolean): HTMLElement {
    const c = document.createElement('vscode-checkbox') as VscodeCheckbox;
    c.id = fieldDomId(`sweep.${id}`);
    c.checked = checked;
    c.textContent = label;
    this.checks.set(id, c);
    const row = document.createElement('div');
    row.className = 'form-row form-check';
    row.appendChild(c);
    return row;
  }
}

function group(title: string): HTMLFieldSetElement {
  const fs = document.createElement('fieldset');
  fs.className = 'form-group';
  const legend = document.createElement('legend');
  legend.textContent = title;
  fs.appendChild(legend);
  return fs;
}

/** "9 strategy configurations × 2 instance counts = 18 configurations", or why it cannot say. */
function gridSizeText(c: PanelSweepConfig, maxBatch: number | null, strategiesInvalid: boolean): string {
  if (strategiesInvalid) return '';
  let n: number;
  try {
    n = expandSweepSpecs(c.strategies, maxBatch).length;
  } catch {
    return '';
  }
  const k = new Set(c.instances.filter((x) => Number.isInteger(x) && x > 0)).size;
  if (k <= 1) return `${n} configuration${n === 1 ? '' : 's'}.`;
  return `${n} strategy configurations × ${k} instance counts = ${n * k} configurations.`;
}
