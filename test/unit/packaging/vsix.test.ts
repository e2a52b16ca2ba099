/**
 * The packaged linux-x64 VSIX holds exactly what the installed extension needs: the bundles, the
 * schema, the panel's media, onnxruntime-node's JS and ONLY its linux-x64 binaries — no other
 * platform's binaries, no source maps, no sources, no tests. Builds the VSIX when it is missing
 * or older than the sources (see scripts/package/vsixFiles.ts).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { builtinModules } from 'node:module';
import * as path from 'node:path';
import { freshVsix, listVsix, readVsixEntry } from '../../../scripts/package/vsixFiles';

const GOAL_BYTES = 40 * 1024 * 1024;

interface Manifest {
  main?: string;
  contributes?: { jsonValidation?: Array<{ url: string }> };
}

describe('linux-x64 VSIX contents', function () {
  this.timeout(180_000);
  let file = '';
  let entries: string[] = [];
  let manifest: Manifest = {};

  before(function () {
    file = freshVsix();
    entries = listVsix(file);
    manifest = JSON.parse(readVsixEntry(file, 'extension/package.json')) as Manifest;
    const size = fs.statSync(file).size;
    console.log(
      `      VSIX ${path.relative(process.cwd(), file)}: ${(size / 1024 / 1024).toFixed(1)} MiB, ${entries.length} entries`,
    );
  });

  it(`stays within ${GOAL_BYTES / 1024 / 1024} MiB`, () => {
    assert.ok(fs.statSync(file).size <= GOAL_BYTES, `VSIX is ${fs.statSync(file).size} bytes`);
  });

  it('holds no other platform’s onnxruntime binaries', () => {
    const foreign = entries.filter(
      (e) => /\/bin\/napi-v\d+\//.test(e) && !/\/napi-v\d+\/linux\/x64\//.test(e),
    );
    assert.deepEqual(foreign, []);
    const stray = entries.filter(
      (e) => /\.(node|so(\.\d+)*|dll|dylib)$/.test(e) && !/\/napi-v\d+\/linux\/x64\//.test(e),
    );
    assert.deepEqual(stray, [], 'native binaries outside onnxruntime-node/bin/napi-v*/linux/x64');
  });

  it('holds no source maps, TypeScript sources, tests or dev folders', () => {
    // The one exception: a JSON file the manifest itself references (the profile schema).
    const referenced = new Set(
      (manifest.contributes?.jsonValidation ?? []).map((j) =>
        path.posix.join('extension', j.url.replace(/^\.\//, '')),
      ),
    );
    const bad = entries.filter(
      (e) =>
        !(referenced.has(e) && e.endsWith('.json')) &&
        (e.endsWith('.map') ||
          e.endsWith('.ts') ||
          /^extension\/(src|test|out|scripts|webview|samples|\.vscode-test|test-artifacts)\//.test(e) ||
          /(^|\/)(tests?|__tests__)\//.test(e) ||
          /\.(test|spec)\.[cm]?js$/.test(e)),
    );
    assert.deepEqual(bad, []);
  });

  it('holds the bundles, the panel media, the schema and onnxruntime for linux-x64', () => {
    const required = [
      'extension/package.json',
      'extension/dist/extension.js',
      'extension/dist/engine.js',
      'extension/dist/worker.js',
      'extension/dist/webview.js',
      'extension/media/panel.css',
      'extension/node_modules/onnxruntime-node/package.json',
      'extension/node_modules/onnxruntime-node/dist/index.js',
      'extension/node_modules/onnxruntime-common/package.json',
      'extension/node_modules/onnxruntime-common/dist/cjs/package.json',
      'extension/node_modules/onnxruntime-common/dist/cjs/index.js',
    ];
    const missing = required.filter((r) => !entries.includes(r));
    assert.deepEqual(missing, [], 'required files missing from the VSIX');
    const ortLinux = entries.filter((e) => /onnxruntime-node\/bin\/napi-v\d+\/linux\/x64\//.test(e));
    assert.ok(
      ortLinux.some((e) => e.endsWith('/onnxruntime_binding.node')),
      'onnxruntime_binding.node for linux-x64 missing',
    );
    assert.ok(
      ortLinux.some((e) => /\/libonnxruntime\.so\.\d+$/.test(e)),
      'libonnxruntime.so for linux-x64 missing',
    );
  });

  it('holds the files the manifest points at (main, jsonValidation schemas)', () => {
    const refs = [manifest.main, ...(manifest.contributes?.jsonValidation ?? []).map((j) => j.url)].filter(
      (r): r is string => typeof r === 'string' && !/^https?:/.test(r),
    );
    assert.ok(manifest.main, 'package.json has no "main"');
    assert.ok(
      (manifest.contributes?.jsonValidation ?? []).length > 0,
      'no contributes.jsonValidation for profiles',
    );
    const missing = refs.filter((r) => {
      const entry = path.posix.join('extension', r.replace(/^\.\//, ''));
      return !entries.includes(entry) && !entries.includes(`${entry}.js`);
    });
    assert.deepEqual(missing, []);
  });

  it('ships every package the bundles require at run time', () => {
    const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
    const shipped = new Set(
      entries
        .filter((e) => /^extension\/node_modules\/(@[^/]+\/)?[^/]+\/package\.json$/.test(e))
        .map((e) => e.replace(/^extension\/node_modules\//, '').replace(/\/package\.json$/, '')),
    );
    const problems: string[] = [];
    for (const bundle of entries.filter((e) => /^extension\/dist\/[^/]+\.js$/.test(e))) {
      const text = readVsixEntry(file, bundle);
      // Skip code inside string/template literals (ajv's code-generation templates, eval'd zlib).
      for (const [, spec] of text.matchAll(/(?<![`'"\w$.])require\(\s*["']([^"'./][^"']*)["']\s*\)/g)) {
        const pkg = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0];
        if (builtins.has(spec) || builtins.has(pkg) || pkg === 'vscode' || shipped.has(pkg)) continue;
        problems.push(`${bundle} requires "${spec}", which is not in the VSIX`);
      }
    }
    assert.deepEqual(problems, []);
  });
});
