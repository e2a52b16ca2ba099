/**
 * The form's strategy section, generated from the strategy registry: one row per strategy variant
 * (a strategy picker, its parameters, its queue policy folded away), "Add strategy" and "Remove".
 * The same strategy may appear in several rows with different parameters. Field ids follow the
 * validator's paths (`strategies.2.maxDelayMs`), so each error lands next to its field.
 */
import '@vscode-elements/elements/dist/vscode-button/index.js';
import type { VscodeSingleSelect } from '@vscode-elements/elements/dist/vscode-single-select/vscode-single-select.js';
import type { VscodeTextfield } from '@vscode-elements/elements/dist/vscode-textfield/vscode-textfield.js';
import type { FieldError } from '../../src/shared/panelProtocol';
import type { StrategyConfig } from '../../src/shared/profileTypes';
import { RUN_LIMITS } from '../../src/shared/runDefaults';
import { findStrategy, paramsOf, STRATEGIES } from '../../src/shared/strategies/registry';
import { completeConfig } from '../../src/shared/strategies/strategyConfigs';
import {
  formatParamValue,
  parseParamValue,
  type ParamSpec,
  type ParamValue,
  type RunStrategyDefaults,
} from '../../src/shared/strategies/strategyParams';
import { fieldDomId, parseNumber } from './formText';

/** A row as plain text (also the persisted draft form). */
interface RowDraft {
  name: string;
  values: Record<string, string>;
}

export class StrategyList {
  readonly element: HTMLFieldSetElement;
  private rows: RowDraft[] = [];
  private readonly list: HTMLDivElement;
  private readonly addButton: HTMLElement & { disabled: boolean };
  private errors: FieldError[] = [];
  private disabled = false;
  /** The configs the form started from (restored if the model turns out to batch after all). */
  private readonly initial: readonly StrategyConfig[];

  /**
   * @param run defaults for parameters a new row does not set (the settings' max batch and delay)
   * @param modelMaxBatch the model's largest batch: new rows never start above it
   * @param batchable false: only `none` can run, so batching strategies are not offered
   * @param onChange called after any edit (the form revalidates)
   */
  constructor(
    initial: readonly StrategyConfig[],
    private readonly run: RunStrategyDefaults,
    private modelMaxBatch: number | null,
    private batchable: boolean,
    private readonly onChange: () => void,
  ) {
    this.initial = initial;
    this.element = document.createElement('fieldset');
    this.element.className = 'form-group strategy-list';
    const legend = document.createElement('legend');
    legend.textContent = 'Strategies to compare';
    this.list = document.createElement('div');
    this.list.className = 'strategy-rows';
    this.addButton = document.createElement('vscode-button') as HTMLElement & { disabled: boolean };
    this.addButton.id = 'btn-add-strategy';
    this.addButton.setAttribute('secondary', '');
    this.addButton.textContent = 'Add strategy';
    this.addButton.addEventListener('click', () => this.add());
    this.element.append(legend, this.list, this.addButton);
    this.rows = this.startingRows();
    this.render();
  }

  /**
   * A re-inspected model: new rows start within its batch limit, and the strategies offered follow
   * whether it batches. Rows are rebuilt only when that changed (a model that cannot batch keeps
   * only `none`; one that turned out to batch gets the starting strategies back).
   */
  setModel(maxBatch: number | null, batchable: boolean): void {
    this.modelMaxBatch = maxBatch;
    if (batchable === this.batchable) return;
    this.batchable = batchable;
    const onlyNone = this.rows.every((r) => r.name === 'none');
    if (batchable && onlyNone) this.rows = this.startingRows();
    else if (!batchable) {
      const kept = this.rows.filter((r) => r.name === 'none');
      this.rows = kept.length > 0 ? kept : [this.rowFrom({ name: 'none' })];
    }
    this.render();
  }

  private startingRows(): RowDraft[] {
    const usable = this.initial.filter((c) => findStrategy(c.name) && (this.batchable || c.name === 'none'));
    return (usable.length > 0 ? usable : [{ name: 'none' }]).map((c) => this.rowFrom(c));
  }

  /** The strategies as typed; an empty budget falls back to the run's SLO (`sloMs`). */
  configs(runSloMs: number | null): StrategyConfig[] {
    return this.rows.map((row) => {
      const d = findStrategy(row.name);
      const config: StrategyConfig = { name: row.name };
      for (const spec of d ? paramsOf(d) : []) {
        const text = (row.values[spec.key] ?? '').trim();
        if (text === '') {
          if (spec.runDefault === 'sloMs' && runSloMs !== null) config[spec.key] = runSloMs;
          else if (spec.default === null)
            continue; // reported as missing by the validator
          else if (spec.type === 'intList') config[spec.key] = [];
          else config[spec.key] = NaN;
          continue;
        }
        config[spec.key] = parseField(spec, text);
      }
      return config;
    });
  }

