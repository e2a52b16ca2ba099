/**
 * Notices: a one-line message (`notice`), or a long one (`richNotice`) whose first line is the
 * headline and whose rest sits behind a "Details" disclosure, with buttons for its actions. Long
 * text wraps (panel.css), so an engine's stderr never makes the panel scroll sideways.
 */
import '@vscode-elements/elements/dist/vscode-button/index.js';
import type { NoticeAction, WebviewToHost } from '../../src/shared/panelProtocol';

export type NoticeKind = 'error' | 'warning' | 'ok' | 'info';

export function notice(text: string, kind: NoticeKind): HTMLParagraphElement {
  const p = document.createElement('p');
  p.className = `notice notice-${kind}`;
  if (kind === 'error') p.setAttribute('role', 'alert');
  p.textContent = text;
  return p;
}

export interface RichNotice {
  kind: NoticeKind;
  /** Its first line is the headline; further lines go behind "Details" with `detail`. */
  message: string;
  detail?: string;
  actions?: NoticeAction[];
  /** Offer a Dismiss button (host notices; not the run's own outcome). */
  dismissible?: boolean;
  /** Show `names` in backticks in the headline as code. */
  code?: boolean;
}

/** Fills `el` with `text`, showing the parts in backticks as code. */
export function withCode<E extends HTMLElement>(el: E, text: string): E {
  text.split('`').forEach((part, i) => {
    if (part === '') return;
    if (i % 2 === 1) {
      const code = document.createElement('code');
      code.textContent = part;
      el.appendChild(code);
    } else el.appendChild(document.createTextNode(part));
  });
  return el;
}

/** The message an action's button posts (all are messages the host already checks). */
export function actionMessage(a: NoticeAction): WebviewToHost {
  switch (a.kind) {
    case 'openProfilePath':
      return { type: 'openProfilePath', path: a.path };
    case 'showLog':
      return { type: 'showLog' };
    case 'openConfigurations':
      return { type: 'openConfigurations' };
  }
}

export function richNotice(n: RichNotice, post: (m: WebviewToHost) => void): HTMLElement {
  const box = document.createElement('div');
  box.className = `notice notice-${n.kind} notice-rich`;
  if (n.kind === 'error') box.setAttribute('role', 'alert');
  const [headline, ...rest] = n.message.split('\n');
  const head = document.createElement('p');
  head.className = 'notice-headline';
  if (n.code) withCode(head, headline);
  else head.textContent = headline;
  box.appendChild(head);
  const more = [rest.join('\n').trim(), n.detail?.trim() ?? ''].filter((t) => t !== '').join('\n\n');
  if (more !== '') {
    const details = document.createElement('details');
    details.className = 'notice-details';
    const summary = document.createElement('summary');
    summary.textContent = 'Details';
    const pre = document.createElement('pre');
    pre.className = 'notice-detail';
    pre.textContent = more;
    details.append(summary, pre);
    box.appendChild(details);
  }
  const buttons = (n.actions ?? []).map((a) => {
    const b = document.createElement('vscode-button');
    b.setAttribute('secondary', '');
    b.className = 'notice-action';
    b.dataset.action = a.kind;
    b.textContent = a.label;
    // The path is the button's tooltip, not its text: it is long, and shown once.
    if (a.kind === 'openProfilePath') b.title = a.path;
    b.addEventListener('click', () => post(actionMessage(a)));
    return b;
  });
  if (n.dismissible) {
    const dismiss = document.createElement('vscode-button');
    dismiss.setAttribute('secondary', '');
    dismiss.className = 'notice-dismiss';
    dismiss.textContent = 'Dismiss';
    dismiss.addEventListener('click', () => box.remove());
    buttons.push(dismiss);
  }
  if (buttons.length > 0) {
    const row = document.createElement('div');
    row.className = 'notice-actions';
    row.append(...buttons);
    box.appendChild(row);
  }
  return box;
}
