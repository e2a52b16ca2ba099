/**
 * `npm run test:codeserver`: runs the integration suite (test/vscode) inside code-server's real
 * extension host, driven by headless Chromium. Two passes, each with its own server and temp
 * workspace: `trusted` (--disable-workspace-trust) and `untrusted` (trust on, no prompt).
 * The exit code is the suite's: 0 only when every pass reported success.
 *
 * The workbench runs the tests itself when given the `payload` URL parameter with
 * extensionDevelopmentPath + extensionTestsPath; it reports the suite's exit code through
 * `window.codeAutomationExit` and the extension host's console through `codeAutomationLog`.
 *
 * Options: --only trusted|untrusted   run one pass
 *          --no-build                 use the existing dist/ and out/test/vscode
 *          --via-test-cli             run the trusted pass through @vscode/test-cli's own runner and
 *                                     .vscode-test.mjs (what `npm run test:vscode` runs in desktop
 *                                     VS Code), to check that configuration where no VS Code can be
 *                                     downloaded
 * Env:     BATCHSCOPE_E2E_EXTENSION_DIR  extension folder to test instead of the repository
 *                                       (used to prove a broken build makes the suite fail)
 * Artifacts (logs, final screenshots): test-artifacts/codeserver/
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { format } from 'node:util';
import { launchWorkbenchBrowser } from './browser';
import { buildVscodeTests, VSCODE_TESTS_OUT } from './buildVscodeTests';
import { REPO_ROOT, startCodeServer } from './codeServer';

type Pass = 'trusted' | 'untrusted';

const ARTIFACTS = path.join(REPO_ROOT, 'test-artifacts', 'codeserver');
/** Whole-pass limit: a short profile run takes seconds; this only stops a hung host. */
const PASS_TIMEOUT_MS = 6 * 60_000;

function parseArgs(argv: string[]): { passes: Pass[]; build: boolean; viaTestCli: boolean } {
  const only = argv.includes('--only') ? argv[argv.indexOf('--only') + 1] : undefined;
  if (only !== undefined && only !== 'trusted' && only !== 'untrusted') {
    throw new Error(`--only takes "trusted" or "untrusted", not "${only}"`);
  }
  const viaTestCli = argv.includes('--via-test-cli');
  const passes: Pass[] = viaTestCli ? ['trusted'] : only ? [only] : ['trusted', 'untrusted'];
  return { passes, build: !argv.includes('--no-build'), viaTestCli };
}

/** What @vscode/test-cli would launch for .vscode-test.mjs: its runner module and environment. */
interface TestCliLaunch {
  extensionTestsPath: string;
  env: Record<string, string>;
}

