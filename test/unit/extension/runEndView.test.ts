/**
 * One final state for every way a run ends: what the host tells the panel after done, a cancel,
 * a failure, the engine killed or crashed, and a window reload — the partial profile offered once
 * (as the notice's button, never repeated in the text), details behind the headline.
 */
import * as assert from 'assert';
import { interruptedPatch, runEndPatch, runStartPatch } from '../../../src/extension/run/runEndView';

const PARTIAL = '/ws/.batchscope/profiles/m-1.json';

describe('run end as the panel shows it', () => {
  it('done: the profile saved, as the header link (no notice buttons)', () => {
    const p = runEndPatch({ kind: 'done', profilePath: PARTIAL, partial: false }, false);
    assert.deepStrictEqual(
      [p.runState, p.runEnded, p.runPartial, p.runMessage, p.runActions],
      ['done', 'done', false, 'Profile saved', undefined],
    );
  });

  it('cancelled: ended "cancelled", partial, and the panel words it', () => {
    const p = runEndPatch({ kind: 'done', profilePath: PARTIAL, partial: true }, true);
    assert.deepStrictEqual(
      [p.runState, p.runEnded, p.runPartial, p.runMessage],
      ['done', 'cancelled', true, undefined],
    );
  });

  it('engine crash: "killed", the first line as headline, the stderr tail as details, the path once', () => {
    const p = runEndPatch(
      {
        kind: 'failed',
        message:
          'The engine process was killed by SIGKILL before finishing.\nLast output:\nSegmentation fault',
        exitCode: null,
        crashed: true,
        profilePath: PARTIAL,
      },
      false,
    );
    assert.strictEqual(p.runEnded, 'killed');
    assert.strictEqual(p.runMessage, 'The engine process was killed by SIGKILL before finishing.');
    assert.strictEqual(p.runDetail, 'Last output:\nSegmentation fault');
    assert.ok(!`${p.runMessage}${p.runDetail}`.includes(PARTIAL), 'the path is not in the text');
    assert.deepStrictEqual(
      p.runActions?.map((a) => a.kind),
      ['openProfilePath', 'showLog'],
    );
  });

  it('a failure with nothing saved says so, and offers only the log', () => {
    const p = runEndPatch(
      { kind: 'failed', message: 'model.onnx cannot be profiled: bad input', exitCode: 3, crashed: false },
      false,
    );
    assert.strictEqual(p.runEnded, 'failed');
    assert.strictEqual(p.runPartial, false);
    assert.match(p.runMessage ?? '', /nothing was saved$/);
    assert.deepStrictEqual(
      p.runActions?.map((a) => a.kind),
      ['showLog'],
    );
  });

  it('a failure after the user pressed Cancel reads as cancelled, unless the engine crashed', () => {
    const failed = { kind: 'failed', message: 'stopped', exitCode: 1, crashed: false } as const;
    assert.strictEqual(runEndPatch(failed, true).runEnded, 'cancelled');
    assert.strictEqual(runEndPatch({ ...failed, crashed: true }, true).runEnded, 'killed');
  });

  it('window reloaded: "interrupted", with the partial profile when the engine saved one', () => {
    const saving = interruptedPatch(PARTIAL, 'saving');
    assert.deepStrictEqual(
      [saving.runEnded, saving.profilePath, saving.runActions],
      ['interrupted', undefined, undefined],
    );
    assert.match(saving.runMessage ?? '', /waiting for the engine/);
    const saved = interruptedPatch(PARTIAL, 'saved');
    assert.deepStrictEqual(
      [saved.runState, saved.runEnded, saved.profilePath, saved.runActions?.[0]],
      [
        'interrupted',
        'interrupted',
        PARTIAL,
        { label: 'Open partial profile', kind: 'openProfilePath', path: PARTIAL },
      ],
    );
    const lost = interruptedPatch(PARTIAL, 'lost');
    assert.strictEqual(lost.profilePath, undefined);
    assert.match(lost.runMessage ?? '', /no partial profile was saved/);
  });

  it('a new run or sweep clears every field an earlier end set (no stale link, notice or tag)', () => {
    const ended = runEndPatch(
      { kind: 'failed', message: 'x', exitCode: null, crashed: true, profilePath: PARTIAL },
      false,
    );
    const start = runStartPatch('running');
    assert.deepStrictEqual(Object.keys(start).sort(), Object.keys(ended).sort(), 'every field is reset');
    for (const [key, value] of Object.entries(start))
      if (key !== 'runState') assert.strictEqual(value, undefined, key);
  });
});
