import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { resetMouse, sendKeys, sendMouse } from '@web/test-runner-commands';
import '../../../src/components/tag-input/define.js';
import '../../helpers/a11y.js';
import type {
  TagInput,
  TagRefusedDetail,
  TagsChangeDetail,
} from '../../../src/components/tag-input/tag-input.js';

type Change = CustomEvent<TagsChangeDetail>;
type Refused = CustomEvent<TagRefusedDetail>;

async function tagInput(tags: string[] = []): Promise<TagInput> {
  const el = await fixture<TagInput>(html`<tag-input .tags=${tags}></tag-input>`);
  await el.updateComplete;
  return el;
}

function inputOf(el: TagInput): HTMLInputElement {
  return el.shadowRoot!.querySelector('input')!;
}

function removeButtons(el: TagInput): HTMLButtonElement[] {
  return [...el.shadowRoot!.querySelectorAll<HTMLButtonElement>('[part~="remove-button"]')];
}

function removeButton(el: TagInput, tag: string): HTMLButtonElement {
  const button = removeButtons(el).find((b) => b.getAttribute('aria-label') === `Remove tag ${tag}`);
  if (!button) throw new Error(`no remove button for ${tag}`);
  return button;
}

function shownTags(el: TagInput): string[] {
  return [...el.shadowRoot!.querySelectorAll('[role="listitem"] [part~="tag-text"]')].map((n) => n.textContent ?? '');
}

/**
 * What has focus inside the element, by name: 'input', a remove button's
 * accessible name, or 'none'. Assertions compare strings, not elements (a
 * failing comparison of elements is hard to read, and with an input the
 * runner can choke serialising it).
 */
function focused(el: TagInput): string {
  const active = el.shadowRoot!.activeElement;
  if (!active) return 'none';
  if (active === inputOf(el)) return 'input';
  return active.getAttribute('aria-label') ?? active.localName;
}

function statusText(el: TagInput): string {
  return (el.shadowRoot!.querySelector('[role="status"]')!.textContent ?? '').trim();
}

/** Collects every event the element fires, to assert that none (or which) were fired. */
function record(el: TagInput): Event[] {
  const events: Event[] = [];
  el.addEventListener('cc-tags-change', (e) => events.push(e));
  el.addEventListener('cc-tag-refused', (e) => events.push(e));
  return events;
}

async function typeIn(el: TagInput, text: string): Promise<void> {
  el.focus();
  await sendKeys({ type: text });
  await el.updateComplete;
}

