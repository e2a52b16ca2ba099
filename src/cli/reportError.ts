/** Maps any failure to a message for people on stderr and the CLI exit code. */
import { ModelError } from '../engine/model/modelError';
import { ProfileError } from '../engine/profile/profileError';
import { UsageError } from './usageError';

const ISSUES_URL = 'https://github.com/batchscope/batchscope/issues';

/**
 * Prints `err` and returns its exit code: the error's own code (2 or 3) for the errors worded
 * for people, 1 for anything else (a bug: short message, a request to report it, and the stack
 * trace only when BATCHSCOPE_DEBUG=1).
 */
export function reportError(err: unknown, stderr: { write(text: string): unknown } = process.stderr): number {
  const debug = process.env.BATCHSCOPE_DEBUG === '1';
  if (err instanceof UsageError || err instanceof ProfileError || err instanceof ModelError) {
    stderr.write(`batchscope: ${err.message}\n`);
    if (debug && err.stack) stderr.write(`${err.stack}\n`);
    return err.exitCode;
  }
  const message = err instanceof Error ? err.message : String(err);
  stderr.write(
    `batchscope: internal error: ${message}\n` +
      `This is a bug in Batchscope; please report it at ${ISSUES_URL} with the command you ran.` +
      (debug ? '' : ' (Set BATCHSCOPE_DEBUG=1 to include the stack trace.)') +
      '\n',
  );
  if (debug && err instanceof Error && err.stack) stderr.write(`${err.stack}\n`);
  return 1;
}
