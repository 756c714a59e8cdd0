import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../../src/components/tag-input/define.js';
import type { TagInput, TagSuggestDetail, TagsChangeDetail } from '../../../src/components/tag-input/tag-input.js';
import '../../helpers/a11y.js';

// Issue #18, item 7: tags used before, as an ARIA combobox (list autocomplete) on the tag input.

type Change = CustomEvent<TagsChangeDetail>;
type Suggest = CustomEvent<TagSuggestDetail>;

const USED = [
  { tag: 'Facturación', count: 12 },
  { tag: 'Fax', count: 3 },
  { tag: 'Fibre outage', count: 1 },
];

/** A tag input whose host answers every `cc-tag-suggest` with `answer(prefix)`, as `<customer-context>` does. */
async function suggesting(tags: string[] = [], answer = (prefix: string) => (prefix ? USED : [])): Promise<{ el: TagInput; asked: string[] }> {
  const asked: string[] = [];
  const el = await fixture<TagInput>(html`<tag-input .tags=${tags}></tag-input>`);
  el.addEventListener('cc-tag-suggest', (e) => {
    asked.push(e.detail.prefix);
    el.suggestions = answer(e.detail.prefix);
  });
  await el.updateComplete;
  return { el, asked };
}

const input = (el: TagInput) => el.shadowRoot!.querySelector('input')!;
const listbox = (el: TagInput) => el.shadowRoot!.querySelector<HTMLElement>('[role="listbox"]')!;
const options = (el: TagInput) => [...el.shadowRoot!.querySelectorAll<HTMLElement>('[role="option"]')];
const optionTexts = (el: TagInput) => options(el).map((o) => o.querySelector('.suggestion-text')!.textContent);
const active = (el: TagInput) => {
  const id = input(el).getAttribute('aria-activedescendant');
  return id ? el.shadowRoot!.getElementById(id)?.querySelector('.suggestion-text')?.textContent ?? `missing ${id}` : null;
};

async function type(el: TagInput, text: string): Promise<void> {
  el.focus();
  await sendKeys({ type: text });
  await el.updateComplete;
}

async function press(el: TagInput, key: string): Promise<void> {
  await sendKeys({ press: key });
  await el.updateComplete;
}

