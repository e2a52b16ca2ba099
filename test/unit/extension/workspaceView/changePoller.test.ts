/** The view's poll for changed profile files, for changes the file watchers do not report. */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ChangePoller, profileFilesFingerprint } from '../../../../src/extension/workspaceView/changePoller';

describe('profiles view: change poller', () => {
  it('reports a change once per difference from what the view last loaded, and nothing before a load', async () => {
    let current = 'a';
    let changes = 0;
    const poller = new ChangePoller(
      async () => current,
      () => changes++,
      60_000,
    );
    await poller.poll();
    assert.strictEqual(changes, 0, 'nothing loaded yet: nothing to compare with');
    poller.loaded('a');
    await poller.poll();
    assert.strictEqual(changes, 0, 'unchanged');
    current = 'b';
    await poller.poll();
    await poller.poll();
    assert.strictEqual(changes, 1, 'one change, reported once');
    poller.loaded('b');
    current = 'c';
    await poller.poll();
    assert.strictEqual(changes, 2);
  });

  it('polls on its own while started, and stops', async () => {
    let current = 'a';
    let changes = 0;
    const poller = new ChangePoller(
      async () => current,
      () => changes++,
      20,
    );
    poller.loaded('a');
    poller.start();
    poller.start();
    current = 'b';
    await new Promise((r) => setTimeout(r, 100));
    poller.stop();
    assert.strictEqual(changes, 1);
    poller.loaded('b');
    current = 'c';
    await new Promise((r) => setTimeout(r, 100));
    assert.strictEqual(changes, 1, 'no poll after stop');
  });

  it('fingerprints the profile files by path, mtime and size', async () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'batchscope-poll-'));
    try {
      const folder = path.join(tmp, '.batchscope', 'profiles');
      const empty = await profileFilesFingerprint([folder]);
      fs.mkdirSync(folder, { recursive: true });
      fs.writeFileSync(path.join(folder, 'a.json'), '{}');
      const one = await profileFilesFingerprint([folder]);
      assert.notStrictEqual(one, empty, 'a new file (in a new folder) changes it');
      assert.strictEqual(await profileFilesFingerprint([folder]), one, 'stable while nothing changes');
      fs.writeFileSync(path.join(folder, 'a.json'), '{"x":1}');
      assert.notStrictEqual(await profileFilesFingerprint([folder]), one, 'a rewrite changes it');
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });
});
