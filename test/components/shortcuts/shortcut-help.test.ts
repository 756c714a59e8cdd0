import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../../src/components/shortcut-help/define.js';
import type { ShortcutHelp } from '../../../src/components/shortcut-help/shortcut-help.js';
import { resolveKeymap } from '../../../src/components/shared/keymap.js';
import { deepActive } from '../../helpers/gadget.js';

function rows(el: ShortcutHelp): Array<{ action: string; shown: string; spoken: string }> {
  return [...el.shadowRoot!.querySelectorAll('tbody tr')].map((row) => {
    const caps = [...row.querySelectorAll('kbd')];
    return {
      action: row.getAttribute('data-action')!,
      shown: caps.map((k) => (k.querySelector('[aria-hidden=true]') ?? k).textContent!.trim()).join(' '),
      spoken: caps.map((k) => (k.querySelector('.visually-hidden') ?? k).textContent!.trim()).join(' '),
    };
  });
}
const dialog = (el: ShortcutHelp) => el.shadowRoot!.querySelector('dialog')!;

describe('<cc-shortcut-help>', () => {
  it('on its own: the defaults of the platform, Care actions only with care, each row named', async () => {
    const el = await fixture<ShortcutHelp>(html`<cc-shortcut-help platform="other"></cc-shortcut-help>`);
    expect(rows(el).map((r) => r.action)).to.deep.equal(['save', 'close', 'closeRequest', 'search', 'next', 'previous', 'customerForm', 'note', 'move', 'help']);
    expect(rows(el)[0]).to.deep.equal({ action: 'save', shown: 'Ctrl S', spoken: 'Ctrl S' });
    el.care = true;
    await el.updateComplete;
    expect(rows(el).map((r) => r.action)).to.include.members(['accept', 'ready', 'notReady']);
    expect(rows(el).find((r) => r.action === 'accept')).to.deep.equal({ action: 'accept', shown: 'Alt Shift Enter', spoken: 'Alt Shift Enter' });
  });

  it('on a Mac: ⌘ ⌥ ⇧ and the arrows as signs, each read by its name; the note on ⌥⇧ in text fields', async () => {
    const el = await fixture<ShortcutHelp>(html`<cc-shortcut-help platform="mac"></cc-shortcut-help>`);
    el.keymap = resolveKeymap(undefined, 'mac').keymap;
    await el.updateComplete;
    const byAction = Object.fromEntries(rows(el).map((r) => [r.action, r]));
    expect(byAction['save']).to.deep.include({ shown: '⌘ S', spoken: 'Command S' });
    expect(byAction['next']).to.deep.include({ shown: '⌥ ⇧ ↓', spoken: 'Option Shift Down arrow' });
    expect(el.shadowRoot!.textContent).to.contain('On a Mac, the ⌥⇧ shortcuts do not act in a text field');
  });

  it('lists the host keymap: remapped keys, turned-off actions left out; an empty keymap hides it all', async () => {
    const el = await fixture<ShortcutHelp>(html`<cc-shortcut-help platform="other"></cc-shortcut-help>`);
    el.keymap = resolveKeymap({ search: 'Ctrl+Shift+F2', note: null }, 'other').keymap;
    await el.updateComplete;
    expect(rows(el).find((r) => r.action === 'search')?.shown).to.equal('Ctrl Shift F2');
    expect(rows(el).some((r) => r.action === 'note')).to.equal(false);
    expect(el.hidden).to.equal(false);
    el.keymap = resolveKeymap(false, 'other').keymap;
    await el.updateComplete;
    expect(el.hidden).to.equal(true);
    expect(getComputedStyle(el).display).to.equal('none');
  });

  it('the button opens it, focus on Close; Escape closes it and focus goes back to the button; axe open and closed', async () => {
    const el = await fixture<ShortcutHelp>(html`<cc-shortcut-help platform="other"></cc-shortcut-help>`);
    await expect(el).to.be.accessible();
    const button = el.shadowRoot!.querySelector<HTMLButtonElement>('[part=button]')!;
    expect(button.getAttribute('aria-haspopup')).to.equal('dialog');
    button.focus();
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => dialog(el).open, 'open');
    expect(el.open).to.equal(true);
    expect(deepActive()?.textContent?.trim()).to.equal('Close');
    expect(dialog(el).getAttribute('aria-labelledby')).to.equal('shortcuts-title');
    await expect(el).to.be.accessible();
    await sendKeys({ press: 'Escape' });
    await waitUntil(() => !dialog(el).open, 'closed');
    await waitUntil(() => deepActive() === button, 'focus back on the button');
  });

  it('show() from elsewhere gives focus back there; focus the agent moved meanwhile is not taken back', async () => {
    const wrapper = await fixture<HTMLDivElement>(html`<div><input id="before" /><cc-shortcut-help platform="other"></cc-shortcut-help><input id="after" /></div>`);
    const el = wrapper.querySelector('cc-shortcut-help')!;
    const before = wrapper.querySelector<HTMLInputElement>('#before')!;
    before.focus();
    await el.show();
    expect(dialog(el).open).to.equal(true);
    el.close();
    await waitUntil(() => document.activeElement === before, 'focus back where it was');
    // Opened again, then the page moves focus and closes it: focus stays where the page put it.
    await el.show();
    const after = wrapper.querySelector<HTMLInputElement>('#after')!;
    el.close();
    after.focus();
    await el.updateComplete;
    expect(document.activeElement).to.equal(after);
  });
});
