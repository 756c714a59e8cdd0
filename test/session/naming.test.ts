import { expect } from '@open-wc/testing';
import { fullName, type Contact } from '../../src/model/index.js';
import { DraftStore } from '../../src/session/drafts.js';
import { AgentSession } from '../../src/session/session.js';
import { unsavedFields } from '../../src/session/unsaved.js';
import { customerFromContact, splitContactName, unknownContactWorkspace, withSlot } from '../../src/session/workspace.js';
import type { IndexedDbStore } from '../../src/store/indexeddb-store.js';
import { call, chat } from '../helpers/events.js';
import { customer, freshStore } from '../helpers/data.js';
import { MemoryStorage, until } from '../helpers/session.js';

const info = (from: Contact) => ({ interactionId: 'c1', channel: 'voice' as const, from, subject: '', at: '2026-11-22T10:00:00Z', ended: false });

/**
 * #19 item 3: customers the gadget fills in from the contact, named by Cisco's
 * rule (help.webex.com DOC-14426): the last word is the last name, the others
 * the first name; one word is the first name only.
 */
describe('naming: a new customer from the contact (issue #19 item 3)', () => {
  describe('splitContactName: the last word is the last name', () => {
    const cases: Array<[string | undefined, { name: string; lastName?: string }]> = [
      ['Ana García', { name: 'Ana', lastName: 'García' }],
      ['María José Fernández', { name: 'María José', lastName: 'Fernández' }],
      ['  Zoë   van  Dijk  ', { name: 'Zoë van', lastName: 'Dijk' }],
      ['Søren\tKierkegaard\n', { name: 'Søren', lastName: 'Kierkegaard' }],
      ['Nguyễn Thị Minh Khai', { name: 'Nguyễn Thị Minh', lastName: 'Khai' }],
      ['José-Luis O’Brien', { name: 'José-Luis', lastName: 'O’Brien' }],
      ['Madonna', { name: 'Madonna' }],
      ['   Prince  ', { name: 'Prince' }],
      ['', { name: '' }],
      ['    ', { name: '' }],
      [undefined, { name: '' }],
    ];
    for (const [raw, expected] of cases) {
      it(`${JSON.stringify(raw)} → ${JSON.stringify(expected)}`, () => {
        const split = splitContactName(raw);
        expect(split).to.deep.equal(expected);
        // What is shown is the name with single spaces: nothing typed by the contact is lost but white space.
        expect(fullName(split)).to.equal((raw ?? '').trim().split(/\s+/u).filter(Boolean).join(' '));
      });
    }
  });

  it('customerFromContact: the email to emails, the phone to phones, the chat id to chat ids, the name split', () => {
    expect(customerFromContact({ name: 'Ana García', email: 'ana@example.com', phone: '+34 600 000 001', chatId: 'ana#7' })).to.deep.equal({
      name: 'Ana',
      lastName: 'García',
      phones: ['+34 600 000 001'],
      emails: ['ana@example.com'],
      chatIds: ['ana#7'],
      address: '',
      fields: {},
    });
  });

  it('customerFromContact: a chat-only contact with no name has an empty name and no last name, its chat id kept', () => {
    const made = customerFromContact({ chatId: 'visitor-42' });
    expect(made).to.deep.equal({ name: '', phones: [], emails: [], chatIds: ['visitor-42'], address: '', fields: {} });
    expect(fullName(made)).to.equal('');
  });

  it('the prefilled last name is not the agent\'s change; changing it is, and changing it back is not', () => {
    let w = unknownContactWorkspace(info({ name: 'Ana García', phone: '600' }));
    expect(unsavedFields(w).customer).to.deep.equal([]);
    w = withSlot(w, 'customer', { draft: { ...w.customerDraft, lastName: 'García López' } });
    expect(unsavedFields(w).customer).to.deep.equal(['lastName']);
    w = withSlot(w, 'customer', { draft: { ...w.customerDraft, lastName: 'García' } });
    expect(unsavedFields(w).customer).to.deep.equal([]);
    // Cleared (the form leaves an empty last name out; '' reads the same): unsaved, as any field emptied.
    const cleared = { ...w.customerDraft };
    delete cleared.lastName;
    expect(unsavedFields(withSlot(w, 'customer', { draft: cleared })).customer).to.deep.equal(['lastName']);
    expect(unsavedFields(withSlot(w, 'customer', { draft: { ...cleared, lastName: '' } })).customer).to.deep.equal(['lastName']);
  });

  it('a contact with no name: an empty last name typed and erased again is no change (absent and empty are the same)', () => {
    let w = unknownContactWorkspace(info({ email: 'x@example.com' }));
    w = withSlot(w, 'customer', { draft: { ...w.customerDraft, lastName: '' } });
    expect(unsavedFields(w).customer).to.deep.equal([]);
  });

  describe('in the session, on IndexedDB', () => {
    let store: IndexedDbStore;
    let storage: MemoryStorage;
    let session: AgentSession;
    const make = () => new AgentSession(store, { agentId: 'alice', drafts: new DraftStore('alice', 'naming', storage) });

    beforeEach(async () => {
      store = freshStore();
      storage = new MemoryStorage();
      session = make();
      await session.restore();
    });
    afterEach(async () => {
      session.dispose();
      await store.destroy();
    });

    it('R1.2: a call from an unknown contact fills first and last name and creates nothing until Create; Create keeps both', async () => {
      session.receive(call('c-1', { name: 'Ana María García', phone: '+34 600 999 000', email: 'ana@example.com' }));
      await session.idle();
      const key = session.state.activeKey!;
      const w = session.workspace(key)!;
      expect(w.customer).to.equal(null);
      expect(w.customerDraft).to.deep.include({ name: 'Ana María', lastName: 'García', phones: ['+34 600 999 000'], emails: ['ana@example.com'] });
      expect(await store.findByContact({ phone: '+34 600 999 000' }), 'nothing is created before Create').to.deep.equal([]);

      const outcome = await session.createCustomer(key);
      expect(outcome.ok).to.equal(true);
      const created = session.state.open[0]!.customer!;
      const stored = await store.get('customer', created.id);
      expect(stored).to.deep.include({ name: 'Ana María', lastName: 'García' });
      expect(session.state.open[0]!.customerDraft, 'the draft after Create is the record: nothing unsaved').to.deep.include({ lastName: 'García' });
      expect(session.hasUnsaved(session.state.open[0]!)).to.equal(false);
    });

    it('a one-word contact is the first name only; Create also accepts a last name alone (the agent moved it there)', async () => {
      session.receive(chat('ch-1', { name: 'Madonna', chatId: 'm#1' }));
      await session.idle();
      const key = session.state.activeKey!;
      const draft = session.workspace(key)!.customerDraft;
      expect(draft).to.deep.include({ name: 'Madonna' });
      expect(draft).to.not.have.property('lastName');
      session.editCustomer(key, { ...draft, name: '', lastName: 'Madonna' });
      const outcome = await session.createCustomer(key);
      expect(outcome.ok).to.equal(true);
      const stored = await store.get('customer', session.state.open[0]!.customer!.id);
      expect(stored).to.deep.include({ name: '', lastName: 'Madonna' });
    });

    it('a contact with no name cannot be created until the agent names them (nothing is written)', async () => {
      session.receive(chat('ch-2', { chatId: 'visitor-9' }));
      await session.idle();
      const key = session.state.activeKey!;
      const outcome = await session.createCustomer(key);
      expect(outcome).to.deep.include({ ok: false, reason: 'invalid' });
      expect(await store.findByContact({ chatId: 'visitor-9' })).to.deep.equal([]);
    });

    it('Save keeps an edited last name, and a draft of the last name survives a reload', async () => {
      const ana = await store.create('customer', customer({ name: 'Ana', lastName: 'García', phones: ['600'] }), { by: 'x' });
      await session.reopen(ana.id);
      const w = session.workspace(ana.id)!;
      expect(w.customerDraft, 'read from the record, the last name is in the draft').to.deep.include({ lastName: 'García' });
      // An edit of another field only: Save must not drop the last name it never showed as changed.
      session.editCustomer(ana.id, { ...w.customerDraft, address: 'Calle Mayor 1' });
      expect(session.unsaved(session.workspace(ana.id)!).customer).to.deep.equal(['address']);
      expect((await session.save(ana.id)).ok).to.equal(true);
      expect(await store.get('customer', ana.id)).to.deep.include({ name: 'Ana', lastName: 'García', address: 'Calle Mayor 1' });

      session.editCustomer(ana.id, { ...session.workspace(ana.id)!.customerDraft, lastName: 'García Ruiz' });
      expect(session.unsaved(session.workspace(ana.id)!).customer).to.deep.equal(['lastName']);
      // Reload in the middle: the typed last name is still there, still unsaved.
      session.dispose();
      session = make();
      await session.restore();
      await until(session, () => session.workspace(ana.id) !== undefined);
      const back = session.workspace(ana.id)!;
      expect(back.customerDraft.lastName).to.equal('García Ruiz');
      expect(session.unsaved(back).customer).to.deep.equal(['lastName']);
    });

    it('the Recent list and the Queue name a customer by first and last name', async () => {
      const ana = await store.create('customer', customer({ name: 'Ana', lastName: 'García', phones: ['600'] }), { by: 'x' });
      await session.reopen(ana.id);
      await session.close(ana.id);
      expect(session.state.recent[0]).to.deep.include({ customerId: ana.id, name: 'Ana García' });
      session.receive({ type: 'interaction.offered', interactionId: 'o-1', channel: 'voice', from: { phone: '600' }, at: '2026-11-22T10:00:00Z' });
      await until(session, () => session.state.tasks.some((t) => t.customer?.id === ana.id));
      expect(session.state.tasks.find((t) => t.interactionId === 'o-1')!.customer!.name).to.equal('Ana García');
    });
  });
});
