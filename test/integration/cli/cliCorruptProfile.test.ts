import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { writeProfileAtomic } from '../../../src/engine/profile/profileIo';
import type { ProfileFile } from '../../../src/engine/profile/profileFileTypes';
import { schemaViolation } from '../../../src/engine/profile/validateProfileFile';
import { VarintWriter } from '../../../src/engine/profile/varintColumn';
import { syntheticProfile } from '../../unit/profile/syntheticProfile';
import { assertNoStack, buildBundles, runCli } from './runCli';

describe('CLI: show refuses a corrupt but schema-valid profile (built dist/cli.js)', function () {
  this.timeout(60_000);
  let dir: string;
  before(() => buildBundles());
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'batchscope-cli-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('names the file, strategy and column, exits 2, prints no table and no stack', async () => {
    const file = path.join(dir, 'corrupt.json');
    writeProfileAtomic(file, syntheticProfile([300, 200]));
    assert.equal((await runCli(['show', file], dir)).code, 0, 'the intact profile shows');

    // Strategy 1's member ids, delta-coded minus one: FIFO runs are all zeros; a last delta of 2
    // moves the last member from 198 to 200, past the strategy's 200 requests.
    const json = JSON.parse(fs.readFileSync(file, 'utf8')) as ProfileFile;
    const members = json.strategies[1].batches.members;
    const w = new VarintWriter();
    for (let k = 0; k < members.count; k++) w.push(k === members.count - 1 ? 2 : 0);
    members.data = w.toBase64();
    assert.equal(schemaViolation(json), null, 'still valid against the schema');
    fs.writeFileSync(file, JSON.stringify(json));

    const r = await runCli(['show', file], dir);
    assert.equal(r.code, 2, `exit code ${r.code}; stderr:\n${r.stderr}`);
    assert.ok(
      r.stderr.includes(
        `${file} is corrupt: strategy 1 ("${json.strategies[1].label}") column batches.members: ` +
          'request id 200 is outside 0..199',
      ),
      r.stderr,
    );
    assert.match(r.stderr, /run the profile again/);
    assert.equal(r.stdout, '', 'no results are printed from a corrupt profile');
    assertNoStack(r);
  });
});
