/** `--dim`, `--input`, `--batch-axis`, `--provider`, `--threads` → ModelOptions (shared by profile and inspect). */
import { defaultModelOptions, type ModelOptions } from '../engine/model/modelOptions';
import { didYouMean } from '../shared/didYouMean';
import { isSyntheticModelRef, parseSyntheticSpec, SYNTHETIC_EXAMPLE } from '../shared/syntheticModel';
import { keyValue, numberOption, requireReadableFile } from './optionValues';
import type { OptionValues } from './parseCommandLine';
import { UsageError } from './usageError';

const list = (v: OptionValues[string]): string[] => (Array.isArray(v) ? v : typeof v === 'string' ? [v] : []);

function parseDim(raw: string): [string, { min: number; max: number }] {
  const example = '--dim seq_len=128 or --dim seq_len=16..128';
  const [name, value] = keyValue('dim', raw, example);
  const m = /^(.+?)\.\.(.+)$/.exec(value);
  const rule = { integer: true, min: 1, example };
  if (!m) {
    const v = numberOption('dim', value, rule);
    return [name, { min: v, max: v }];
  }
  const min = numberOption('dim', m[1], rule);
  const max = numberOption('dim', m[2], rule);
  if (min > max) throw new UsageError(`--dim ${raw}: MIN must be <= MAX. Example: ${example}`);
  return [name, { min, max }];
}

function parseInput(raw: string): [string, number[]] {
  const example = '--input sample_rate=16000 or --input scale=0.5,0.5,0.5';
  const [name, value] = keyValue('input', raw, example);
  const values = value.split(',').map((p) => {
    const v = Number(p.trim());
    if (p.trim() === '' || !Number.isFinite(v)) {
      throw new UsageError(`--input ${raw}: "${p}" is not a number. Example: ${example}`);
    }
    return v;
  });
  return [name, values];
}

function parseBatchAxis(raw: string): [string, number] {
  const example = '--batch-axis state=1';
  const [name, value] = keyValue('batch-axis', raw, example);
  return [name, numberOption('batch-axis', value, { integer: true, min: 0, example })];
}

function noDuplicates<T>(option: string, entries: Array<[string, T]>): Record<string, T> {
  const out: Record<string, T> = {};
  for (const [k, v] of entries) {
    if (k in out) throw new UsageError(`--${option} ${k} is given twice; give each name once.`);
    out[k] = v;
  }
  return out;
}

/** Builds ModelOptions from the model-shape options; throws UsageError for a bad value. */
export function modelOptionsFrom(values: OptionValues): ModelOptions {
  const provider = (values.provider as string | undefined) ?? defaultModelOptions.provider;
  if (provider !== 'cpu' && provider !== 'cuda') {
    throw new UsageError(
      `--provider must be cpu or cuda, got "${provider}".${didYouMean(provider, ['cpu', 'cuda'])}`,
    );
  }
  const threads =
    values.threads === undefined
      ? defaultModelOptions.threads
      : numberOption('threads', values.threads as string, {
          integer: true,
          min: 1,
          max: 256,
          example: '--threads 2',
        });
  return {
    dims: noDuplicates('dim', list(values.dim).map(parseDim)),
    fixedInputs: noDuplicates('input', list(values.input).map(parseInput)),
    batchAxes: noDuplicates('batch-axis', list(values['batch-axis']).map(parseBatchAxis)),
    provider,
    threads,
  };
}

/**
 * Checks the MODEL argument before anything runs: a synthetic model's spec must parse, anything
 * else must be a readable file (the engine's openTarget tells the two apart the same way).
 * @throws UsageError (exit 2) naming the argument and the fix
 */
export function checkModelArgument(model: string): void {
  if (!isSyntheticModelRef(model)) {
    requireReadableFile(
      model,
      'Model',
      `Pass the path of an .onnx file, or a synthetic model such as ${SYNTHETIC_EXAMPLE}.`,
    );
    return;
  }
  try {
    parseSyntheticSpec(model);
  } catch (err) {
    throw new UsageError(`Model ${model.trim()}: ${(err as Error).message}`);
  }
}
