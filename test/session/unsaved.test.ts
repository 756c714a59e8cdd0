import { expect } from '@open-wc/testing';
import type { Activity, Customer, Request } from '../../src/model/index.js';
import type { InteractionInfo } from '../../src/session/types.js';
import { NO_UNSAVED, referenceOf, unsavedCount, unsavedFields, unsavedOf } from '../../src/session/unsaved.js';
import { customerWorkspace, dirtyKinds, editedRequest, fromSaved, toSaved, unknownContactWorkspace, withRecord, withSlot } from '../../src/session/workspace.js';
import { activity, customer, request } from '../helpers/data.js';

const meta = { rev: '1-a', createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z', updatedBy: 'x' };
const ana: Customer = { ...customer({ name: 'Ana', fields: { Plan: 'Gold' } }), type: 'customer', id: 'customer:ana', ...meta };
const req: Request = { ...request(ana.id, { title: 'Router' }), type: 'request', id: 'request:1', ...meta };
const act: Activity = { ...activity(ana.id, { requestId: req.id }), type: 'activity', id: 'activity:1', ...meta };
const info: InteractionInfo = { interactionId: 'c1', channel: 'voice', from: { phone: '600', name: 'Zoe' }, subject: 'Billing', at: '2026-11-22T10:00:00Z', ended: false };

function known() {
  return withRecord(withRecord(customerWorkspace(ana, { journey: [], journeyHasMore: false }), 'request', req), 'activity', act);
}

describe('unsaved.ts: what the agent changed and has not saved, field by field (issue #18 item 4)', () => {
  it('an unknown contact: nothing is unsaved before the agent types, though every record is new (dirtyKinds still says all three)', () => {
    const w = unknownContactWorkspace(info);
    expect(dirtyKinds(w), 'Save and Close still know the records are not created').to.deep.equal(['customer', 'request', 'activity']);
    expect(unsavedFields(w)).to.equal(NO_UNSAVED);
    expect(unsavedCount(unsavedFields(w))).to.equal(0);
    expect(referenceOf(w, 'customer')).to.deep.include({ name: 'Zoe', phones: ['600'] });
    expect(referenceOf(w, 'request')).to.deep.include({ title: 'Billing' });
  });

  it('an unknown contact: each field the agent changes counts once, and changing it back to the prefilled value uncounts it', () => {
    let w = unknownContactWorkspace(info);
    w = withSlot(w, 'customer', { draft: { ...w.customerDraft, name: 'Zoe Adams', emails: ['z@example.com'] } });
    w = withSlot(w, 'request', { draft: { ...w.requestDraft!, title: 'Billing, twice' } });
    w = withSlot(w, 'activity', { draft: { ...w.activityDraft!, notes: 'Called back', tags: ['vip'] } });
    const unsaved = unsavedFields(w);
    expect(unsaved).to.deep.equal({ customer: ['name', 'emails'], request: ['title'], activity: ['notes', 'tags'] });
    expect(unsavedCount(unsaved)).to.equal(5);
    const back = withSlot(w, 'customer', { draft: { ...w.customerDraft, name: 'Zoe', emails: [] } });
    expect(unsavedFields(back).customer).to.deep.equal([]);
    expect(unsavedCount(unsavedFields(back))).to.equal(3);
  });

  it('ids the gadget sets on records not created yet are not the agent’s changes', () => {
    const w = unknownContactWorkspace(info);
    const moved = withSlot(withSlot(w, 'request', { draft: { ...w.requestDraft!, customerId: 'customer:new' } }), 'activity', {
      draft: { ...w.activityDraft!, customerId: 'customer:new', requestId: 'request:9' },
    });
    expect(unsavedFields(moved)).to.equal(NO_UNSAVED);
  });

  it('a known customer: compared with the saved records; nothing at first', () => {
    const w = known();
    expect(unsavedFields(w)).to.equal(NO_UNSAVED);
    const typed = withSlot(w, 'request', { draft: { ...w.requestDraft!, description: 'No signal' } });
    expect(unsavedFields(typed)).to.deep.equal({ customer: [], request: ['description'], activity: [] });
  });

  it('a status change and the dates it stamps count as one change, “status”', () => {
    const w = known();
    const closed = withSlot(w, 'request', { draft: editedRequest(w.requestDraft!, { status: 'closed' }, '2026-11-22T11:00:00.000Z') });
    expect(unsavedFields(closed).request).to.deep.equal(['status']);
    expect(unsavedCount(unsavedFields(closed))).to.equal(1);
  });

  it('free fields count one by one: added, changed and removed', () => {
    const w = known();
    const edited = withSlot(w, 'customer', { draft: { ...w.customerDraft, fields: { Since: '2020' } } });
    expect(unsavedFields(edited).customer).to.deep.equal(['fields.Plan', 'fields.Since']);
    const changed = withSlot(w, 'customer', { draft: { ...w.customerDraft, fields: { Plan: 'Silver' } } });
    expect(unsavedFields(changed).customer).to.deep.equal(['fields.Plan']);
    expect(unsavedOf('customer', null, w.customerDraft), 'nothing to compare with').to.deep.equal([]);
  });

  it('the same count after a reload: the saved work area gives the same fields (the reference comes from its interaction)', () => {
    let w = unknownContactWorkspace(info);
    w = withSlot(w, 'activity', { draft: { ...w.activityDraft!, notes: 'Wants a callback' } });
    const again = fromSaved(JSON.parse(JSON.stringify(toSaved(w))));
    expect(unsavedFields(again)).to.deep.equal({ customer: [], request: [], activity: ['notes'] });
  });

  it('a saved record: once the draft equals the base again (after Save), nothing is unsaved', () => {
    const w = known();
    const typed = withSlot(w, 'activity', { draft: { ...w.activityDraft!, notes: 'Sent a new router' } });
    expect(unsavedCount(unsavedFields(typed))).to.equal(1);
    const saved = withRecord(typed, 'activity', { ...act, notes: 'Sent a new router', rev: '2-b' });
    expect(unsavedFields(saved)).to.equal(NO_UNSAVED);
  });
});
