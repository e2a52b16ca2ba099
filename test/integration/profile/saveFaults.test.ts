/**
 * Saving under faults, engine level: writeProfileAtomic / writeFileAtomic on a real full disk
 * (ENOSPC, a 256 KiB tmpfs filled up) and a real read-only file system (EROFS, the tmpfs
 * remounted ro). The error names the file, the cause and the fix; the previous file is intact;
 * no temp file is left behind. Needs mount permission (root): see tmpfsMount.ts. When mounting
 * is refused, before() fails with the reason: these tests never go pending.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FileSaveError, writeFileAtomic } from '../../../src/engine/profile/atomicWrite';
import { ProfileError } from '../../../src/engine/profile/profileError';
import { readProfile, writeProfileAtomic } from '../../../src/engine/profile/profileIo';
import { syntheticProfile } from '../../unit/profile/syntheticProfile';
import { mountTmpfs, type TmpfsMount } from './tmpfsMount';

/** Runs `fn`, which must throw a FileSaveError, and returns it. */
function saveError(fn: () => unknown): FileSaveError {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof FileSaveError, `expected a FileSaveError, got ${String(err)}`);
    assert.ok(err instanceof ProfileError, 'a FileSaveError is a ProfileError (the CLI maps it to exit 2)');
    return err;
  }
  assert.fail('the write succeeded, so the fault was not in effect');
}

describe('saving a profile under faults (real tmpfs: full disk, read-only)', function () {
  this.timeout(30_000);

  describe('disk full (ENOSPC)', () => {
    let mount: TmpfsMount;
    let previous: string;
    let previousText: string;
    before(() => {
      mount = mountTmpfs(256);
      previous = path.join(mount.dir, 'mlp.json');
      writeProfileAtomic(previous, syntheticProfile([50]));
      previousText = fs.readFileSync(previous, 'utf8');
      mount.fill();
    });
    after(() => mount?.dispose());

    it('writeProfileAtomic: names the file, the cause and the fix; the previous profile is intact; no temp file', () => {
      const err = saveError(() => writeProfileAtomic(previous, syntheticProfile([2000])));
      assert.equal(err.code, 'ENOSPC');
      assert.equal(err.target, previous);
      assert.ok(err.message.includes(previous), err.message);
      assert.match(err.message, /disk is full \(ENOSPC\)/);
      assert.match(err.message, /Free space on the disk that holds/);
      assert.match(err.message, /save to a folder on another disk/);
      assert.match(err.message, /The previous .* is unchanged/);
      assert.equal(fs.readFileSync(previous, 'utf8'), previousText, 'the previous profile was touched');
      assert.equal(readProfile(previous).strategies[0].requests.scheduledMs.length, 50);
      assert.deepEqual(
        fs.readdirSync(mount.dir).sort(),
        ['filler', 'mlp.json'],
        'a temp file was left behind',
      );
    });

    it("writeFileAtomic: the caller's words for what and where", () => {
      const report = path.join(mount.dir, 'report.html');
      const err = saveError(() =>
        writeFileAtomic(report, 'x'.repeat(64 * 1024), {
          what: 'HTML report',
          elsewhere: 'pass --report with a path on another disk',
        }),
      );
      assert.match(err.message, /^Could not save the HTML report .*report\.html: the disk is full/);
      assert.match(err.message, /or pass --report with a path on another disk\./);
      assert.doesNotMatch(err.message, /previous/, 'there was no previous file to speak of');
      assert.equal(fs.existsSync(report), false);
      assert.deepEqual(fs.readdirSync(mount.dir).sort(), ['filler', 'mlp.json']);
    });
  });

  describe('read-only file system (EROFS)', () => {
    let mount: TmpfsMount;
    let previous: string;
    let previousText: string;
    before(() => {
      mount = mountTmpfs(256);
      previous = path.join(mount.dir, 'mlp.json');
      writeProfileAtomic(previous, syntheticProfile([50]));
      previousText = fs.readFileSync(previous, 'utf8');
      mount.remountReadOnly();
    });
    after(() => mount?.dispose());

    it('replacing a profile: EROFS named with the fix; the previous profile is intact', () => {
      const err = saveError(() => writeProfileAtomic(previous, syntheticProfile([60])));
      assert.equal(err.code, 'EROFS');
      assert.ok(err.message.startsWith(`Could not save the profile ${previous}: `), err.message);
      assert.match(
        err.message,
        /is on a read-only file system \(EROFS\)\. Make it writable, or save to a folder on another disk\./,
      );
      assert.match(err.message, /The previous .* is unchanged/);
      assert.equal(fs.readFileSync(previous, 'utf8'), previousText);
      assert.deepEqual(fs.readdirSync(mount.dir), ['mlp.json']);
    });

    it('a new profile in a folder that does not exist yet: the folder cannot be made either', () => {
      const target = path.join(mount.dir, 'profiles', 'new.json');
      const err = saveError(() => writeProfileAtomic(target, syntheticProfile([10])));
      assert.equal(err.code, 'EROFS');
      assert.ok(err.message.includes(target), err.message);
      assert.deepEqual(fs.readdirSync(mount.dir), ['mlp.json']);
    });
  });
});
