import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import {
  checkUntrustedProfilePath,
  isInside,
  newProfilePath,
  profileFileName,
  resolveProfilesFolder,
} from '../../../src/extension/run/profilePaths';

describe('profile paths', () => {
  let tmp: string;
  let ws: string;
  let outside: string;
  before(() => {
    tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'batchscope-paths-')));
    ws = path.join(tmp, 'ws');
    outside = path.join(tmp, 'outside');
    fs.mkdirSync(path.join(ws, '.batchscope', 'profiles'), { recursive: true });
    fs.mkdirSync(outside);
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('resolves the profiles folder against the workspace unless absolute', () => {
    assert.strictEqual(
      resolveProfilesFolder('.batchscope/profiles', ws),
      path.join(ws, '.batchscope', 'profiles'),
    );
    assert.strictEqual(resolveProfilesFolder(outside, ws), outside);
  });

  it('names profiles after the model and the local time, with safe characters only', () => {
    const when = new Date(2026, 0, 31, 23, 59, 7);
    assert.strictEqual(profileFileName('/m/My Model!.onnx', when), 'My_Model_-20260131-235907.json');
    assert.strictEqual(profileFileName('/m/..onnx', when), 'model-20260131-235907.json');
  });

  it('never overwrites an existing profile', () => {
    const when = new Date(2026, 0, 31, 23, 59, 7);
    const folder = path.join(ws, '.batchscope', 'profiles');
    const first = newProfilePath(folder, '/m/mlp.onnx', when);
    fs.writeFileSync(first, '{}');
    const second = newProfilePath(folder, '/m/mlp.onnx', when);
    assert.notStrictEqual(second, first);
    assert.match(path.basename(second), /^mlp-20260131-235907-2\.json$/);
  });

  it('isInside resolves .. and refuses siblings with a common prefix', () => {
    assert.ok(isInside('/a/b', '/a/b/c.json'));
    assert.ok(!isInside('/a/b', '/a/b/../c.json'));
    assert.ok(!isInside('/a/b', '/a/bc/d.json'));
  });

  it('accepts an existing .json inside an allowed root and refuses everything else', () => {
    const good = path.join(ws, '.batchscope', 'profiles', 'p.json');
    fs.writeFileSync(good, '{}');
    const out = path.join(outside, 'p.json');
    fs.writeFileSync(out, '{}');
    const link = path.join(ws, 'link.json');
    fs.symlinkSync(out, link);
    const txt = path.join(ws, 'notes.txt');
    fs.writeFileSync(txt, '');
    assert.deepStrictEqual(checkUntrustedProfilePath(good, [ws]), { ok: true, path: good });
    const refused = (p: unknown): string => {
      const r = checkUntrustedProfilePath(p, [ws]);
      assert.ok(!r.ok, `${String(p)} should be refused`);
      return r.reason;
    };
    assert.match(refused(out), /outside/);
    assert.match(refused(link), /outside/, 'a symlink inside the workspace pointing out is refused');
    assert.match(refused(path.join(ws, '..', 'outside', 'p.json')), /outside/);
    assert.match(refused('p.json'), /absolute/);
    assert.match(refused(txt), /\.json/);
    assert.match(refused(path.join(ws, 'missing.json')), /does not exist/);
    assert.match(refused(path.join(ws, '.batchscope')), /\.json/);
    assert.match(refused(42), /not a path/);
    assert.match(refused(`${good}\0x`), /not a path/);
  });
});
