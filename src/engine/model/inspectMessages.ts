/** Messages for people about models that cannot be probed or batched: what was wrong, what to do. */
import type { ModelSummary, ProbeProblem, TensorSignature } from '../../shared/profileTypes';
import { ModelError } from './modelError';
import { isSetting, type SuspectBasis } from './probeSuspects';
import { SYNTHETIC_INT_RANGE } from './tensorData';

/** A declared shape as text: [batch, 64], with ? for unnamed dynamic dims. */
export const shapeText = (shape: TensorSignature['shape']): string =>
  `[${shape.map((d) => d ?? '?').join(', ')}]`;

/** Lists what was fed, for error messages about rejected synthetic data. */
function describeFeeds(summary: ModelSummary): string {
  const inputs = summary.inputs.map((i) => {
    const integer = /int/.test(i.dtype) ? `, integers 0..${SYNTHETIC_INT_RANGE - 1}` : '';
    const src = summary.fixedInputs[i.name] ? 'fixed by --input' : `synthetic${integer}`;
    return `'${i.name}' ${i.dtype} ${shapeText(i.shape)} (${src})`;
  });
  const dims = summary.dims.map((d) => `${d.name}=${d.max}${d.source === 'default' ? ' (default)' : ''}`);
  return (
    `Inputs fed: ${inputs.join(', ')}.` + (dims.length ? ` Symbolic dims used: ${dims.join(', ')}.` : '')
  );
}

/** Suspects most likely first: "'sr', then 'input'". */
const quoted = (names: readonly string[]): string => names.map((n) => `'${n}'`).join(', then ');

/** Where the suspects came from, for the CLI message (the graph walk is worth saying). */
function suspectsLead(problem: ProbeProblem, basis: SuspectBasis): string {
  if (basis === 'graph') return `Likely culprits, from what feeds the failing node ${problem.node}:`;
  if (basis === 'message') return "Likely culprits, from ONNX Runtime's message:";
  return 'Likely culprits, by kind (settings and symbolic dims):';
}

/** The CLI's ModelError (exit 3) for synthetic data the model rejected: what was fed, the suspects, the flags. */
export function rejectedData(
  modelPath: string,
  summary: ModelSummary,
  problem: ProbeProblem,
  basis: SuspectBasis,
): ModelError {
  const plural = (word: string, n: number): string => (n === 1 ? word : `${word}s`);
  const parts = [
    problem.inputs.length ? `${plural('input', problem.inputs.length)} ${quoted(problem.inputs)}` : '',
    problem.dims.length ? `${plural('dim', problem.dims.length)} ${quoted(problem.dims)}` : '',
  ].filter(Boolean);
  const example = [
    problem.inputs.length ? ` (e.g. --input ${problem.inputs[0]}=VALUE)` : '',
    problem.dims.length ? ` (e.g. --dim ${problem.dims[0]}=VALUE)` : '',
  ];
  return new ModelError(
    `${modelPath}: the model rejected Batchscope's synthetic inputs. ONNX Runtime said: "${problem.message}". ` +
      `${describeFeeds(summary)} ` +
      (parts.length ? `${suspectsLead(problem, basis)} ${parts.join('; ')}. ` : '') +
      `Give real values with --input NAME=VALUE${example[0]} and sizes with --dim NAME=VALUE or ` +
      `--dim NAME=MIN..MAX for symbolic dims${example[1]}.`,
    3,
  );
}

/**
 * The panel's notBatchableReason for synthetic data the model rejected: the same suspects in the
 * form's terms (no CLI flags). Names the settings the user has not set yet (else those set, else
 * the first suspect when no dim is suspect).
 */
export function rejectedDataReason(problem: ProbeProblem, summary: ModelSummary): string {
  const suspects = problem.inputs
    .map((n) => summary.inputs.find((i) => i.name === n))
    .filter((i): i is TensorSignature => i !== undefined);
  const settings = suspects.filter(isSetting);
  const unset = settings.filter((i) => !summary.fixedInputs[i.name]);
  // Batch data only when nothing else could be set: its values rarely matter, its dims do.
  const fallback = problem.dims.length ? [] : suspects.slice(0, 1);
  const named = (unset.length ? unset : settings.length ? settings : fallback).map((i) => i.name);
  const code = (names: readonly string[]): string => names.map((n) => `\`${n}\``).join(' or ');
  const inputFix = named.length ? `${code(named)} under Fixed inputs` : '';
  const dimFix = problem.dims.length ? `${code(problem.dims)} under Symbolic dimensions` : '';
  // Inputs already set and still failing: the dims are the better first guess.
  const fixes = (unset.length ? [inputFix, dimFix] : [dimFix, inputFix]).filter(Boolean);
  // ORT's own words stay in probeProblem.message; the reason is what to do in the form.
  const where = problem.node ? ` (${problem.node} failed)` : '';
  return (
    `The model rejected synthetic values${where}: set ` +
    (fixes.length ? fixes.join(' or ') : 'real values under Fixed inputs') +
    '.'
  );
}

/** Why a model with no dynamic batch dim cannot be batched, and the fix. */
export function fixedBatchReason(inputs: TensorSignature[]): string {
  const leading = inputs.find((i) => typeof i.shape[0] === 'number');
  const where = leading
    ? `Input '${leading.name}' has the fixed shape ${shapeText(leading.shape)}, so its batch dim is fixed to ${leading.shape[0]}`
    : 'No input has a dynamic (symbolic) dimension that could carry the batch';
  const fixed = leading ? leading.shape[0] : null;
  const exampleName = leading?.name ?? inputs[0]?.name ?? 'input';
  const padHint =
    leading && typeof fixed === 'number' && fixed > 1
      ? ` If axis 0 is the batch, say so with --batch-axis ${leading.name}=0 to batch up to ${fixed} requests ` +
        `(padded to ${fixed} slots).`
      : '';
  return (
    `${where}; every run takes exactly what the model declares.${padHint} Fix: re-export the model with a ` +
    `dynamic batch axis (e.g. torch.onnx.export(..., dynamic_axes={'${exampleName}': {0: 'batch'}}) or dynamic_shapes with ` +
    'the dynamo exporter). Strategy none still runs.'
  );
}
