/**
 * How a run's end shows in the panel: one patch of the panel's view (state, one-line message,
 * how it ended, details, the notice's buttons) for every way a run ends — done, cancelled,
 * failed, engine killed or crashed, window reloaded — so every part of the panel tells the same
 * final state. Pure, no `vscode`: unit-tested.
 */
import type { NoticeAction, RunEnd, RunState } from '../../shared/panelProtocol';
import type { RunOutcome } from './profileRun';

export interface RunEndPatch {
  runState: RunState;
  runMessage: string | undefined;
  profilePath: string | undefined;
  runEnded: RunEnd;
  runPartial: boolean;
  runDetail: string | undefined;
  runActions: NoticeAction[] | undefined;
}

/**
 * The panel's run fields when something new starts (a run: `running`; a sweep: `idle`): no earlier
 * end, message, profile link or notice may stay.
 */
export function runStartPatch(
  state: 'running' | 'idle',
): { runState: 'running' | 'idle' } & Record<Exclude<keyof RunEndPatch, 'runState'>, undefined> {
  return {
    runState: state,
    runMessage: undefined,
    profilePath: undefined,
    runEnded: undefined,
    runPartial: undefined,
    runDetail: undefined,
    runActions: undefined,
  };
}

/** The panel's view of a run that ended with `outcome`; `cancelled`: the user asked it to stop. */
export function runEndPatch(outcome: RunOutcome, cancelled: boolean): RunEndPatch {
  if (outcome.kind === 'done')
    return {
      runState: 'done',
      // The panel words a stopped run itself (header, progress, notice) from `ended` and `partial`.
      runMessage: outcome.partial ? undefined : 'Profile saved',
      profilePath: outcome.profilePath,
      runEnded: outcome.partial ? 'cancelled' : 'done',
      runPartial: outcome.partial,
      runDetail: undefined,
      runActions: undefined,
    };
  const killed = outcome.crashed || /engine process was stopped|engine was stopped/.test(outcome.message);
  // One line for the header and the progress (the panel adds "partial profile saved"); the rest
  // (the stderr tail after a crash) behind the notice's Details.
  const [first, ...rest] = outcome.message.split('\n');
  const headline = killed && !/engine process/i.test(first) ? `the engine process stopped: ${first}` : first;
  const actions: NoticeAction[] = [];
  if (outcome.profilePath)
    actions.push({ label: 'Open partial profile', kind: 'openProfilePath', path: outcome.profilePath });
  actions.push({ label: 'Show Log', kind: 'showLog' });
  return {
    runState: 'failed',
    runMessage: outcome.profilePath ? headline : `${headline} — nothing was saved`,
    profilePath: outcome.profilePath,
    runEnded: cancelled && !outcome.crashed ? 'cancelled' : killed ? 'killed' : 'failed',
    runPartial: outcome.profilePath !== undefined,
    runDetail: rest.join('\n').trim() || undefined,
    runActions: actions,
  };
}

/**
 * The panel's view after a window reload cut a run short. The engine saves the partial profile
 * on its own once the old extension host is gone: `saving` while the new window waits for it,
 * then `saved` or `lost`.
 */
export function interruptedPatch(outPath: string, save: 'saving' | 'saved' | 'lost'): RunEndPatch {
  const message = {
    saving: 'the window was reloaded during the run; waiting for the engine to save what it measured…',
    saved: 'the window was reloaded during the run',
    lost: 'the window was reloaded during the run; no partial profile was saved',
  }[save];
  const saved = save === 'saved';
  return {
    runState: 'interrupted',
    runMessage: message,
    profilePath: saved ? outPath : undefined,
    runEnded: 'interrupted',
    runPartial: saved,
    runDetail: undefined,
    runActions: saved
      ? [{ label: 'Open partial profile', kind: 'openProfilePath', path: outPath }]
      : undefined,
  };
}
