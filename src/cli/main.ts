/**
 * The `batchscope` command line (bundled to dist/cli.js). Maps every failure to an exit code and
 * a message for people: 0 ok, 1 internal error, 2 bad arguments or unreadable path, 3 model
 * cannot be profiled, 130 interrupted. A stack trace is printed only with BATCHSCOPE_DEBUG=1.
 */
import pkg from '../../package.json';
import { commandHelp, generalHelp } from './helpText';
import { parseCommandLine } from './parseCommandLine';
import { profileArgsFrom } from './profileArgs';
import { reportError } from './reportError';

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
          case 'sweep': {
            const { sweepArgsFrom } = await import('./sweepArgs');
            const args = sweepArgsFrom(parsed.positionals, parsed.values);
            const { sweepCommand } = await import('./commands/sweepCommand');
            return await sweepCommand(args);
          }
          case 'strategies': {
            const { strategiesCommand } = await import('./commands/strategiesCommand');
            return strategiesCommand(parsed.positionals, parsed.values);
          }
          case 'export': {
            const { exportCommand } = await import('./commands/exportCommand');
            return await exportCommand(parsed.positionals, parsed.values);
          }
        }
    }
  } catch (err) {
    return reportError(err);
  }
}

// This file is the bundle's entry (bin/batchscope.js requires it), so it always runs.
// process.exit: onnxruntime and worker handles must not keep a finished CLI alive.
runCli(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => process.exit(reportError(err)),
);
