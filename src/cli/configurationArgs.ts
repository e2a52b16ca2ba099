/**
 * `batchscope profile --config NAME [--config-file FILE]`: the run comes from a named run
 * configuration in `.batchscope/config.json`, built exactly as the panel builds it
 * (toPanelRunConfig → mergeRunConfig → planEngineRun), so a configuration saved in the editor
 * runs unchanged in CI. Run-setting flags are refused (the file is the one place they live);
 * output flags are fine.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { PanelRunConfig } from '../shared/panelProtocol';
import type { ModelSummary } from '../shared/profileTypes';
import { mergeRunConfig, planEngineRun, RunConfigError } from '../shared/runPlan';
import { builtInRunConfig } from '../shared/settingsDefaults';
import { CONFIGURATIONS_PATH } from '../shared/runConfigurations/configurationFormat';
import { describeProblem, RunConfigurationError } from '../shared/runConfigurations/configurationProblems';
import { configurationField, toPanelRunConfig } from '../shared/runConfigurations/convertConfiguration';
import { findConfiguration } from '../shared/runConfigurations/findConfiguration';
import { parseRunConfigurations } from '../shared/runConfigurations/parseConfigurations';
import { configurationsFolder, resolveModelRef, sameModel } from '../shared/node/runConfigurationModel';
import { isSyntheticModelRef } from '../shared/syntheticModel';
import { requireReadableFile, requireWritablePath } from './optionValues';
import type { OptionValues } from './parseCommandLine';
import type { ProfileArgs } from './profileArgs';
import { UsageError } from './usageError';

/** Options that say where the results go or how they are shown: allowed with --config. */
export const OPTIONS_WITH_CONFIG = [
  'config',
  'config-file',
  'out',
  'report',
  'json',
  'no-progress',
  'simulate',
  'help',
] as const;

/**
 * Where each run-setting flag lives in a configuration; null: a configuration cannot set it (the
 * panel has no such setting), so it is the engine's default.
 */
export const FLAG_FIELDS: Record<string, string | null> = {
  strategies: 'strategies',
  arrival: 'traffic.arrival',
  rate: 'traffic.rateRps',
  concurrency: 'traffic.arrival ({ "kind": "closed", "concurrency": N })',
  duration: 'traffic.durationS',
  warmup: 'traffic.warmupS',
  seed: 'traffic.seed',
  priorities: 'traffic.priorities',
  'strategy-warmup': 'execution.strategyWarmupS',
  order: 'execution.order',
  'until-stable': 'execution.untilStable',
  instances: 'execution.instances',
  threads: 'execution.threads',
  provider: 'execution.provider',
  dim: 'dims',
  input: 'inputs',
  'batch-axis': 'batchAxes',
  'slo-ms': 'sloMs',
  'max-batch': 'strategies (a max on each, e.g. "dynamic(max=16)")',
  'max-delay-ms': 'strategies (a delay on each, e.g. "dynamic(delay=2)")',
  'preferred-batch': 'strategies (e.g. "dynamic(pref=4/8)")',
  slice: null,
  window: null,
  stability: null,
  'max-duration': null,
};

/** What profileCommand needs to know about the configuration a run came from. */
export interface ProfileConfiguration {
  name: string;
  /** The file, as messages show it. */
  source: string;
  /** The folder it configures: relative models resolve against it, profiles are saved under it. */
  folder: string;
  /** The checked run config (the panel's shape); checked again against the model once it is read. */
  config: PanelRunConfig;
  defaults: PanelRunConfig;
}

/** `.batchscope/config.json` in `cwd` or the nearest folder above it that has one. */
export function findConfigurationsFile(cwd: string): string | null {
  for (let dir = path.resolve(cwd); ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, CONFIGURATIONS_PATH);
    if (fs.existsSync(candidate)) return candidate;
    if (path.dirname(dir) === dir) return null;
  }
}

/** A path as the user knows it: relative to the cwd when inside it. */
function shownPath(file: string, cwd: string): string {
  const rel = path.relative(cwd, file);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : file;
}

/** Refuses run-setting flags: the configuration is the one place its settings live. */
function refuseRunFlags(values: OptionValues, name: string, source: string): void {
  const given = Object.keys(values).filter(
    (k) => values[k] !== undefined && !(OPTIONS_WITH_CONFIG as readonly string[]).includes(k),
  );
  if (given.length === 0) return;
  const fixes = given.map((flag) => {
    const field = FLAG_FIELDS[flag];
    return field === undefined || field === null
      ? `--${flag} (a configuration cannot set it)`
      : `--${flag} (${field} in the configuration)`;
  });
  throw new UsageError(
    `${given.map((f) => `--${f}`).join(', ')} cannot be combined with --config: the run settings come from ` +
      `configuration "${name}" in ${source}. Edit it there (${fixes.join('; ')}), or drop --config and set ` +
      'the run with flags. Output options (--out, --report, --json, --no-progress) are fine with --config.',
  );
}

/**
 * The profile run of configuration `--config NAME`.
 * @throws UsageError (exit 2) for a missing or broken file, an unknown name (with the names
 *   there), a broken configuration (every problem, naming the field), a MODEL argument that is
 *   not the configuration's model, or run-setting flags
 */
