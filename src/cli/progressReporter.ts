/**
 * Turns the engine's live events into terminal output while a profile runs: stage lines, the
 * calibration table, a progress bar per strategy (only on a terminal) and warnings. Text goes to
 * `out`; the bar and warnings go to `err`. The bar is erased before any other line is written so
 * the two streams never garble each other on one terminal.
 */
import type { LiveEvent } from '../shared/liveEvents';
import { formatCalibration, formatWarnings } from './formatResults';
import { fmtMs, fmtNum } from './textTable';

export interface TextSink {
  write(text: string): unknown;
}

const BAR_WIDTH = 30;

export class ProgressReporter {
  private barVisible = false;
  private strategiesStarted = false;
  /** Warnings raised once strategies started; printed with the results so they are not missed. */
  readonly deferredWarnings: string[] = [];
  /** The strategy the latest event was about (interleaved runs switch between them). */
  private current: { label: string; durationS: number; started: number } | null = null;
  private readonly strategies = new Map<number, { label: string; durationS: number; started: number }>();

  constructor(
    private readonly out: TextSink,
    private readonly err: TextSink,
    /** Draw a live bar (stderr is a terminal and progress was not turned off). */
    private readonly showBar: boolean,
  ) {}

  /** LiveListener: must return quickly. */
  readonly onEvent = (event: LiveEvent): void => {
    switch (event.kind) {
      case 'stage':
        if (event.stage === 'running' || event.stage === 'done' || event.stage === 'saving') return;
        this.line(this.out, `${event.message}`);
        return;
      case 'model':
        return; // printed from inspectModel before the run starts
      case 'calibration':
        this.line(this.out, `\n${formatCalibration(event.points, event.detail)}\n`);
        return;
      case 'strategyStart':
        this.strategiesStarted = true;
        this.current = { label: event.label, durationS: event.durationS, started: Date.now() };
        this.strategies.set(event.strategy, this.current);
        if (this.showBar) this.drawBar(0, 0);
        else this.line(this.out, `Running ${event.label} for ${event.durationS}s…`);
        return;
      case 'tick':
        this.current = this.strategies.get(event.strategy) ?? this.current;
        if (this.showBar) this.drawBar(event.fraction, event.completed);
        return;
      case 'strategyEnd': {
        const s = event.summary;
        const label = this.strategies.get(event.strategy)?.label ?? `strategy ${event.strategy}`;
        this.line(
          this.out,
          `${label}: ${s.completed}/${s.requests} requests, ${fmtNum(s.throughputRps)} req/s, ` +
            `p50 ${fmtMs(s.latencyMs.p50)} ms, p99 ${fmtMs(s.latencyMs.p99)} ms` +
            (event.partial ? ' (cut short)' : ''),
        );
        this.current = null;
        return;
      }
      case 'warning':
        if (this.strategiesStarted) this.deferredWarnings.push(event.message);
        else this.line(this.err, formatWarnings([event.message]));
        return;
      default: {
        const never: never = event;
        return never;
      }
    }
  };

  /** Erases the bar (call before printing the final results). */
  finish(): void {
    this.clearBar();
  }

  private line(sink: TextSink, text: string): void {
    this.clearBar();
    sink.write(`${text}\n`);
  }

  private drawBar(fraction: number, completed: number): void {
    if (!this.current) return;
    const f = Math.min(1, Math.max(0, fraction));
    const filled = Math.round(f * BAR_WIDTH);
    const elapsed = ((Date.now() - this.current.started) / 1000).toFixed(1);
    const bar = '█'.repeat(filled) + '░'.repeat(BAR_WIDTH - filled);
    this.err.write(
      `\r\x1b[2K${this.current.label.padEnd(28)} ${bar} ${String(Math.round(f * 100)).padStart(3)}%  ` +
        `${completed} done  ${elapsed}s`,
    );
    this.barVisible = true;
  }

  private clearBar(): void {
    if (!this.barVisible) return;
    this.err.write('\r\x1b[2K');
    this.barVisible = false;
  }
}
