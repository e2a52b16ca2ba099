/**
 * What a refresh of the Batchscope view reads: only new or changed profile files (path, mtime,
 * size), the files of the profiles and sweeps folders, an engine crash narrowed to its file, and
 * the watch patterns.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ListingCache } from '../../../../src/extension/workspaceView/listingCache';
import { findProfileFiles, sweepsFolderFor } from '../../../../src/extension/workspaceView/profileFiles';
import {
  summarizeInEngine,
  type ProfileSummarizer,
} from '../../../../src/extension/workspaceView/summarizeInEngine';
import { profileWatchPatterns } from '../../../../src/extension/workspaceView/watchPatterns';
import { unreadableListing, type ProfileListing } from '../../../../src/shared/profileListing';

/** A summarizer that records what it was asked and lists each file by its current content. */
function recordingSummarizer(): {
  asked: string[][];
  summarize: (paths: string[]) => Promise<ProfileListing[]>;
} {
  const asked: string[][] = [];
  return {
    asked,
    summarize: async (paths) => {
      asked.push(paths);
      return paths.map((p) => ({ ...unreadableListing(p, fs.readFileSync(p, 'utf8')) }));
    },
  };
}

describe('profiles view: listing cache', () => {
  let tmp = '';
  beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'batchscope-cache-'));
  });
  afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('reads each file once, then only files whose mtime or size changed, and new ones', async () => {
    const a = path.join(tmp, 'a.json');
    const b = path.join(tmp, 'b.json');
    fs.writeFileSync(a, 'A1');
    fs.writeFileSync(b, 'B1');
    const engine = recordingSummarizer();
    const cache = new ListingCache(engine.summarize);

    let r = await cache.listings([a, b]);
    assert.deepStrictEqual(r.read, [a, b]);
    assert.deepStrictEqual(
      r.listings.map((l) => l.error),
      ['A1', 'B1'],
    );

    r = await cache.listings([a, b]);
    assert.deepStrictEqual(r.read, [], 'nothing changed: nothing read');
    assert.strictEqual(engine.asked.length, 1, 'the engine was not asked again');

    fs.writeFileSync(b, 'B2 longer'); // size changes
    const later = new Date(Date.now() + 5000);
    fs.writeFileSync(a, 'A2'); // same size: only the mtime tells
    fs.utimesSync(a, later, later);
    const c = path.join(tmp, 'c.json');
    fs.writeFileSync(c, 'C1');
    r = await cache.listings([a, b, c]);
    assert.deepStrictEqual(r.read, [a, b, c]);
    assert.deepStrictEqual(
      r.listings.map((l) => l.error),
      ['A2', 'B2 longer', 'C1'],
    );
  });

  it('drops files that are gone, and reads a file again at a path it forgot', async () => {
    const a = path.join(tmp, 'a.json');
    const b = path.join(tmp, 'b.json');
    fs.writeFileSync(a, 'A');
    fs.writeFileSync(b, 'B');
    const engine = recordingSummarizer();
    const cache = new ListingCache(engine.summarize);
    await cache.listings([a, b]);
    fs.rmSync(b);
    let r = await cache.listings([a, b]);
    assert.deepStrictEqual(
      r.listings.map((l) => l.path),
      [a],
      'a deleted file is not listed',
    );
    assert.deepStrictEqual(r.read, []);
    cache.forget(a);
    r = await cache.listings([a]);
    assert.deepStrictEqual(r.read, [a]);
  });

  it('remembers nothing when the engine fails, so the next refresh asks again', async () => {
    const a = path.join(tmp, 'a.json');
    fs.writeFileSync(a, 'A');
    let fail = true;
    const cache = new ListingCache(async (paths) => {
      if (fail) throw new Error('engine gone');
      return paths.map((p) => unreadableListing(p, 'ok'));
    });
    await assert.rejects(cache.listings([a]), /engine gone/);
    fail = false;
    assert.deepStrictEqual((await cache.listings([a])).read, [a]);
  });
});

