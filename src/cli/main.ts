/**
 * The `batchscope` command line (bundled to dist/cli.js). Maps every failure to an exit code and
 * a message for people: 0 ok, 1 internal error, 2 bad arguments or unreadable path, 3 model
 * cannot be profiled, 130 interrupted. A stack trace is printed only with BATCHSCOPE_DEBUG=1.
 */
import { ModelError } from '../engine/model/modelError';
import { ProfileError } from '../engine/profile/profileError';
import pkg from '../../package.json';
import { commandHelp, generalHelp } from './helpText';
import { parseCommandLine } from './parseCommandLine';
import { profileArgsFrom } from './profileArgs';
import { UsageError } from './usageError';

const ISSUES_URL = 'https://github.com/batchscope/batchscope/issues';

/** Runs the CLI on `argv` (without `node cli.js`); resolves with the exit code. */
export async function runCli(argv: string[]): Promise<number> {
  try {
    const parsed = parseCommandLine(argv);
    switch (parsed.kind) {
      case 'version':
        process.stdout.write(`batchscope ${pkg.version}\n`);
        return 0;
      case 'help':
        process.stdout.write(parsed.command ? commandHelp(parsed.command) : generalHelp());
        return 0;
      case 'run':
        switch (parsed.command) {
          // Commands load lazily: onnxruntime takes a while to load, and help, argument errors and
          // `show` do not need it.
          case 'profile': {
            const args = profileArgsFrom(parsed.positionals, parsed.values);
            const { profileCommand } = await import('./commands/profileCommand');
            return await profileCommand(args);
          }
          case 'inspect': {
            const { inspectCommand } = await import('./commands/inspectCommand');
            return await inspectCommand(parsed.positionals, parsed.values);
          }
          case 'show': {
            const { showCommand } = await import('./commands/showCommand');
            return await showCommand(parsed.positionals, parsed.values);
          }
        }
    }
  } catch (err) {
    return reportError(err);
  }
}

/** Prints an error for people and returns its exit code. */
function reportError(err: unknown): number {
  const debug = process.env.BATCHSCOPE_DEBUG === '1';
  if (err instanceof UsageError || err instanceof ProfileError || err instanceof ModelError) {
    process.stderr.write(`batchscope: ${err.message}\n`);
    if (debug && err.stack) process.stderr.write(`${err.stack}\n`);
    return err.exitCode;
  }
  const message = err instanceof Error ? err.message : String(err);
  process.stderr.write(
    `batchscope: internal error: ${message}\n` +
      `This is a bug in Batchscope; please report it at ${ISSUES_URL} with the command you ran.` +
      (debug ? '' : ' (Set BATCHSCOPE_DEBUG=1 to include the stack trace.)') +
      '\n',
  );
  if (debug && err instanceof Error && err.stack) process.stderr.write(`${err.stack}\n`);
  return 1;
}

// This file is the bundle's entry (bin/batchscope.js requires it), so it always runs.
// process.exit: onnxruntime and worker handles must not keep a finished CLI alive.
runCli(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => process.exit(reportError(err)),
);
