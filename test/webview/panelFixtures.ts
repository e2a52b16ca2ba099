/** Messages the fake host sends: form defaults, and a profile's replay as host messages. Browser-safe (bundled into the big-run driver). */
import type { HostToWebview, PanelRunConfig } from '../../src/shared/panelProtocol';
import { profileToEvents } from '../../src/shared/profileReplay';
import type { ModelSummary, Profile } from '../../src/shared/profileTypes';

export const DEFAULTS: PanelRunConfig = {
  strategies: [
    { name: 'none' },
    { name: 'static', batchSize: 8 },
    { name: 'dynamic', maxBatch: 8, maxDelayMs: 2, preferredBatch: [] },
  ],
  arrival: { kind: 'poisson' },
  rateRps: null,
  durationS: 5,
  warmupS: 1,
  instances: 1,
  threads: 1,
  provider: 'cpu',
  dims: [],
  fixedInputs: {},
  sloMs: 10,
  seed: 1,
  priorities: null,
};

/** What the host sends for a live run of `profile`: init, running, the events in ~10 Hz chunks, done. */
export function liveRunMessages(profile: Profile, chunk = 8): HostToWebview[] {
  const events = profileToEvents(profile);
  const msgs: HostToWebview[] = [
    {
      type: 'init',
      mode: 'configure',
      model: profile.model,
      defaults: DEFAULTS,
      trusted: true,
      title: profile.model.fileName,
    },
    { type: 'runState', state: 'running' },
  ];
  for (let i = 0; i < events.length; i += chunk)
    msgs.push({ type: 'events', events: events.slice(i, i + chunk) });
  msgs.push({
    type: 'runState',
    state: 'done',
    profilePath: '/work/project/.batchscope/profiles/mlp-2026.json',
  });
  return msgs;
}

/**
 * A model that rejects Batchscope's synthetic values (samples/vad.onnx as the engine inspects it:
 * a scalar sample rate `sr` and a `sequence` dim that must match it), before the user set them.
 */
export const VAD_REJECTED: ModelSummary = {
  path: '/work/project/models/vad.onnx',
  fileName: 'vad.onnx',
  sha256: '5e0ac3d2b8d1f0e4a4c1d9f3b2a7e6c5d4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b9',
  bytes: 2_270_000,
  inputs: [
    { name: 'input', dtype: 'float32', shape: ['batch', 'sequence'], batchAxis: 0, batchAxisSource: 'probe' },
    { name: 'sr', dtype: 'int64', shape: [], batchAxis: null, batchAxisSource: 'none' },
  ],
  outputs: [
    { name: 'output', dtype: 'float32', shape: ['batch', 1], batchAxis: 0, batchAxisSource: 'probe' },
  ],
  dims: [{ name: 'sequence', min: 16, max: 16, source: 'default' }],
  fixedInputs: {},
  batchable: false,
  notBatchableReason:
    "The model rejected synthetic values (Reshape 'frame' failed): set `sr` under Fixed inputs or `sequence` under Symbolic dimensions.",
  maxBatchSupported: 1,
  probeProblem: {
    message:
      "Non-zero status code returned while running Reshape node. Name:'frame' Status Message: " +
      'reshape_helper.h:91 input_shape_size == requested_shape_size was false. The input tensor cannot be ' +
      'reshaped to the requested shape. Input shape:{1,16}, requested shape:{1,0}',
    node: "Reshape 'frame'",
    inputs: ['sr', 'input'],
    dims: ['sequence'],
  },
};

/** The same model inspected again with sr = 16000 and sequence = 512: it runs and batches. */
export const VAD_FIXED: ModelSummary = {
  ...VAD_REJECTED,
  dims: [{ name: 'sequence', min: 512, max: 512, source: 'user' }],
  fixedInputs: { sr: [16000] },
  batchable: true,
  notBatchableReason: undefined,
  maxBatchSupported: null,
  probeProblem: undefined,
};
