/**
 * Progress of each strategy in the current run (a native <progress> per strategy) and the run
 * stage; once the run ended, its outcome replaces the stage (never a stale "Running strategies").
 */
import type { RunStore } from '../data/runStore';
import type { PanelView } from '../charts/chartPanel';

export class ProgressView implements PanelView {
  readonly element: HTMLElement;
  private readonly stage: HTMLParagraphElement;
  private readonly list: HTMLUListElement;
  /** How the run ended (replaces the engine's last stage), or null while it goes on. */
  private outcome: string | null = null;
  /** Set between Run and the engine's first stage. */
  private starting = false;

  constructor() {
    this.element = document.createElement('section');
    this.element.className = 'progress';
    this.element.id = 'progress';
    this.stage = document.createElement('p');
    this.stage.className = 'stage';
    this.stage.setAttribute('aria-live', 'polite');
    this.list = document.createElement('ul');
    this.list.className = 'progress-list';
    this.element.append(this.stage, this.list);
  }

  /** A run was asked for: say so until the engine reports its first stage. */
  setStarting(): void {
    this.starting = true;
    this.outcome = null;
  }

  /** The run's outcome line (see runOutcome.ts), or null when a new run starts. */
  setOutcome(text: string | null): void {
    this.outcome = text;
    if (text !== null) this.starting = false;
  }

  render(store: RunStore): void {
    const stream = store.streams[0];
    this.element.classList.toggle('progress-ended', this.outcome !== null);
    this.stage.textContent =
      this.outcome ?? stream?.stage?.message ?? (this.starting ? 'Starting the run…' : '');
    const series = store.allSeries();
    while (this.list.children.length > series.length) this.list.lastElementChild?.remove();
    series.forEach((s, i) => {
      let li = this.list.children[i] as HTMLLIElement | undefined;
      if (!li) {
        li = document.createElement('li');
        const label = document.createElement('label');
        const bar = document.createElement('progress');
        bar.max = 100;
        label.append(document.createElement('span'), bar, document.createElement('span'));
        li.appendChild(label);
        this.list.appendChild(li);
      }
      const [name, bar, text] = Array.from(li.querySelector('label')!.children) as [
        HTMLSpanElement,
        HTMLProgressElement,
        HTMLSpanElement,
      ];
      name.textContent = store.seriesLabel(s);
      name.className = `swatch-text swatch-${s.colorIndex % 6}`;
      bar.value = Math.round(s.fraction * 100);
      const state = s.ended ? (s.partial ? 'partial' : 'done') : `${bar.value}%`;
      const rejected = s.rejected > 0 ? ` · ${s.rejected.toLocaleString('en-US')} rejected` : '';
      text.textContent = `${state} · ${s.completed.toLocaleString('en-US')} requests${rejected}`;
    });
  }
}
