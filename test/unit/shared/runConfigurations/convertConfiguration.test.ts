/** A configuration <-> the panel's run config: defaults fill what is left out, saving writes everything, round trips. */
import { strict as assert } from 'node:assert';
import type { PanelRunConfig } from '../../../../src/shared/panelProtocol';
import type { StrategyConfig } from '../../../../src/shared/profileTypes';
import { RunConfigurationError } from '../../../../src/shared/runConfigurations/configurationProblems';
import {
  configurationField,
  fromPanelRunConfig,
  toPanelRunConfig,
} from '../../../../src/shared/runConfigurations/convertConfiguration';
import { upsertConfiguration } from '../../../../src/shared/runConfigurations/editConfigurations';
import { findConfiguration } from '../../../../src/shared/runConfigurations/findConfiguration';
import {
  fileProblems,
  parseRunConfigurations,
} from '../../../../src/shared/runConfigurations/parseConfigurations';
import { specDefaults, strategySpecText } from '../../../../src/shared/runConfigurations/strategySpecText';
import { mergeRunConfig, planEngineRun } from '../../../../src/shared/runPlan';
import { builtInRunConfig, runDefaultsFromSettings } from '../../../../src/shared/settingsDefaults';
import { STRATEGIES } from '../../../../src/shared/strategies/registry';
import { checkStrategyConfig, completeConfig } from '../../../../src/shared/strategies/strategyConfigs';
import { parseStrategySpec } from '../../../../src/shared/strategies/strategySpec';

/** Defaults unlike the built-in ones, as a user's settings would be: a saved file must not depend on them. */
const otherDefaults = (): PanelRunConfig =>
  runDefaultsFromSettings(
    (key) =>
      ({
        strategies: ['static(4)'],
        durationS: 9,
        rateRps: 123,
        arrival: 'closed',
        concurrency: 3,
        maxBatch: 32,
        maxDelayMs: 7,
        instances: 3,
        threads: 2,
      })[key],
  ).config;

/** Every strategy with parameters off their built-in defaults (and a queue policy where it has one). */
function unusualStrategies(): StrategyConfig[] {
  return STRATEGIES.map((d) => {
    const config = completeConfig(
      d.name,
      {},
      { maxBatch: 16, maxDelayMs: 0.37, preferredBatch: [4, 8], sloMs: 25 },
    );
    if (d.queuePolicy) Object.assign(config, { maxQueue: 64, timeoutMs: 5.5, timeoutAction: 'delay' });
    assert.deepEqual(checkStrategyConfig(config), [], d.name);
    return config;
  });
}

/** A run config that sets every field, none at a default. */
function fullConfig(): PanelRunConfig {
  return {
    strategies: unusualStrategies().slice(0, 8),
    arrival: { kind: 'bursty', ratio: 3, periodS: 1.5, dutyCycle: 0.25 },
    rateRps: 250.5,
    durationS: 2.5,
    warmupS: 0.3,
    instances: 2,
    threads: 3,
    provider: 'cuda',
    dims: [
      { name: 'seq', min: 16, max: 128 },
      { name: 'height', min: 224, max: 224 },
    ],
    fixedInputs: { sr: [16000], scale: [0.5, 0.25, 0.125] },
    sloMs: 40,
    seed: 7,
    priorities: [0.2, 0.8],
    strategyWarmupS: 0.25,
    order: 'interleaved',
    untilStable: true,
    batchAxes: { state: 1 },
  };
}

/** Save `config` into a file's text and read it back with `defaults`, as the host and the CLI do. */
function roundTrip(config: PanelRunConfig, defaults: PanelRunConfig): PanelRunConfig {
  const text = upsertConfiguration(undefined, fromPanelRunConfig('saved', 'models/m.onnx', config));
  const file = parseRunConfigurations(text, 'config.json');
  assert.deepEqual(fileProblems(file), [], text);
  return toPanelRunConfig(findConfiguration(file, 'saved'), defaults);
}

