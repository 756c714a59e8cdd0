import { expect } from '@open-wc/testing';
import { MAX_ITEMS, MAX_TEXT, readRecord, validateRecord, type AnyRecord, type Kind } from '../../src/model/index.js';
import { activity, customer, request } from '../helpers/data.js';

/**
 * `readRecord` (#16 item 3): a stored record that keeps the model's rules comes
 * out untouched; one that breaks them comes out within the rules (what
 * `validateRecord` accepts) with `damage` naming each field changed.
 */
const meta = { rev: '1-a', createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z', updatedBy: 'x' };
const VALID: Record<Kind, AnyRecord> = {
  customer: { ...customer({ phones: ['+34 600'], fields: { plan: 'gold' } }), ...meta, type: 'customer', id: 'customer:1' },
  request: { ...request('customer:1'), ...meta, type: 'request', id: 'request:1' },
  activity: { ...activity('customer:1', { tags: ['vip', 'billing'] }), ...meta, type: 'activity', id: 'activity:1' },
};

/** Ways to break one field, and whether the field then had the wrong type (`invalid`) rather than only being too big. */
const BREAKS: Array<[string, (value: unknown) => unknown, boolean]> = [
  ['over the limit', (value) => (typeof value === 'string' ? value + 'x'.repeat(MAX_TEXT + 1) : Array.isArray(value) ? Array.from({ length: MAX_ITEMS + 1 }, (_, i) => `item ${i}`) : value), false],
  ['a number', () => 42, true],
  ['missing', () => undefined, true],
  ['an object', () => ({ nested: true }), true],
];

describe('readRecord: stored records read through the model', () => {
  for (const [kind, record] of Object.entries(VALID) as Array<[Kind, AnyRecord]>) {
    it(`a valid ${kind} is returned as it is, without damage`, () => {
      expect(() => validateRecord(record)).to.not.throw();
      const read = readRecord(kind, record as unknown as Record<string, unknown>);
      expect(read).to.equal(record);
      expect(read.damage).to.equal(undefined);
    });

    for (const field of Object.keys(record).filter((f) => !['type', 'id', 'rev'].includes(f))) {
      for (const [how, breakIt, invalid] of BREAKS) {
        const value = breakIt((record as unknown as Record<string, unknown>)[field]);
        if (value === (record as unknown as Record<string, unknown>)[field]) continue;
        it(`a ${kind} whose ${field} is ${how} comes out within the rules, the field named`, () => {
          const raw: Record<string, unknown> = { ...record, [field]: value };
          if (value === undefined) delete raw[field];
          // Only where the model refuses it too: nullable fields take null, free fields an object.
          let modelRefuses = false;
          try {
            validateRecord(raw as unknown as AnyRecord);
          } catch {
            modelRefuses = true;
          }
          const read = readRecord(kind, raw);
          expect(Boolean(read.damage), `damage for ${field} ${how}`).to.equal(modelRefuses || field === 'updatedBy' || field === 'createdAt' || field === 'updatedAt');
          if (!read.damage) return;
          expect(read.damage.fields).to.include(field);
          if (invalid) expect(read.damage.invalid).to.equal(true);
          const clean = Object.fromEntries(Object.entries(read).filter(([key]) => key !== 'damage')) as unknown as AnyRecord;
          expect(() => validateRecord(clean)).to.not.throw();
          expect(JSON.stringify(read).length).to.be.below(JSON.stringify(record).length + MAX_TEXT * 2 + MAX_ITEMS * 20);
        });
      }
    }
  }

  it('keeps no __proto__, constructor or prototype key from stored free fields, and pollutes nothing', () => {
    const raw = JSON.parse(`{"type":"customer","id":"customer:p","name":"P","phones":[],"emails":[],"chatIds":[],"address":"","createdAt":"${meta.createdAt}","updatedAt":"${meta.updatedAt}","updatedBy":"x","rev":"1","fields":{"__proto__":{"polluted":true},"constructor":"c","ok":"kept"}}`) as Record<string, unknown>;
    const read = readRecord('customer', raw);
    expect(Object.keys(read.fields)).to.deep.equal(['ok']);
    expect(read.damage).to.deep.equal({ fields: ['fields'], invalid: true });
    expect(({} as Record<string, unknown>).polluted).to.equal(undefined);
  });

  it('10,000 and duplicate tags: at most 100, unique, trimmed', () => {
    const raw = { ...VALID.activity, tags: [' vip ', 'VIP', '', ...Array.from({ length: 10_000 }, (_, i) => `t${i}`)] } as unknown as Record<string, unknown>;
    const read = readRecord('activity', raw);
    expect(read.tags.length).to.be.at.most(MAX_ITEMS);
    expect(read.tags[0]).to.equal('vip');
    expect(new Set(read.tags.map((t) => t.toLowerCase())).size).to.equal(read.tags.length);
    expect(read.damage?.fields).to.deep.equal(['tags']);
  });
});
