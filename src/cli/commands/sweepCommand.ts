/**
 * `batchscope sweep`: checks the grid against the model, runs the sweep (engine/sweep/runSweep.ts)
 * with its stages on stderr, saves the sweep file and prints the curves, the recommendation and
 * its verification (or the JSON).
 */
import * as path from 'node:path';
import { ModelError } from '../../engine/model';
import { describeTarget } from '../../engine/target/target';
import { defaultProfilePath, writeProfileAtomic } from '../../engine/profile/profileIo';
import {
  defaultSweepStrategies,
  MAX_SWEEP_CONFIGS,
  splitSweepSpecs,
  sweepStrategyConfigs,
} from '../../shared/sweep/sweepSpecs';
import { runSweep } from '../../engine/sweep/runSweep';
import { writeFileAtomic } from '../../engine/profile/atomicWrite';
import { renderSweepReport } from '../../report/renderSweepReport';
import { defaultSweepPath, writeSweepAtomic } from '../../engine/sweep/sweepIo';
import type { SweepFile } from '../../shared/sweep/sweepTypes';
import { formatModelSummary } from '../formatModel';
import { formatMeasuredPoints, formatRecommendation, formatSweepCurves } from '../formatSweep';
import type { SweepArgs } from '../sweepArgs';
import { UsageError } from '../usageError';
import { EXIT_INTERRUPTED } from './profileCommand';

export async function sweepCommand(args: SweepArgs): Promise<number> {
  const out = process.stdout;
  const err = process.stderr;
  const text = !args.json;
  // An ONNX file or a synthetic model: the target decides (engine/target/target.ts).
  const model = await describeTarget(args.modelPath, args.modelOptions);
  const modelMax = model.batchable ? model.maxBatchSupported : 1;
  const strategiesText = args.strategies ?? defaultSweepStrategies(modelMax);
  let strategies;
  try {
    strategies = sweepStrategyConfigs(strategiesText, modelMax);
  } catch (e) {
    throw new UsageError(`--strategies: ${(e as Error).message}`);
  }
  if (!model.batchable && strategies.some((c) => c.name !== 'none'))
    throw new ModelError(
      `${model.path} cannot be batched (${model.notBatchableReason ?? 'its batch dimension is fixed'}); ` +
        'sweep it with --strategies none and --instances.',
      3,
    );
  const settings = { ...args.settings, strategies: splitSweepSpecs(strategiesText) };
  const total = strategies.length * settings.instances.length;
  if (total > MAX_SWEEP_CONFIGS)
    throw new UsageError(
      `The sweep has ${total} configurations (${strategies.length} strategy configs × ${settings.instances.length} instance counts); ` +
        `at most ${MAX_SWEEP_CONFIGS}. List fewer alternatives in --strategies.`,
    );
  if (text) out.write(`${formatModelSummary(model)}\n\n`);

  const controller = new AbortController();
  const onSigint = (): void => {
    err.write('\nInterrupted: stopping after the run in progress and saving what the sweep has…\n');
    controller.abort();
  };
  process.on('SIGINT', onSigint);
  let sweep: SweepFile | null;
  try {
    sweep = await runSweep({
      modelPath: args.modelPath,
      modelOptions: args.modelOptions,
      model,
      strategies,
      settings,
      warmupS: args.warmupS,
      verify: args.verify,
      verifyDurationS: args.verifyDurationS,
      onStage: (message) => {
        if (!args.noProgress) err.write(`${message}…\n`);
      },
      saveVerification: (profile) => {
        const file = defaultProfilePath(args.modelPath);
        try {
          writeProfileAtomic(file, profile, { elsewhere: 'run the sweep from a writable folder' });
          return file;
        } catch {
          return null;
        }
      },
      signal: controller.signal,
    });
  } finally {
    process.off('SIGINT', onSigint);
  }
  if (!sweep) {
    err.write('Interrupted during calibration: nothing to sweep, nothing saved.\n');
    return EXIT_INTERRUPTED;
  }

  const file = path.resolve(args.outPath ?? defaultSweepPath(args.modelPath));
  writeSweepAtomic(file, sweep);
  const reportPath = args.reportPath ? path.resolve(args.reportPath) : null;
  if (reportPath)
    writeFileAtomic(reportPath, renderSweepReport(sweep), {
      what: 'HTML report',
      elsewhere: `pass --report with a path in a writable folder; the sweep itself was saved to ${file}`,
    });
  if (args.json) out.write(`${JSON.stringify(sweepJson(sweep, file, reportPath), null, 2)}\n`);
  else {
    out.write(`${formatSweepCurves(sweep)}\n\n`);
    const measured = formatMeasuredPoints(sweep);
    if (measured) out.write(`${measured}\n\n`);
    out.write(`${formatRecommendation(sweep)}\n\n`);
    out.write(`Sweep saved to ${file}\n`);
    if (reportPath) out.write(`Report saved to ${reportPath}\n`);
    // A synthetic model has no file a server could load: nothing to export.
    if (sweep.recommendation && !sweep.model.target)
      out.write(
        `Export it: batchscope export ${path.relative(process.cwd(), file) || file} --format triton\n`,
      );
  }
  return controller.signal.aborted ? EXIT_INTERRUPTED : 0;
}

/** The `--json` object: `{points, pareto, recommendation: {config, instances, rateRps, predicted, measured, reasons}, …}`. */
function sweepJson(sweep: SweepFile, file: string, reportPath: string | null): Record<string, unknown> {
  const r = sweep.recommendation;
  return {
    sweepPath: file,
    reportPath,
    capacityRps: sweep.capacityRps,
    configs: sweep.configs,
    points: sweep.points,
    pareto: sweep.pareto,
    recommendation: r
      ? {
          config: r.config,
          label: r.label,
          instances: r.instances,
          rateRps: r.rateRps,
          predicted: r.predicted,
          ...(r.measured ? { measured: r.measured, verified: r.verified } : {}),
          binding: r.binding,
          reasons: r.reasons,
        }
      : null,
    ...(sweep.noRecommendation ? { noRecommendation: sweep.noRecommendation } : {}),
    verifications: sweep.verifications,
    warnings: sweep.warnings,
  };
}
