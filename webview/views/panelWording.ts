/**
 * The engine's warnings are written for both front ends and name CLI flags ("measure longer
 * (--duration)", "Lower --rate"). In the panel, the same advice names the form's fields instead:
 * the user never has to translate a flag into a field.
 */

/** CLI flag → the panel field (or place) that sets the same thing. */
const FIELD_OF_FLAG: Record<string, string> = {
  duration: 'Duration',
  'until-stable': 'Measure: until stable',
  rate: 'Rate',
  instances: 'Model instances',
  threads: 'Threads per instance',
  'max-batch': 'Max batch',
  'slo-ms': 'SLO (ms)',
  arrival: 'Arrival pattern',
  priorities: 'Priority mix',
  provider: 'Execution provider',
  dim: 'Symbolic dimensions',
  input: 'Fixed inputs',
  'batch-axis': 'batchAxes in a run configuration',
  warmup: 'Warm-up',
};

/** `text` with every known `--flag` (and its `=VALUE` or ` NAME=VALUE`) turned into its field's name. */
export function inPanelWords(text: string): string {
  return text.replace(/--([a-z][a-z-]*)(=\S+| [A-Za-z_][\w.]*=\S+)?/g, (whole, flag: string) => {
    const field = FIELD_OF_FLAG[flag];
    return field ? `“${field}”` : whole;
  });
}
