/**
 * The run settings form (vscode-elements controls). It turns what the user typed into a
 * {@link PanelRunConfig}, checks it with the same {@link validateRunConfig} the host uses, marks
 * each invalid field and lists the problems, and keeps Run disabled until everything is valid.
 */
import '@vscode-elements/elements/dist/vscode-label/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import type { VscodeSingleSelect } from '@vscode-elements/elements/dist/vscode-single-select/vscode-single-select.js';
import type { VscodeTextfield } from '@vscode-elements/elements/dist/vscode-textfield/vscode-textfield.js';
import {
  validateRunConfig,
  type FieldError,
  type PanelArrival,
  type PanelRunConfig,
} from '../../src/shared/panelProtocol';
import type { ModelSummary, StrategyConfig } from '../../src/shared/profileTypes';
import { BURSTY_DEFAULTS } from '../../src/shared/burstyArrival';
import { DERIVED_RATE_RULE, RUN_DEFAULTS } from '../../src/shared/runDefaults';
import { STRATEGY_ORDERS, type StrategyOrder } from '../../src/shared/measurementPlan';
import type { RunStrategyDefaults } from '../../src/shared/strategies/strategyParams';
import { fieldDomId, parseList, parseNumber } from './formText';
import { SignatureFields } from './signatureFields';
import { StrategyList } from './strategyList';

import type { FormDraft } from '../formDrafts';

export type { FormDraft } from '../formDrafts';

/** The symbolic dims and fixed inputs as typed, for a re-inspection of the model. */
export type InspectRequest = Pick<PanelRunConfig, 'dims' | 'fixedInputs'>;

const ARRIVALS = ['poisson', 'constant', 'bursty', 'ramp', 'closed'] as const;

export class RunForm {
  readonly element: HTMLElement;
  private readonly fields = new Map<string, VscodeTextfield>();
  private readonly helpers = new Map<string, HTMLElement>();
  private readonly errorList: HTMLUListElement;
  private arrival!: VscodeSingleSelect;
  private strategies!: StrategyList;
  private provider!: VscodeSingleSelect;
  private order!: VscodeSingleSelect;
  private measureUntil!: VscodeSingleSelect;
  private signature!: SignatureFields;
  private errors: FieldError[] = [];
  private defaultArrival: (typeof ARRIVALS)[number] = 'poisson';
  private defaultProvider: 'cpu' | 'cuda' = 'cpu';

  /**
   * @param model the model as inspected (null while it is not yet)
   * @param draft the text the user left in this model's form, if any
   * @param onChange after every edit; `signatureEdited` when a dim or fixed input changed (the
   *   model is worth inspecting again)
   */
  constructor(
    private model: ModelSummary | null,
    private readonly defaults: PanelRunConfig,
    private readonly initialDraft: FormDraft | null,
    private readonly onChange: (draft: FormDraft, errors: FieldError[], signatureEdited: boolean) => void,
  ) {
    this.element = document.createElement('form');
    this.element.className = 'run-form';
    this.element.id = 'run-form';
    this.element.setAttribute('aria-label', 'Run settings');
    this.element.addEventListener('submit', (e) => e.preventDefault());
    this.errorList = document.createElement('ul');
    this.errorList.className = 'form-errors';
    this.errorList.setAttribute('aria-live', 'polite');
    this.build(defaults);
    if (initialDraft) this.applyDraft(initialDraft);
    this.element.addEventListener('input', (e) => this.changed(e));
    this.element.addEventListener('change', (e) => this.changed(e));
    this.revalidate();
  }

  /**
   * A re-inspection's result: checks the form against it, adds fields for new dims and inputs,
   * and names what the model rejected, without touching what the user typed (or where they type).
   */
  setModel(model: ModelSummary | null): void {
    if (model) this.model = model;
    this.signature.update(model, (id) => this.initialText(id));
    this.signature.showHints(model?.probeProblem, model);
    const checked = this.validationModel();
    this.strategies.setModel(checked?.maxBatchSupported ?? null, checked?.batchable ?? true);
    this.revalidate();
  }

