/**
 * Runs the extension's own built CLI (dist/cli.js, what `bin/batchscope.js` loads) from inside
 * the extension host, to compare what the CLI prints with what the extension shows.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CliJsonReport } from '../../../src/cli/jsonReport';
import { batchscopeExtension } from './fixtures';

/** `batchscope show --json FILE`, parsed; fails the test when the CLI does not exit 0. */
export function cliShowJson(profilePath: string): CliJsonReport {
  const cli = path.join(batchscopeExtension().extensionPath, 'dist', 'cli.js');
  assert.ok(fs.existsSync(cli), `${cli} is missing: build the extension (npm run build)`);
  // The extension host's executable is Node in code-server and Electron in desktop VS Code;
  // ELECTRON_RUN_AS_NODE makes the latter behave as the former.
  const r = spawnSync(process.execPath, [cli, 'show', '--json', profilePath], {
    encoding: 'utf8',
    env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
    timeout: 60_000,
  });
  assert.equal(
    r.status,
    0,
    `batchscope show --json ${profilePath} exited ${r.status} (${r.error?.message ?? ''}): ${r.stderr}`,
  );
  return JSON.parse(r.stdout) as CliJsonReport;
}
