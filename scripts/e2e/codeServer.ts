/**
 * Starts and stops a private code-server (VS Code served to a browser) for tests.
 *
 * Each start gets its own temp root holding HOME, XDG dirs, TMPDIR, config, user data and
 * extensions, so runs never share state with each other or with the user's own VS Code. The server
 * runs in its own process group (`setsid`); the group leader writes its pid and `stop()` signals
 * the whole group by that pid, so no extension host or engine child outlives the test.
 */
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

/** code-server version the scripts install and run (newer ones need Node 24). */
export const CODE_SERVER_VERSION = process.env.CODE_SERVER_VERSION ?? '4.100.3';

/** Repository root (this file lives in scripts/e2e). */
export const REPO_ROOT = path.resolve(__dirname, '..', '..');

/** Where scripts/e2e/installCodeServer.sh puts code-server. */
export function codeServerInstallDir(): string {
  return path.join(REPO_ROOT, '.vscode-test', `code-server-${CODE_SERVER_VERSION}`);
}

export interface CodeServerOptions {
  /** Folder opened as the workspace. */
  workspace: string;
  /**
   * Workspace trust on (true) or off (false, the default: `--disable-workspace-trust`, every
   * folder trusted). With trust on the startup prompt is suppressed, so a fresh folder stays in
   * restricted mode: untrusted.
   */
  workspaceTrust?: boolean;
  /** VSIX files installed with `--install-extension` before the server starts. */
  installExtensions?: string[];
  /**
   * Unpacked extension folders made available as installed extensions (copied into the
   * extensions dir as `publisher.name-version`), e.g. a deliberately broken build.
   */
  extensionFolders?: string[];
  /** Extra environment for the server and, through it, the extension host. */
  env?: Record<string, string>;
  /** Where the server's stdout/stderr go (appended). Default: `<root>/code-server.log`. */
  logFile?: string;
}

export interface RunningCodeServer {
  /** `http://127.0.0.1:PORT` */
  readonly origin: string;
  readonly port: number;
  /** Temp root of this run (HOME, user data, extensions, logs). Removed by stop() unless kept. */
  readonly root: string;
  readonly logFile: string;
  readonly userDataDir: string;
  readonly extensionsDir: string;
  /** Workbench URL opening the workspace folder. */
  workbenchUrl(query?: Record<string, string>): string;
  /** Stops the whole process group, waits for it to be gone, removes the temp root unless `keep`. */
  stop(opts?: { keep?: boolean }): Promise<void>;
}

/** Asks the OS for a free TCP port on loopback. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** Settings that keep the workbench quiet and deterministic for tests (see docs/testing.md). */
function userSettings(workspaceTrust: boolean): Record<string, unknown> {
  return {
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'workbench.enableExperiments': false,
    'telemetry.telemetryLevel': 'off',
    'extensions.autoUpdate': false,
    'extensions.autoCheckUpdates': false,
    'extensions.ignoreRecommendations': true,
    'update.mode': 'none',
    'security.workspace.trust.enabled': workspaceTrust,
    // With trust on, never ask: the folder stays untrusted (restricted mode) for the test.
    'security.workspace.trust.startupPrompt': 'never',
    'security.workspace.trust.emptyWindow': false,
    'git.enabled': false,
  };
}

function entryJs(): string {
  const entry = path.join(codeServerInstallDir(), 'node_modules', 'code-server', 'out', 'node', 'entry.js');
  if (!fs.existsSync(path.join(codeServerInstallDir(), '.installed')) || !fs.existsSync(entry)) {
    throw new Error(
      `code-server ${CODE_SERVER_VERSION} is not installed in ${codeServerInstallDir()}. ` +
        'Run scripts/e2e/installCodeServer.sh first (needs the Debian packages listed in docs/testing.md).',
    );
  }
  return entry;
}

/** True while a process with this pid (or group, when negative) exists. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Starts code-server on a free loopback port and resolves once `/healthz` answers and the
 * workbench page has been requested once (the first request is the slow one).
 * @throws when code-server is not installed or does not become healthy within 60 s; the
 *   message includes the tail of its log.
 */
