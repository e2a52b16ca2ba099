/** Reading and writing profile files on disk, and where they go by default. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { compactProfile, type CompactProfile } from '../../shared/compactProfile';
import type { Profile } from '../../shared/profileTypes';
import { type SaveOptions, writeFileAtomic } from './atomicWrite';
import { decodeProfile, encodeProfile } from './profileCodec';
import { ProfileError } from './profileError';
import type { ProfileFile } from './profileFileTypes';

/**
 * Encodes `profile` and writes it atomically to `target` (folders created as needed).
 * `elsewhere`: how the caller's user saves to another place, for the error message.
 * @returns the number of bytes written
 * @throws FileSaveError (a ProfileError) naming the file, the cause and the fix; a previous
 *   file at `target` is left unchanged
 */
export function writeProfileAtomic(
  target: string,
  profile: Profile,
  options: Pick<SaveOptions, 'elsewhere'> = {},
): number {
  const text = JSON.stringify(encodeProfile(profile));
  writeFileAtomic(target, text, { what: 'profile', elsewhere: options.elsewhere });
  return Buffer.byteLength(text);
}

/**
 * Reads, validates and decodes a profile file.
 * @throws ProfileError with a message that names the file and the problem: missing or
 *   unreadable, not JSON or truncated, not a Batchscope profile, a newer format version,
 *   a schema violation (naming the field), corrupt column data (naming the column).
 */
export function readProfile(file: string): Profile {
  return decodeProfile(readProfileJson(file), file);
}

/**
 * Reads and checks a profile like {@link readProfile}, and returns it with each strategy's
 * columns still in the file's compact encoding: what the panel and the HTML report draw from.
 */
export function readCompactProfile(file: string): CompactProfile {
  const json = readProfileJson(file);
  const profile = decodeProfile(json, file);
  return compactProfile(profile, (json as ProfileFile).strategies);
}

/** The parsed JSON of `file`; ProfileError when it is missing, unreadable or not JSON. */
export function readProfileJson(file: string): unknown {
  let text: string;
  try {
    if (fs.statSync(file).isDirectory()) {
      throw new ProfileError(
        `${file} is a folder, not a profile file. Pass a .json file written by Batchscope.`,
        file,
      );
    }
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if (err instanceof ProfileError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'does not exist' : `cannot be read (${code ?? (err as Error).message})`;
    throw new ProfileError(`Profile ${file} ${why}. Check the path.`, file);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    const truncated = text.trim().length > 0 && /Unexpected end|Unterminated/i.test((err as Error).message);
    throw new ProfileError(
      `${file} is not valid JSON${truncated ? ' (the file looks truncated)' : ''}: ${(err as Error).message}. ` +
        'It may be damaged or not a profile; run the profile again.',
      file,
    );
  }
  return parsed;
}

/** `20260131-235959` in local time, for file names that sort by time. */
function stamp(date: Date): string {
  const two = (n: number): string => String(n).padStart(2, '0');
  return (
    `${date.getFullYear()}${two(date.getMonth() + 1)}${two(date.getDate())}-` +
    `${two(date.getHours())}${two(date.getMinutes())}${two(date.getSeconds())}`
  );
}

/**
 * Default location of a new profile: `.batchscope/profiles/<model-basename>-<YYYYMMDD-HHMMSS>.json`
 * under `cwd`.
 */
export function defaultProfilePath(
  modelPath: string,
  date: Date = new Date(),
  cwd: string = process.cwd(),
): string {
  // A synthetic model's spec (`synthetic:base=20ms,…`) holds characters some file systems refuse.
  const base =
    path
      .basename(modelPath)
      .replace(/\.onnx$/i, '')
      .replace(/[:,=%]+/g, '_') || 'model';
  return path.join(cwd, '.batchscope', 'profiles', `${base}-${stamp(date)}.json`);
}

/**
 * File size divided by the number of requests across all strategies of the profile at `file`
 * (the benchmark's "profile bytes per request").
 */
export function profileBytesPerRequest(file: string): {
  bytes: number;
  requests: number;
  bytesPerRequest: number;
} {
  const bytes = fs.statSync(file).size;
  const profile = readProfile(file);
  const requests = profile.strategies.reduce((sum, s) => sum + s.requests.scheduledMs.length, 0);
  return { bytes, requests, bytesPerRequest: requests ? bytes / requests : NaN };
}
