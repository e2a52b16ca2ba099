/**
 * "Which synthetic model?": an input box for the spec (`base=20ms,per-item=2ms`, …), checked as
 * it is typed with the same parser the engine and the CLI use.
 */
import * as vscode from 'vscode';
import { SYNTHETIC_EXAMPLE, syntheticSpecProblem } from '../shared/syntheticModel';

/** Asks for a synthetic model; resolves with the spec as typed, or undefined when cancelled. */
export async function askForSyntheticSpec(): Promise<string | undefined> {
  return vscode.window.showInputBox({
    title: 'Batchscope: Profile Synthetic Model',
    prompt:
      'A batch of n requests busy-waits base + per-item × n (units us, ms, s). Optional: jitter=10% ' +
      '(seeded variation of each batch), max-batch=8.',
    value: SYNTHETIC_EXAMPLE,
    placeHolder: SYNTHETIC_EXAMPLE,
    ignoreFocusOut: true,
    validateInput: syntheticSpecProblem,
  });
}
