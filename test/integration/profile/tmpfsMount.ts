/**
 * Small tmpfs mounts for the save-under-faults tests: a full disk (ENOSPC) and a read-only
 * file system (EROFS) are real kernel answers here, not mocks. Mounting needs root (or
 * CAP_SYS_ADMIN); CI runs as root (.ci/run installs Debian packages with apt-get, no sudo).
 * As root a chmod-read-only folder does not stop writes, so only a mount gives EROFS.
 *
 * Skip-proof: when the mount is refused, {@link mountTmpfs} throws with the reason and the
 * tests fail; they never go pending.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** A mounted tmpfs of `sizeKb` at a fresh folder. */
export interface TmpfsMount {
  dir: string;
  /** Makes it read-only (EROFS), keeping its files. */
  remountReadOnly(): void;
  /** Fills all free space with a filler file, so the next write gets ENOSPC. */
  fill(): void;
  /** Unmounts and removes the mount point. */
  dispose(): void;
}

function run(args: string[]): void {
  try {
    execFileSync(args[0], args.slice(1), { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
  } catch (err) {
    const e = err as { stderr?: string; message: string };
    throw new Error(`\`${args.join(' ')}\` failed: ${(e.stderr || e.message).trim()}`);
  }
}

export function mountTmpfs(sizeKb: number): TmpfsMount {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'batchscope-tmpfs-'));
  try {
    run(['mount', '-t', 'tmpfs', '-o', `size=${sizeKb}k`, 'tmpfs', dir]);
  } catch (err) {
    fs.rmdirSync(dir);
    const uid = process.getuid?.();
    throw new Error(
      `This test needs a small tmpfs to make a real full disk / read-only folder, and mounting ` +
        `failed (uid ${uid}; run the tests as root or with CAP_SYS_ADMIN, as CI does): ${(err as Error).message}`,
    );
  }
  let mounted = true;
  return {
    dir,
    remountReadOnly: () => run(['mount', '-o', 'remount,ro', dir]),
    fill: () => {
      const fd = fs.openSync(path.join(dir, 'filler'), 'w');
      const chunk = Buffer.alloc(4096, 1);
      try {
        for (;;) fs.writeSync(fd, chunk);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
      } finally {
        fs.closeSync(fd);
      }
    },
    dispose: () => {
      if (!mounted) return;
      mounted = false;
      try {
        run(['umount', dir]);
      } catch {
        run(['umount', '-l', dir]); // something still holds it open: detach it anyway
      }
      fs.rmdirSync(dir);
    },
  };
}