  /** The dims and fixed inputs as typed, or null while one of them is not a number. */
  inspectRequest(): InspectRequest | null {
    const { dims, fixedInputs } = this.config();
    const finite = (v: number): boolean => Number.isFinite(v);
    if (!dims.every((d) => finite(d.min) && finite(d.max))) return null;
    if (!Object.values(fixedInputs).every((vs) => vs.every(finite))) return null;
    return { dims, fixedInputs };
  }

  /** The control of the first field with a problem (for "show me" next to Run), if any. */
  firstInvalidControl(): HTMLElement | null {
    for (const e of this.errors) {
      const control = this.element.querySelector<HTMLElement>(`#${fieldDomId(e.field)}`);
      if (control) return control;
    }
    return this.errors.length > 0 ? this.errorList : null;
  }

  /** The config as typed (may be invalid; see {@link currentErrors}). */
  config(): PanelRunConfig {
    const num = (id: string): number => parseNumber(this.fields.get(id)?.value ?? '');
    const optional = (id: string): number | null => {
      const text = (this.fields.get(id)?.value ?? '').trim();
      return text === '' ? null : parseNumber(text);
    };
    const optionalList = (id: string): number[] | null => {
      const text = (this.fields.get(id)?.value ?? '').trim();
      return text === '' ? null : parseList(text);
    };
    const sloMs = optional('sloMs');
    const strategies = this.strategies.configs(Number.isFinite(sloMs) ? sloMs : null);
    // Before the select has rendered its options its value is '', so fall back to the default.
    const picked = this.arrival.value as (typeof ARRIVALS)[number];
    const kind = ARRIVALS.includes(picked) ? picked : this.defaultArrival;
    const arrival: PanelArrival =
      kind === 'bursty'
        ? {
            kind,
            ratio: num('arrival.ratio'),
            periodS: num('arrival.periodS'),
            dutyCycle: num('arrival.dutyCycle'),
          }
        : kind === 'ramp'
          ? { kind, fromRps: num('arrival.fromRps'), toRps: num('arrival.toRps') }
          : kind === 'closed'
            ? { kind, concurrency: num('arrival.concurrency') }
            : { kind };
    const fixedInputs: Record<string, number[]> = {};
    for (const name of this.signature.inputNames()) {
      const text = (this.fields.get(`fixedInputs.${name}`)?.value ?? '').trim();
      if (text !== '') fixedInputs[name] = parseList(text);
    }
    return {
      strategies,
      arrival,
      rateRps: optional('rateRps'),
      durationS: num('durationS'),
      warmupS: num('warmupS'),
      instances: num('instances'),
      threads: num('threads'),
      provider: (this.provider.value || this.defaultProvider) === 'cuda' ? 'cuda' : 'cpu',
      dims: this.signature.dimNames().map((name) => ({
        name,
        min: num(`dims.${name}.min`),
        max: num(`dims.${name}.max`),
      })),
      fixedInputs,
      sloMs,
      seed: num('seed'),
      priorities: optionalList('priorities'),
      strategyWarmupS: num('strategyWarmupS'),
      order: orderOf(this.order.value),
      untilStable: this.measureUntil.value === 'stable',
      // Not a form field: kept as the run configuration gave it.
      ...(this.defaults.batchAxes ? { batchAxes: { ...this.defaults.batchAxes } } : {}),
    };
  }

  /** Re-check after the form is in the document (custom elements have rendered their values). */
  refresh(): void {
    this.revalidate();
  }

  currentErrors(): FieldError[] {
    return this.errors;
  }

  /** Disable every control (while running, or in an untrusted workspace). */
  setDisabled(disabled: boolean): void {
    for (const el of this.element.querySelectorAll<HTMLElement & { disabled: boolean }>(
      'vscode-textfield, vscode-single-select',
    ))
      el.disabled = disabled;
    this.strategies.setDisabled(disabled);
  }

