import { strict as assert } from 'assert';
import { nearestRank } from '../../../src/shared/nearestRank';

describe('nearestRank', () => {
  const ten = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

  it('takes the smallest value with at least q of the values at or below it', () => {
    assert.equal(nearestRank(ten, 0.5), 5);
    assert.equal(nearestRank(ten, 0.9), 9);
    assert.equal(nearestRank(ten, 0.91), 10);
    assert.equal(nearestRank(ten, 0.99), 10);
  });

  it('stays within the values at the ends', () => {
    assert.equal(nearestRank(ten, 0), 1);
    assert.equal(nearestRank(ten, 1), 10);
    assert.equal(nearestRank([7], 0.5), 7);
  });
});
