/**
 * A run's progress notification: the engine's live events turned into stage messages and a percent
 * over all strategies.
 */
import type * as vscode from 'vscode';
import type { LiveEvent } from '../../shared/liveEvents';

/** Turns live events into progress-notification updates (percent over all strategies). */
export function progressReporter(
  progress: vscode.Progress<{ message?: string; increment?: number }>,
  strategies: number,
): (e: LiveEvent) => void {
  let reported = 0;
  let label = '';
  return (e) => {
    if (e.kind === 'stage') progress.report({ message: e.message });
    else if (e.kind === 'strategyStart') {
      label = e.label;
      progress.report({ message: `${label}…` });
    } else if (e.kind === 'tick') {
      const overall = Math.floor(
        ((e.strategy + Math.min(1, Math.max(0, e.fraction))) / Math.max(1, strategies)) * 100,
      );
      if (overall > reported) {
        progress.report({
          increment: overall - reported,
          message: `${label} ${Math.round(e.fraction * 100)}%`,
        });
        reported = overall;
      }
    }
  };
}
