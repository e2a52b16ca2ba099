/**
 * Entry point of the integration suite inside the extension host (`extensionTestsPath`).
 * The same bundled files run under @vscode/test-electron (desktop VS Code) and in code-server
 * (scripts/e2e/runVscodeSuite.ts). `BATCHSCOPE_TEST_SUITE` picks the folder: `trusted` (default)
 * or `untrusted` (code-server started with workspace trust on; test-electron always disables
 * trust, so that folder runs only in code-server).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

/** Called by VS Code once the extension under development is loaded; rejects when a test fails. */
export async function run(): Promise<void> {
  const suite = process.env.BATCHSCOPE_TEST_SUITE ?? 'trusted';
  const dir = path.join(__dirname, suite);
  const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.test.js')) : [];
  if (files.length === 0) {
    // An empty suite must never count as a pass.
    throw new Error(
      `No test files for suite "${suite}" in ${dir}. Build them with scripts/e2e/buildVscodeTests.ts.`,
    );
  }
  const mocha = new Mocha({ ui: 'bdd', timeout: 180_000, color: false, reporter: 'spec' });
  for (const f of files.sort()) mocha.addFile(path.join(dir, f));
  await new Promise<void>((resolve, reject) => {
    mocha.run((failures) =>
      failures > 0
        ? reject(new Error(`${failures} integration test(s) failed in suite "${suite}"`))
        : resolve(),
    );
  });
}
