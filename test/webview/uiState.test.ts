/**
 * The webview's persisted UI state: migration from version 1 (whose one draft for every model
 * leaked settings between models) and the per-model drafts' rules. Pure: runs in Node.
 */
import * as assert from 'assert';
import { MAX_MODEL_DRAFTS, putDrafts, takeDrafts, type ModelDrafts } from '../../webview/formDrafts';
import { DEFAULT_UI_STATE, migrateUiState, UI_STATE_VERSION } from '../../webview/uiState';

const entry = (modelKey: string, defaultsKey = 'settings'): ModelDrafts => ({
  modelKey,
  defaultsKey,
  draft: { durationS: '7' },
  sweepDraft: null,
});

describe('webview UI state', () => {
  it('migrates version 1: keeps the view choices, drops the draft no model owned', () => {
    const migrated = migrateUiState({
      version: 1,
      batchSeries: 2,
      formOpen: false,
      draft: { 'strategies.0.maxBatch': '16' },
      sweepOpen: true,
      sweepDraft: { 'sweep.load': '0.5' },
    });
    assert.deepStrictEqual(migrated, {
      version: UI_STATE_VERSION,
      batchSeries: 2,
      formOpen: false,
      sweepOpen: true,
      moreColumns: false,
      drafts: [],
    });
  });

  it('reads its own version back, dropping malformed drafts and keeping at most the newest 20', () => {
    const drafts = [
      ...Array.from({ length: MAX_MODEL_DRAFTS + 5 }, (_, i) => entry(`/m/${i}.onnx`)),
      { modelKey: 3, defaultsKey: 'settings', draft: {} },
      { modelKey: '/bad.onnx', defaultsKey: 'settings', draft: { durationS: 7 } },
    ];
    const migrated = migrateUiState({ ...DEFAULT_UI_STATE, moreColumns: true, drafts });
    assert.strictEqual(migrated.moreColumns, true);
    assert.strictEqual(migrated.drafts.length, MAX_MODEL_DRAFTS);
    assert.strictEqual(migrated.drafts[0].modelKey, '/m/0.onnx');
    assert.deepStrictEqual(
      migrateUiState({ version: 99, drafts }),
      DEFAULT_UI_STATE,
      'an unknown version is not trusted',
    );
    const bad = migrateUiState({
      ...DEFAULT_UI_STATE,
      drafts: [{ modelKey: '/bad.onnx', defaultsKey: 's', draft: { x: 1 } }],
    });
    assert.strictEqual(bad.drafts[0].draft, null, 'a draft with non-text values is dropped');
  });

  it('gives each model its own draft, newest first, bounded', () => {
    let list: ModelDrafts[] = [];
    for (let i = 0; i < MAX_MODEL_DRAFTS + 3; i++) list = putDrafts(list, entry(`/m/${i}.onnx`));
    assert.strictEqual(list.length, MAX_MODEL_DRAFTS);
    assert.strictEqual(list[0].modelKey, `/m/${MAX_MODEL_DRAFTS + 2}.onnx`);
    list = putDrafts(list, { ...entry('/m/5.onnx'), draft: { durationS: '9' } });
    assert.strictEqual(list[0].draft?.durationS, '9');
    assert.strictEqual(list.filter((d) => d.modelKey === '/m/5.onnx').length, 1, 'one entry per model');
    assert.strictEqual(takeDrafts(list, '/m/new.onnx', 'settings').drafts, null, 'a new model starts clean');
  });

  it('drops a draft made from other defaults (the run configuration wins)', () => {
    const list = [entry('/a.onnx', 'settings'), entry('/b.onnx')];
    const same = takeDrafts(list, '/a.onnx', 'settings');
    assert.strictEqual(same.drafts?.draft?.durationS, '7');
    const changed = takeDrafts(list, '/a.onnx', 'configuration:fast:1a2b');
    assert.strictEqual(changed.drafts, null);
    assert.deepStrictEqual(
      changed.list.map((d) => d.modelKey),
      ['/b.onnx'],
    );
  });
});
