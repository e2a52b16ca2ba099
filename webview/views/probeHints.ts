/**
 * What to tell the user when the model rejected Batchscope's synthetic values: which inputs and
 * dims to set, in the form's own words (never CLI flags), next to their fields and in the model
 * summary. Names are in backticks: the notices show them as code (noticeView.ts withCode).
 */
import type { ModelSummary, ProbeProblem } from '../../src/shared/profileTypes';
import { isSetting } from '../../src/shared/settingInputs';

/** A value worth suggesting for a setting its name gives away (a sample rate), else null. */
export function exampleValue(name: string): string | null {
  return /^(sr|fs|sample_?rate|sampling_?rate|sampling_?frequency)$/i.test(name) ? '16000' : null;
}

export { isSetting };

/**
 * The inputs to point at: the settings among the suspects, most likely first; the batch data
 * only when no setting feeds the failing node (as the engine's own reason does).
 */
export function suspectInputs(problem: ProbeProblem, model: ModelSummary): string[] {
  const byName = new Map(model.inputs.map((i) => [i.name, i]));
  const settings = problem.inputs.filter((n) => {
    const i = byName.get(n);
    return i !== undefined && isSetting(i);
  });
  return settings.length > 0 ? settings : problem.inputs.slice(0, 1);
}

export function inputHint(name: string): string {
  const example = exampleValue(name);
  return `The model rejected the synthetic value of \`${name}\`: set it here${example ? `, e.g. ${example}` : ''}.`;
}

export function dimHint(name: string): string {
  return `The model rejected the synthetic size of \`${name}\`: set it here.`;
}

/** One sentence for the model summary: what failed and where in the form to fix it. */
export function probeSummary(problem: ProbeProblem, model: ModelSummary): string {
  const code = (names: string[]): string => names.map((n) => `\`${n}\``).join(' or ');
  const inputs = suspectInputs(problem, model);
  const example = inputs.length === 1 ? exampleValue(inputs[0]) : null;
  const fixes = [
    inputs.length > 0 ? `set ${code(inputs)} under Fixed inputs${example ? ` (e.g. ${example})` : ''}` : '',
    problem.dims.length > 0 ? `set ${code(problem.dims)} under Symbolic dimensions` : '',
  ].filter((f) => f !== '');
  const where = problem.node ? ` (${problem.node} failed)` : '';
  return (
    `The model rejected Batchscope's synthetic values${where}: ` +
    (fixes.length > 0 ? fixes.join('; ') : 'set real values under Fixed inputs') +
    '. The model is inspected again when you change them.'
  );
}
