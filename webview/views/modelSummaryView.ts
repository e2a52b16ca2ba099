/** The model's signature: inputs and outputs with batch axes, symbolic dims, and whether it can batch (and why not). */
import type { ModelSummary, TensorSignature } from '../../src/shared/profileTypes';
import { targetDescription } from '../../src/shared/syntheticModel';

export function renderModelSummary(model: ModelSummary | null, modelError: string | null): HTMLElement {
  const section = document.createElement('section');
  section.className = 'model';
  section.id = 'model';
  const heading = document.createElement('h2');
  heading.textContent = model ? `Model: ${model.fileName}` : 'Model';
  section.appendChild(heading);
  if (modelError) section.appendChild(notice(modelError, 'error'));
  if (!model) return section;

  const verdict = model.batchable
    ? `Batchable${model.maxBatchSupported !== null ? ` (up to ${model.maxBatchSupported} per batch)` : ''}.`
    : `Not batchable: ${model.notBatchableReason ?? 'its batch dimension is fixed.'} Only "none" can run.`;
  section.appendChild(notice(verdict, model.batchable ? 'ok' : 'warning'));

  const path = document.createElement('p');
  path.className = 'model-path';
  // A synthetic model has no file: say what it costs instead (its path is its spec, in the heading).
  path.textContent =
    targetDescription(model) ??
    `${model.path} · ${(model.bytes / 1024).toFixed(1)} KiB · sha256 ${model.sha256.slice(0, 12)}…`;
  section.appendChild(path);

  section.appendChild(tensorTable('Inputs', model.inputs));
  section.appendChild(tensorTable('Outputs', model.outputs));
  if (model.dims.length > 0) {
    const p = document.createElement('p');
    p.textContent =
      'Symbolic dimensions: ' +
      model.dims
        .map((d) => `${d.name} = ${d.min === d.max ? d.min : `${d.min}..${d.max}`} (${d.source})`)
        .join(', ');
    section.appendChild(p);
  }
  return section;
}

export function notice(text: string, kind: 'error' | 'warning' | 'ok' | 'info'): HTMLParagraphElement {
  const p = document.createElement('p');
  p.className = `notice notice-${kind}`;
  if (kind === 'error') p.setAttribute('role', 'alert');
  p.textContent = text;
  return p;
}

function tensorTable(title: string, tensors: TensorSignature[]): HTMLTableElement {
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
      t.batchAxis === null
        ? 'none (fed once per batch)'
        : `${t.batchAxis}${t.batchAxisSource === 'override' ? ' (override)' : ''}`;
  }
  return table;
}
