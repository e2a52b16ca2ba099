/**
 * Finds a worker bundle (dist/worker.js, dist/busyWaitWorker.js). Inside the bundles the
 * worker files sit next to the running script; under tsx (tests) the sources run from src/,
 * so fall back to the repository's dist/ and say how to build it when it is missing.
 */
import * as fs from 'fs';
import * as path from 'path';

export function resolveWorkerScript(fileName: string): string {
  const candidates = [
    path.join(__dirname, fileName),
    path.resolve(__dirname, '..', '..', '..', 'dist', fileName),
  ];
  for (const c of candidates) if (fs.existsSync(c)) return c;
  throw new Error(
    `Batchscope's worker bundle ${fileName} was not found (looked in ${candidates.join(', ')}). ` +
      'Build it with `npm run build` and try again.',
  );
}
