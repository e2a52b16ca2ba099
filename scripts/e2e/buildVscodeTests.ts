/**
 * Bundles the in-extension-host test suite (test/vscode) into out/test/vscode as CommonJS:
 * the extension host loads JavaScript, and bundling lets the tests import the engine's own
 * profile reader (src/engine/profile) without a separate compile. `vscode` and `mocha` stay
 * external: the host provides the first, the repository's node_modules the second.
 *
 * Usage: npx tsx scripts/e2e/buildVscodeTests.ts
 */
import * as esbuild from 'esbuild';
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');
/** Output folder of the bundled suite; `out/test/vscode/index.js` is the extensionTestsPath. */
export const VSCODE_TESTS_OUT = path.join(ROOT, 'out', 'test', 'vscode');

function testEntries(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.test.ts'))
    .map((e) => path.join(e.parentPath, e.name));
}

/** Builds index.js and every *.test.js (sources maps kept for readable stack traces). */
export async function buildVscodeTests(): Promise<void> {
  const src = path.join(ROOT, 'test', 'vscode');
  fs.rmSync(VSCODE_TESTS_OUT, { recursive: true, force: true });
  await esbuild.build({
    entryPoints: [path.join(src, 'index.ts'), ...testEntries(src)],
    outdir: VSCODE_TESTS_OUT,
    outbase: src,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: 'inline',
    external: ['vscode', 'mocha'],
    logLevel: 'warning',
  });
}

if (require.main === module) {
  buildVscodeTests().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
