/**
 * Which model inputs are settings rather than batch data: the engine ranks them first when a
 * model rejects synthetic values (engine/model/probeSuspects.ts), and the panel gives each one a
 * field of its own under Fixed inputs. One rule for both.
 */
import type { TensorSignature } from './profileTypes';

/** Not batch data: a scalar, an integer or bool tensor, or one fed once per batch — a setting. */
export function isSetting(input: TensorSignature): boolean {
  return input.shape.length === 0 || !input.dtype.startsWith('float') || input.batchAxis === null;
}
