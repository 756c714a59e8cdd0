import { expect } from '@open-wc/testing';
import { sameData, stamp } from '../../src/model/index.js';
import { changedFields } from '../../src/session/merge.js';
import { customer } from '../helpers/data.js';

describe('model: one equality rule and one stamp for every layer', () => {
  it('sameData: key order of objects does not count, list order does', () => {
    expect(sameData({ a: '1', b: '2' }, { b: '2', a: '1' })).to.equal(true);
    expect(sameData(['a', 'b'], ['b', 'a'])).to.equal(false);
    expect(sameData({ a: [1, { x: 'y' }] }, { a: [1, { x: 'y' }] })).to.equal(true);
    expect(sameData({ a: '1' }, { a: '1', b: '2' })).to.equal(false);
    expect(sameData(null, {})).to.equal(false);
    expect(sameData([], {})).to.equal(false);
  });

  it('free fields read back in another key order are not an unsaved change', () => {
    const mine = customer({ fields: { plan: 'Gold', since: '2020' } });
    const readBack = customer({ fields: { since: '2020', plan: 'Gold' } });
    expect(changedFields('customer', mine, readBack)).to.deep.equal([]);
  });

  it('stamp: the data with the meta fields every store writes', () => {
    const record = stamp('customer', customer({ name: 'Ana' }), { id: 'customer:1', rev: '1-a', createdAt: 't0', updatedAt: 't1', by: 'ann' });
    expect(record).to.deep.include({ type: 'customer', id: 'customer:1', rev: '1-a', createdAt: 't0', updatedAt: 't1', updatedBy: 'ann', name: 'Ana' });
  });
});
