/**
 * The measurement's own warnings (late arrivals, CPU contention, instability…), prefixed by
 * profile when comparing, worded with the form's field names, and folded into one notice beyond
 * MAX_WARNINGS_SHOWN so they never push the results below the fold.
 */
import type { RunStore } from '../data/runStore';
import { richNotice } from './noticeView';
import { inPanelWords } from './panelWording';

/** Warnings shown one notice each; more fold into one notice with the rest behind Details. */
export const MAX_WARNINGS_SHOWN = 2;

export class WarningsView {
  readonly element = document.createElement('div');
  private key = '';

  constructor() {
    this.element.className = 'warnings';
  }

  render(store: RunStore): void {
    const many = store.streams.length > 1;
    const lines = [
      ...new Set(
        store.streams.flatMap((s) => s.warnings.map((w) => inPanelWords(many ? `${s.title}: ${w}` : w))),
      ),
    ];
    const key = lines.join('\n');
    if (key === this.key) return;
    this.key = key;
    // A busy machine yields a warning per strategy and kind: shown one by one they push the
    // results below the fold, so beyond two they fold into one notice, the first as its headline.
    this.element.replaceChildren(
      ...(lines.length <= MAX_WARNINGS_SHOWN
        ? lines.map((w) => richNotice({ kind: 'warning', message: w }, () => undefined))
        : [
            richNotice(
              {
                kind: 'warning',
                message: `${lines.length} warnings about this measurement. ${lines[0]}`,
                detail: lines.slice(1).join('\n\n'),
              },
              () => undefined,
            ),
          ]),
    );
  }
}
