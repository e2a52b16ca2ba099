/**
 * Reading a VSIX (a zip) with Info-ZIP's `unzip`, and finding or building an up-to-date one.
 * Shared by the packaging test and the UI end-to-end test.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { defaultVsixPath, packageVsix } from './packageVsix';

const ROOT = path.resolve(__dirname, '..', '..');

function unzip(args: string[]): string {
  const r = spawnSync('unzip', args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.error) throw new Error(`cannot run unzip (${r.error.message}); install it: apt-get install -y unzip`);
  if (r.status !== 0) throw new Error(`unzip ${args.join(' ')} failed (exit ${r.status}): ${r.stderr}`);
  return r.stdout;
}

/** Every entry name in the VSIX, e.g. `extension/dist/extension.js`. */
export function listVsix(file: string): string[] {
  return unzip(['-Z1', file])
    .split('\n')
    .filter((l) => l.length > 0);
}

/** The text of one entry. */
export function readVsixEntry(file: string, entry: string): string {
  return unzip(['-p', file, entry]);
}

/** Newest modification time (ms) of the files a VSIX is built from. */
function newestInput(): number {
  let newest = 0;
  const visit = (p: string): void => {
    if (!fs.existsSync(p)) return;
    const st = fs.statSync(p);
    if (st.isDirectory()) for (const e of fs.readdirSync(p)) visit(path.join(p, e));
    else newest = Math.max(newest, st.mtimeMs);
  };
  for (const p of [
    'src',
    'webview',
    'media',
    'package.json',
    'package-lock.json',
    '.vscodeignore',
    'esbuild.js',
  ]) {
    visit(path.join(ROOT, p));
  }
  return newest;
}

/**
 * The linux-x64 VSIX to test: `$BATCHSCOPE_VSIX` when set (CI packages once and reuses it),
 * else out/vsix/… when it is newer than every source it is built from, else a fresh
 * `npm run package` (production build + vsce, ~30 s on 2 cores).
 */
export function freshVsix(): string {
  const given = process.env.BATCHSCOPE_VSIX;
  if (given) {
    if (!fs.existsSync(given))
      throw new Error(`BATCHSCOPE_VSIX=${given} does not exist; run npm run package`);
    return given;
  }
  const file = defaultVsixPath('linux-x64');
  if (fs.existsSync(file) && fs.statSync(file).mtimeMs > newestInput()) return file;
  return packageVsix('linux-x64', file, true);
}