  draft(): FormDraft {
    const d: FormDraft = {
      arrival: this.arrival.value || this.defaultArrival,
      provider: this.provider.value || this.defaultProvider,
    };
    for (const [id, f] of this.fields) d[id] = f.value;
    Object.assign(d, this.strategies.draft());
    return d;
  }

  private applyDraft(d: FormDraft): void {
    for (const [id, f] of this.fields) if (typeof d[id] === 'string') f.value = d[id];
    this.strategies.applyDraft(d);
    if (ARRIVALS.includes(d.arrival as (typeof ARRIVALS)[number])) {
      this.defaultArrival = d.arrival as (typeof ARRIVALS)[number];
      this.arrival.value = d.arrival;
    }
    if (d.provider === 'cpu' || d.provider === 'cuda') {
      this.defaultProvider = d.provider;
      this.provider.value = d.provider;
    }
  }

  private changed(e?: Event): void {
    this.revalidate();
    const field = (e?.target as HTMLElement | null)?.dataset?.field ?? '';
    this.onChange(this.draft(), this.errors, /^(dims|fixedInputs)\./.test(field));
  }

  /**
   * The model the form is checked against. When probing failed, whether it batches and up to
   * what size is unknown until it runs: the form does not hold the strategies to a guess (the
   * probe problem itself keeps Run disabled).
   */
  private validationModel(): ModelSummary | null {
    const m = this.model;
    if (!m?.probeProblem) return m;
    return { ...m, batchable: true, notBatchableReason: undefined, maxBatchSupported: null };
  }

  /** A field's starting text: the user's draft, else the defaults' (dims only; others pass their own). */
  private initialText(id: string): string | undefined {
    const drafted = this.initialDraft?.[id];
    if (typeof drafted === 'string') return drafted;
    const dim = /^dims\.(.+)\.(min|max)$/.exec(id);
    const set = dim ? this.defaults.dims.find((d) => d.name === dim[1]) : undefined;
    if (set && dim) return String(set[dim[2] as 'min' | 'max']);
    const input = /^fixedInputs\.(.+)$/.exec(id);
    const values = input ? this.defaults.fixedInputs[input[1]] : undefined;
    return values ? values.join(', ') : undefined;
  }

  private forget(ids: string[]): void {
    for (const id of ids) {
      this.fields.delete(id);
      this.helpers.delete(id);
    }
  }

  private revalidate(): void {
    const config = this.config();
    this.showArrivalFields(config.arrival.kind);
    this.errors = validateRunConfig(config, this.validationModel() ?? undefined);
    const byControl = new Map<string, string[]>();
    for (const e of this.errors) {
      byControl.set(e.field, [...(byControl.get(e.field) ?? []), e.message]);
    }
    for (const [id, f] of this.fields) {
      const messages = byControl.get(id);
      f.invalid = messages !== undefined;
      f.setAttribute('aria-invalid', String(messages !== undefined));
      const helper = this.helpers.get(id);
      if (helper) {
        helper.textContent = messages?.join(' ') ?? '';
        helper.hidden = messages === undefined;
      }
    }
    this.strategies.showErrors(this.errors);
    this.errorList.replaceChildren(
      ...this.errors.map((e) => {
        const li = document.createElement('li');
        li.textContent = e.message;
        return li;
      }),
    );
  }

  private showArrivalFields(kind: string): void {
    for (const row of this.element.querySelectorAll<HTMLElement>('[data-arrival]'))
      row.hidden = !(row.dataset.arrival ?? '').split(' ').includes(kind);
  }

  // ---- building ----------------------------------------------------------------------------

