/**
 * The panel's data: one stream per profile (one for a live run or a reopened profile, two for a
 * comparison), each holding its model, calibration, warnings and one {@link SeriesData} per
 * strategy. Fed only by live events, whether they come from a run or from a replayed profile.
 */
import type { LiveEvent, RunStage } from '../../src/shared/liveEvents';
import type { CalibrationPoint, ModelSummary, RunSettings } from '../../src/shared/profileTypes';
import { SeriesData } from './seriesData';

export interface StreamData {
  title: string;
  model: ModelSummary | null;
  settings: RunSettings | null;
  calibration: CalibrationPoint[];
  warnings: string[];
  stage: { stage: RunStage; message: string } | null;
  series: SeriesData[];
}

export class RunStore {
  streams: StreamData[] = [];
  /** Bumped on any change; views compare it to skip work. */
  version = 0;

  /** Drop everything and start `titles.length` empty streams. */
  reset(titles: string[]): void {
    this.streams = titles.map((title) => ({
      title,
      model: null,
      settings: null,
      calibration: [],
      warnings: [],
      stage: null,
      series: [],
    }));
    this.version++;
  }

  /** Every strategy of every stream, in colour order. */
  allSeries(): SeriesData[] {
    return this.streams.flatMap((s) => s.series);
  }

  /** Label for a series: prefixed by the profile title when more than one profile is shown. */
  seriesLabel(s: SeriesData): string {
    return this.streams.length > 1 ? `${this.streams[s.stream].title}: ${s.label}` : s.label;
  }

  apply(streamIndex: number, events: LiveEvent[]): void {
    if (this.streams.length === 0) this.reset(['Run']);
    const stream = this.streams[streamIndex];
    if (!stream) return;
    for (const e of events) this.applyOne(stream, streamIndex, e);
    this.version++;
  }

  private applyOne(stream: StreamData, streamIndex: number, e: LiveEvent): void {
    switch (e.kind) {
      case 'stage':
        stream.stage = { stage: e.stage, message: e.message };
        return;
      case 'model':
        // A model event opens a run: a new run streamed into a panel that still shows an old one starts clean.
        if (stream.series.length > 0 || stream.calibration.length > 0) {
          stream.series = [];
          stream.calibration = [];
          stream.warnings = [];
          this.recolour();
        }
        stream.model = e.model;
        stream.settings = e.settings;
        return;
      case 'calibration':
        stream.calibration = e.points;
        return;
      case 'strategyStart': {
        const s = new SeriesData(streamIndex, e.strategy, e.label, e.config, e.expectedRequests, e.durationS);
        stream.series[e.strategy] = s;
        this.recolour();
        return;
      }
      case 'tick': {
        const s = stream.series[e.strategy];
        if (!s) return;
        s.fraction = e.fraction;
        s.completed = e.completed;
        for (const b of e.batches) s.addBatch(b);
        for (const sample of e.samples) s.addSample(sample);
        // Older recordings have no rejected count; the tick's time is its last sample's.
        if (typeof e.rejected === 'number') s.addRejections(e.rejected, s.maxTimeMs);
        return;
      }
      case 'strategyEnd': {
        const s = stream.series[e.strategy];
        if (!s) return;
        s.summary = e.summary;
        s.partial = e.partial;
        s.ended = true;
        s.fraction = 1;
        s.version++;
        return;
      }
      case 'warning':
        stream.warnings.push(e.message);
        return;
      default: {
        const never: never = e;
        void never;
      }
    }
  }

  private recolour(): void {
    this.allSeries().forEach((s, i) => (s.colorIndex = i));
  }
}
