/** How the Batchscope view groups models, run configurations and saved profiles. */
import * as assert from 'assert';
import { groupByModel, type ModelGroup } from '../../../../src/extension/workspaceView/profileGroups';
import { unreadableListing, type ProfileListing } from '../../../../src/shared/profileListing';

function profile(
  file: string,
  modelPath: string,
  createdAt: string,
  extra: Partial<ProfileListing> = {},
): ProfileListing {
  return {
    path: file,
    modelPath,
    modelFileName: modelPath.split('/').pop() ?? '',
    synthetic: false,
    createdAt,
    partial: false,
    isSweep: false,
    simulated: false,
    strategies: [],
    arrival: 'poisson',
    rateRps: 100,
    rateDerived: false,
    durationS: 1,
    ...extra,
  };
}

/** Each group as `label [kind]: configurations | profile file names`, for readable failures. */
function shape(groups: ModelGroup[]): string[] {
  return groups.map(
    (g) =>
      `${g.label} [${g.kind}]: ${g.configurations.map((c) => c.name).join(',')} | ${g.profiles
        .map((p) => p.path.split('/').pop())
        .join(',')}`,
  );
}

const MLP = '/ws/models/mlp.onnx';
const BERT = '/ws/nlp/bert.onnx';

describe('profiles view: grouping by model', () => {
  it('puts each profile under the workspace model at the path it records, newest first', () => {
    const groups = groupByModel(
      [MLP, BERT],
      [],
      [
        profile('/ws/p/mlp-1.json', MLP, '2026-12-01T10:00:00Z'),
        profile('/ws/p/bert-1.json', BERT, '2026-12-01T09:00:00Z'),
        profile('/ws/p/mlp-2.json', MLP, '2026-12-01T11:00:00Z'),
      ],
    );
    assert.deepStrictEqual(shape(groups), [
      'mlp.onnx [workspace]:  | mlp-2.json,mlp-1.json',
      'bert.onnx [workspace]:  | bert-1.json',
    ]);
    assert.strictEqual(groups[0].modelPath, MLP);
  });

  it('lists every workspace model, even one without profiles, sorted by path', () => {
    const groups = groupByModel(['/ws/z.onnx', '/ws/a/b.onnx', '/ws/z.onnx'], [], []);
    assert.deepStrictEqual(shape(groups), ['b.onnx [workspace]:  | ', 'z.onnx [workspace]:  | ']);
  });

  it('falls back to the file name when the recorded path is elsewhere (a moved folder, another machine)', () => {
    const groups = groupByModel(
      [MLP],
      [],
      [profile('/ws/p/old.json', '/home/ci/build/mlp.onnx', '2026-01-01T00:00:00Z')],
    );
    assert.deepStrictEqual(shape(groups), ['mlp.onnx [workspace]:  | old.json']);
  });

  it('does not guess between two workspace models of the same name', () => {
    const groups = groupByModel(
      ['/ws/a/model.onnx', '/ws/b/model.onnx'],
      [],
      [
        profile('/ws/p/exact.json', '/ws/b/model.onnx', '2026-01-02T00:00:00Z'),
        profile('/ws/p/moved.json', '/old/model.onnx', '2026-01-01T00:00:00Z'),
      ],
    );
    assert.deepStrictEqual(shape(groups), [
      'model.onnx [workspace]:  | ',
      'model.onnx [workspace]:  | exact.json',
      'model.onnx [elsewhere]:  | moved.json',
    ]);
  });

  it('gives profiles of a model not in the workspace a group of their own, after the workspace models', () => {
    const groups = groupByModel(
      [MLP],
      [],
      [
        profile('/ws/p/r1.json', '/other/resnet.onnx', '2026-01-01T00:00:00Z'),
        profile('/ws/p/a1.json', '/other/alexnet.onnx', '2026-01-01T00:00:00Z'),
        profile('/ws/p/r2.json', '/elsewhere/resnet.onnx', '2026-01-02T00:00:00Z'),
      ],
    );
    assert.deepStrictEqual(shape(groups), [
      'mlp.onnx [workspace]:  | ',
      'alexnet.onnx [elsewhere]:  | a1.json',
      'resnet.onnx [elsewhere]:  | r2.json,r1.json',
    ]);
  });

  it('groups synthetic models by their spec, and unreadable files last', () => {
    const spec = 'synthetic:base=5ms,per-item=1ms';
    const groups = groupByModel(
      [MLP],
      [],
      [
        unreadableListing('/ws/p/broken.json', 'not JSON'),
        profile('/ws/p/s1.json', spec, '2026-01-01T00:00:00Z', { synthetic: true, modelFileName: spec }),
        profile('/ws/p/m1.json', MLP, '2026-01-01T00:00:00Z'),
      ],
    );
    assert.deepStrictEqual(shape(groups), [
      'mlp.onnx [workspace]:  | m1.json',
      `${spec} [synthetic]:  | s1.json`,
      'Unreadable files [unreadable]:  | broken.json',
    ]);
  });

  it("lists run configurations under their model; one whose model is missing gets the model's own group", () => {
    const groups = groupByModel(
      [MLP],
      [
        { name: 'fast', modelPath: MLP, file: '/ws/.batchscope/config.json' },
        { name: 'gone', modelPath: '/ws/models/gone.onnx', file: '/ws/.batchscope/config.json' },
        { name: 'synth', modelPath: 'synthetic:base=20ms', file: '/ws/.batchscope/config.json' },
        // Same file name as a workspace model but another path: running it would fail, so no match.
        { name: 'other-mlp', modelPath: '/ws/old/mlp.onnx', file: '/ws/.batchscope/config.json' },
      ],
      [profile('/ws/p/m1.json', MLP, '2026-01-01T00:00:00Z')],
    );
    assert.deepStrictEqual(shape(groups), [
      'mlp.onnx [workspace]: fast | m1.json',
      'synthetic:base=20ms [synthetic]: synth | ',
      'gone.onnx [elsewhere]: gone | ',
      'mlp.onnx [elsewhere]: other-mlp | ',
    ]);
  });

  it('keeps sweeps with the profiles of their model, and files without a date after dated ones', () => {
    const groups = groupByModel(
      [MLP],
      [],
      [
        profile('/ws/p/b.json', MLP, ''),
        profile('/ws/s/x.sweep.json', MLP, '2026-01-03T00:00:00Z', { isSweep: true }),
        profile('/ws/p/a.json', MLP, 'not a date'),
        profile('/ws/p/c.json', MLP, '2026-01-01T00:00:00Z'),
      ],
    );
    assert.deepStrictEqual(shape(groups), ['mlp.onnx [workspace]:  | x.sweep.json,c.json,a.json,b.json']);
  });
});
