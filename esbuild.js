// One script builds every bundle. Each bundle is one process or thread:
//   dist/cli.js        the headless CLI (also the engine process the extension forks)
//   dist/worker.js     an inference worker thread (one per model instance)
//   dist/engine.js     the engine child process the extension forks (IPC in, live events out)
//   dist/extension.js  the VS Code extension host glue (no inference here)
//   dist/webview.js    the panel UI (browser platform, no Node)
//   dist/bench.js      `npm run bench`
//   dist/simulatorBench.js  the simulator figures of the bench alone (speed, simulated vs real)
// onnxruntime-node stays external: it loads its native binding by a dynamic path.
const esbuild = require('esbuild');
const fs = require('fs');

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

/** @type {import('esbuild').BuildOptions} */
const node = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  external: ['onnxruntime-node', 'vscode'],
  // jsonc-parser's `main` is a UMD build whose inner require()s esbuild cannot see (the bundle
  // would fail with "Cannot find module './impl/format'"); its ES module build bundles cleanly.
  alias: { 'jsonc-parser': 'jsonc-parser/lib/esm/main.js' },
  logLevel: 'warning',
};

/** Entry points that exist; bundles are added as their source lands. */
const bundles = [
  { ...node, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js' },
  { ...node, entryPoints: ['src/engine/runtime/inferenceWorker.ts'], outfile: 'dist/worker.js' },
  { ...node, entryPoints: ['src/engine/runtime/busyWaitWorker.ts'], outfile: 'dist/busyWaitWorker.js' },
  { ...node, entryPoints: ['src/engineProcess/main.ts'], outfile: 'dist/engine.js' },
  { ...node, entryPoints: ['src/extension/extension.ts'], outfile: 'dist/extension.js' },
  // playwright-core finds its own files beside its package: it must stay in node_modules.
  {
    ...node,
    entryPoints: ['scripts/bench.ts'],
    outfile: 'dist/bench.js',
    external: [...node.external, 'playwright-core'],
  },
  { ...node, entryPoints: ['scripts/simulator/simulatorBench.ts'], outfile: 'dist/simulatorBench.js' },
  {
    bundle: true,
    platform: 'browser',
    target: 'chrome120',
    format: 'iife',
    sourcemap: !production,
    // Always minified: the HTML report inlines this bundle, and parsing half the bytes saves a
    // quarter of a second of every report's opening (the source map still maps it back).
    minify: true,
    entryPoints: ['webview/main.ts'],
    outfile: 'dist/webview.js',
    logLevel: 'warning',
  },
].filter((b) => fs.existsSync(b.entryPoints[0]));

async function main() {
  if (watch) {
    for (const b of bundles) (await esbuild.context(b)).watch();
    return;
  }
  await Promise.all(bundles.map((b) => esbuild.build(b)));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