  private build(d: PanelRunConfig): void {
    this.defaultArrival = d.arrival.kind;
    this.defaultProvider = d.provider;
    const checked = this.validationModel();
    this.strategies = new StrategyList(
      d.strategies,
      strategyDefaultsFrom(d.strategies),
      checked?.maxBatchSupported ?? null,
      checked?.batchable ?? true,
      () => this.changed(),
    );
    const strategies = this.strategies.element;

    const traffic = group('Traffic');
    // Interleaving puts drift (a noisy neighbour, thermal throttling) on every strategy alike.
    this.order = select(
      'order',
      [
        ['fixed', 'As listed'],
        ['reversed', 'Reversed'],
        ['interleaved', 'Interleaved slices (A B C A B C …)'],
      ],
      d.order ?? 'fixed',
    );
    this.measureUntil = select(
      'measureUntil',
      [
        ['duration', 'For the duration'],
        ['stable', `Until stable (up to ${RUN_DEFAULTS.untilStableFactor}× the duration)`],
      ],
      d.untilStable ? 'stable' : 'duration',
    );
    this.arrival = select(
      'arrival',
      ARRIVALS.map((a) => [a, arrivalLabel(a)]),
      d.arrival.kind,
    );
    const a = d.arrival;
    traffic.append(
      labelled('arrival', 'Arrival pattern', this.arrival),
      withHint(
        this.row(
          'rateRps',
          'Rate (requests/s, empty = derive from calibration)',
          d.rateRps === null ? '' : String(d.rateRps),
          'constant poisson bursty',
        ),
        // The rule, said before the run: derived rates are reproducible only if people know how.
        `Empty: ${DERIVED_RATE_RULE}, measured when the run starts and recorded in the profile (Re-run reuses it). ` +
          'That rate usually overloads "none"; a warning says by how much before it runs.',
      ),
      this.row(
        'arrival.ratio',
        'Burst ratio (high / mean rate)',
        String(a.kind === 'bursty' ? a.ratio : BURSTY_DEFAULTS.ratio),
        'bursty',
      ),
      this.row(
        'arrival.periodS',
        'Burst period (s)',
        String(a.kind === 'bursty' ? a.periodS : BURSTY_DEFAULTS.periodS),
        'bursty',
      ),
      this.row(
        'arrival.dutyCycle',
        'Burst duty cycle (0..1)',
        String(a.kind === 'bursty' ? a.dutyCycle : BURSTY_DEFAULTS.dutyCycle),
        'bursty',
      ),
      this.row(
        'arrival.fromRps',
        'Ramp from (requests/s)',
        String(a.kind === 'ramp' ? a.fromRps : 50),
        'ramp',
      ),
      this.row('arrival.toRps', 'Ramp to (requests/s)', String(a.kind === 'ramp' ? a.toRps : 500), 'ramp'),
      this.row(
        'arrival.concurrency',
        'Concurrent clients',
        String(a.kind === 'closed' ? a.concurrency : RUN_DEFAULTS.concurrency),
        'closed',
      ),
      this.row('durationS', 'Duration per strategy (s)', String(d.durationS)),
      this.row('warmupS', 'Model warm-up (s, before calibration)', String(d.warmupS)),
      this.row(
        'strategyWarmupS',
        'Warm-up per strategy (s, shaded, excluded)',
        String(d.strategyWarmupS ?? RUN_DEFAULTS.strategyWarmupS),
      ),
      labelled('order', 'Strategy order', this.order),
      labelled('measureUntil', 'Measure', this.measureUntil),
      this.row('sloMs', 'Latency SLO (ms, optional)', d.sloMs === null ? '' : String(d.sloMs)),
      this.row(
        'priorities',
        'Priority mix (share per level, highest first; optional)',
        d.priorities === null ? '' : d.priorities.map((p) => Number(p.toPrecision(4))).join(', '),
      ),
      this.row('seed', 'Seed', String(d.seed)),
    );

    const exec = group('Execution');
    this.provider = select(
      'provider',
      [
        ['cpu', 'CPU'],
        ['cuda', 'CUDA (NVIDIA GPU)'],
      ],
      d.provider,
    );
    exec.append(
      this.row('instances', 'Model instances', String(d.instances)),
      this.row('threads', 'Threads per instance', String(d.threads)),
      labelled('provider', 'Execution provider', this.provider),
    );

    this.signature = new SignatureFields(
      (id, label, value) => this.row(id, label, value),
      (ids) => this.forget(ids),
    );
    // The model's own knobs first after the strategies: when it rejected synthetic values, they
    // are what the user came to set.
    this.element.append(strategies, this.signature.dimsGroup, this.signature.inputsGroup, traffic, exec);
    this.signature.update(this.model, (id) => this.initialText(id));
    this.signature.showHints(this.model?.probeProblem, this.model);
    this.element.appendChild(this.errorList);
  }

