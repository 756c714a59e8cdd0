import { expect } from '@open-wc/testing';
import { MAX_ITEMS, MAX_TEXT, ValidationError, fullName, mergedInto, readRecord, sameData, validateData, type Customer } from '../../src/model/index.js';
import { activity, customer } from '../helpers/data.js';

/**
 * The fields issue #19 added to the model: a customer's `lastName`, the merge
 * pointers `mergedInto` / `mergedFrom`, an activity's `movedFrom`. Older
 * records have none of them: absent and empty mean the same, and one form is
 * kept so that "is this the same data?" never sees a change where there is none.
 */
describe('model: lastName, mergedInto, mergedFrom, movedFrom (#19)', () => {
  it('keeps them when they say something', () => {
    const data = validateData('customer', { ...customer(), name: 'Ana María', lastName: 'García', mergedInto: 'customer:2', mergedFrom: ['customer:3'] });
    expect(data).to.include({ name: 'Ana María', lastName: 'García', mergedInto: 'customer:2' });
    expect(data.mergedFrom).to.deep.equal(['customer:3']);
    expect(validateData('activity', { ...activity('customer:1'), movedFrom: 'customer:9' }).movedFrom).to.equal('customer:9');
  });

  it('drops them when they are empty, so an older record and a cleared one are the same data', () => {
    const cleared = validateData('customer', { ...customer(), lastName: '', mergedInto: null, mergedFrom: [] });
    expect(Object.keys(cleared)).to.not.include.members(['lastName', 'mergedInto', 'mergedFrom']);
    expect(sameData(cleared, validateData('customer', customer()))).to.equal(true);
    expect('movedFrom' in validateData('activity', { ...activity('customer:1'), movedFrom: null })).to.equal(false);
  });

  it('enforces the limits of every text field and list on them too', () => {
    const tooLong = (): unknown => validateData('customer', { ...customer(), lastName: 'x'.repeat(MAX_TEXT + 1) });
    expect(tooLong).to.throw(ValidationError).with.property('code', 'text-too-long');
    const tooMany = (): unknown => validateData('customer', { ...customer(), mergedFrom: Array.from({ length: MAX_ITEMS + 1 }, (_, i) => `customer:${i}`) });
    expect(tooMany).to.throw(ValidationError).with.property('code', 'too-many-items');
    expect(() => validateData('activity', { ...activity('customer:1'), movedFrom: 42 })).to.throw(ValidationError).with.property('field', 'movedFrom');
  });

  it('a stored record that broke them is repaired and says so, one that has none is read as it is', () => {
    const meta = { rev: '1-a', createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z', updatedBy: 'x', type: 'customer', id: 'customer:1' };
    const broken = readRecord('customer', { ...customer(), ...meta, lastName: 7, mergedInto: 'x'.repeat(MAX_TEXT + 5), mergedFrom: 'customer:2' });
    expect(broken.lastName).to.equal('');
    expect(broken.mergedInto).to.have.length(MAX_TEXT);
    expect(broken.mergedFrom).to.deep.equal([]);
    expect(broken.damage?.fields).to.include.members(['lastName', 'mergedInto', 'mergedFrom']);
    const older = { ...customer(), ...meta };
    expect(readRecord('customer', older)).to.equal(older);
  });

  it('fullName joins the given and last names; an older record reads as it always did', () => {
    expect(fullName({ name: ' Ana María ', lastName: 'García ' })).to.equal('Ana María García');
    expect(fullName({ name: 'Ana García' })).to.equal('Ana García');
    expect(fullName({ name: '', lastName: 'García' })).to.equal('García');
    expect(fullName({ name: '' })).to.equal('');
    const live: Pick<Customer, 'mergedInto'> = {};
    expect(mergedInto(live)).to.equal(null);
    expect(mergedInto({ mergedInto: 'customer:2' })).to.equal('customer:2');
  });
});
