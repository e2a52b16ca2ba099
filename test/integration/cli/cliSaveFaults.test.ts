/**
 * Saving under faults, CLI: `batchscope profile --out` onto a real full disk (ENOSPC, a filled
 * 256 KiB tmpfs) and onto a read-only file system (EROFS, the tmpfs remounted ro), and
 * `--report` onto a read-only one. Exit code 2, a message naming the file, the cause and the
 * flag to use instead, no stack trace, the previous file intact and no temp file left. Needs
 * mount permission (root, as in CI): when mounting is refused before() fails with the reason,
 * so these tests fail rather than go pending.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readProfile } from '../../../src/engine/profile/profileIo';
import { mountTmpfs, type TmpfsMount } from '../profile/tmpfsMount';
import { assertNoStack, buildBundles, runCli, SAMPLES } from './runCli';

const PREVIOUS = '{"previous":"profile, left as it was"}';
const RUN = [
  'profile',
  path.join(SAMPLES, 'mlp.onnx'),
  ...[
    '--strategies',
    'none,dynamic',
    '--duration',
    '0.3',
    '--warmup',
    '0',
    '--rate',
    '200',
    '--max-batch',
    '4',
  ],
];

describe('CLI: saving under faults (real tmpfs: full disk, read-only; built dist/cli.js)', function () {
  this.timeout(90_000);
  let mount: TmpfsMount;
  let work: string;
  before(() => buildBundles());
  beforeEach(() => {
    mount = mountTmpfs(256);
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'batchscope-savefault-'));
  });
  afterEach(() => {
    mount?.dispose();
    fs.rmSync(work, { recursive: true, force: true });
  });

  it('--out on a full disk: exit 2, ENOSPC and --out named, results still printed, previous file intact', async () => {
    const out = path.join(mount.dir, 'mlp.json');
    fs.writeFileSync(out, PREVIOUS);
    mount.fill();
    const r = await runCli([...RUN, '--out', out], work);
    assert.equal(r.code, 2, `exit code ${r.code}; stderr:\n${r.stderr}`);
    assertNoStack(r);
    assert.ok(
      r.stderr.includes(`batchscope: Could not save the profile ${out}: the disk is full (ENOSPC).`),
      r.stderr,
    );
    assert.match(r.stderr, /pass --out with a path on another disk/);
    assert.match(r.stderr, /The previous .*mlp\.json is unchanged\./);
    assert.doesNotMatch(r.stdout, /Profile saved to/);
    assert.match(r.stdout, /dynamic/, 'the measured results are still shown');
    assert.equal(fs.readFileSync(out, 'utf8'), PREVIOUS);
    assert.deepEqual(fs.readdirSync(mount.dir).sort(), ['filler', 'mlp.json'], 'a temp file was left behind');
  });

  it('--out on a read-only file system: exit 2, EROFS named with the fix, previous file intact', async () => {
    const out = path.join(mount.dir, 'mlp.json');
    fs.writeFileSync(out, PREVIOUS);
    mount.remountReadOnly();
    const r = await runCli([...RUN, '--json', '--out', out], work);
    assert.equal(r.code, 2, `exit code ${r.code}; stderr:\n${r.stderr}`);
    assertNoStack(r);
    assert.ok(r.stderr.includes(`Could not save the profile ${out}: `), r.stderr);
    assert.match(r.stderr, /read-only file system \(EROFS\)\. Make it writable, or pass --out with a path/);
    assert.equal(r.stdout, '', '--json prints no result object when nothing was saved');
    assert.equal(fs.readFileSync(out, 'utf8'), PREVIOUS);
    assert.deepEqual(fs.readdirSync(mount.dir), ['mlp.json']);
  });

  it('--report on a read-only file system: exit 2 naming the report and --report; the profile itself is saved', async () => {
    const report = path.join(mount.dir, 'report.html');
    fs.writeFileSync(report, '<html>previous</html>');
    mount.remountReadOnly();
    const out = path.join(work, 'mlp.json');
    const r = await runCli([...RUN, '--out', out, '--report', report], work);
    assert.equal(r.code, 2, `exit code ${r.code}; stderr:\n${r.stderr}`);
    assertNoStack(r);
    assert.ok(r.stderr.includes(`Could not save the HTML report ${report}: `), r.stderr);
    assert.match(r.stderr, /\(EROFS\)\. Make it writable, or pass --report with a path/);
    assert.ok(r.stderr.includes(`The profile itself was saved to ${out}`), r.stderr);
    assert.equal(readProfile(out).strategies.length, 2, 'the profile was saved before the report failed');
    assert.equal(fs.readFileSync(report, 'utf8'), '<html>previous</html>');
    assert.deepEqual(fs.readdirSync(mount.dir), ['report.html']);
  });
});
