/**
 * Writes a file so that readers see either the old content or the complete new content, never
 * a half-written file: temp file in the same folder, fsync, rename over the target.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { ProfileError } from './profileError';

/** What a failed save was and what else the user can do (worded for the caller's UI). */
export interface SaveOptions {
  /** What is being saved, for the message: 'profile' (default 'file'), 'HTML report'. */
  what?: string;
  /** How to save somewhere else in the caller's UI, e.g. 'pass --out with a path on another disk'. */
  elsewhere?: string;
}

/**
 * A file that could not be saved. The message names the file, the cause (disk full, read-only
 * file system, permission) and the fix, and says that the previous file is unchanged. A
 * ProfileError, so the CLI reports it as such (exit code 2).
 */
export class FileSaveError extends ProfileError {
  constructor(
    message: string,
    readonly target: string,
    /** The system error code (ENOSPC, EROFS, EACCES, ...), when there was one. */
    readonly code: string | undefined,
  ) {
    super(message, target);
    this.name = 'FileSaveError';
  }
}

/** The cause of a failed write, in words, and what to do about it. */
function describeWriteFailure(code: string | undefined, err: Error, dir: string, elsewhere: string): string {
  switch (code) {
    case 'ENOSPC':
      return `the disk is full (ENOSPC). Free space on the disk that holds ${dir}, or ${elsewhere}.`;
    case 'EDQUOT':
      return `the disk quota is used up (EDQUOT). Free space in your quota, or ${elsewhere}.`;
    case 'EROFS':
      return `${dir} is on a read-only file system (EROFS). Make it writable, or ${elsewhere}.`;
    case 'EACCES':
    case 'EPERM':
      return `permission denied (${code}) in ${dir}. Make the folder writable for you, or ${elsewhere}.`;
    case 'ENOTDIR':
    case 'EEXIST':
      return `part of the path ${dir} is a file, not a folder (${code}). ${capitalize(elsewhere)}.`;
    case 'EISDIR':
      return `the path is a folder (EISDIR). Give a file name, or ${elsewhere}.`;
    default:
      return `${err.message}. Check the folder, or ${elsewhere}.`;
  }
}

/**
 * Node's recursive mkdir reports ENOENT where a folder could not be made on a read-only file
 * system: ask the nearest existing ancestor for the real cause (EROFS, EACCES).
 */
function mkdirCause(dir: string, err: unknown): unknown {
  if ((err as NodeJS.ErrnoException).code !== 'ENOENT') return err;
  let parent = dir;
  while (!fs.existsSync(parent) && path.dirname(parent) !== parent) parent = path.dirname(parent);
  try {
    fs.accessSync(parent, fs.constants.W_OK);
  } catch (cause) {
    return cause;
  }
  return err;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * Atomically replaces (or creates) `target` with `content`, creating missing folders.
 * On failure the temp file is removed and an existing `target` is left untouched.
 * @throws FileSaveError naming the file, the cause and the fix (disk full, read-only, ...)
 */
export function writeFileAtomic(
  target: string,
  content: string | Uint8Array,
  options: SaveOptions = {},
): void {
  const dir = path.dirname(path.resolve(target));
  const existed = fs.existsSync(target);
  const fail = (err: unknown): FileSaveError => {
    const e = err as NodeJS.ErrnoException;
    const why = describeWriteFailure(e.code, e, dir, options.elsewhere ?? 'save to a folder on another disk');
    const kept = existed ? ` The previous ${target} is unchanged.` : '';
    return new FileSaveError(
      `Could not save the ${options.what ?? 'file'} ${target}: ${why}${kept}`,
      target,
      e.code,
    );
  };
  try {
    fs.mkdirSync(dir, { recursive: true });
  } catch (err) {
    throw fail(mkdirCause(dir, err));
  }
  // Same folder as the target: rename is only atomic within one file system.
  const temp = path.join(
    dir,
    `.${path.basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`,
  );
  let fd: number | null = null;
  try {
    fd = fs.openSync(temp, 'wx', 0o644);
    fs.writeFileSync(fd, content);
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fd = null;
    fs.renameSync(temp, target);
  } catch (err) {
    // Cleanup must not hide the cause (closing or removing can fail too on a broken disk).
    try {
      if (fd !== null) fs.closeSync(fd);
    } catch {
      // the write error below is what the user needs
    }
    try {
      fs.rmSync(temp, { force: true });
    } catch {
      // as above
    }
    throw fail(err);
  }
  syncFolder(dir);
}

/** Persists the rename itself; best effort (some platforms cannot open a folder for fsync). */
function syncFolder(dir: string): void {
  try {
    const fd = fs.openSync(dir, 'r');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    // Windows and some file systems refuse; the rename already happened.
  }
}
