/** Checks the model path before ONNX Runtime sees it, and fingerprints the file. */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ModelError } from './modelError';

export interface ModelFileInfo {
  absPath: string;
  fileName: string;
  bytes: number;
  sha256: string;
}

/**
 * Resolves and fingerprints a model file. Throws ModelError(…, 2) for a missing path, a directory
 * or an unreadable file, and ModelError(…, 3) for an empty one.
 */
export async function readModelFile(modelPath: string): Promise<ModelFileInfo> {
  const absPath = path.resolve(modelPath);
  let stat: fs.Stats;
  try {
    stat = fs.statSync(absPath);
  } catch {
    throw new ModelError(`Model file not found: ${modelPath} (looked at ${absPath}). Check the path.`, 2);
  }
  if (stat.isDirectory()) {
    throw new ModelError(
      `${modelPath} is a directory, not an ONNX model file. Give the path of the .onnx file.`,
      2,
    );
  }
  if (!stat.isFile())
    throw new ModelError(`${modelPath} is not a regular file. Give the path of the .onnx file.`, 2);
  if (stat.size === 0) {
    throw new ModelError(
      `${modelPath} is empty (0 bytes), not an ONNX model. Re-export or re-download it.`,
      3,
    );
  }
  const hash = createHash('sha256');
  try {
    await new Promise<void>((resolve, reject) => {
      fs.createReadStream(absPath)
        .on('data', (chunk) => hash.update(chunk))
        .on('end', resolve)
        .on('error', reject);
    });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? String(err);
    throw new ModelError(`Cannot read ${modelPath} (${code}). Check the file's permissions.`, 2);
  }
  return { absPath, fileName: path.basename(absPath), bytes: stat.size, sha256: hash.digest('hex') };
}