describe('run configurations: converting', () => {
  it('fills what a configuration leaves out from the defaults given', () => {
    const defaults = otherDefaults();
    assert.deepEqual(toPanelRunConfig({ name: 'n', model: 'm.onnx' }, defaults), defaults);
    const some = toPanelRunConfig(
      { name: 'n', model: 'm.onnx', traffic: { durationS: 3 }, execution: { instances: 4 } },
      defaults,
    );
    assert.deepEqual(some, { ...defaults, durationS: 3, instances: 4 });
  });

  it('reads every field into its place in the run config', () => {
    const config = toPanelRunConfig(
      {
        name: 'n',
        model: 'm.onnx',
        dims: { seq: '16..128', height: 224 },
        inputs: { sr: 16000, scale: [0.5, 0.5] },
        batchAxes: { state: 1 },
        strategies: ['none', 'dynamic(max=16,delay=2)', 'aimd'],
        traffic: {
          arrival: 'bursty',
          rateRps: null,
          durationS: 2,
          warmupS: 0.5,
          seed: 3,
          priorities: [1, 4],
        },
        execution: {
          instances: 2,
          threads: 2,
          provider: 'cuda',
          order: 'reversed',
          strategyWarmupS: 0,
          untilStable: true,
        },
        sloMs: 30,
      },
      builtInRunConfig(),
    );
    assert.deepEqual(config.dims, [
      { name: 'seq', min: 16, max: 128 },
      { name: 'height', min: 224, max: 224 },
    ]);
    assert.deepEqual(config.fixedInputs, { sr: [16000], scale: [0.5, 0.5] });
    assert.deepEqual(config.batchAxes, { state: 1 });
    assert.deepEqual(config.arrival, { kind: 'bursty', ratio: 4, periodS: 2, dutyCycle: 0.2 });
    assert.equal(config.rateRps, null);
    assert.deepEqual([config.durationS, config.warmupS, config.seed, config.priorities], [2, 0.5, 3, [1, 4]]);
    assert.deepEqual(
      [
        config.instances,
        config.threads,
        config.provider,
        config.order,
        config.strategyWarmupS,
        config.untilStable,
      ],
      [2, 2, 'cuda', 'reversed', 0, true],
    );
    assert.equal(config.sloMs, 30);
    assert.deepEqual(config.strategies, [
      parseStrategySpec('none'),
      parseStrategySpec('dynamic(max=16,delay=2)'),
      // aimd's budget is the configuration's SLO, as `--strategies aimd --slo-ms 30`.
      parseStrategySpec('aimd(slo=30)'),
    ]);
  });

  it('reads strategy specs with the built-in max batch and delay, whatever the editor’s settings', () => {
    const fromSettings = toPanelRunConfig(
      { name: 'n', model: 'm', strategies: ['dynamic'] },
      otherDefaults(),
    );
    assert.deepEqual(fromSettings.strategies, [parseStrategySpec('dynamic(max=8,delay=2)')]);
  });

  it('a closed loop without clients takes the default count; closed and ramp runs offer no rate', () => {
    const closed = toPanelRunConfig(
      { name: 'n', model: 'm', traffic: { arrival: 'closed' } },
      builtInRunConfig(),
    );
    assert.deepEqual(closed.arrival, { kind: 'closed', concurrency: 16 });
    const fromDefaults = toPanelRunConfig(
      { name: 'n', model: 'm', traffic: { arrival: 'closed' } },
      otherDefaults(),
    );
    assert.deepEqual(fromDefaults.arrival, { kind: 'closed', concurrency: 3 }, 'the defaults’ client count');
    const ramp = toPanelRunConfig(
      { name: 'n', model: 'm', traffic: { arrival: { kind: 'ramp', fromRps: 10, toRps: 50 } } },
      { ...builtInRunConfig(), rateRps: 99 },
    );
    assert.deepEqual(ramp.arrival, { kind: 'ramp', fromRps: 10, toRps: 50 });
    // The form keeps the default's rate for when the user switches back; the run has none.
    for (const config of [closed, ramp]) assert.equal(planEngineRun(config).settings.rateRps, null);
  });

  it('names the spec that does not parse', () => {
    assert.throws(
      () =>
        toPanelRunConfig(
          { name: 'n', model: 'm', strategies: ['none', 'dynamic(mx=4)'] },
          builtInRunConfig(),
        ),
      (err: unknown) =>
        err instanceof RunConfigurationError &&
        /^configuration "n", strategies #2: dynamic\(mx=4\): dynamic has no parameter "mx"\. Did you mean max\?/.test(
          err.message,
        ),
    );
  });

  it('saves every run-relevant field, so the file says what it runs', () => {
    const saved = fromPanelRunConfig('vad', 'samples/vad.onnx', {
      ...builtInRunConfig(),
      dims: [{ name: 's', min: 2, max: 4 }],
    });
    assert.deepEqual(saved, {
      name: 'vad',
      model: 'samples/vad.onnx',
      dims: { s: '2..4' },
      inputs: {},
      batchAxes: {},
      strategies: ['none', 'static', 'dynamic'],
      traffic: { arrival: 'poisson', rateRps: null, durationS: 5, warmupS: 1, seed: 42, priorities: null },
      execution: {
        instances: 1,
        threads: 1,
        provider: 'cpu',
        order: 'fixed',
        strategyWarmupS: 0.5,
        untilStable: false,
      },
      sloMs: null,
    });
  });

  it('round-trips a run config that sets everything, read with other defaults', () => {
    const config = fullConfig();
    assert.deepEqual(roundTrip(config, otherDefaults()), config);
  });

  it('round-trips each arrival, and runs the same when optional fields were absent', () => {
    const arrivals: PanelRunConfig['arrival'][] = [
      { kind: 'poisson' },
      { kind: 'constant' },
      { kind: 'closed', concurrency: 5 },
      { kind: 'ramp', fromRps: 10, toRps: 400 },
    ];
    for (const arrival of arrivals) {
      const rated = arrival.kind === 'poisson' || arrival.kind === 'constant';
      // Closed and ramp save no rate: reading takes the defaults' (which the run ignores).
      const config: PanelRunConfig = {
        ...builtInRunConfig(),
        arrival,
        rateRps: rated ? 300 : 123,
        batchAxes: {},
      };
      assert.deepEqual(roundTrip(config, otherDefaults()), config, arrival.kind);
    }
    // A form config without the optional fields (older webview state) runs the same after saving.
    const { strategyWarmupS: _w, order: _o, untilStable: _u, ...bare } = builtInRunConfig();
    const closedWithRate: PanelRunConfig = {
      ...bare,
      arrival: { kind: 'closed', concurrency: 4 },
      rateRps: 250,
    };
    for (const config of [bare, closedWithRate])
      assert.deepEqual(
        planEngineRun(mergeRunConfig(otherDefaults(), roundTrip(config, otherDefaults()), undefined))
          .settings,
        planEngineRun(mergeRunConfig(otherDefaults(), config, undefined)).settings,
      );
  });

  it('writes strategy specs that parse back to the same config, exact numbers and all', () => {
    for (const sloMs of [null, 25, 30]) {
      for (const config of unusualStrategies()) {
        const run = specDefaults(sloMs);
        const text = strategySpecText(config, run);
        assert.deepEqual(parseStrategySpec(text, run), config, `${text} with sloMs ${sloMs}`);
      }
    }
    const precise = parseStrategySpec('dynamic(delay=0.1234567)');
    assert.equal(strategySpecText(precise, specDefaults(null)), 'dynamic(delay=0.1234567)');
    assert.equal(
      strategySpecText(parseStrategySpec('dynamic(pref=4/8,max=16)'), specDefaults(null)),
      'dynamic(max=16,pref=4/8)',
    );
  });

  it('maps run config fields to where they live in a configuration', () => {
    const cases: Array<[string, string]> = [
      ['strategies', 'strategies'],
      ['strategies.1.maxBatch', 'strategies #2'],
      ['arrival.ratio', 'traffic.arrival.ratio'],
      ['rateRps', 'traffic.rateRps'],
      ['priorities', 'traffic.priorities'],
      ['instances', 'execution.instances'],
      ['strategyWarmupS', 'execution.strategyWarmupS'],
      ['dims.seq.min', 'dims.seq'],
      ['fixedInputs.sr', 'inputs.sr'],
      ['sloMs', 'sloMs'],
    ];
    for (const [panel, field] of cases) assert.equal(configurationField(panel), field, panel);
  });
});

