import { expect } from '@open-wc/testing';
import { phoneEnds, phoneTails, planQuery, searchPaths } from '../../src/store/keys.js';

const order = (query: string) => searchPaths(planQuery(query)).map((p) => `${p.stage}:${p.field}/${p.keys}${p.exact ? '==' : '='}${p.key}`);

describe('searchPaths: the one order both stores search in (R7.1)', () => {
  it('a word: name, email, request title, tag (no phone path)', () => {
    expect(order('María')).to.deep.equal(['1:name/names=maria', '1:email/emails=maria', '2:request/titles=maria', '2:tag/tags=maria']);
  });

  it('a short number: its digits as a phone after the name, no tails', () => {
    expect(order('+155')).to.deep.equal([
      '1:name/names=+155',
      '1:phone/phones=155',
      '1:email/emails=+155',
      '2:request/titles=+155',
      '2:tag/tags=+155',
    ]);
  });

  it('issue #18: 4 to 8 digits: also the numbers ending with exactly them (phoneEnds), before requests', () => {
    expect(order('+1 555')).to.deep.equal([
      '1:name/names=+1 555',
      '1:phone/phones=1555',
      '1:email/emails=+1 555',
      '2:phone/phoneEnds==1555',
      '2:request/titles=+1 555',
      '2:tag/tags=+1 555',
    ]);
    expect(order('12345678')).to.include('2:phone/phoneEnds==12345678');
    expect(order('123456789')).not.to.include('2:phone/phoneEnds==123456789');
  });

  it('issue #18: phoneEnds holds the last 4 to 8 digits, phoneTails the longer ends, never the number itself', () => {
    expect(phoneEnds('15550102030')).to.deep.equal(['50102030', '0102030', '102030', '02030', '2030']);
    expect(phoneEnds('12345')).to.deep.equal(['2345']);
    expect(phoneEnds('1234')).to.deep.equal([]);
    expect(phoneEnds('1'.repeat(16))).to.deep.equal([]);
    expect(phoneTails('15550102030')).to.deep.equal(['5550102030', '550102030']);
  });

  it('six digits or more: the tails of numbers (no country code) come after email, before requests', () => {
    expect(order('600 123')).to.deep.equal([
      '1:name/names=600 123',
      '1:phone/phones=600123',
      '1:email/emails=600 123',
      '2:phone/phoneTails=600123',
      '2:phone/phoneEnds==600123',
      '2:request/titles=600 123',
      '2:tag/tags=600 123',
    ]);
  });

  it('reads requests and activities for their customers, customers for the rest', () => {
    const kinds = searchPaths(planQuery('600 123 456')).map((p) => `${p.keys}:${p.kind}`);
    expect(kinds).to.deep.equal(['names:customer', 'phones:customer', 'emails:customer', 'phoneTails:customer', 'titles:request', 'tags:activity']);
  });
});
