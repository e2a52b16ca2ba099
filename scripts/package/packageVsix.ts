/**
 * `npm run package [-- --target T] [-- --out FILE]`: a platform-specific VSIX.
 *
 * onnxruntime-node is external to the esbuild bundles (it loads its native binding from
 * `bin/napi-v*\/<platform>/<arch>/` by a dynamic path), so it ships in node_modules, and only the
 * target's binaries may go in: the unpruned package is ~288 MB, one platform ~45 MB (~17 MB zipped).
 * `.vscodeignore` is an allow-list written for linux-x64; for another target this script rewrites
 * its one binary line into a temp ignore file and passes it with `--ignoreFile`.
 *
 * Targets (each must be packaged on any machine, no cross-compilation: ORT ships every binary):
 *   linux-x64 (default), linux-arm64, win32-x64, win32-arm64, darwin-arm64.
 *   darwin-x64 is not possible: onnxruntime-node 1.30 ships no macOS x64 binary.
 * Publish each VSIX with `vsce publish --packagePath FILE` (the Marketplace picks per platform).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');

/** VS Code target → onnxruntime-node's `<platform>/<arch>` binary folder. */
export const ORT_BINARY_DIR: Record<string, string> = {
  'linux-x64': 'linux/x64',
  'linux-arm64': 'linux/arm64',
  'win32-x64': 'win32/x64',
  'win32-arm64': 'win32/arm64',
  'darwin-arm64': 'darwin/arm64',
};

/** Where `npm run package` writes the VSIX for `target` (out/ is git-ignored). */
export function defaultVsixPath(target = 'linux-x64'): string {
  const { version } = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
    version: string;
  };
  return path.join(ROOT, 'out', 'vsix', `batchscope-${version}-${target}.vsix`);
}

/** The allow-list for `target`: .vscodeignore with linux/x64 binary line swapped for the target's. */
export function ignoreFileFor(target: string): string {
  const dir = ORT_BINARY_DIR[target];
  if (!dir) {
    throw new Error(
      `Unsupported target "${target}". Use one of: ${Object.keys(ORT_BINARY_DIR).join(', ')} ` +
        '(onnxruntime-node ships no binary for the others).',
    );
  }
  const text = fs.readFileSync(path.join(ROOT, '.vscodeignore'), 'utf8');
  const line = '!node_modules/onnxruntime-node/bin/napi-v*/linux/x64/*';
  if (!text.includes(line)) throw new Error(`.vscodeignore lost its onnxruntime binary line "${line}"`);
  return text.replace(line, `!node_modules/onnxruntime-node/bin/napi-v*/${dir}/*`);
}

function run(cmd: string, args: string[], quiet: boolean): void {
  const r = spawnSync(cmd, args, { cwd: ROOT, stdio: quiet ? 'pipe' : 'inherit', encoding: 'utf8' });
  if (r.status !== 0) {
    const output = quiet ? `\n${r.stdout}${r.stderr}` : '';
    throw new Error(`${[cmd, ...args].join(' ')} failed with exit ${r.status}${output}`);
  }
}

/**
 * Production build (minified, no source maps), then `vsce package --target`.
 * @param quiet print the tools' output only when one fails (tests)
 * @returns the VSIX path
 */
export function packageVsix(target = 'linux-x64', out = defaultVsixPath(target), quiet = false): string {
  const ignore = ignoreFileFor(target);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'batchscope-vsce-'));
  try {
    const ignoreFile = path.join(tmp, 'vscodeignore');
    fs.writeFileSync(ignoreFile, ignore);
    run(process.execPath, ['esbuild.js', '--production'], quiet);
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.rmSync(out, { force: true });
    const vsce = path.join(ROOT, 'node_modules', '@vscode', 'vsce', 'vsce');
    run(
      process.execPath,
      [vsce, 'package', '--target', target, '--out', out, '--ignoreFile', ignoreFile],
      quiet,
    );
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  return out;
}

if (require.main === module) {
  const argv = process.argv.slice(2);
  const opt = (name: string): string | undefined =>
    argv.includes(name) ? argv[argv.indexOf(name) + 1] : undefined;
  try {
    const target = opt('--target') ?? 'linux-x64';
    const file = packageVsix(target, opt('--out') ?? defaultVsixPath(target));
    console.log(`VSIX: ${file} (${(fs.statSync(file).size / 1e6).toFixed(1)} MB)`);
  } catch (err) {
    console.error(`packaging failed: ${(err as Error).message}`);
    process.exit(1);
  }
}
