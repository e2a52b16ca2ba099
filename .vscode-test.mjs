// `npm run test:vscode`: the integration suite (test/vscode, bundled into out/test/vscode) under
// @vscode/test-electron in desktop VS Code, which @vscode/test-cli downloads (needs internet).
// Where VS Code cannot be downloaded, the same bundled suite runs in code-server:
// `npm run test:codeserver` (scripts/e2e/runVscodeSuite.ts), which also runs the untrusted pass —
// test-electron always starts VS Code with --disable-workspace-trust, so only `trusted` runs here.
import { defineConfig } from '@vscode/test-cli';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

// A fresh workspace per run: the suite copies sample models into it and writes profiles there.
const workspaceFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'batchscope-ws-electron-'));

export default defineConfig({
  label: 'trusted',
  files: 'out/test/vscode/trusted/**/*.test.js',
  version: '1.100.3',
  workspaceFolder,
  env: { BATCHSCOPE_TEST_SUITE: 'trusted' },
  launchArgs: ['--disable-extensions'],
  mocha: { ui: 'bdd', timeout: 180_000, color: true },
});
