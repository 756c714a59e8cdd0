import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { executeServerCommand, sendKeys } from '@web/test-runner-commands';
import { ContextProvider } from '@lit/context';
import '../../../src/components/request-editor/define.js';
import type { RequestEditor, RequestInputDetail, RequestView } from '../../../src/components/request-editor/request-editor.js';
import { agentContext, type AgentContextValue } from '../../../src/components/shared/agent-context.js';
import { useLocale } from '../../../src/i18n/localization.js';
import '../../helpers/a11y.js';

const EN: AgentContextValue = { agentId: 'a1', agentName: 'Alex', locale: 'en-US', timeZone: 'UTC' };
const FR: AgentContextValue = { agentId: 'a1', agentName: 'Alex', locale: 'fr-FR', timeZone: 'UTC' };
const AT = '2026-01-10T09:00:00.000Z';

function request(overrides: Partial<RequestView> = {}): RequestView {
  return { customerId: 'customer:1', title: '', description: '', status: 'open', openedAt: AT, closedAt: null, createdAt: AT, ...overrides };
}

async function editor(value: RequestView, agent: AgentContextValue = EN): Promise<RequestEditor> {
  const host = document.createElement('div');
  new ContextProvider(host, { context: agentContext, initialValue: agent });
  const el = await fixture<RequestEditor>(html`<request-editor .request=${value}></request-editor>`, { parentNode: host });
  await el.updateComplete;
  return el;
}

const field = (el: RequestEditor, part: 'title-input' | 'description-input') =>
  el.shadowRoot!.querySelector<HTMLInputElement | HTMLTextAreaElement>(`[part~="${part}"]`)!;

/** The text of what the field's `aria-describedby` points to (the counter, and in it the notice). */
function described(el: RequestEditor, input: Element): string {
  const ids = (input.getAttribute('aria-describedby') ?? '').split(/\s+/).filter(Boolean);
  return ids.map((id) => el.shadowRoot!.getElementById(id)?.textContent?.replace(/\s+/g, ' ').trim() ?? '').join(' | ');
}

/** The live region that says what was cut (it is inside the field's counter). */
function notice(input: Element): HTMLElement {
  const region = input.parentElement!.querySelector<HTMLElement>('[role=status]');
  if (!region) throw new Error('no live region for the cut notice');
  return region;
}
const said = (region: HTMLElement) => (region.textContent ?? '').trim();

/** Control+V, as the agent presses it. */
async function pressPaste(): Promise<void> {
  await sendKeys({ down: 'Control' });
  await sendKeys({ press: 'v' });
  await sendKeys({ up: 'Control' });
}

/** A real paste: the text goes on the clipboard, then Control+V in the focused field. */
async function paste(el: RequestEditor, input: HTMLInputElement | HTMLTextAreaElement, text: string): Promise<RequestInputDetail> {
  input.focus();
  await navigator.clipboard.writeText(text);
  const typed = oneEvent(el, 'cc-request-input');
  await pressPaste();
  const { detail } = await typed;
  await el.updateComplete;
  return detail;
}

describe('a paste over 2,000 characters is cut, and the agent is told by how much (R2.3)', () => {
  before(async () => {
    await executeServerCommand('allow-clipboard');
  });
  afterEach(async () => {
    await useLocale('en');
  });

  it('pasting 2,600 characters into the description keeps 2,000 and says 600 were cut (shown, announced, described-by)', async () => {
    const el = await editor(request());
    const input = field(el, 'description-input');
    const region = notice(input);
    expect(said(region), 'nothing is said before').to.equal('');

    const detail = await paste(el, input, 'x'.repeat(2600));
    expect(input.value.length).to.equal(2000);
    expect(detail.field).to.equal('description');
    expect(detail.value === 'x'.repeat(2000), 'the 2,000 characters that fit').to.equal(true);
    expect(said(region)).to.equal('600 characters did not fit and were cut (at most 2,000).');
    expect(region.getAttribute('role')).to.equal('status');
    expect(region.checkVisibility()).to.equal(true);
    expect(described(el, input)).to.equal('0 characters left 600 characters did not fit and were cut (at most 2,000).');
    await expect(el).to.be.accessible();

    // The notice stays while the text is as the paste left it, and goes with the next change.
    el.requestUpdate();
    await el.updateComplete;
    expect(said(region)).to.contain('600 characters');
    await sendKeys({ press: 'Backspace' });
    await el.updateComplete;
    expect(input.value.length).to.equal(1999);
    expect(said(region)).to.equal('');
    expect(described(el, input)).to.equal('1 character left');
  });

  it('a paste into a title that is nearly full says 1 or 2 characters, worded for the number', async () => {
    const el = await editor(request({ title: 'a'.repeat(1990) }));
    const input = field(el, 'title-input');
    const region = notice(input);
    input.setSelectionRange(1990, 1990);
    await paste(el, input, '0123456789AB');
    expect(input.value).to.equal(`${'a'.repeat(1990)}0123456789`);
    expect(said(region)).to.equal('2 characters did not fit and were cut (at most 2,000).');

    // Replacing a selection: the selected text makes room.
    input.setSelectionRange(1995, 2000);
    await paste(el, input, 'bcdefg');
    expect(input.value).to.equal(`${'a'.repeat(1990)}01234bcdef`);
    expect(said(region)).to.equal('1 character did not fit and was cut (at most 2,000).');
  });

  it('a paste into a full field (nothing goes in) is said too, and pasting what fits says nothing', async () => {
    const el = await editor(request({ title: 'a'.repeat(1995) }));
    const input = field(el, 'title-input');
    const region = notice(input);
    input.setSelectionRange(1995, 1995);
    await paste(el, input, 'fits!');
    expect(input.value.length).to.equal(2000);
    expect(said(region)).to.equal('');

    input.focus();
    await navigator.clipboard.writeText('more text');
    await pressPaste();
    await el.updateComplete;
    expect(input.value.length).to.equal(2000);
    expect(said(region)).to.equal('9 characters did not fit and were cut (at most 2,000).');
  });

  it('in French, with the agent locale: "1 caractère … a été coupé", "2 caractères … ont été coupés"', async () => {
    await useLocale('fr');
    const el = await editor(request({ title: 'a'.repeat(1998) }), FR);
    const input = field(el, 'title-input');
    const region = notice(input);
    input.setSelectionRange(1998, 1998);
    await paste(el, input, 'bcd');
    expect(said(region)).to.equal('1 caractère ne tenait pas et a été coupé (2\u202f000 au maximum).');
    input.select();
    await paste(el, input, 'e'.repeat(2002));
    expect(said(region)).to.equal('2 caractères ne tenaient pas et ont été coupés (2\u202f000 au maximum).');
  });

  it('a value over the limit that arrives by script and an input event is cut to 2,000 and said', async () => {
    const el = await editor(request());
    const input = field(el, 'title-input');
    const typed = oneEvent(el, 'cc-request-input');
    input.value = 'y'.repeat(2100);
    input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
    expect((await typed).detail.value.length).to.equal(2000);
    await el.updateComplete;
    expect(input.value.length).to.equal(2000);
    expect(said(notice(input))).to.equal('100 characters did not fit and were cut (at most 2,000).');
  });
});
