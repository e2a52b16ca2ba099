/**
 * `batchscope profile`: inspect the model, check it can run the requested strategies, run them
 * with live progress, save the profile (also when interrupted) and print the results.
 */
import * as path from 'node:path';
import { ModelError } from '../../engine/model';
import { FileSaveError, writeFileAtomic } from '../../engine/profile/atomicWrite';
import { defaultProfilePath, writeProfileAtomic } from '../../engine/profile/profileIo';
import { summaryFromProfile } from '../../engine/profile/profileSummary';
import { ProfileRunError, runProfile } from '../../engine/runtime/runProfile';
import { describeTarget } from '../../engine/target/target';
import type { ModelSummary, Profile } from '../../shared/profileTypes';
import { formatModelSummary } from '../formatModel';
import { formatResultsTable, formatSettings, formatWarnings } from '../formatResults';
import { cliJsonReport } from '../jsonReport';
import type { ProfileArgs } from '../profileArgs';
import { ProgressReporter } from '../progressReporter';
import { formatStrategySpec, maxBatchOf } from '../../shared/strategies/strategyConfigs';
import { UsageError } from '../usageError';
import { renderReport } from '../reportRenderer';
import { simulateProfile } from '../../engine/simulate/simulateProfile';
import { checkConfigurationFitsModel, configurationModelError } from '../configurationArgs';

export const EXIT_INTERRUPTED = 130;

/** Refuses strategies the model cannot serve, before anything runs. */
function checkModelFits(args: ProfileArgs, model: ModelSummary): void {
  const batching = args.settings.strategies.filter((s) => s.name !== 'none').map((s) => s.name);
  if (batching.length === 0) return;
  if (!model.batchable) {
    throw new ModelError(
      `${model.path} cannot run ${batching.join(' or ')} batching. ` +
        `${model.notBatchableReason ?? 'Its batch dimension is fixed.'} ` +
        'To profile it unbatched, run with --strategies none.',
      3,
    );
  }
  const cap = model.maxBatchSupported;
  if (cap === null) return;
  // A fixed batch dim caps an ONNX model; a synthetic model's cap is its own max-batch.
  const [why, lift] = model.target
    ? [`its spec says max-batch=${cap}`, 'raise max-batch in the synthetic spec']
    : [`its batch dim is fixed at ${cap}`, 're-export the model with a dynamic batch axis'];
  if (args.maxBatch > cap) {
    throw new UsageError(
      `--max-batch ${args.maxBatch} is larger than the model accepts (${why}); use --max-batch ${cap} or ${lift}.`,
    );
  }
  for (const config of args.settings.strategies) {
    if (maxBatchOf(config) > cap)
      throw new UsageError(
        `--strategies ${formatStrategySpec(config)}: batches of ${maxBatchOf(config)} are larger than the model accepts ` +
          `(${why}); use max=${cap} or ${lift}.`,
      );
  }
}

/**
 * Writes the profile (and the HTML report when asked); returns the profile's path.
 * @throws FileSaveError (exit code 2) naming the file, the cause and the fix (disk full,
 *   read-only folder, ...); the previous file at that path is left unchanged
 */
function save(args: ProfileArgs, profile: Profile): { profilePath: string; reportPath: string | null } {
  // A configuration's profiles go under the folder it configures, where the panel saves them too.
  const profilePath = path.resolve(
    args.outPath ?? defaultProfilePath(args.modelPath, new Date(), args.configuration?.folder),
  );
  writeProfileAtomic(profilePath, profile, {
    elsewhere: 'pass --out with a path on another disk (or in a writable folder)',
  });
  let reportPath: string | null = null;
  if (args.reportPath) {
    reportPath = path.resolve(args.reportPath);
    try {
      writeFileAtomic(reportPath, renderReport(profile), {
        what: 'HTML report',
        elsewhere: 'pass --report with a path on another disk (or in a writable folder)',
      });
    } catch (e) {
      if (!(e instanceof FileSaveError)) throw e;
      throw new FileSaveError(
        `${e.message} The profile itself was saved to ${profilePath}; ` +
          `\`batchscope show ${profilePath}\` prints its results.`,
        e.target,
        e.code,
      );
    }
  }
  return { profilePath, reportPath };
}

