import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../../src/components/merge-dialog/define.js';
import '../../../src/components/duplicate-list/define.js';
import type { MergeDialog, MergeDialogPlan } from '../../../src/components/merge-dialog/merge-dialog.js';
import type { MergeNote } from '../../../src/components/merge-dialog/merge-note.js';
import type { DuplicateList } from '../../../src/components/duplicate-list/duplicate-list.js';
import type { Customer, CustomerData } from '../../../src/model/index.js';
import { planMerge } from '../../../src/session/merge-customers.js';
import '../../helpers/a11y.js';
import { customer } from '../../helpers/data.js';

// Issue #19 item 2: the "Merge with…" dialog, the "Merged · Undo" note and the list of likely duplicates, on their own.

const stamp = (id: string, data: CustomerData): Customer => ({ ...data, type: 'customer', id, rev: '1-a', createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z', updatedBy: 'x' });
const ana = stamp('customer:ana', customer({ name: 'Ana', lastName: 'García', phones: ['+34 600 000 001'], address: 'Calle 1' }));
const anna = stamp('customer:anna', customer({ name: 'Anna', lastName: 'García', phones: ['+34 600 000 002'], emails: ['anna@x.es'], address: 'Calle 2' }));

function active(el: Element): Element | null {
  return el.shadowRoot!.activeElement;
}
function text(node: Element | null | undefined): string {
  return (node?.textContent ?? '').replace(/\s+/g, ' ').trim();
}

describe('<cc-merge-dialog>', function () {
  this.timeout(30_000);
  async function opened(): Promise<{ dialog: MergeDialog; opener: HTMLButtonElement }> {
    const wrap = await fixture<HTMLDivElement>(html`<div><button id="opener">Merge with…</button><cc-merge-dialog .customer=${ana}></cc-merge-dialog></div>`);
    const opener = wrap.querySelector<HTMLButtonElement>('#opener')!;
    const dialog = wrap.querySelector('cc-merge-dialog')!;
    opener.focus();
    await dialog.show();
    return { dialog, opener };
  }

  it('keyboard all the way: search, pick, choose per field with arrows, confirm naming both, progress, focus back', async () => {
    const { dialog, opener } = await opened();
    expect(active(dialog)?.getAttribute('type'), 'focus starts in the search field').to.equal('search');
    const searched = oneEvent(dialog, 'cc-merge-search');
    await sendKeys({ type: 'Anna' });
    expect((await searched).detail.query).to.equal('A');
    // An answer for an older query is not shown for the field as it is.
    dialog.results = { query: 'An', customers: [anna] };
    await dialog.updateComplete;
    expect(dialog.shadowRoot!.querySelector('ul.results')).to.equal(null);
    dialog.results = { query: 'Anna', customers: [ana, anna] };
    await dialog.updateComplete;
    const found = [...dialog.shadowRoot!.querySelectorAll('ul.results button')];
    expect(found.map(text), 'never the customer itself').to.deep.equal(['Anna García · +34 600 000 002 · anna@x.es']);
    await expect(dialog).to.be.accessible();
    await sendKeys({ press: 'Tab' });
    expect(active(dialog)).to.equal(found[0]);
    const planned = oneEvent(dialog, 'cc-merge-plan');
    await sendKeys({ press: 'Enter' });
    expect((await planned).detail).to.deep.equal({ customerId: ana.id, otherId: anna.id });

    const plan: MergeDialogPlan = { ...planMerge(ana, anna), reason: 'older' };
    dialog.plan = plan;
    await dialog.updateComplete;
    await dialog.updateComplete;
    const root = dialog.shadowRoot!;
    expect(active(dialog)?.getAttribute('name'), 'focus on the record that stays').to.equal('survivor');
    expect(text(root.querySelector('dialog'))).to.contain('Suggested: it is the older record.');
    const legends = [...root.querySelectorAll('legend')].map(text);
    expect(legends).to.deep.equal(['Which record stays', 'First name', 'Address', 'Kept from both']);
    expect(text(root.querySelector('dl.kept'))).to.contain('+34 600 000 001, +34 600 000 002').and.contain('anna@x.es');
    await expect(dialog).to.be.accessible();
    // The first name: Anna's, by keyboard (arrows move within the radio group).
    const nameRadios = [...root.querySelectorAll<HTMLInputElement>('input[name="choice-name"]')];
    nameRadios[0]!.focus();
    await sendKeys({ press: 'ArrowDown' });
    await dialog.updateComplete;
    expect(nameRadios[1]!.checked).to.equal(true);

    const next = [...root.querySelectorAll('button')].find((b) => text(b) === 'Next')!;
    next.focus();
    await sendKeys({ press: 'Enter' });
    await dialog.updateComplete;
    await dialog.updateComplete;
    expect(text(root.querySelector('[part=confirm-text]'))).to.contain('The requests and activities of Anna García move to Ana García');
    expect(text(root.querySelector('h2'))).to.equal('Merge Anna García into Ana García?');
    expect(text(active(dialog)), 'focus on Merge').to.equal('Merge');
    await expect(dialog).to.be.accessible();
    const confirmed = oneEvent(dialog, 'cc-merge-confirm');
    await sendKeys({ press: 'Enter' });
    const { detail } = await confirmed;
    expect(detail.choices).to.deep.equal({ name: 'duplicate', address: 'survivor' });
    dialog.progress = { done: 1000, total: 2000 };
    await dialog.updateComplete;
    expect(text(root.querySelector('[role=status]'))).to.equal('Moving 1,000 of 2,000 requests and activities…');
    // Escape does not stop a merge that runs.
    await sendKeys({ press: 'Escape' });
    expect(dialog.open).to.equal(true);
    await dialog.finish();
    expect(dialog.open).to.equal(false);
    expect(document.activeElement, 'focus back on what opened it').to.equal(opener);
  });

  it('Escape before the merge cancels; a refusal keeps the dialog on the fields, said in an alert', async () => {
    const { dialog, opener } = await opened();
    dialog.plan = { ...planMerge(ana, anna), reason: 'chosen' };
    await dialog.updateComplete;
    dialog.problem = 'Another agent changed one of these customers meanwhile.';
    await dialog.finish();
    await dialog.updateComplete;
    expect(dialog.open).to.equal(true);
    expect(text(dialog.shadowRoot!.querySelector('[role=alert]'))).to.contain('Another agent');
    const cancelled = oneEvent(dialog, 'cc-merge-cancel');
    await sendKeys({ press: 'Escape' });
    await cancelled;
    expect(dialog.open).to.equal(false);
    expect(document.activeElement).to.equal(opener);
  });

  it('choosing which record stays asks for a new plan; a union too long refuses Next', async () => {
    const { dialog } = await opened();
    const many = (p: string) => Array.from({ length: 60 }, (_, i) => `${p}${i}@x.es`);
    dialog.plan = { ...planMerge(stamp('customer:a', customer({ name: 'A', emails: many('a') })), stamp('customer:b', customer({ name: 'B', emails: many('b') }))), reason: 'older' };
    await dialog.updateComplete;
    const root = dialog.shadowRoot!;
    expect([...root.querySelectorAll('button')].find((b) => text(b) === 'Next')!.disabled).to.equal(true);
    expect(text(root.querySelector('[role=alert]'))).to.contain('more contact points or fields than one customer can hold');
    const asked = oneEvent(dialog, 'cc-merge-plan');
    root.querySelectorAll<HTMLInputElement>('input[name="survivor"]')[1]!.click();
    expect((await asked).detail.survivorId).to.equal('customer:b');
  });
});

describe('<cc-merge-note>', function () {
  this.timeout(30_000);
  it('"Merged · Undo" with the name; Undo fires for the survivor; progress while running', async () => {
    const note = await fixture<MergeNote>(html`<cc-merge-note .done=${{ survivorId: 's', duplicateId: 'd', duplicateName: 'Anna' }}></cc-merge-note>`);
    expect(text(note.shadowRoot!.querySelector('[part=note]'))).to.contain('Merged: Anna is now part of this customer.');
    await expect(note).to.be.accessible();
    note.shadowRoot!.querySelector<HTMLButtonElement>('[part=undo-button]')!.focus();
    const undo = oneEvent(note, 'cc-merge-undo');
    await sendKeys({ press: 'Enter' });
    expect((await undo).detail).to.deep.equal({ survivorId: 's' });
    note.running = { survivorId: 's', duplicateId: 'd', undo: true, progress: { done: 3, total: 10 } };
    await note.updateComplete;
    expect(text(note.shadowRoot!.querySelector('[part=note]'))).to.equal('Undoing the merge: 3 of 10 moved back…');
  });
});

describe('<cc-duplicate-list>', function () {
  this.timeout(30_000);
  it('each likely duplicate with why, and "Use this one" by keyboard; nothing when empty', async () => {
    const list = await fixture<DuplicateList>(html`<cc-duplicate-list></cc-duplicate-list>`);
    expect(list.shadowRoot!.querySelector('section')).to.equal(null);
    list.duplicates = [
      { customer: anna, reasons: ['email', 'name-similar'] },
      { customer: ana, reasons: ['phone-tail'] },
    ];
    await list.updateComplete;
    const items = [...list.shadowRoot!.querySelectorAll('[part=item]')];
    expect(items.map(text)).to.deep.equal([
      'Anna García · +34 600 000 002 · anna@x.es Same email, Similar name Use this one',
      'Ana García · +34 600 000 001 Phone ends the same Use this one',
    ]);
    await expect(list).to.be.accessible();
    const buttons = list.shadowRoot!.querySelectorAll<HTMLButtonElement>('[part=use-button]');
    expect(buttons[1]!.getAttribute('aria-label')).to.equal('Use this one: Ana García');
    buttons[0]!.focus();
    await sendKeys({ press: 'Tab' });
    const used = oneEvent(list, 'cc-duplicate-use');
    await sendKeys({ press: 'Space' });
    expect((await used).detail).to.deep.equal({ customerId: ana.id });
  });
});
