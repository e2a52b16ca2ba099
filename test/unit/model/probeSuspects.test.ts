import { strict as assert } from 'node:assert';
import { onnx } from 'onnx-proto';
import { flattenGraph, type GraphNode } from '../../../src/engine/model/modelGraph';
import { failingNodeOf, feedingInputs, probeSuspects } from '../../../src/engine/model/probeSuspects';
import { summaryOf, tensor } from './summaryFixture';

const n = (name: string, opType: string, inputs: string[], outputs: string[]): GraphNode => ({
  name,
  opType,
  inputs,
  outputs,
});

/**
 * A VAD-like graph: 'frame' reshapes the audio by a length computed from the sample rate; a
 * separate branch scales by 'gain' and joins only after 'frame'. 'mask' feeds nothing near it.
 */
const graph: GraphNode[] = [
  n('div', 'Div', ['sr', 'c125'], ['hops']),
  n('mul', 'Mul', ['hops', 'c4'], ['k']),
  n('shape', 'Shape', ['audio'], ['b']),
  n('concat', 'Concat', ['b', 'k'], ['frame_shape']),
  n('frame', 'Reshape', ['audio', 'frame_shape'], ['frames']),
  n('scale', 'Mul', ['frames', 'gain'], ['scaled']),
  n('', 'Sigmoid', ['scaled'], ['out']),
  n('masked', 'Mul', ['out', 'mask'], ['y']),
];
const summary = summaryOf(
  [
    tensor('audio', 'float32', ['batch', 'sequence'], 0),
    tensor('gain', 'float32', [], null),
    tensor('mask', 'int64', ['batch', 'chunks'], 0),
    tensor('sr', 'int64', [], null),
  ],
  [tensor('y', 'float32', ['batch', 1], null)],
  [
    { name: 'sequence', min: 16, max: 16, source: 'default' },
    { name: 'chunks', min: 16, max: 16, source: 'default' },
  ],
);
const ortSays = (op: string, name: string): string =>
  `Non-zero status code returned while running ${op} node. Name:'${name}' Status Message: it failed`;

describe('probe suspects: which inputs and dims feed the node that rejected synthetic values', () => {
  it("reads the failing node from ORT's message", () => {
    assert.deepEqual(failingNodeOf(ortSays('Reshape', 'frame')), { opType: 'Reshape', name: 'frame' });
    assert.deepEqual(failingNodeOf(ortSays('Sigmoid', '')), { opType: 'Sigmoid', name: '' });
    assert.equal(failingNodeOf('Input shape mismatch for audio'), null);
  });

  it('walks back through every node, not just the direct inputs, and stops at the graph inputs', () => {
    const names = new Set(summary.inputs.map((i) => i.name));
    const frame = graph.find((x) => x.name === 'frame')!;
    assert.deepEqual([...feedingInputs(graph, frame, names)].sort(), ['audio', 'sr']);
    const masked = graph.find((x) => x.name === 'masked')!;
    assert.deepEqual([...feedingInputs(graph, masked, names)].sort(), ['audio', 'gain', 'mask', 'sr']);
  });

  it('puts settings first (scalars, then integers), batch data last, and names its non-batch dims', () => {
    const { problem, basis } = probeSuspects(summary, ortSays('Reshape', 'frame'), graph);
    assert.equal(basis, 'graph');
    assert.deepEqual(problem, {
      message: ortSays('Reshape', 'frame'),
      node: "Reshape 'frame'",
      inputs: ['sr', 'audio'],
      dims: ['sequence'],
    });
    const later = probeSuspects(summary, ortSays('Mul', 'masked'), graph).problem;
    assert.deepEqual(later.inputs, ['gain', 'sr', 'mask', 'audio']);
    assert.deepEqual(later.dims, ['chunks', 'sequence']);
  });

  it('puts what the user already set after what they have not, but a set setting still before batch data', () => {
    const set = {
      ...summary,
      fixedInputs: { sr: [16000] },
      dims: [{ ...summary.dims[0], source: 'user' as const }, summary.dims[1]],
    };
    const { problem } = probeSuspects(set, ortSays('Mul', 'masked'), graph);
    assert.deepEqual(problem.inputs, ['gain', 'mask', 'sr', 'audio']);
    assert.deepEqual(problem.dims, ['chunks', 'sequence']);
  });

  it('finds an unnamed node only when it is the one node of its type', () => {
    assert.deepEqual(probeSuspects(summary, ortSays('Sigmoid', ''), graph).problem.inputs, [
      'gain',
      'sr',
      'audio',
    ]);
    // Three Mul nodes: an unnamed Mul cannot be told apart, so the graph says nothing.
    assert.notEqual(probeSuspects(summary, ortSays('Mul', ''), graph).basis, 'graph');
  });

  it("falls back to the inputs ORT's message names, then to every setting and every dim", () => {
    const named = probeSuspects(summary, ortSays('Gemm', 'fused_by_ort') + " for input 'mask'", graph);
    assert.equal(named.basis, 'message');
    assert.equal(named.problem.node, "Gemm 'fused_by_ort'");
    assert.deepEqual(named.problem.inputs, ['mask']);
    assert.deepEqual(named.problem.dims, ['chunks']);

    const guess = probeSuspects(summary, 'something failed', null);
    assert.equal(guess.basis, 'guess');
    assert.equal(guess.problem.node, undefined);
    assert.deepEqual(guess.problem.inputs, ['gain', 'sr', 'mask']);
    assert.deepEqual(guess.problem.dims, ['sequence', 'chunks']);
  });

  it('flattens subgraphs, and a control-flow node consumes what its subgraph uses from outside', () => {
    const nodes = flattenGraph({
      node: [
        { name: 'len', opType: 'Mul', input: ['sr', 'c4'], output: ['k'] },
        {
          name: 'branch',
          opType: 'If',
          input: ['cond'],
          output: ['y'],
          attribute: [
            {
              name: 'then_branch',
              type: onnx.AttributeProto.AttributeType.GRAPH,
              g: { node: [{ name: 'inner', opType: 'Reshape', input: ['audio', 'k'], output: ['r'] }] },
            },
          ],
        },
      ],
    });
    assert.deepEqual(
      nodes.map((x) => [x.name, x.inputs]),
      [
        ['len', ['sr', 'c4']],
        ['branch', ['cond', 'audio', 'k']],
        ['inner', ['audio', 'k']],
      ],
    );
    const branch = nodes.find((x) => x.name === 'branch')!;
    assert.deepEqual([...feedingInputs(nodes, branch, new Set(['sr', 'audio', 'cond']))].sort(), [
      'audio',
      'cond',
      'sr',
    ]);
  });
});
