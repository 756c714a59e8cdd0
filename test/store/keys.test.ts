import { expect } from '@open-wc/testing';
import { planQuery, searchPaths } from '../../src/store/keys.js';

const order = (query: string) => searchPaths(planQuery(query)).map((p) => `${p.stage}:${p.field}/${p.keys}=${p.key}`);

describe('searchPaths: the one order both stores search in (R7.1)', () => {
  it('a word: name, email, request title, tag (no phone path)', () => {
    expect(order('María')).to.deep.equal(['1:name/names=maria', '1:email/emails=maria', '2:request/titles=maria', '2:tag/tags=maria']);
  });

  it('a short number: its digits as a phone after the name, no tails', () => {
    expect(order('+1 555')).to.deep.equal([
      '1:name/names=+1 555',
      '1:phone/phones=1555',
      '1:email/emails=+1 555',
      '2:request/titles=+1 555',
      '2:tag/tags=+1 555',
    ]);
  });

  it('six digits or more: the tails of numbers (no country code) come after email, before requests', () => {
    expect(order('600 123')).to.deep.equal([
      '1:name/names=600 123',
      '1:phone/phones=600123',
      '1:email/emails=600 123',
      '2:phone/phoneTails=600123',
      '2:request/titles=600 123',
      '2:tag/tags=600 123',
    ]);
  });

  it('reads requests and activities for their customers, customers for the rest', () => {
    const kinds = searchPaths(planQuery('600 123 456')).map((p) => `${p.keys}:${p.kind}`);
    expect(kinds).to.deep.equal(['names:customer', 'phones:customer', 'emails:customer', 'phoneTails:customer', 'titles:request', 'tags:activity']);
  });
});
