/** Paths of the committed sample models, for integration tests. */
import * as path from 'node:path';

export const SAMPLES_DIR = path.resolve(__dirname, '..', '..', '..', 'samples');

export function samplePath(
  name: 'mlp' | 'convnet' | 'sequence' | 'recurrent_state' | 'fixed_batch' | 'vad',
): string {
  return path.join(SAMPLES_DIR, `${name}.onnx`);
}