export function profileArgsFromConfiguration(
  positionals: string[],
  values: OptionValues,
  cwd: string = process.cwd(),
): ProfileArgs {
  const name = values.config;
  if (typeof name !== 'string' || name.trim() === '')
    throw new UsageError('--config needs the name of a run configuration, e.g. --config "vad 16k".');
  const given = typeof values['config-file'] === 'string' ? values['config-file'] : undefined;
  const file = given !== undefined ? path.resolve(cwd, given) : findConfigurationsFile(cwd);
  if (file === null)
    throw new UsageError(
      `--config ${name}: no ${CONFIGURATIONS_PATH} in ${cwd} or any folder above it. ` +
        'Run from the folder that holds it, or pass --config-file FILE.',
    );
  const source = shownPath(file, cwd);
  requireReadableFile(
    file,
    'Run configurations file',
    'Pass --config-file with the path of a .batchscope/config.json.',
  );
  refuseRunFlags(values, name, source);

  const parsed = parseRunConfigurations(fs.readFileSync(file, 'utf8'), source);
  let configuration;
  try {
    configuration = findConfiguration(parsed, name);
  } catch (err) {
    if (err instanceof RunConfigurationError) throw new UsageError(err.message);
    throw err;
  }

  const folder = configurationsFolder(file);
  const modelPath = resolveModelRef(configuration.model, folder);
  if (positionals.length > 1)
    throw new UsageError(
      `Expected at most one MODEL with --config, got ${positionals.length}: ${positionals.join(' ')}.`,
    );
  if (positionals.length === 1) {
    const other = isSyntheticModelRef(positionals[0]) ? positionals[0] : path.resolve(cwd, positionals[0]);
    if (!sameModel(other, modelPath))
      throw new UsageError(
        `MODEL ${positionals[0]} is not the model of configuration "${name}" in ${source} ` +
          `("model": "${configuration.model}", that is ${modelPath}). Drop the MODEL argument ` +
          '(the configuration names its model), or pick the configuration of that model.',
      );
  }
  if (!isSyntheticModelRef(modelPath))
    requireReadableFile(
      modelPath,
      `The model of configuration "${name}" in ${source},`,
      `Fix its "model": a path relative to ${folder}, an absolute path, or a synthetic:… spec.`,
    );

  // The panel's path: the same defaults for what the configuration leaves out (built-in here,
  // the settings there), the same merge and checks, the same engine settings.
  const defaults = builtInRunConfig();
  let config: PanelRunConfig;
  try {
    config = mergeRunConfig(defaults, toPanelRunConfig(configuration, defaults), undefined);
  } catch (err) {
    throw configurationUsageError(err, name, source);
  }
  const plan = planEngineRun(config, configuration.name);

  const outPath = typeof values.out === 'string' ? values.out : null;
  if (outPath !== null) requireWritablePath('out', outPath);
  const reportPath = typeof values.report === 'string' ? values.report : null;
  if (reportPath !== null) requireWritablePath('report', reportPath);
  return {
    modelPath,
    modelOptions: plan.modelOptions,
    settings: plan.settings,
    maxBatch: plan.maxBatchForCalibration,
    outPath,
    reportPath,
    json: values.json === true,
    noProgress: values['no-progress'] === true,
    simulate: values.simulate === true,
    configuration: { name: configuration.name, source, folder, config, defaults },
  };
}

/**
 * Checks the configuration against the model once it is read (dims and inputs it has, batch
 * sizes it takes), as the panel's mergeRunConfig does with the model.
 * @throws UsageError naming the configuration's fields
 */
export function checkConfigurationFitsModel(configuration: ProfileConfiguration, model: ModelSummary): void {
  try {
    mergeRunConfig(configuration.defaults, configuration.config, model);
  } catch (err) {
    throw configurationUsageError(err, configuration.name, configuration.source);
  }
}

/** RunConfigError's `field: message` lines, reworded with the file, the configuration and its fields. */
function configurationUsageError(err: unknown, name: string, source: string): unknown {
  if (err instanceof RunConfigurationError)
    return new UsageError(err.problems.map((p) => describeProblem(source, p)).join('\n') || err.message);
  if (!(err instanceof RunConfigError)) return err;
  const lines = err.message.split('\n').map((line) => {
    const m = /^(.+?): (.*)$/.exec(line);
    return describeProblem(source, {
      configuration: name,
      index: null,
      field: m ? configurationField(m[1]) : '',
      message: m ? m[2].replace(/^#\d+ /, '') : line,
    });
  });
  return new UsageError(lines.join('\n'));
}

/** The configuration field of each model-shape flag the engine's messages start with. */
const MODEL_FLAG_FIELDS: Record<string, string> = { dim: 'dims', input: 'inputs', 'batch-axis': 'batchAxes' };

/**
 * The engine checks dims, inputs and batch axes against the model while reading it, in the flags'
 * words (`--dim seq: the model has no …`); for a configuration, the same message names the file,
 * the configuration and its field instead. Anything else is returned as it is.
 */
export function configurationModelError(err: unknown, configuration: ProfileConfiguration): unknown {
  if (!(err instanceof Error)) return err;
  const m = /^--(dim|input|batch-axis) ([^\s=:]+)(?:=[^\s:]*)?: ([\s\S]*)$/.exec(err.message);
  if (!m) return err;
  return new UsageError(
    describeProblem(configuration.source, {
      configuration: configuration.name,
      index: null,
      field: `${MODEL_FLAG_FIELDS[m[1]]}.${m[2]}`,
      message: m[3],
    }),
  );
}