  private row(id: string, label: string, value: string, arrivalKinds?: string): HTMLElement {
    const field = document.createElement('vscode-textfield') as VscodeTextfield;
    field.id = fieldDomId(id);
    field.value = value;
    field.dataset.field = id;
    const helper = document.createElement('span');
    helper.className = 'field-error';
    helper.id = `${fieldDomId(id)}-error`;
    helper.hidden = true;
    field.setAttribute('aria-describedby', helper.id);
    this.fields.set(id, field);
    this.helpers.set(id, helper);
    const row = labelled(id, label, field);
    row.appendChild(helper);
    if (arrivalKinds) row.dataset.arrival = arrivalKinds;
    return row;
  }
}

/** Adds a line of help under a field's row. */
function withHint(row: HTMLElement, text: string): HTMLElement {
  const hint = document.createElement('span');
  hint.className = 'field-hint';
  hint.textContent = text;
  row.appendChild(hint);
  return row;
}

/**
 * Run-wide strategy defaults for rows the user adds: the max batch and delay the defaults' own
 * strategies carry (they come from the settings), else the built-in ones.
 */
function strategyDefaultsFrom(configs: readonly StrategyConfig[]): RunStrategyDefaults {
  const first = (key: string): number | undefined => {
    const v = configs.find((c) => typeof c[key] === 'number')?.[key];
    return typeof v === 'number' ? v : undefined;
  };
  return {
    maxBatch: first('maxBatch') ?? first('batchSize') ?? RUN_DEFAULTS.maxBatch,
    maxDelayMs: first('maxDelayMs') ?? RUN_DEFAULTS.maxDelayMs,
    preferredBatch: [],
    sloMs: null,
  };
}

function arrivalLabel(kind: (typeof ARRIVALS)[number]): string {
  switch (kind) {
    case 'poisson':
      return 'Poisson (random arrivals)';
    case 'constant':
      return 'Constant rate';
    case 'bursty':
      return 'Bursty (high / low phases)';
    case 'ramp':
      return 'Ramp (rate rises linearly)';
    case 'closed':
      return 'Closed loop (fixed concurrency)';
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

function labelled(id: string, label: string, control: HTMLElement): HTMLElement {
  const row = document.createElement('div');
  row.className = 'form-row';
  const l = document.createElement('vscode-label');
  l.setAttribute('for', fieldDomId(id));
  l.textContent = label;
  control.id = fieldDomId(id);
  row.append(l, control);
  return row;
}

function select(id: string, options: Array<[string, string]>, value: string): VscodeSingleSelect {
  const s = document.createElement('vscode-single-select') as VscodeSingleSelect;
  s.dataset.field = id;
  for (const [v, text] of options) {
    const o = document.createElement('vscode-option');
    o.setAttribute('value', v);
    o.textContent = text;
    if (v === value) o.setAttribute('selected', '');
    s.appendChild(o);
  }
  return s;
}

function orderOf(value: string): StrategyOrder {
  return (STRATEGY_ORDERS as readonly string[]).includes(value) ? (value as StrategyOrder) : 'fixed';
}
