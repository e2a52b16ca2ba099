/**
 * The form's fields that come from the model's signature: a min and max per symbolic dimension,
 * a value per setting input ("Fixed inputs": scalars, integer inputs, inputs fed once per batch).
 * Batch data gets a field only when it has a value or the model rejected it. They show as soon
 * as the signature is known, also when the model rejected synthetic values, with a hint next to
 * each field it rejected. A re-inspection adds and removes rows in place: rows that stay keep
 * their text and focus.
 */
import type { VscodeTextfield } from '@vscode-elements/elements/dist/vscode-textfield/vscode-textfield.js';
import type { ModelSummary, ProbeProblem, TensorSignature } from '../../src/shared/profileTypes';
import { fieldDomId } from './formText';
import { withCode } from './noticeView';
import { dimHint, exampleValue, inputHint, isSetting, suspectInputs } from './probeHints';

/** Makes a labelled text field row whose field has the DOM id `fieldDomId(id)`. */
export type RowFactory = (id: string, label: string, value: string) => HTMLElement;

export class SignatureFields {
  readonly dimsGroup: HTMLFieldSetElement;
  readonly inputsGroup: HTMLFieldSetElement;
  private readonly dims = new Map<string, HTMLElement>();
  private readonly inputs = new Map<string, HTMLElement>();

  /**
   * @param makeRow builds (and registers with the form) one field row
   * @param forget unregisters the fields of rows that were removed
   */
  constructor(
    private readonly makeRow: RowFactory,
    private readonly forget: (ids: string[]) => void,
  ) {
    this.dimsGroup = group('Symbolic dimensions', 'form-dims');
    this.inputsGroup = group('Fixed inputs', 'form-fixed-inputs');
    const about = document.createElement('p');
    about.className = 'field-hint';
    about.textContent = 'Values the model gets as they are, comma-separated; empty = synthetic data.';
    this.inputsGroup.appendChild(about);
  }

  dimNames(): string[] {
    return [...this.dims.keys()];
  }

  inputNames(): string[] {
    return [...this.inputs.keys()];
  }

  /**
   * Matches the rows to `model`'s dims and inputs. Without a model (its inspection failed) the
   * rows stay: the user may be fixing what made it fail. `initial(id)` gives a new row's text.
   */
  update(model: ModelSummary | null, initial: (id: string) => string | undefined): void {
    if (!model) return;
    reconcile(
      this.dims,
      model.dims,
      this.dimsGroup,
      (d) => {
        const entry = document.createElement('div');
        entry.className = 'signature-entry';
        entry.dataset.dim = d.name;
        entry.appendChild(hintElement(`dims.${d.name}`));
        for (const end of ['min', 'max'] as const) {
          const id = `dims.${d.name}.${end}`;
          entry.appendChild(this.makeRow(id, `${d.name} ${end}`, initial(id) ?? String(d[end])));
        }
        return entry;
      },
      (name) => this.forget([`dims.${name}.min`, `dims.${name}.max`]),
    );
    const blamed = new Set(model.probeProblem ? suspectInputs(model.probeProblem, model) : []);
    const wanted = model.inputs.filter(
      (t) =>
        isSetting(t) ||
        blamed.has(t.name) ||
        (model.fixedInputs[t.name] ?? []).length > 0 ||
        (initial(`fixedInputs.${t.name}`) ?? '').trim() !== '' ||
        hasText(this.inputs.get(t.name)),
    );
    reconcile(
      this.inputs,
      wanted,
      this.inputsGroup,
      (t) => {
        const entry = document.createElement('div');
        entry.className = 'signature-entry';
        entry.dataset.input = t.name;
        const id = `fixedInputs.${t.name}`;
        const row = this.makeRow(
          id,
          inputLabel(t),
          initial(id) ?? (model.fixedInputs[t.name] ?? []).join(', '),
        );
        const field = row.querySelector<VscodeTextfield>('vscode-textfield');
        if (field) field.placeholder = exampleValue(t.name) ? `e.g. ${exampleValue(t.name)}` : 'synthetic';
        entry.append(row, hintElement(id));
        return entry;
      },
      (name) => this.forget([`fixedInputs.${name}`]),
    );
    this.dimsGroup.hidden = this.dims.size === 0;
    this.inputsGroup.hidden = this.inputs.size === 0;
  }

  /** Names the rejected inputs and dims next to their fields; clears every other hint. */
  showHints(problem: ProbeProblem | undefined, model: ModelSummary | null): void {
    const inputs = new Set(problem && model ? suspectInputs(problem, model) : []);
    const dims = new Set(problem?.dims ?? []);
    for (const [name, entry] of this.inputs)
      setHint(entry, `fixedInputs.${name}`, inputs.has(name) ? inputHint(name) : null);
    for (const [name, entry] of this.dims)
      setHint(entry, `dims.${name}`, dims.has(name) ? dimHint(name) : null);
  }
}

/** "sr · int64 [] (scalar)": what the model expects, so the user knows what to type. */
function inputLabel(t: TensorSignature): string {
  const shape = `[${t.shape.map((d) => (d === null ? '?' : String(d))).join(', ')}]`;
  return `${t.name} · ${t.dtype} ${shape}${t.shape.length === 0 ? ' (scalar)' : ''}`;
}

/** The user typed something into the entry's field (it is not taken away from them). */
function hasText(entry: HTMLElement | undefined): boolean {
  return (entry?.querySelector<VscodeTextfield>('vscode-textfield')?.value ?? '').trim() !== '';
}

function group(title: string, id: string): HTMLFieldSetElement {
  const fs = document.createElement('fieldset');
  fs.className = 'form-group';
  fs.id = id;
  fs.hidden = true;
  const legend = document.createElement('legend');
  legend.textContent = title;
  fs.appendChild(legend);
  return fs;
}

/** Adds entries for new names (appended) and removes those gone; kept entries are not moved. */
function reconcile<T extends { name: string }>(
  entries: Map<string, HTMLElement>,
  wanted: readonly T[],
  parent: HTMLElement,
  make: (item: T) => HTMLElement,
  removed: (name: string) => void,
): void {
  const names = new Set(wanted.map((w) => w.name));
  for (const [name, entry] of entries) {
    if (names.has(name)) continue;
    entry.remove();
    entries.delete(name);
    removed(name);
  }
  for (const item of wanted) {
    if (entries.has(item.name)) continue;
    const entry = make(item);
    entries.set(item.name, entry);
    parent.appendChild(entry);
  }
}

function hintElement(id: string): HTMLElement {
  const p = document.createElement('p');
  p.className = 'field-hint probe-hint';
  p.id = `${fieldDomId(id)}-hint`;
  p.hidden = true;
  return p;
}

function setHint(entry: HTMLElement, id: string, text: string | null): void {
  const hint = entry.querySelector<HTMLElement>(`#${fieldDomId(id)}-hint`);
  if (!hint) return;
  hint.replaceChildren();
  if (text) withCode(hint, text);
  hint.hidden = text === null;
  // The fields the hint is about are described by it (the error helper stays first).
  for (const field of entry.querySelectorAll<HTMLElement>('vscode-textfield')) {
    const ids = (field.getAttribute('aria-describedby') ?? '').split(' ').filter((x) => x && x !== hint.id);
    field.setAttribute('aria-describedby', [...ids, ...(text ? [hint.id] : [])].join(' '));
  }
}