describe('tag-input: tags used before (issue #18, item 7)', () => {
  it('is a combobox: collapsed with nothing typed, expanded with the suggestions as options of the listbox it controls', async () => {
    const { el, asked } = await suggesting();
    const field = input(el);
    expect(field.getAttribute('role')).to.equal('combobox');
    expect(field.getAttribute('aria-autocomplete')).to.equal('list');
    expect(field.getAttribute('aria-controls')).to.equal(listbox(el).id);
    expect(field.getAttribute('aria-expanded')).to.equal('false');
    expect(listbox(el).hidden).to.equal(true);

    await type(el, 'f');
    expect(asked).to.deep.equal(['f']);
    expect(field.getAttribute('aria-expanded')).to.equal('true');
    expect(listbox(el).hidden).to.equal(false);
    expect(optionTexts(el)).to.deep.equal(['Facturación', 'Fax', 'Fibre outage']);
    expect(options(el)[0]!.textContent).to.contain('used 12 times');
    expect(options(el)[2]!.textContent).to.contain('used once');
    expect(field.hasAttribute('aria-activedescendant')).to.equal(false);
  });

  it('fires cc-tag-suggest on typing only, never when code sets tags or suggestions', async () => {
    const { el, asked } = await suggesting();
    el.tags = ['x'];
    el.suggestions = USED;
    await el.updateComplete;
    expect(asked).to.deep.equal([]);
    el.focus();
    const event = oneEvent<Suggest>(el, 'cc-tag-suggest');
    await sendKeys({ type: ' F' });
    const { detail, bubbles, composed } = await event;
    expect([detail, bubbles, composed]).to.deep.equal([{ prefix: '' }, true, true]);
    await el.updateComplete;
    expect(asked).to.deep.equal(['', 'F']);
  });

  it('ArrowDown and ArrowUp move the active option (wrapping), focus stays in the input, Enter takes the option', async function () {
    // axe's first run in a page is slow on a busy machine.
    this.timeout(30_000);
    const { el } = await suggesting(['Billing']);
    await type(el, 'f');
    await press(el, 'ArrowDown');
    expect(active(el)).to.equal('Facturación');
    expect(options(el)[0]!.getAttribute('aria-selected')).to.equal('true');
    await press(el, 'ArrowDown');
    expect(active(el)).to.equal('Fax');
    await press(el, 'ArrowDown');
    await press(el, 'ArrowDown');
    expect(active(el)).to.equal('Facturación');
    await press(el, 'ArrowUp');
    expect(active(el)).to.equal('Fibre outage');
    expect(el.shadowRoot!.activeElement).to.equal(input(el));
    await expect(el).to.be.accessible();

    const change = oneEvent<Change>(el, 'cc-tags-change');
    await press(el, 'Enter');
    expect((await change).detail).to.deep.equal({ tags: ['Billing', 'Fibre outage'], added: 'Fibre outage' });
    await el.updateComplete;
    expect(input(el).value).to.equal('');
    expect(input(el).getAttribute('aria-expanded')).to.equal('false');
    expect(input(el).hasAttribute('aria-activedescendant')).to.equal(false);
  });

  it('R3 unchanged: without an active option, Enter and Tab add what was typed', async () => {
    const { el } = await suggesting();
    await type(el, 'Fa');
    const change = oneEvent<Change>(el, 'cc-tags-change');
    await press(el, 'Enter');
    expect((await change).detail.added).to.equal('Fa');
    await type(el, 'fib');
    const tabbed = oneEvent<Change>(el, 'cc-tags-change');
    await press(el, 'Tab');
    expect((await tabbed).detail.added).to.equal('fib');
    expect(el.tags).to.deep.equal(['Fa', 'fib']);
  });

  it('Tab takes the option the arrows are on', async () => {
    const { el } = await suggesting();
    await type(el, 'f');
    await press(el, 'ArrowDown');
    const change = oneEvent<Change>(el, 'cc-tags-change');
    await press(el, 'Tab');
    expect((await change).detail.added).to.equal('Facturación');
    expect(el.shadowRoot!.activeElement).to.equal(input(el));
  });

  it('Escape closes the list (not the dialog around it), keeps the text; typing or ArrowDown opens it again', async () => {
    const wrapper = await fixture<HTMLDivElement>(html`<div><tag-input></tag-input></div>`);
    const el = wrapper.querySelector('tag-input')!;
    el.addEventListener('cc-tag-suggest', (e) => (el.suggestions = e.detail.prefix ? USED : []));
    const escapes: Event[] = [];
    wrapper.addEventListener('keydown', (e) => e.key === 'Escape' && escapes.push(e));
    await type(el, 'f');
    await press(el, 'ArrowDown');
    await press(el, 'Escape');
    expect(input(el).getAttribute('aria-expanded')).to.equal('false');
    expect(listbox(el).hidden).to.equal(true);
    expect(input(el).value).to.equal('f');
    expect(escapes).to.have.length(0);
    // Enter now adds what was typed, not the option that was active.
    await press(el, 'ArrowDown');
    expect(input(el).getAttribute('aria-expanded')).to.equal('true');
    expect(active(el)).to.equal('Facturación');
    await press(el, 'Escape');
    // A second Escape, the list closed: the element leaves it to the page.
    await press(el, 'Escape');
    expect(escapes).to.have.length(1);
    await sendKeys({ type: 'a' });
    await el.updateComplete;
    expect(input(el).getAttribute('aria-expanded')).to.equal('true');
    expect(active(el)).to.equal(null);
    const change = oneEvent<Change>(el, 'cc-tags-change');
    await press(el, 'Enter');
    expect((await change).detail.added).to.equal('fa');
  });

  it('never suggests a tag already on the activity (case and spaces ignored); nothing left, no list', async () => {
    const { el } = await suggesting(['FAX', 'facturación ']);
    await type(el, 'f');
    expect(optionTexts(el)).to.deep.equal(['Fibre outage']);
    el.tags = ['FAX', 'facturación', 'fibre OUTAGE'];
    await el.updateComplete;
    expect(input(el).getAttribute('aria-expanded')).to.equal('false');
    expect(listbox(el).hidden).to.equal(true);
  });

  it('an answer for fewer letters, the one for more still on its way, shows only what still fits (accents and case ignored)', async () => {
    // A host whose answers lag: every answer is the one for "f".
    const { el } = await suggesting([], () => USED);
    await type(el, 'FACT');
    expect(optionTexts(el)).to.deep.equal(['Facturación']);
    await sendKeys({ type: 'x' });
    await el.updateComplete;
    expect(input(el).getAttribute('aria-expanded')).to.equal('false');
  });

  it('a click on a suggestion adds it and keeps the caret in the input', async () => {
    const { el } = await suggesting();
    await type(el, 'f');
    const change = oneEvent<Change>(el, 'cc-tags-change');
    options(el)[1]!.click();
    expect((await change).detail.added).to.equal('Fax');
    await el.updateComplete;
    expect(el.shadowRoot!.activeElement).to.equal(input(el));
  });

  it('the list shows only while the input has focus, and renders tags as text', async () => {
    const wrapper = await fixture<HTMLDivElement>(html`<div><tag-input></tag-input><button>after</button></div>`);
    const el = wrapper.querySelector('tag-input')!;
    el.addEventListener('cc-tag-suggest', () => (el.suggestions = [{ tag: '<img src=x onerror=alert(1)>', count: 2 }]));
    await type(el, '<');
    expect(optionTexts(el)).to.deep.equal(['<img src=x onerror=alert(1)>']);
    expect(el.shadowRoot!.querySelector('img')).to.equal(null);
    wrapper.querySelector('button')!.focus();
    await el.updateComplete;
    expect(input(el).getAttribute('aria-expanded')).to.equal('false');
  });

  it('a late answer for an emptied input shows nothing (empty input: never a list)', async () => {
    const { el } = await suggesting([], () => []);
    await type(el, 'f');
    await press(el, 'Backspace');
    el.suggestions = USED;
    await el.updateComplete;
    expect(input(el).getAttribute('aria-expanded')).to.equal('false');
    expect(await press(el, 'ArrowDown')).to.equal(undefined);
    expect(active(el)).to.equal(null);
  });
});
