/** Runs the BUILT CLI (dist/cli.js) as a user would, capturing exit code and output. */
import { spawn, spawnSync } from 'node:child_process';
import * as path from 'node:path';

export const REPO = path.resolve(__dirname, '../../..');
export const CLI = path.join(REPO, 'dist', 'cli.js');
export const SAMPLES = path.join(REPO, 'samples');

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

let built = false;

/** Builds every bundle once per test process (the tests exercise dist/cli.js, not the sources). */
export function buildBundles(): void {
  if (built) return;
  const r = spawnSync(process.execPath, ['esbuild.js'], { cwd: REPO, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`node esbuild.js failed (${r.status}):\n${r.stderr}`);
  built = true;
}

/** A CLI that has not exited after this long is hung: it is killed and the test fails with its output. */
const HANG_MS = 60_000;

/** Runs `node dist/cli.js ...args` in `cwd` and waits for it to exit. */
export function runCli(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd,
      env: { ...process.env, BATCHSCOPE_DEBUG: '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new Error(
          `batchscope ${args.join(' ')} hung for ${HANG_MS} ms; output so far:\n${stdout}\n${stderr}`,
        ),
      );
    }, HANG_MS);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/** Starts the CLI and hands back the child so a test can signal it. */
export function startCli(args: string[], cwd: string) {
  return spawn(process.execPath, [CLI, ...args], {
    cwd,
    env: { ...process.env, BATCHSCOPE_DEBUG: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** A user-facing failure never shows a stack trace. */
export function assertNoStack(r: CliResult): void {
  if (/\n\s+at /.test(r.stderr) || /\n\s+at /.test(r.stdout)) {
    throw new Error(`the CLI printed a stack trace:\n${r.stderr}`);
  }
}
