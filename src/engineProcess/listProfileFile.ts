/**
 * The engine side of `summarizeProfiles`: the headline figures of one saved profile or sweep,
 * read with the engine's own readers (the numbers `batchscope show` prints), for the Batchscope
 * view. The file is fully read and checked here, in the engine child, never in the extension host.
 */
import { readProfile } from '../engine/profile/profileIo';
import { summaryFromProfile } from '../engine/profile/profileSummary';
import { readSweepFile } from '../engine/sweep/sweepIo';
import { isSweepPath, type ListedStrategy, type ProfileListing } from '../shared/profileListing';
import type { SweepFile } from '../shared/sweep/sweepTypes';

/**
 * The listing of the file at `file`: a sweep when its name ends in `.sweep.json`, else a profile.
 * @throws the reader's error (ProfileError, or an Error for a sweep) when the file cannot be read
 */
export function listProfileFile(file: string): ProfileListing {
  return isSweepPath(file) ? listSweep(file, readSweepFile(file)) : listProfile(file);
}

function listProfile(file: string): ProfileListing {
  const profile = readProfile(file);
  const report = summaryFromProfile(profile);
  return {
    path: file,
    modelPath: profile.model.path,
    modelFileName: profile.model.fileName,
    synthetic: profile.model.target !== undefined,
    createdAt: profile.createdAt,
    partial: profile.partial,
    isSweep: false,
    simulated: profile.simulated !== undefined,
    strategies: report.strategies.map((s) => ({
      label: s.label,
      p50Ms: s.latencyMs.p50,
      p99Ms: s.latencyMs.p99,
      throughputRps: s.throughputRps,
      overloaded: s.overloaded,
      partial: s.partial,
    })),
    arrival: profile.settings.arrival.kind,
    rateRps: profile.settings.rateRps,
    rateDerived: profile.settings.rateDerived,
    durationS: profile.settings.durationS,
  };
}

function listSweep(file: string, sweep: SweepFile): ProfileListing {
  const rec = sweep.recommendation;
  // Measured figures beat predicted ones once the recommendation was verified on the model.
  const figures = rec ? (rec.measured ?? rec.predicted) : null;
  const strategies: ListedStrategy[] =
    rec && figures
      ? [
          {
            label: rec.label,
            p50Ms: figures.p50Ms,
            p99Ms: figures.p99Ms,
            throughputRps: figures.throughputRps,
            overloaded: false,
            partial: false,
          },
        ]
      : [];
  const slo = sweep.settings.slo;
  return {
    path: file,
    modelPath: sweep.model.path,
    modelFileName: sweep.model.fileName,
    synthetic: sweep.model.target !== undefined,
    createdAt: sweep.createdAt,
    partial: false,
    isSweep: true,
    simulated: !sweep.settings.measure,
    strategies,
    arrival: 'sweep',
    rateRps: rec ? rec.rateRps : null,
    rateDerived: false,
    durationS: sweep.settings.pointDurationS,
    sweep: {
      configs: sweep.configs.length,
      points: sweep.points.length,
      recommendation: rec ? rec.label : null,
      verified: rec?.verified ?? null,
      noRecommendation: rec ? null : (sweep.noRecommendation ?? 'no SLO was given'),
      slo: slo ? `p${slo.percentile} ≤ ${slo.ms} ms` : null,
    },
  };
}
