/**
 * Creates onnxruntime-node sessions, turning load failures into messages for people. CUDA is
 * opt-in: its provider libraries are not in the npm package and are fetched by onnxruntime-node's
 * install script, which this project's .npmrc skips.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ort from 'onnxruntime-node';
import { ModelError } from './modelError';

/** How a user with CUDA 12 gets the CUDA execution provider (see README "GPU (CUDA) opt-in"). */
export const CUDA_OPT_IN_STEPS =
  'To use CUDA: install the NVIDIA driver, CUDA 12 and cuDNN 9, then fetch the CUDA provider libraries with ' +
  '`ONNXRUNTIME_NODE_INSTALL=cuda12 npm rebuild onnxruntime-node` (the environment variable overrides the ' +
  "project's .npmrc `onnxruntime-node-install=skip`; `npm_config_onnxruntime_node_install=cuda12` works too). " +
  'Or run with --provider cpu.';

/** Folder where onnxruntime-node keeps its native libraries for this platform. */
function ortBinaryDir(): string {
  const pkg = require.resolve('onnxruntime-node/package.json');
  return path.join(path.dirname(pkg), 'bin', 'napi-v6', process.platform, process.arch);
}

/** Why CUDA cannot be used here, or null when its libraries and a GPU device appear present. */
export function cudaUnavailableReason(): string | null {
  const lib =
    process.platform === 'win32' ? 'onnxruntime_providers_cuda.dll' : 'libonnxruntime_providers_cuda.so';
  if (!fs.existsSync(path.join(ortBinaryDir(), lib))) {
    return `the CUDA provider library (${lib}) is not installed in onnxruntime-node`;
  }
  if (process.platform === 'linux' && !fs.existsSync('/dev/nvidiactl'))
    return 'no NVIDIA GPU device was found';
  return null;
}

/** Maps ORT's load error to what the user should do. */
function loadFailure(modelPath: string, message: string): ModelError {
  const detail = message.replace(/\s+/g, ' ').trim();
  if (/protobuf parsing failed/i.test(detail)) {
    return new ModelError(
      `${modelPath} is not a valid ONNX model (ONNX Runtime: "${detail}"). The file is not ONNX, or it is ` +
        'truncated or corrupt: re-export or re-download it.',
      3,
    );
  }
  return new ModelError(
    `ONNX Runtime could not load ${modelPath}: ${detail}. Check that the model was exported with an opset ` +
      'and operators this onnxruntime-node version supports, or re-export it.',
    3,
  );
}

/**
 * Creates an InferenceSession on the given execution provider with `threads` intra-op threads.
 * Throws ModelError(…, 3) when the model cannot be loaded or CUDA is asked for but unavailable.
 */
export async function createSession(
  modelPath: string,
  opts: { provider: 'cpu' | 'cuda'; threads: number },
): Promise<ort.InferenceSession> {
  if (opts.provider === 'cuda') {
    const reason = cudaUnavailableReason();
    if (reason) throw new ModelError(`--provider cuda is not available: ${reason}. ${CUDA_OPT_IN_STEPS}`, 3);
  }
  try {
    return await ort.InferenceSession.create(modelPath, {
      executionProviders: [opts.provider],
      intraOpNumThreads: opts.threads,
      interOpNumThreads: 1,
      executionMode: 'sequential',
      graphOptimizationLevel: 'all',
      // Fatal only: every failure reaches the caller as an exception that we word for the user,
      // so ORT's own coloured log lines would only repeat it on stderr.
      logSeverityLevel: 4,
    });
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    if (opts.provider === 'cuda') {
      throw new ModelError(
        `Could not start the CUDA execution provider: ${message.trim()}. ${CUDA_OPT_IN_STEPS}`,
        3,
      );
    }
    throw loadFailure(modelPath, message);
  }
}