  /** Shows the errors of `strategies.*` fields next to them. */
  showErrors(errors: FieldError[]): void {
    this.errors = errors.filter((e) => e.field.startsWith('strategies.'));
    for (const field of this.list.querySelectorAll<VscodeTextfield>('vscode-textfield')) {
      const id = field.dataset.field ?? '';
      const messages = this.errors.filter((e) => e.field === id).map((e) => e.message);
      field.invalid = messages.length > 0;
      field.setAttribute('aria-invalid', String(messages.length > 0));
      const helper = this.list.querySelector<HTMLElement>(`#${fieldDomId(id)}-error`);
      if (helper) {
        helper.textContent = messages.join(' ');
        helper.hidden = messages.length === 0;
      }
    }
  }

  setDisabled(disabled: boolean): void {
    this.disabled = disabled;
    for (const el of this.element.querySelectorAll<HTMLElement & { disabled: boolean }>(
      'vscode-textfield, vscode-single-select, vscode-button',
    ))
      el.disabled = disabled;
    this.updateButtons();
  }

  /** Draft entries: `strategies.count`, `strategies.N.name`, `strategies.N.KEY`. */
  draft(): Record<string, string> {
    const d: Record<string, string> = { 'strategies.count': String(this.rows.length) };
    this.rows.forEach((row, i) => {
      d[`strategies.${i}.name`] = row.name;
      for (const [key, value] of Object.entries(row.values)) d[`strategies.${i}.${key}`] = value;
    });
    return d;
  }

  /** Restores rows from a draft (ignores a draft from an older panel without rows). */
  applyDraft(d: Record<string, string>): void {
    const count = Number(d['strategies.count']);
    if (!Number.isInteger(count) || count < 1 || count > RUN_LIMITS.maxStrategies) return;
    const rows: RowDraft[] = [];
    for (let i = 0; i < count; i++) {
      const name = d[`strategies.${i}.name`] ?? '';
      const desc = findStrategy(name);
      if (!desc || (!this.batchable && name !== 'none')) continue;
      const row = this.rowFrom({ name });
      for (const spec of paramsOf(desc)) {
        const v = d[`strategies.${i}.${spec.key}`];
        if (typeof v === 'string') row.values[spec.key] = v;
      }
      rows.push(row);
    }
    if (rows.length === 0) return;
    this.rows = rows;
    this.render();
  }

  private rowFrom(config: StrategyConfig): RowDraft {
    const full = completeConfig(
      config.name,
      { ...this.newRowDefaults(config.name), ...paramsOnly(config) },
      this.run,
    );
    const values: Record<string, string> = {};
    const d = findStrategy(config.name);
    for (const spec of d ? paramsOf(d) : []) {
      const v = full[spec.key];
      values[spec.key] = v === undefined ? '' : Array.isArray(v) ? v.join(', ') : formatParamValue(v);
    }
    return { name: config.name, values };
  }

  /** Batch sizes of a new row start at most at the model's limit, so a fresh row is valid. */
  private newRowDefaults(name: string): Record<string, ParamValue> {
    const d = findStrategy(name);
    const out: Record<string, ParamValue> = {};
    if (!d || this.modelMaxBatch === null) return out;
    for (const spec of paramsOf(d)) {
      if (spec.batchSize && spec.type === 'int')
        out[spec.key] = Math.min(this.run.maxBatch, this.modelMaxBatch);
    }
    return out;
  }

  private add(): void {
    if (this.rows.length >= RUN_LIMITS.maxStrategies) return;
    const last = this.rows[this.rows.length - 1]?.name;
    // Offer the strategy after the last one, so "Add" walks through the catalogue.
    const names = this.offeredNames();
    const next = names[(names.indexOf(last ?? '') + 1) % names.length] ?? 'none';
    this.rows.push(this.rowFrom({ name: next }));
    this.render();
    this.onChange();
    this.list
      .querySelector<HTMLElement>(`#${fieldDomId(`strategies.${this.rows.length - 1}.name`)}`)
      ?.focus();
  }

  private remove(index: number): void {
    if (this.rows.length <= 1) return;
    this.rows.splice(index, 1);
    this.render();
    this.onChange();
    this.addButton.focus();
  }

  private rename(index: number, name: string): void {
    const old = this.rows[index];
    if (!findStrategy(name) || old.name === name) return;
    const row = this.rowFrom({ name });
    // Keep what the user typed for parameters both strategies share (max batch, delay, queue policy).
    for (const key of Object.keys(row.values)) if (key in old.values) row.values[key] = old.values[key];
    this.rows[index] = row;
    this.render();
    this.onChange();
    this.list.querySelector<HTMLElement>(`#${fieldDomId(`strategies.${index}.name`)}`)?.focus();
  }

  private offeredNames(): string[] {
    return STRATEGIES.filter((s) => this.batchable || s.name === 'none').map((s) => s.name);
  }

  private updateButtons(): void {
    this.addButton.disabled = this.disabled || this.rows.length >= RUN_LIMITS.maxStrategies;
    for (const b of this.list.querySelectorAll<HTMLElement & { disabled: boolean }>('.remove-strategy'))
      b.disabled = this.disabled || this.rows.length <= 1;
  }

