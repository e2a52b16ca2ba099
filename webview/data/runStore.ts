/**
 * The panel's data: one stream per profile (one for a live run or a reopened profile, two for a
 * comparison), each holding its model, calibration, warnings and one {@link SeriesData} per
 * strategy. Fed by live events; a saved profile is fed the same replay, except that its batches
 * are read straight from its columns instead of one event object per batch.
 */
import type { LiveEvent, RunStage } from '../../src/shared/liveEvents';
import { replayItems } from '../../src/shared/profileReplay';
import type {
  CalibrationLength,
  CalibrationPoint,
  ModelSummary,
  Profile,
  RunSettings,
} from '../../src/shared/profileTypes';
import { SeriesData } from './seriesData';

export interface StreamData {
  title: string;
  model: ModelSummary | null;
  settings: RunSettings | null;
  calibration: CalibrationPoint[];
  /** The one input length the calibration points were measured at (variable-length models). */
  calibrationLength?: CalibrationLength | null;
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

  /**
   * The run ended (cancelled, stopped, failed, interrupted): a strategy that was still running
   * will send no end event, so it is closed here as cut short (partial), like the profile saves it.
   */
  closeOpenSeries(): void {
    let changed = false;
    for (const s of this.allSeries()) {
      if (s.ended) continue;
      s.ended = true;
      s.partial = true;
      s.version++;
      changed = true;
    }
    if (changed) this.version++;
  }

  apply(streamIndex: number, events: LiveEvent[]): void {
    if (this.streams.length === 0) this.reset(['Run']);
    const stream = this.streams[streamIndex];
    if (!stream) return;
    for (const e of events) this.applyOne(stream, streamIndex, e);
    this.version++;
  }

  /**
   * Loads a saved profile into stream `streamIndex`: the result equals applying
   * `profileToEvents(profile)`, without building those events' per-batch objects.
   */
  load(streamIndex: number, profile: Profile): void {
    if (this.streams.length === 0) this.reset(['Run']);
    const stream = this.streams[streamIndex];
    if (!stream) return;
    for (const item of replayItems(profile)) {
      if (item.kind !== 'replayTick') {
        this.applyOne(stream, streamIndex, item);
        if (item.kind === 'strategyStart')
          stream.series[item.strategy]?.reserve(profile.strategies[item.strategy]);
        continue;
      }
      const s = stream.series[item.strategy];
      if (!s) continue;
      const { tick, result } = item;
      for (let b = tick.batchFrom; b < tick.batchTo; b++) s.addBatchOf(result, b);
      s.endTick(tick.fraction, tick.completed, tick.samples, tick.rejected);
    }
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
          stream.calibrationLength = null;
          stream.warnings = [];
          this.recolour();
        }
        stream.model = e.model;
        stream.settings = e.settings;
        return;
      case 'calibration':
        stream.calibration = e.points;
        stream.calibrationLength = e.detail?.length ?? null;
        return;
      case 'strategyStart': {
        const s = new SeriesData(streamIndex, e.strategy, e.label, e.config, e.expectedRequests, e.durationS);
        s.measured = e.measured ?? null;
        stream.series[e.strategy] = s;
        this.recolour();
        return;
      }
      case 'tick': {
        const s = stream.series[e.strategy];
        if (!s) return;
        for (const b of e.batches) s.addBatch(b);
        s.endTick(e.fraction, e.completed, e.samples, e.rejected);
        return;
      }
      case 'strategyEnd': {
        const s = stream.series[e.strategy];
        if (!s) return;
        s.summary = e.summary;
        s.partial = e.partial;
        // The intervals actually measured (until-stable or an abort end them early).
        if (e.measured) s.measured = e.measured;
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
