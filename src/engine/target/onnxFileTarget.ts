/** The ONNX model file target: inspected and run by onnxruntime, one session per worker. */
import { defaultModelOptions, inspectModel, type ModelOptions } from '../model';
import type { Target } from './target';

/** The target of an ONNX model file at `path`, fed and run with `options`. */
export function onnxFileTarget(path: string, options: Partial<ModelOptions>): Target {
  return {
    ref: path,
    describe: (behaviour) => inspectModel(path, options, behaviour),
    executor: ({ summary, settings, inputSeed, inputPoolSize }) => ({
      kind: 'inference',
      spec: {
        modelPath: path,
        modelOptions: {
          ...defaultModelOptions,
          ...options,
          provider: settings.provider,
          threads: settings.threads,
        },
        summary,
        inputSeed,
        inputPoolSize,
      },
    }),
  };
}