function testCliLaunch(): TestCliLaunch {
  const bin = path.join(REPO_ROOT, 'node_modules', '@vscode', 'test-cli', 'out', 'bin.mjs');
  const r = spawnSync(process.execPath, [bin, '--list-configuration'], { cwd: REPO_ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`vscode-test --list-configuration failed: ${r.stderr}`);
  const [first] = JSON.parse(r.stdout) as Array<TestCliLaunch & { config: { workspaceFolder?: string } }>;
  if (first.config.workspaceFolder) fs.rmSync(first.config.workspaceFolder, { recursive: true, force: true });
  return { extensionTestsPath: first.extensionTestsPath, env: first.env };
}

/** Runs one pass and resolves to the suite's exit code (non-zero on any failure or timeout). */
async function runPass(pass: Pass, extensionDir: string, testCli?: TestCliLaunch): Promise<number> {
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), `batchscope-ws-${pass}-`));
  const hostLog = path.join(ARTIFACTS, `${pass}-extension-host.log`);
  for (const old of fs.readdirSync(ARTIFACTS).filter((f) => f.startsWith(`${pass}-`))) {
    fs.rmSync(path.join(ARTIFACTS, old), { recursive: true, force: true });
  }
  const server = await startCodeServer({
    workspace,
    workspaceTrust: pass === 'untrusted',
    env: { BATCHSCOPE_TEST_SUITE: pass, ...testCli?.env },
    logFile: path.join(ARTIFACTS, `${pass}-code-server.log`),
  });
  const browser = await launchWorkbenchBrowser(path.join(ARTIFACTS, `${pass}-browser-console.log`));
  const started = Date.now();
  try {
    let settle: (code: number) => void = () => undefined;
    const exitCode = new Promise<number>((resolve) => (settle = resolve));
    await browser.page.exposeFunction('codeAutomationExit', (code: number) => settle(code));
    await browser.page.exposeFunction('codeAutomationLog', (type: string, args: unknown[]) => {
      // The host forwards console calls with their printf-style format string first.
      const line = format(...(Array.isArray(args) ? args : [args]));
      fs.appendFileSync(hostLog, line + '\n');
      if (type === 'error') process.stderr.write(`[${pass}] ${line}\n`);
      else process.stdout.write(`[${pass}] ${line}\n`);
    });
    // The authority must be the host the page is served from: the workbench resolves
    // vscode-remote:// URIs through its own connection.
    const authority = `127.0.0.1:${server.port}`;
    const payload = JSON.stringify([
      ['extensionDevelopmentPath', `vscode-remote://${authority}${extensionDir}`],
      [
        'extensionTestsPath',
        `vscode-remote://${authority}${testCli?.extensionTestsPath ?? path.join(VSCODE_TESTS_OUT, 'index.js')}`,
      ],
    ]);
    await browser.page.goto(server.workbenchUrl({ payload }));
    const timeout = new Promise<number>((resolve) =>
      setTimeout(() => {
        process.stderr.write(
          `[${pass}] no result from the extension host after ${PASS_TIMEOUT_MS / 1000} s\n`,
        );
        resolve(124);
      }, PASS_TIMEOUT_MS).unref(),
    );
    const code = await Promise.race([exitCode, timeout]);
    await browser.page.screenshot({ path: path.join(ARTIFACTS, `${pass}-final.png`) }).catch(() => undefined);
    console.log(`[${pass}] suite exit code ${code} after ${((Date.now() - started) / 1000).toFixed(1)} s`);
    if (code !== 0) {
      // VS Code's own logs, including the extension host and the "Batchscope" output channel.
      const logs = path.join(server.userDataDir, 'logs');
      if (fs.existsSync(logs))
        fs.cpSync(logs, path.join(ARTIFACTS, `${pass}-vscode-logs`), { recursive: true });
    }
    return code;
  } finally {
    await browser.close();
    await server.stop({ keep: process.env.BATCHSCOPE_E2E_KEEP === '1' });
    fs.rmSync(workspace, { recursive: true, force: true });
  }
}

async function main(): Promise<number> {
  const { passes, build, viaTestCli } = parseArgs(process.argv.slice(2));
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const extensionDir = path.resolve(process.env.BATCHSCOPE_E2E_EXTENSION_DIR ?? REPO_ROOT);
  if (build) {
    if (extensionDir === REPO_ROOT) {
      const r = spawnSync(process.execPath, ['esbuild.js'], { cwd: REPO_ROOT, stdio: 'inherit' });
      if (r.status !== 0) throw new Error('esbuild.js failed: fix the build first');
    }
    await buildVscodeTests();
  }
  if (!fs.existsSync(path.join(extensionDir, 'dist', 'extension.js'))) {
    throw new Error(
      `${extensionDir}/dist/extension.js does not exist: build the extension first (npm run build)`,
    );
  }
  const testCli = viaTestCli ? testCliLaunch() : undefined;
  let worst = 0;
  for (const pass of passes) {
    const code = await runPass(pass, extensionDir, testCli);
    if (code !== 0) worst = code;
  }
  console.log(
    worst === 0
      ? 'code-server suite: all passes succeeded'
      : `code-server suite FAILED (exit ${worst}); artifacts in ${ARTIFACTS}`,
  );
  return worst;
}

main().then(
  (code) => process.exit(code),
  (err: Error) => {
    console.error(`code-server suite could not run: ${err.message}`);
    process.exit(1);
  },
);