describe('profiles view: asking the engine', () => {
  /** Fake engines: each answers, or dies on any batch that holds `poison`. */
  function engines(poison: string | null, opts: { alwaysDie?: boolean } = {}) {
    const made: Array<{ paths: string[]; disposed: boolean }> = [];
    const newEngine = (): ProfileSummarizer => {
      const record = { paths: [] as string[], disposed: false };
      made.push(record);
      return {
        summarizeProfiles: async (paths) => {
          record.paths = paths;
          if (opts.alwaysDie || (poison && paths.includes(poison)))
            throw new Error('The engine process was killed by SIGKILL before finishing.');
          return paths.map((p) => unreadableListing(p, `listed ${p}`));
        },
        dispose: () => {
          record.disposed = true;
        },
      };
    };
    return { made, newEngine };
  }

  it('asks one fresh engine for the whole batch and disposes it', async () => {
    const e = engines(null);
    const listings = await summarizeInEngine(['/a', '/b'], e.newEngine);
    assert.deepStrictEqual(
      listings.map((l) => l.error),
      ['listed /a', 'listed /b'],
    );
    assert.deepStrictEqual(e.made, [{ paths: ['/a', '/b'], disposed: true }]);
    assert.deepStrictEqual(await summarizeInEngine([], e.newEngine), []);
    assert.strictEqual(e.made.length, 1, 'no engine for nothing to read');
  });

  it('when the engine dies on the batch, retries file by file so only the culprit is unreadable', async () => {
    const e = engines('/huge');
    const listings = await summarizeInEngine(['/a', '/huge', '/b'], e.newEngine);
    assert.deepStrictEqual(
      listings.map((l) => l.path),
      ['/a', '/huge', '/b'],
    );
    assert.deepStrictEqual(
      listings.map((l) => l.error),
      [
        'listed /a',
        'The engine failed while reading it: The engine process was killed by SIGKILL before finishing.',
        'listed /b',
      ],
    );
    assert.ok(
      e.made.every((m) => m.disposed),
      'every engine is disposed',
    );
  });

  it('throws when the engine fails on every file alone too (the engine, not a file, is broken)', async () => {
    const e = engines(null, { alwaysDie: true });
    await assert.rejects(summarizeInEngine(['/a', '/b'], e.newEngine), /SIGKILL/);
    await assert.rejects(summarizeInEngine(['/a'], e.newEngine), /SIGKILL/);
  });
});

describe('profiles view: which files are profiles', () => {
  let tmp = '';
  before(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'batchscope-files-'));
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('lists *.json of the profiles folder and *.sweep.json of the sweeps folder beside it', async () => {
    const profiles = path.join(tmp, '.batchscope', 'profiles');
    const sweeps = sweepsFolderFor(profiles);
    assert.strictEqual(sweeps, path.join(tmp, '.batchscope', 'sweeps'));
    fs.mkdirSync(profiles, { recursive: true });
    fs.mkdirSync(sweeps, { recursive: true });
    fs.mkdirSync(path.join(profiles, 'nested.json'));
    for (const f of ['a.json', 'b.JSON', 'notes.txt', '.a.json.123.abcd.tmp', '.hidden.json'])
      fs.writeFileSync(path.join(profiles, f), '{}');
    for (const f of ['s.sweep.json', 'other.json']) fs.writeFileSync(path.join(sweeps, f), '{}');
    const found = await findProfileFiles([profiles, path.join(profiles, '.', ''), path.join(tmp, 'missing')]);
    assert.deepStrictEqual(found, [
      path.join(profiles, 'a.json'),
      path.join(profiles, 'b.JSON'),
      path.join(sweeps, 's.sweep.json'),
    ]);
  });

  it('does not take .batchscope/config.json for a profile when the profiles folder is .batchscope', async () => {
    const folder = path.join(tmp, 'ws2', '.batchscope');
    fs.mkdirSync(folder, { recursive: true });
    fs.writeFileSync(path.join(folder, 'config.json'), '{}');
    fs.writeFileSync(path.join(folder, 'p.json'), '{}');
    assert.deepStrictEqual(await findProfileFiles([folder]), [path.join(folder, 'p.json')]);
  });
});

describe('profiles view: watch patterns', () => {
  it('watches a profiles folder inside a workspace folder through a glob on that workspace folder', () => {
    assert.deepStrictEqual(profileWatchPatterns(['/ws/.batchscope/profiles'], ['/other', '/ws']), [
      { base: '/ws', glob: '.batchscope/profiles/*.json' },
      { base: '/ws', glob: '.batchscope/sweeps/*.sweep.json' },
    ]);
  });

  it('watches a folder outside every workspace folder by itself, and each pattern once', () => {
    assert.deepStrictEqual(profileWatchPatterns(['/data/profiles', '/data/profiles/'], ['/ws']), [
      { base: '/data/profiles', glob: '*.json' },
      { base: '/data/sweeps', glob: '*.sweep.json' },
    ]);
    assert.deepStrictEqual(profileWatchPatterns(['/ws'], ['/ws']), [
      { base: '/ws', glob: '*.json' },
      { base: '/sweeps', glob: '*.sweep.json' },
    ]);
  });
});
