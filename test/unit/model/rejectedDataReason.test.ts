import { strict as assert } from 'node:assert';
import { rejectedDataReason } from '../../../src/engine/model/inspectMessages';
import type { ProbeProblem } from '../../../src/shared/profileTypes';
import { summaryOf, tensor } from './summaryFixture';

const summary = summaryOf(
  [tensor('audio', 'float32', ['batch', 'sequence'], 0), tensor('sr', 'int64', [], null)],
  [tensor('y', 'float32', ['batch', 1], 0)],
  [{ name: 'sequence', min: 16, max: 16, source: 'default' }],
);
const problem = (inputs: string[], dims: string[], node?: string): ProbeProblem => ({
  message: 'ORT said no',
  ...(node ? { node } : {}),
  inputs,
  dims,
});

describe("the panel's reason for a model that rejected synthetic values", () => {
  it('names the unset settings, then the dims, in form terms with no CLI flags', () => {
    const reason = rejectedDataReason(problem(['sr', 'audio'], ['sequence'], "Reshape 'frame'"), summary);
    assert.equal(
      reason,
      "The model rejected synthetic values (Reshape 'frame' failed): set `sr` under Fixed inputs or " +
        '`sequence` under Symbolic dimensions.',
    );
  });

  it('leads with the dims once every suspect setting is already set', () => {
    const set = { ...summary, fixedInputs: { sr: [16000] } };
    assert.equal(
      rejectedDataReason(problem(['sr', 'audio'], ['sequence']), set),
      'The model rejected synthetic values: set `sequence` under Symbolic dimensions or `sr` under Fixed inputs.',
    );
  });

  it('names batch data only when no dim is suspect', () => {
    assert.equal(
      rejectedDataReason(problem(['audio'], ['sequence']), summary),
      'The model rejected synthetic values: set `sequence` under Symbolic dimensions.',
    );
    assert.equal(
      rejectedDataReason(problem(['audio'], []), summary),
      'The model rejected synthetic values: set `audio` under Fixed inputs.',
    );
    assert.equal(
      rejectedDataReason(problem([], []), summary),
      'The model rejected synthetic values: set real values under Fixed inputs.',
    );
  });
});