export async function startCodeServer(opts: CodeServerOptions): Promise<RunningCodeServer> {
  const entry = entryJs();
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'batchscope-cs-'));
  const dirs = {
    home: path.join(root, 'home'),
    tmp: path.join(root, 'tmp'),
    config: path.join(root, 'home', '.config'),
    data: path.join(root, 'home', '.local', 'share'),
    cache: path.join(root, 'home', '.cache'),
    userData: path.join(root, 'user-data'),
    extensions: path.join(root, 'extensions'),
  };
  for (const d of Object.values(dirs)) fs.mkdirSync(d, { recursive: true });
  const configFile = path.join(root, 'config.yaml');
  fs.writeFileSync(configFile, 'auth: none\ncert: false\n');
  const settingsDir = path.join(dirs.userData, 'User');
  fs.mkdirSync(settingsDir, { recursive: true });
  fs.writeFileSync(
    path.join(settingsDir, 'settings.json'),
    JSON.stringify(userSettings(opts.workspaceTrust ?? false), null, 2),
  );
  const logFile = opts.logFile ?? path.join(root, 'code-server.log');
  const pidFile = path.join(root, 'code-server.pid');

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    HOME: dirs.home,
    TMPDIR: dirs.tmp,
    XDG_CONFIG_HOME: dirs.config,
    XDG_DATA_HOME: dirs.data,
    XDG_CACHE_HOME: dirs.cache,
    XDG_RUNTIME_DIR: dirs.tmp,
  };
  // The parent's own vscode/code-server variables would confuse a nested server (the caller's
  // explicit ones, such as VSCODE_TEST_OPTIONS, are added back below).
  for (const k of Object.keys(env)) {
    if (k.startsWith('VSCODE_') || k === 'ELECTRON_RUN_AS_NODE') delete env[k];
  }
  Object.assign(env, opts.env);
  const common = [
    '--config',
    configFile,
    '--user-data-dir',
    dirs.userData,
    '--extensions-dir',
    dirs.extensions,
  ];

  for (const vsix of opts.installExtensions ?? []) {
    const r = spawnSync(process.execPath, [entry, ...common, '--install-extension', vsix, '--force'], {
      env,
      encoding: 'utf8',
      timeout: 120_000,
    });
    fs.appendFileSync(logFile, `--install-extension ${vsix}\n${r.stdout}${r.stderr}\n`);
    if (r.status !== 0) {
      throw new Error(`code-server could not install ${vsix} (exit ${r.status}):\n${r.stdout}${r.stderr}`);
    }
  }

  for (const folder of opts.extensionFolders ?? []) {
    const manifest = fs.readFileSync(path.join(folder, 'package.json'), 'utf8');
    const m = JSON.parse(manifest) as Record<string, string>;
    const dest = path.join(dirs.extensions, `${m.publisher}.${m.name}-${m.version}`);
    // Copied, not linked: VS Code maps `require('vscode')` to an extension by the requiring
    // file's real path, so code reached through a symlink gets no extension identity.
    // node_modules is linked (only the engine child process loads from it).
    fs.cpSync(folder, dest, {
      recursive: true,
      dereference: true,
      filter: (src) => path.relative(folder, src) !== 'node_modules',
    });
    if (fs.existsSync(path.join(folder, 'node_modules'))) {
      fs.symlinkSync(
        fs.realpathSync(path.join(folder, 'node_modules')),
        path.join(dest, 'node_modules'),
        'dir',
      );
    }
  }

  const port = await freePort();
  const args = [
    entry,
    ...common,
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--auth',
    'none',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-getting-started-override',
    '--ignore-last-opened',
    ...(opts.workspaceTrust ? [] : ['--disable-workspace-trust']),
    opts.workspace,
  ];
  const out = fs.openSync(logFile, 'a');
  // setsid makes the shell a new session + process group leader; it writes its own pid, then
  // execs node, so that pid is the group id of code-server and everything it spawns.
  const child = spawn(
    'setsid',
    ['sh', '-c', 'echo $$ > "$0"; exec "$@"', pidFile, process.execPath, ...args],
    {
      env,
      stdio: ['ignore', out, out],
      detached: false,
    },
  );
  fs.closeSync(out);
  child.unref();

  const origin = `http://127.0.0.1:${port}`;
  const readPid = (): number | undefined => {
    try {
      const n = Number(fs.readFileSync(pidFile, 'utf8').trim());
      return Number.isInteger(n) && n > 0 ? n : undefined;
    } catch {
      return undefined;
    }
  };

  const stop = async ({ keep = false }: { keep?: boolean } = {}): Promise<void> => {
    const pid = readPid();
    if (pid !== undefined) {
      for (const [signal, waitMs] of [
        ['SIGTERM', 5000],
        ['SIGKILL', 3000],
      ] as const) {
        if (!alive(-pid)) break;
        try {
          process.kill(-pid, signal);
        } catch {
          /* already gone */
        }
        const until = Date.now() + waitMs;
        while (alive(-pid) && Date.now() < until) await sleep(100);
      }
      if (alive(-pid)) throw new Error(`code-server process group ${pid} survived SIGKILL`);
    }
    if (!keep) fs.rmSync(root, { recursive: true, force: true });
  };

  const logTail = (): string => {
    try {
      return fs.readFileSync(logFile, 'utf8').split('\n').slice(-40).join('\n');
    } catch {
      return '(no log)';
    }
  };

  const deadline = Date.now() + 60_000;
  let healthy = false;
  while (Date.now() < deadline) {
    if (child.exitCode !== null && child.exitCode !== 0) break;
    try {
      const res = await fetch(`${origin}/healthz`);
      if (res.ok) {
        healthy = true;
        break;
      }
    } catch {
      /* not listening yet */
    }
    await sleep(200);
  }
  if (!healthy) {
    await stop({ keep: true });
    throw new Error(
      `code-server did not become healthy on ${origin} within 60 s. Log ${logFile}:\n${logTail()}`,
    );
  }
  // Warm the workbench page once: the first request compiles templates and is slow.
  await fetch(`${origin}/?folder=${encodeURIComponent(opts.workspace)}`).then((r) => r.text());

  return {
    origin,
    port,
    root,
    logFile,
    userDataDir: dirs.userData,
    extensionsDir: dirs.extensions,
    workbenchUrl(query: Record<string, string> = {}): string {
      const q = new URLSearchParams({ folder: opts.workspace, ...query });
      return `${origin}/?${q.toString()}`;
    },
    stop,
  };
}
