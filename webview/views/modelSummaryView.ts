/**
 * The model's signature: every input and output (name, type, shape, batch axis), its symbolic
 * dims, and whether it can batch (and why not, or what to set when it rejected synthetic values).
 * Once a run streamed in, the values that run used (dims, fixed inputs, rate) replace the
 * inspection's defaults, so the header never contradicts the run.
 */
import type { DimRange, ModelSummary, RunSettings, TensorSignature } from '../../src/shared/profileTypes';
import { targetDescription } from '../../src/shared/syntheticModel';
import { notice, richNotice } from './noticeView';
import { probeSummary } from './probeHints';
import { arrivalText } from './runSummaryLine';

export { notice } from './noticeView';

export interface ModelSummaryOptions {
  /** The run shown in the panel: the model and settings it used. */
  run?: { model: ModelSummary; settings: RunSettings | null } | null;
  /** The model is being inspected again. */
  inspecting?: boolean;
}

export function renderModelSummary(
  model: ModelSummary | null,
  modelError: string | null,
  options: ModelSummaryOptions = {},
): HTMLElement {
  const section = document.createElement('section');
  section.className = 'model';
  section.id = 'model';
  const heading = document.createElement('h2');
  heading.textContent = model ? `Model: ${model.fileName}` : 'Model';
  if (options.inspecting) {
    const busy = document.createElement('span');
    busy.className = 'inspecting';
    busy.textContent = ' Inspecting…';
    heading.appendChild(busy);
  }
  section.appendChild(heading);
  if (modelError) section.appendChild(richNotice({ kind: 'error', message: modelError }, () => undefined));
  if (!model) return section;

  section.appendChild(verdict(model));

  const path = document.createElement('p');
  path.className = 'model-path';
  // A synthetic model has no file: say what it costs instead (its path is its spec, in the heading).
  path.textContent =
    targetDescription(model) ??
    `${model.path} · ${(model.bytes / 1024).toFixed(1)} KiB · sha256 ${model.sha256.slice(0, 12)}…`;
  section.appendChild(path);

  const unprobed = model.probeProblem !== undefined;
  section.appendChild(tensorTable('Inputs', model.inputs, unprobed));
  section.appendChild(tensorTable('Outputs', model.outputs, unprobed));
  const run = options.run;
  if (run) section.appendChild(runValues(run.model, run.settings));
  else if (model.dims.length > 0) {
    const p = document.createElement('p');
    p.className = 'model-dims';
    p.textContent = `Symbolic dimensions: ${model.dims.map(dimText).join(', ')}`;
    section.appendChild(p);
  }
  return section;
}

function verdict(model: ModelSummary): HTMLElement {
  const problem = model.probeProblem;
  if (problem) {
    // What to set, in the form's words; ONNX Runtime's own message behind "Details".
    const box = richNotice(
      {
        kind: 'warning',
        message: probeSummary(problem, model),
        detail: `ONNX Runtime said: ${problem.message}`,
        code: true,
      },
      () => undefined,
    );
    box.classList.add('probe-problem');
    return box;
  }
  const text = model.batchable
    ? `Batchable${model.maxBatchSupported !== null ? ` (up to ${model.maxBatchSupported} per batch)` : ''}.`
    : `Not batchable: ${model.notBatchableReason ?? 'its batch dimension is fixed.'} Only "none" can run.`;
  return notice(text, model.batchable ? 'ok' : 'warning');
}

const dimValue = (d: DimRange): string => (d.min === d.max ? String(d.min) : `${d.min}..${d.max}`);
const dimText = (d: DimRange): string =>
  `${d.name} = ${dimValue(d)}${d.source === 'default' ? ' (default)' : ''}`;

/** "In this run: sequence = 512 · sr = 16000 · poisson 200 req/s (derived)". */
function runValues(model: ModelSummary, settings: RunSettings | null): HTMLElement {
  const p = document.createElement('p');
  p.className = 'model-run-values';
  const parts = [
    ...model.dims.map(dimText),
    ...Object.entries(model.fixedInputs).map(([name, values]) => `${name} = ${values.join(', ')}`),
    ...(settings ? [arrivalText(settings)] : []),
  ];
  p.textContent = `In this run: ${parts.length > 0 ? parts.join(' · ') : 'the model as declared'}`;
  return p;
}

function tensorTable(title: string, tensors: TensorSignature[], unprobed: boolean): HTMLTableElement {
  const table = document.createElement('table');
  table.className = 'tensor-table';
  table.createCaption().textContent = title;
  const head = table.createTHead().insertRow();
  for (const name of ['Name', 'Type', 'Shape', 'Batch axis']) {
    const th = document.createElement('th');
    th.scope = 'col';
    th.textContent = name;
    head.appendChild(th);
  }
  const body = table.createTBody();
  for (const t of tensors) {
    const row = body.insertRow();
    row.insertCell().textContent = t.name;
    row.insertCell().textContent = t.dtype;
    row.insertCell().textContent = `[${t.shape.map((d) => (d === null ? '?' : String(d))).join(', ')}]`;
    row.insertCell().textContent =
      t.batchAxis !== null
        ? `${t.batchAxis}${t.batchAxisSource === 'override' ? ' (override)' : ''}`
        : unprobed && t.shape.length > 0
          ? 'unknown until the model runs'
          : 'none (fed once per batch)';
  }
  return table;
}
