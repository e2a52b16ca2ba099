/**
 * Golden files: what each export format writes for real model signatures, byte for byte, with the
 * differences and notes it prints (golden/<case>/differences.txt). After an intended change,
 * regenerate with `UPDATE_GOLDEN=1 npx mocha --no-config --require tsx/cjs test/unit/export/exportGolden.test.ts`
 * and review the diff.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { exportConfig } from '../../../src/shared/export/exportConfig';
import type { ExportResult } from '../../../src/shared/export/exportTypes';
import { GOLDEN_CASES } from './goldenCases';

const GOLDEN = path.join(__dirname, 'golden');
const UPDATE = process.env.UPDATE_GOLDEN === '1';

/** The printed part of a result, as a golden file. */
function printed(result: ExportResult): string {
  const list = (items: string[]): string[] => (items.length > 0 ? items.map((i) => `- ${i}`) : ['(none)']);
  return ['Differences:', ...list(result.differences), 'Notes:', ...list(result.notes), ''].join('\n');
}

function filesUnder(dir: string, prefix = ''): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) =>
      entry.isDirectory()
        ? filesUnder(path.join(dir, entry.name), `${prefix}${entry.name}/`)
        : [`${prefix}${entry.name}`],
    );
}

describe('export golden files', () => {
  for (const { name, request: req } of GOLDEN_CASES) {
    it(`${name}: writes exactly its golden files`, () => {
      const result = exportConfig(req);
      const actual = new Map(result.files.map((f) => [f.path, f.text]));
      actual.set('differences.txt', printed(result));
      const dir = path.join(GOLDEN, name);
      if (UPDATE) {
        fs.rmSync(dir, { recursive: true, force: true });
        for (const [file, text] of actual) {
          fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
          fs.writeFileSync(path.join(dir, file), text);
        }
      }
      assert.deepEqual(
        [...actual.keys()].sort(),
        filesUnder(dir).sort(),
        `${name}: the files written differ from golden/${name}/ (UPDATE_GOLDEN=1 regenerates it)`,
      );
      for (const [file, text] of actual)
        assert.equal(
          text,
          fs.readFileSync(path.join(dir, file), 'utf8'),
          `${name}/${file} differs from its golden file (UPDATE_GOLDEN=1 regenerates it)`,
        );
    });
  }
});
