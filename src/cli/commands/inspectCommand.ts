/** `batchscope inspect`: the model summary and batchability verdict, as text or JSON. */
import { describeTarget } from '../../engine/target/target';
import { formatModelSummary } from '../formatModel';
import { checkModelArgument, modelOptionsFrom } from '../modelArgs';
import type { OptionValues } from '../parseCommandLine';
import { UsageError } from '../usageError';

/** Resolves with the exit code (0; an unbatchable model is a verdict, not an error). */
export async function inspectCommand(positionals: string[], values: OptionValues): Promise<number> {
  if (positionals.length !== 1) {
    throw new UsageError(
      positionals.length === 0
        ? 'Missing MODEL: which ONNX model should be inspected? e.g. batchscope inspect model.onnx'
        : `Expected one MODEL, got ${positionals.length}: ${positionals.join(' ')}.`,
    );
  }
  const modelOptions = modelOptionsFrom(values);
  checkModelArgument(positionals[0]);
  const model = await describeTarget(positionals[0], modelOptions);
  process.stdout.write(
    values.json ? `${JSON.stringify(model, null, 2)}\n` : `${formatModelSummary(model)}\n`,
  );
  return 0;
}
