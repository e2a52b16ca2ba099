/**
 * The layer rule (eslint/layerBoundaries.mjs) as `npm run lint` applies it, through ESLint's own
 * API and the project's config: the extension host may not import the engine (nor bundle its
 * heavy packages), the engine and shared code may not import vscode or the host, shared code
 * (outside src/shared/node) stays free of Node built-ins, the webview imports only src/shared.
 * And the result of keeping the rule: the host bundle carries no engine code.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { ESLint } from 'eslint';
import { buildBundles } from '../../integration/cli/runCli';

const root = path.resolve(__dirname, '..', '..', '..');

async function problems(file: string, code: string): Promise<string[]> {
  const eslint = new ESLint({ cwd: root });
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return result.messages.filter((m) => m.ruleId === 'batchscope/layer-boundaries').map((m) => m.message);
}

describe('layer boundaries (eslint rule)', function () {
  this.timeout(60_000);

  it('refuses engine code in the extension host, and accepts the host’s own engine client', async () => {
    assert.match(
      (
        await problems(
          'src/extension/x.ts',
          "import { writeProfileAtomic } from '../engine/profile/profileIo';\n",
        )
      )[0],
      /extension host must not import engine code/,
    );
    assert.match(
      (
        await problems(
          'src/extension/run/x.ts',
          "export * from '../../engineProcess/eventsToPartialProfile';\n",
        )
      )[0],
      /must not import engine code/,
    );
    assert.match(
      (await problems('src/extension/x.ts', "import 'hdr-histogram-js';\n"))[0],
      /must not bundle/,
    );
    assert.deepStrictEqual(
      await problems('src/extension/sweep/x.ts', "import { EngineClient } from '../engine/engineClient';\n"),
      [],
      'src/extension/engine is the host’s, not the engine',
    );
  });

  it('refuses vscode and the host in engine and shared code, and Node built-ins in shared code', async () => {
    assert.match(
      (await problems('src/engine/x.ts', "import * as vscode from 'vscode';\n"))[0],
      /must not import vscode/,
    );
    assert.match(
      (await problems('src/engineProcess/x.ts', "import { a } from '../extension/run/profilePaths';\n"))[0],
      /only the extension host imports src\/extension/,
    );
    assert.match((await problems('src/shared/x.ts', "import * as fs from 'fs';\n"))[0], /Node built-in 'fs'/);
    assert.deepStrictEqual(await problems('src/shared/node/x.ts', "import * as fs from 'fs';\n"), []);
  });

  it('lets the webview import src/shared only', async () => {
    assert.match(
      (await problems('webview/x.ts', "import { a } from '../src/engine/metrics/overload';\n"))[0],
      /imports only src\/shared/,
    );
    assert.match(
      (await problems('webview/x.ts', "import { a } from '../src/shared/node/profileNames';\n"))[0],
      /only src\/shared/,
    );
    assert.deepStrictEqual(
      await problems('webview/x.ts', "import { a } from '../src/shared/runDefaults';\n"),
      [],
    );
  });

  it('keeps the engine out of the host bundle (no histogram wasm, no profile codecs)', () => {
    buildBundles();
    const host = fs.readFileSync(path.join(root, 'dist', 'extension.js'), 'utf8');
    for (const marker of ['HdrHistogram', 'WebAssembly', 'eventsToPartialProfile', 'writeProfileAtomic'])
      assert.ok(
        !host.includes(marker),
        `dist/extension.js contains ${marker}: engine code was bundled into the host`,
      );
  });
});
