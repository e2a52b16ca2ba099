/**
 * The line under Run that says why Run waits (the model is being inspected, it rejected synthetic
 * values, a field has a problem), with a "Show" button that takes the user to the field. It sits
 * in the sticky header, so the reason is never below the fold.
 */
import '@vscode-elements/elements/dist/vscode-button/index.js';
import { withCode } from './noticeView';

export interface RunBlocker {
  /** What holds Run back; names in backticks show as code. */
  text: string;
  /** The control to take the user to, if any. */
  target?: () => HTMLElement | null;
}

export class RunGate {
  readonly element: HTMLElement;
  private readonly text: HTMLSpanElement;
  private readonly show: HTMLElement;
  private target: RunBlocker['target'];
  private shown = '';

  /** @param reveal makes the target visible (opens the settings) and moves focus to it */
  constructor(reveal: (target: HTMLElement) => void) {
    this.element = document.createElement('p');
    this.element.className = 'run-gate';
    this.element.id = 'run-gate';
    this.element.hidden = true;
    this.text = document.createElement('span');
    this.show = document.createElement('vscode-button');
    this.show.id = 'btn-show-problem';
    this.show.setAttribute('secondary', '');
    this.show.textContent = 'Show';
    this.show.addEventListener('click', () => {
      const target = this.target?.();
      if (target) reveal(target);
    });
    this.element.append(this.text, this.show);
  }

  set(blocker: RunBlocker | null): void {
    this.target = blocker?.target;
    this.show.hidden = !blocker?.target;
    const text = blocker?.text ?? '';
    this.element.hidden = text === '';
    if (text === this.shown) return;
    this.shown = text;
    this.text.replaceChildren();
    withCode(this.text, text);
  }
}
