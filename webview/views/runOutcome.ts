/**
 * One reading of a `runState` message for every part of the panel (header, progress, notice,
 * profile link), so they can never disagree about how a run ended. The saved profile's path is
 * offered exactly once: as the header's link after a clean run, else as the notice's button.
 */
import type { HostToWebview, NoticeAction, RunEnd } from '../../src/shared/panelProtocol';
import type { RichNotice } from './noticeView';

export type RunStateMessage = Extract<HostToWebview, { type: 'runState' }>;

export interface RunOutcome {
  /** How the run ended; null while it has not. */
  ended: RunEnd | null;
  /** The header's state text. */
  header: string;
  /** The progress section's line once the run ended (null: the engine's stage still speaks). */
  progress: string | null;
  /** The notice that explains the end, with its actions (null for a clean run with nothing more to say). */
  notice: RichNotice | null;
  /** A clean run's saved profile, shown as the header's link. */
  link: { label: string; path: string } | null;
}

const END_WORD: Record<RunEnd, string> = {
  done: 'Done',
  cancelled: 'Cancelled',
  killed: 'Stopped',
  failed: 'Failed',
  interrupted: 'Interrupted',
};

const INTERRUPTED = 'the window was reloaded during the run';

/** How the run ended, from `ended` or, for hosts that do not send it, from the state. */
export function endOf(msg: RunStateMessage): RunEnd | null {
  if (msg.ended) return msg.ended;
  if (msg.state === 'done' || msg.state === 'failed' || msg.state === 'interrupted') return msg.state;
  return null;
}

export function describeRunState(msg: RunStateMessage): RunOutcome {
  const ended = endOf(msg);
  const [firstLine, ...moreLines] = (msg.message ?? '').split('\n');
  const headline = firstLine.trim() || (ended === 'interrupted' ? INTERRUPTED : '');
  if (ended === null) {
    const word = { idle: 'Ready', running: 'Running…', cancelling: 'Cancelling…' }[
      msg.state as 'idle' | 'running' | 'cancelling'
    ];
    return {
      ended,
      header: headline ? `${word} — ${headline}` : word,
      progress: null,
      notice: null,
      link: null,
    };
  }
  const word = END_WORD[ended];
  const partial = msg.partial === true || (ended !== 'done' && msg.profilePath !== undefined);
  const actions: NoticeAction[] = [...(msg.actions ?? [])];
  const offered = actions.some((a) => a.kind === 'openProfilePath' && a.path === msg.profilePath);
  const clean = ended === 'done' && !partial;
  let link: RunOutcome['link'] = null;
  if (msg.profilePath && !offered) {
    if (clean) link = { label: 'Saved profile', path: msg.profilePath };
    else
      actions.unshift({
        label: partial ? 'Open Partial Profile' : 'Open Profile',
        kind: 'openProfilePath',
        path: msg.profilePath,
      });
  }
  const summary = headline ? `${word} — ${headline}` : word;
  const more = moreLines.join('\n').trim();
  const needsNotice = !clean || more !== '' || (msg.detail ?? '') !== '' || actions.length > 0;
  const notice: RichNotice | null = needsNotice
    ? {
        kind: ended === 'failed' ? 'error' : ended === 'done' ? 'info' : 'warning',
        message: more ? `${summary}\n${more}` : summary,
        detail: msg.detail,
        actions,
      }
    : null;
  return {
    ended,
    // With a notice below, the header says only the word: the notice says the rest, once.
    header: notice ? word : summary,
    progress: (headline ? `${word}: ${headline}` : word) + (partial ? ' — partial profile saved' : ''),
    notice,
    link,
  };
}