describe('run plan (shared by the panel and `profile --config`)', () => {
  it('passes batch axes to the model options, and none when the config has none', () => {
    const config = mergeRunConfig(builtInRunConfig(), { batchAxes: { state: 1 } }, undefined);
    assert.deepEqual(planEngineRun(config).modelOptions.batchAxes, { state: 1 });
    assert.deepEqual(planEngineRun(builtInRunConfig()).modelOptions.batchAxes, {});
  });

  it('records the configuration’s name in the settings only when given', () => {
    assert.equal(planEngineRun(builtInRunConfig(), 'vad 16k').settings.configuration, 'vad 16k');
    assert.ok(!('configuration' in planEngineRun(builtInRunConfig()).settings));
  });

  it('a ramp has no offered rate to record or derive; priorities become shares', () => {
    const ramp = planEngineRun({
      ...builtInRunConfig(),
      arrival: { kind: 'ramp', fromRps: 1, toRps: 9 },
      rateRps: 50,
    });
    assert.deepEqual([ramp.settings.rateRps, ramp.settings.rateDerived], [null, false]);
    const derived = planEngineRun(builtInRunConfig());
    assert.deepEqual([derived.settings.rateRps, derived.settings.rateDerived], [null, true]);
    assert.deepEqual(
      planEngineRun({ ...builtInRunConfig(), priorities: [1, 4] }).settings.priorities,
      [0.2, 0.8],
    );
  });
});