  private render(): void {
    this.list.replaceChildren(...this.rows.map((row, i) => this.renderRow(row, i)));
    this.updateButtons();
    if (this.disabled) this.setDisabled(true);
    this.showErrors(this.errors);
  }

  private renderRow(row: RowDraft, index: number): HTMLElement {
    const d = findStrategy(row.name)!;
    const el = document.createElement('div');
    el.className = 'strategy-row';
    el.dataset.strategy = row.name;
    el.setAttribute('role', 'group');
    el.setAttribute('aria-label', `Strategy ${index + 1}: ${d.title}`);

    const head = document.createElement('div');
    head.className = 'strategy-head';
    const picker = document.createElement('vscode-single-select') as VscodeSingleSelect;
    picker.id = fieldDomId(`strategies.${index}.name`);
    picker.dataset.field = `strategies.${index}.name`;
    picker.setAttribute('aria-label', `Strategy ${index + 1}`);
    for (const name of this.offeredNames()) {
      const o = document.createElement('vscode-option');
      o.setAttribute('value', name);
      o.textContent = `${name} — ${findStrategy(name)!.title}`;
      if (name === row.name) o.setAttribute('selected', '');
      picker.appendChild(o);
    }
    picker.addEventListener('change', (e) => {
      e.stopPropagation();
      this.rename(index, picker.value);
    });
    const remove = document.createElement('vscode-button') as HTMLElement & { disabled: boolean };
    remove.className = 'remove-strategy';
    remove.setAttribute('secondary', '');
    remove.setAttribute('aria-label', `Remove strategy ${index + 1} (${row.name})`);
    remove.title = 'Remove this strategy';
    remove.textContent = 'Remove';
    remove.addEventListener('click', () => this.remove(index));
    head.append(picker, remove);

    const summary = document.createElement('p');
    summary.className = 'strategy-summary';
    summary.textContent = d.summary;

    const params = document.createElement('div');
    params.className = 'strategy-params';
    for (const spec of d.params) params.appendChild(this.field(row, index, spec));
    el.append(head, summary, params);

    const queueParams = paramsOf(d).filter((p) => !d.params.includes(p));
    if (queueParams.length > 0) {
      const details = document.createElement('details');
      details.className = 'queue-policy';
      const s = document.createElement('summary');
      s.textContent = 'Queue policy';
      const inner = document.createElement('div');
      inner.className = 'strategy-params';
      for (const spec of queueParams) inner.appendChild(this.field(row, index, spec));
      details.append(s, inner);
      // Open when the user set something there, so a non-default queue policy is never hidden.
      details.open = queueParams.some((p) => (row.values[p.key] ?? '') !== formatDefault(p));
      el.appendChild(details);
    }
    return el;
  }

  private field(row: RowDraft, index: number, spec: ParamSpec): HTMLElement {
    const id = `strategies.${index}.${spec.key}`;
    const wrap = document.createElement('div');
    wrap.className = 'form-row';
    const label = document.createElement('vscode-label');
    label.setAttribute('for', fieldDomId(id));
    label.textContent = spec.type === 'intList' ? `${spec.label} (comma-separated, optional)` : spec.label;
    const helper = document.createElement('span');
    helper.className = 'field-error';
    helper.id = `${fieldDomId(id)}-error`;
    helper.hidden = true;
    let control: HTMLElement;
    if (spec.type === 'choice') {
      const s = document.createElement('vscode-single-select') as VscodeSingleSelect;
      for (const choice of spec.choices ?? []) {
        const o = document.createElement('vscode-option');
        o.setAttribute('value', choice);
        o.textContent = choice;
        if (choice === row.values[spec.key]) o.setAttribute('selected', '');
        s.appendChild(o);
      }
      s.addEventListener('change', () => {
        row.values[spec.key] = s.value;
      });
      control = s;
    } else {
      const f = document.createElement('vscode-textfield') as VscodeTextfield;
      f.value = row.values[spec.key] ?? '';
      if (spec.default === null && spec.runDefault === 'sloMs') f.placeholder = 'the run’s SLO';
      f.addEventListener('input', () => {
        row.values[spec.key] = f.value;
      });
      control = f;
    }
    control.id = fieldDomId(id);
    control.dataset.field = id;
    control.title = spec.help;
    control.setAttribute('aria-describedby', helper.id);
    wrap.append(label, control, helper);
    return wrap;
  }
}

function paramsOnly(config: StrategyConfig): Record<string, ParamValue> {
  const { name: _name, ...rest } = config;
  return rest;
}

function formatDefault(spec: ParamSpec): string {
  if (spec.default === null) return '';
  return Array.isArray(spec.default) ? spec.default.join(', ') : formatParamValue(spec.default);
}

/** A field's text as a value; unparsable text becomes NaN so the validator flags the field. */
function parseField(spec: ParamSpec, text: string): ParamValue {
  if (spec.type !== 'choice' && spec.type !== 'intList' && Number.isNaN(parseNumber(text))) return NaN;
  try {
    return parseParamValue(spec, text);
  } catch {
    return spec.type === 'intList' ? [NaN] : spec.type === 'choice' ? text : NaN;
  }
}