/**
 * Runs the command. Resolves with the exit code: 0, 130 when interrupted (the partial profile
 * is still saved), 3 when a model instance failed mid-run (partial profile saved).
 * @throws UsageError / ModelError / ProfileError, mapped to exit codes by main
 */
export async function profileCommand(args: ProfileArgs): Promise<number> {
  const text = !args.json;
  const out = process.stdout;
  const err = process.stderr;
  let model: ModelSummary;
  try {
    model = await describeTarget(args.modelPath, args.modelOptions);
  } catch (e) {
    throw args.configuration ? configurationModelError(e, args.configuration) : e;
  }
  // A configuration is checked against the model as the panel checks it (its dims, inputs, sizes).
  if (args.configuration) checkConfigurationFitsModel(args.configuration, model);
  checkModelFits(args, model);
  if (text) out.write(`${formatModelSummary(model)}\n\n`);

  const showBar = text && !args.noProgress && err.isTTY === true;
  const reporter = new ProgressReporter(text ? out : { write: () => true }, err, showBar);
  const controller = new AbortController();
  let interrupts = 0;
  const onSigint = (): void => {
    interrupts++;
    if (interrupts > 1) {
      err.write('\nInterrupted again: exiting without saving.\n');
      process.exit(EXIT_INTERRUPTED);
    }
    reporter.finish();
    err.write(
      '\nInterrupted: finishing the batches in flight and saving what was measured (Ctrl-C again to quit now)…\n',
    );
    controller.abort();
  };
  process.on('SIGINT', onSigint);

  let profile: Profile;
  let runError: ProfileRunError | null = null;
  try {
    profile = await runProfile({
      modelPath: args.modelPath,
      modelOptions: args.modelOptions,
      model,
      // Simulated: the run calibrates the model (and derives the rate) but runs no strategy.
      settings: args.simulate ? { ...args.settings, strategies: [] } : args.settings,
      maxBatchForCalibration: model.batchable
        ? Math.max(args.maxBatch, ...args.settings.strategies.map(maxBatchOf))
        : 1,
      onEvent: reporter.onEvent,
      // The terminal shows progress, not batches: no per-batch objects for the scheduler to collect.
      liveBatches: false,
      signal: controller.signal,
      probePipeline: args.simulate,
    });
    if (args.simulate && !profile.partial)
      profile = simulateProfile({
        ...profile,
        settings: { ...profile.settings, strategies: args.settings.strategies },
      });
  } catch (e) {
    if (!(e instanceof ProfileRunError) || !e.profile) throw e;
    runError = e;
    profile = e.profile;
  } finally {
    process.off('SIGINT', onSigint);
    reporter.finish();
  }

  let saved: ReturnType<typeof save>;
  try {
    saved = save(args, profile);
  } catch (e) {
    // What was measured is not lost from view: print the results, then the save error.
    if (text && e instanceof FileSaveError)
      out.write(`\n${formatResultsTable(summaryFromProfile(profile))}\n\n`);
    throw e;
  }
  const { profilePath, reportPath } = saved;
  const interrupted = controller.signal.aborted;
  if (args.json) {
    out.write(`${JSON.stringify(cliJsonReport(profile, profilePath, reportPath), null, 2)}\n`);
  } else {
    const report = summaryFromProfile(profile);
    out.write(`\n${formatSettings(profile.settings)}\n\n${formatResultsTable(report)}\n\n`);
    const warnings = [...new Set([...reporter.deferredWarnings, ...profile.warnings])];
    if (warnings.length) err.write(`${formatWarnings(warnings)}\n\n`);
    out.write(
      `Profile saved to ${profilePath}${profile.partial ? ' (partial: the run was cut short)' : ''}\n`,
    );
    if (reportPath) out.write(`Report saved to ${reportPath}\n`);
  }
  if (runError) {
    err.write(
      `The run stopped early: ${runError.message}\nWhat was measured before that is in ${profilePath}.\n`,
    );
    return 3;
  }
  if (interrupted) {
    err.write(`Interrupted: the partial profile was saved to ${profilePath}.\n`);
    return EXIT_INTERRUPTED;
  }
  return 0;
}