describe('tag-input (R3)', () => {
  it('labels the input visibly and renders no list while there are no tags', async () => {
    const el = await tagInput();
    const label = el.shadowRoot!.querySelector('label')!;
    expect(label.textContent?.trim()).to.equal('Tags');
    expect(label.htmlFor).to.equal(inputOf(el).id);
    expect(el.shadowRoot!.querySelectorAll('[role="list"]')).to.have.length(0);
    expect(inputOf(el).hasAttribute('maxlength')).to.equal(false);
    await expect(el).to.be.accessible();
  });

  it('turns the typed text into a tag on Enter, clears the input and fires cc-tags-change', async () => {
    const el = await tagInput();
    await typeIn(el, '  Billing ');
    const event = oneEvent<Change>(el, 'cc-tags-change');
    await sendKeys({ press: 'Enter' });
    const { detail, bubbles, composed, cancelable } = await event;
    expect(detail).to.deep.equal({ tags: ['Billing'], added: 'Billing' });
    expect([bubbles, composed, cancelable]).to.deep.equal([true, true, false]);
    expect(el.tags).to.deep.equal(['Billing']);
    await el.updateComplete;
    expect(inputOf(el).value).to.equal('');
    expect(shownTags(el)).to.deep.equal(['Billing']);
    expect(focused(el)).to.equal('input');
    expect(statusText(el)).to.equal('Tag Billing added.');
  });

  it('turns the typed text into a tag on Tab and keeps focus in the input for the next one', async () => {
    const el = await tagInput(['Billing']);
    await typeIn(el, 'Refund');
    const event = oneEvent<Change>(el, 'cc-tags-change');
    await sendKeys({ press: 'Tab' });
    expect((await event).detail).to.deep.equal({ tags: ['Billing', 'Refund'], added: 'Refund' });
    await el.updateComplete;
    expect(shownTags(el)).to.deep.equal(['Billing', 'Refund']);
    expect(focused(el)).to.equal('input');
  });

  it('lets Tab move focus normally when the input is empty', async () => {
    const wrapper = await fixture<HTMLDivElement>(html`<div><tag-input></tag-input><button>after</button></div>`);
    const el = wrapper.querySelector('tag-input')!;
    const events = record(el);
    el.focus();
    await sendKeys({ press: 'Tab' });
    expect(document.activeElement?.textContent).to.equal('after');
    expect(events).to.have.length(0);
  });

  it('refuses a duplicate (trimmed, case-insensitive), clears it from the input and explains why; the next word starts afresh', async () => {
    const el = await tagInput(['Billing']);
    await typeIn(el, ' billing ');
    const event = oneEvent<Refused>(el, 'cc-tag-refused');
    await sendKeys({ press: 'Enter' });
    const { detail } = await event;
    expect(detail.code).to.equal('tag-duplicate');
    expect(detail.tag).to.equal(' billing ');
    expect(detail.message).to.contain('Billing');
    await el.updateComplete;

    const input = inputOf(el);
    expect(el.tags).to.deep.equal(['Billing']);
    // Issue #18: the duplicate is gone from the input (the tag is there already); the message stays, said once.
    expect(input.value).to.equal('');
    expect(input.hasAttribute('aria-invalid')).to.equal(false);
    const error = el.shadowRoot!.querySelector('[part~="error"]')!;
    expect(error.textContent).to.equal(detail.message);
    expect(input.getAttribute('aria-describedby')!.split(' ')).to.include(error.id);
    expect(statusText(el)).to.equal(detail.message);
    await expect(el).to.be.accessible();

    // The next word does not merge into the refused one; the message stays while it is typed, and goes with the next tag.
    await sendKeys({ type: 'Refund' });
    await el.updateComplete;
    expect(input.value).to.equal('Refund');
    expect(el.shadowRoot!.querySelector('[part~="error"]')?.textContent).to.equal(detail.message);
    const added = oneEvent<Change>(el, 'cc-tags-change');
    await sendKeys({ press: 'Enter' });
    expect((await added).detail.added).to.equal('Refund');
    await el.updateComplete;
    expect(el.shadowRoot!.querySelectorAll('[part~="error"]')).to.have.length(0);
  });

  it('does not trap the keyboard: Tab after a refusal moves focus on', async () => {
    const wrapper = await fixture<HTMLDivElement>(html`<div><tag-input .tags=${['Billing']}></tag-input><button>after</button></div>`);
    const el = wrapper.querySelector('tag-input')!;
    await typeIn(el, 'BILLING');
    const event = oneEvent<Refused>(el, 'cc-tag-refused');
    await sendKeys({ press: 'Tab' });
    expect((await event).detail.code).to.equal('tag-duplicate');
    expect(focused(el)).to.equal('input');
    await sendKeys({ press: 'Tab' });
    expect(document.activeElement?.textContent).to.equal('after');
  });

  it('refuses a 51-character tag and accepts a 50-character one, counting what is left', async () => {
    const el = await tagInput();
    await typeIn(el, 'a'.repeat(51));
    const counter = el.shadowRoot!.querySelector('[part~="counter"]')!;
    expect(counter.textContent).to.equal('1 character too many');
    const refused = oneEvent<Refused>(el, 'cc-tag-refused');
    await sendKeys({ press: 'Enter' });
    expect((await refused).detail.code).to.equal('tag-too-long');
    await el.updateComplete;
    expect(inputOf(el).getAttribute('aria-invalid')).to.equal('true');
    expect(el.tags).to.deep.equal([]);

    await sendKeys({ press: 'Backspace' });
    await el.updateComplete;
    expect(counter.textContent).to.equal('0 characters left');
    const changed = oneEvent<Change>(el, 'cc-tags-change');
    await sendKeys({ press: 'Enter' });
    expect((await changed).detail.added).to.equal('a'.repeat(50));
    await el.updateComplete;
    expect(counter.textContent).to.equal('50 characters left');
  });

  it('refuses an empty tag on Enter', async () => {
    const el = await tagInput();
    el.focus();
    const event = oneEvent<Refused>(el, 'cc-tag-refused');
    await sendKeys({ press: 'Enter' });
    expect((await event).detail).to.include({ code: 'tag-empty', tag: '' });
    await el.updateComplete;
    expect(inputOf(el).getAttribute('aria-invalid')).to.equal('true');
  });

  it('removes the last tag with Backspace in the empty input', async () => {
    const el = await tagInput(['Billing', 'Refund']);
    el.focus();
    const event = oneEvent<Change>(el, 'cc-tags-change');
    await sendKeys({ press: 'Backspace' });
    const { detail, cancelable } = await event;
    expect(detail).to.deep.equal({ tags: ['Billing'], removed: 'Refund' });
    expect(cancelable).to.equal(true);
    await el.updateComplete;
    expect(el.tags).to.deep.equal(['Billing']);
    expect(shownTags(el)).to.deep.equal(['Billing']);
    expect(focused(el)).to.equal('input');
  });

  it('does not remove a tag with Backspace while the input has text', async () => {
    const el = await tagInput(['Billing']);
    const events = record(el);
    await typeIn(el, 'ab');
    await sendKeys({ press: 'Backspace' });
    await el.updateComplete;
    expect(events).to.have.length(0);
    expect(inputOf(el).value).to.equal('a');
    expect(el.tags).to.deep.equal(['Billing']);
  });

  it('removes a focused tag with Delete and moves focus to the next tag, then to the input', async () => {
    const el = await tagInput(['Billing', 'Refund', 'VIP']);
    removeButton(el, 'Refund').focus();
    const event = oneEvent<Change>(el, 'cc-tags-change');
    await sendKeys({ press: 'Delete' });
    expect((await event).detail).to.deep.equal({ tags: ['Billing', 'VIP'], removed: 'Refund' });
    await el.updateComplete;
    expect(shownTags(el)).to.deep.equal(['Billing', 'VIP']);
    expect(focused(el)).to.equal('Remove tag VIP');

    const last = oneEvent<Change>(el, 'cc-tags-change');
    await sendKeys({ press: 'Backspace' });
    expect((await last).detail.removed).to.equal('VIP');
    await el.updateComplete;
    expect(focused(el)).to.equal('input');
    expect(el.tags).to.deep.equal(['Billing']);
  });

  it('removes a tag with a mouse click on its remove button', async () => {
    const el = await tagInput(['Billing', 'Refund']);
    const rect = removeButton(el, 'Billing').getBoundingClientRect();
    const event = oneEvent<Change>(el, 'cc-tags-change');
    try {
      await sendMouse({ type: 'click', position: [Math.round(rect.x + rect.width / 2), Math.round(rect.y + rect.height / 2)] });
    } finally {
      await resetMouse();
    }
    expect((await event).detail).to.deep.equal({ tags: ['Refund'], removed: 'Billing' });
    await el.updateComplete;
    expect(shownTags(el)).to.deep.equal(['Refund']);
  });

  it('keeps the tag when a listener cancels the removal', async () => {
    const el = await tagInput(['Billing', 'Refund']);
    el.addEventListener('cc-tags-change', (e) => e.preventDefault());
    removeButton(el, 'Billing').click();
    await el.updateComplete;
    expect(el.tags).to.deep.equal(['Billing', 'Refund']);
    expect(shownTags(el)).to.deep.equal(['Billing', 'Refund']);

    el.focus();
    await sendKeys({ press: 'Backspace' });
    await el.updateComplete;
    expect(el.tags).to.deep.equal(['Billing', 'Refund']);
  });

  it('moves between tags with the arrow keys, Home and End (one tab stop)', async () => {
    const el = await tagInput(['Billing', 'Refund', 'VIP']);
    const tabStops = () => removeButtons(el).filter((b) => b.tabIndex === 0).map((b) => b.getAttribute('aria-label'));
    expect(tabStops()).to.have.length(1);

    await typeIn(el, 'xy');
    await sendKeys({ press: 'ArrowLeft' });
    expect(focused(el), 'caret not at the start: stays in the input').to.equal('input');
    await sendKeys({ press: 'ArrowLeft' });
    await sendKeys({ press: 'ArrowLeft' });
    expect(focused(el)).to.equal('Remove tag VIP');
    await sendKeys({ press: 'ArrowLeft' });
    expect(focused(el)).to.equal('Remove tag Refund');
    await sendKeys({ press: 'Home' });
    expect(focused(el)).to.equal('Remove tag Billing');
    await sendKeys({ press: 'ArrowLeft' });
    expect(focused(el)).to.equal('Remove tag Billing');
    await el.updateComplete;
    expect(tabStops()).to.deep.equal(['Remove tag Billing']);
    await sendKeys({ press: 'End' });
    expect(focused(el)).to.equal('Remove tag VIP');
    await sendKeys({ press: 'ArrowRight' });
    expect(focused(el)).to.equal('input');
    await el.updateComplete;
    expect(tabStops()).to.deep.equal(['Remove tag VIP']);
    expect(inputOf(el).value).to.equal('xy');
  });

  it('follows right-to-left text for the arrow direction', async () => {
    const wrapper = await fixture<HTMLDivElement>(html`<div dir="rtl"><tag-input .tags=${['a', 'b']}></tag-input></div>`);
    const el = wrapper.querySelector('tag-input')!;
    el.focus();
    await sendKeys({ press: 'ArrowLeft' });
    expect(focused(el)).to.equal('input');
    await sendKeys({ press: 'ArrowRight' });
    expect(focused(el)).to.equal('Remove tag b');
    await sendKeys({ press: 'ArrowRight' });
    expect(focused(el)).to.equal('Remove tag a');
    await sendKeys({ press: 'ArrowLeft' });
    expect(focused(el)).to.equal('Remove tag b');
  });

  it('fires nothing when code sets tags', async () => {
    const el = await tagInput(['Billing']);
    const events = record(el);
    el.tags = ['Refund', 'VIP'];
    await el.updateComplete;
    el.tags = [];
    await el.updateComplete;
    el.tags = ['Billing'];
    await el.updateComplete;
    expect(events).to.have.length(0);
    expect(shownTags(el)).to.deep.equal(['Billing']);
  });

  it('renders a tag as text, never as markup', async () => {
    const evil = '<img src=x onerror=alert(1)>';
    const el = await tagInput([evil]);
    await typeIn(el, '<b>bold</b>');
    const event = oneEvent<Change>(el, 'cc-tags-change');
    await sendKeys({ press: 'Enter' });
    await event;
    await el.updateComplete;
    expect(shownTags(el)).to.deep.equal([evil, '<b>bold</b>']);
    expect(el.shadowRoot!.querySelectorAll('img')).to.have.length(0);
    expect(el.shadowRoot!.querySelectorAll('b')).to.have.length(0);
  });

  it('uses the label and placeholder it is given and blocks edits when disabled', async () => {
    const el = await fixture<TagInput>(html`<tag-input label="Etiquetas" placeholder="Add a tag" disabled .tags=${['Billing']}></tag-input>`);
    const events = record(el);
    expect(el.shadowRoot!.querySelector('label')!.textContent).to.equal('Etiquetas');
    expect(inputOf(el).placeholder).to.equal('Add a tag');
    expect(inputOf(el).disabled).to.equal(true);
    expect(removeButton(el, 'Billing').disabled).to.equal(true);
    removeButton(el, 'Billing').click();
    await el.updateComplete;
    expect(events).to.have.length(0);
    expect(el.tags).to.deep.equal(['Billing']);
    el.disabled = false;
    await el.updateComplete;
    expect(inputOf(el).disabled).to.equal(false);
  });

  it('is accessible with tags', async () => {
    const el = await tagInput(['Billing', 'Refund', 'VIP']);
    const list = el.shadowRoot!.querySelector('[role="list"]')!;
    expect(list.querySelectorAll('[role="listitem"]')).to.have.length(3);
    await expect(el).to.be.accessible();
  });
});

describe('<tag-input> counter (issue #18 item 5: less noise)', () => {
  const visible = (el: TagInput) => getComputedStyle(el.shadowRoot!.querySelector('[part=counter]')!).visibility === 'visible';

  it('shows the characters left while the agent is in the field, and without focus only near the limit (R2.3 still holds)', async () => {
    const el = await tagInput();
    expect(visible(el), 'no focus, nothing typed').to.equal(false);
    inputOf(el).focus();
    await sendKeys({ type: 'factura' });
    await el.updateComplete;
    expect(visible(el), 'typing').to.equal(true);
    expect(el.shadowRoot!.querySelector('[part=counter]')!.textContent).to.contain('43');
    inputOf(el).blur();
    await el.updateComplete;
    expect(visible(el), 'left the field with 43 characters to go').to.equal(false);
    inputOf(el).focus();
    await sendKeys({ type: 'x'.repeat(38) });
    inputOf(el).blur();
    await el.updateComplete;
    expect(visible(el), '5 left: within a tenth of the limit').to.equal(true);
    expect(inputOf(el).getAttribute('aria-describedby')).to.contain('counter');
  });
});
