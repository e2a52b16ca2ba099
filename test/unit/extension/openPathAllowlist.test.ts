/**
 * Which paths the panel's `openProfilePath` may open (src/extension/run/openPathAllowlist.ts):
 * only profiles the host wrote or opened, named exactly as the host named them, still the same
 * file. Everything a hostile webview could make up is refused.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { OpenPathAllowlist } from '../../../src/extension/run/openPathAllowlist';
import { MAX_PATH_LENGTH } from '../../../src/shared/panelProtocol';

describe('open-path allowlist (openProfilePath from the webview)', () => {
  let tmp: string;
  let ws: string;
  let profiles: string;
  let outside: string;
  let produced: string;
  let list: OpenPathAllowlist;

  const refused = (candidate: unknown, why: RegExp): void => {
    const r = list.check(candidate);
    if (r.ok) assert.fail(`${JSON.stringify(candidate)?.slice(0, 120)} should be refused`);
    assert.match(r.reason, why, `reason for ${JSON.stringify(candidate)?.slice(0, 120)}`);
  };

  beforeEach(() => {
    tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'batchscope-openpath-')));
    ws = path.join(tmp, 'ws');
    profiles = path.join(ws, '.batchscope', 'profiles');
    outside = path.join(tmp, 'outside');
    fs.mkdirSync(profiles, { recursive: true });
    fs.mkdirSync(outside);
    produced = path.join(profiles, 'mlp-20260101-000000.json');
    fs.writeFileSync(produced, '{}');
    list = new OpenPathAllowlist();
    list.add(produced);
  });
  afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('opens a profile the host produced, by the path the host sent', () => {
    assert.deepStrictEqual(list.check(produced), { ok: true, path: produced });
    assert.strictEqual(list.size, 1);
  });

  it('refuses files it did not produce: in the workspace, outside it, system files', () => {
    const sibling = path.join(profiles, 'other.json');
    fs.writeFileSync(sibling, '{}');
    const out = path.join(outside, 'p.json');
    fs.writeFileSync(out, '{}');
    refused(sibling, /not a profile Batchscope wrote or opened/);
    refused(out, /not a profile Batchscope wrote or opened/);
    refused(path.join(ws, 'settings.json'), /not a profile/);
    refused('/etc/passwd', /not a profile/);
    refused('/', /not a profile/);
    refused('/__proto__', /not a profile/);
    refused('/constructor', /not a profile/);
  });

  it('refuses relative paths and paths with . or .. segments, even when they name the produced file', () => {
    const rel = path.relative(process.cwd(), produced);
    refused(rel, /not an absolute path/);
    refused('mlp-20260101-000000.json', /not an absolute path/);
    refused(`./${path.basename(produced)}`, /not an absolute path/);
    refused('../../etc/passwd', /not an absolute path/);
    refused('__proto__', /not an absolute path/);
    refused('constructor', /not an absolute path/);
    refused(
      path.join(ws, '.batchscope') + '/../.batchscope/profiles/' + path.basename(produced),
      /normalized/,
    );
    refused(profiles + '/./' + path.basename(produced), /normalized/);
    refused(profiles + '//' + path.basename(produced), /normalized/);
    refused(produced + '/', /normalized/);
    refused(`${profiles}/../../../outside/p.json`, /normalized/);
  });

  it('refuses symlinks: a link to a produced file, and a produced file swapped for a link', () => {
    const out = path.join(outside, 'secret.json');
    fs.writeFileSync(out, '{"secret":true}');
    const linkToProduced = path.join(profiles, 'alias.json');
    fs.symlinkSync(produced, linkToProduced);
    refused(linkToProduced, /not a profile/);
    // The file the host wrote is replaced by a link pointing out of the workspace.
    fs.rmSync(produced);
    fs.symlinkSync(out, produced);
    refused(produced, /replaced by a link/);
    // ... or by a link to another file inside the workspace.
    fs.rmSync(produced);
    const other = path.join(profiles, 'other.json');
    fs.writeFileSync(other, '{}');
    fs.symlinkSync(other, produced);
    refused(produced, /replaced by a link/);
  });

  it('refuses a produced path once the file is gone, or when it is not a file', () => {
    fs.rmSync(produced);
    refused(produced, /no longer exists/);
    list.add(profiles);
    refused(profiles, /not a file/);
  });

  it('accepts a produced file reached through a symlinked workspace, and opens the real file', () => {
    const linkedWs = path.join(tmp, 'linked-ws');
    fs.symlinkSync(ws, linkedWs);
    const viaLink = path.join(linkedWs, '.batchscope', 'profiles', path.basename(produced));
    list.add(viaLink);
    assert.deepStrictEqual(list.check(viaLink), { ok: true, path: produced });
  });

  it('refuses wrong types, empty, NUL and over-long paths', () => {
    for (const bad of [undefined, null, 42, true, {}, [produced], { path: produced }, ''])
      refused(bad, /not a path/);
    refused(`${produced}\0.txt`, /not a path/);
    const long = '/' + 'a'.repeat(MAX_PATH_LENGTH);
    assert.strictEqual(long.length, MAX_PATH_LENGTH + 1);
    list.add(long); // Even a path the host allowed is refused past the cap.
    refused(long, /longer than 4096/);
    const longest = '/' + 'a'.repeat(MAX_PATH_LENGTH - 1);
    refused(longest, /not a profile/); // At the cap the length is fine; it is just not allowed.
  });
});
