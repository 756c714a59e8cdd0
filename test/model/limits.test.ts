import { expect } from '@open-wc/testing';
import {
  MAX_TAG,
  MAX_TEXT,
  ValidationError,
  checkTag,
  charsLeft,
  tagKey,
  validateData,
} from '../../src/model/index.js';
import { activity, customer, request } from '../helpers/data.js';

function refusal(fn: () => unknown): ValidationError {
  try {
    fn();
  } catch (error) {
    expect(error).to.be.instanceOf(ValidationError);
    return error as ValidationError;
  }
  throw new Error('expected a ValidationError');
}

describe('model limits (R2.3, R3.3)', () => {
  it('takes 2,000 characters in every text field and refuses 2,001, naming the field', () => {
    const fields: Array<[string, () => unknown, () => unknown]> = [
      ['name', () => validateData('customer', customer({ name: 'a'.repeat(MAX_TEXT) })), () => validateData('customer', customer({ name: 'a'.repeat(MAX_TEXT + 1) }))],
      ['address', () => validateData('customer', customer({ address: 'a'.repeat(MAX_TEXT) })), () => validateData('customer', customer({ address: 'a'.repeat(MAX_TEXT + 1) }))],
      ['phones.0', () => validateData('customer', customer({ phones: ['1'.repeat(MAX_TEXT)] })), () => validateData('customer', customer({ phones: ['1'.repeat(MAX_TEXT + 1)] }))],
      ['fields.note', () => validateData('customer', customer({ fields: { note: 'x'.repeat(MAX_TEXT) } })), () => validateData('customer', customer({ fields: { note: 'x'.repeat(MAX_TEXT + 1) } }))],
      ['title', () => validateData('request', request('c', { title: 't'.repeat(MAX_TEXT) })), () => validateData('request', request('c', { title: 't'.repeat(MAX_TEXT + 1) }))],
      ['description', () => validateData('request', request('c', { description: 'd'.repeat(MAX_TEXT) })), () => validateData('request', request('c', { description: 'd'.repeat(MAX_TEXT + 1) }))],
      ['notes', () => validateData('activity', activity('c', { notes: 'n'.repeat(MAX_TEXT) })), () => validateData('activity', activity('c', { notes: 'n'.repeat(MAX_TEXT + 1) }))],
    ];
    for (const [field, ok, tooLong] of fields) {
      expect(ok, field).not.to.throw();
      const error = refusal(tooLong);
      expect(error.code, field).to.equal('text-too-long');
      expect(error.field).to.equal(field);
      expect(error.limit).to.equal(MAX_TEXT);
    }
  });

  it('takes a 50-character tag and refuses 51', () => {
    expect(checkTag('x'.repeat(MAX_TAG), [])).to.have.length(50);
    const error = refusal(() => checkTag('x'.repeat(MAX_TAG + 1), []));
    expect(error.code).to.equal('tag-too-long');
    expect(error.limit).to.equal(50);
    const viaData = refusal(() => validateData('activity', activity('c', { tags: ['y'.repeat(51)] })));
    expect(viaData.code).to.equal('tag-too-long');
    expect(viaData.field).to.equal('tags.0');
  });

  it('counts a tag after trimming', () => {
    expect(checkTag(`  ${'x'.repeat(50)}  `, [])).to.equal('x'.repeat(50));
  });

  it('treats Billing, " billing " and BILLING as one tag', () => {
    expect(tagKey(' billing ')).to.equal(tagKey('Billing'));
    expect(tagKey('BILLING')).to.equal(tagKey('Billing'));
    expect(refusal(() => checkTag(' billing ', ['Billing'])).code).to.equal('tag-duplicate');
    expect(refusal(() => checkTag('BILLING', ['Billing'])).code).to.equal('tag-duplicate');
    const error = refusal(() => validateData('activity', activity('c', { tags: ['Billing', ' billing '] })));
    expect(error.code).to.equal('tag-duplicate');
    expect(error.field).to.equal('tags.1');
  });

  it('refuses an empty tag and trims stored tags', () => {
    expect(refusal(() => checkTag('   ', [])).code).to.equal('tag-empty');
    expect(validateData('activity', activity('c', { tags: ['  VIP '] })).tags).to.deep.equal(['VIP']);
  });

  it('refuses wrong shapes with a typed error naming the field', () => {
    const error = refusal(() => validateData('request', { ...request('c'), status: 'pending' }));
    expect(error.code).to.equal('invalid');
    expect(error.field).to.equal('status');
    expect(refusal(() => validateData('activity', { ...activity('c'), channel: 'fax' })).field).to.equal('channel');
    expect(refusal(() => validateData('activity', { ...activity('c'), at: 'yesterday' })).field).to.equal('at');
  });

  it('stores dates in one canonical UTC form', () => {
    const clean = validateData('activity', activity('c', { at: '2026-03-01T10:00:00+01:00' }));
    expect(clean.at).to.equal('2026-03-01T09:00:00.000Z');
  });

  it('tells how many characters are left', () => {
    expect(charsLeft('')).to.equal(2000);
    expect(charsLeft('a'.repeat(1990))).to.equal(10);
    expect(charsLeft('a'.repeat(2001))).to.equal(0);
  });
});
