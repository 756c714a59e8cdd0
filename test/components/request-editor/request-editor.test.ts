import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { resetMouse, sendKeys, sendMouse } from '@web/test-runner-commands';
import { ContextProvider } from '@lit/context';
import '../../../src/components/request-editor/define.js';
import type {
  RequestEditor,
  RequestInputDetail,
  RequestStatusDetail,
  RequestView,
} from '../../../src/components/request-editor/request-editor.js';
import { agentContext, type AgentContextValue } from '../../../src/components/shared/agent-context.js';
import '../../helpers/a11y.js';

const EN: AgentContextValue = { agentId: 'a1', agentName: 'Alex', locale: 'en-US', timeZone: 'America/New_York' };
const DE: AgentContextValue = { agentId: 'a1', agentName: 'Alex', locale: 'de-DE', timeZone: 'Europe/Berlin' };

const CREATED = '2026-01-10T09:00:00.000Z';
const CLOSED = '2026-02-03T17:30:00.000Z';

function request(overrides: Partial<RequestView> = {}): RequestView {
  return {
    customerId: 'customer:1',
    title: '',
    description: '',
    status: 'open',
    openedAt: CREATED,
    closedAt: null,
    createdAt: CREATED,
    ...overrides,
  };
}

/** An editor inside a wrapper that provides `agent` through @lit/context, as `<customer-context>` does. */
async function editor(value: RequestView | null, agent: AgentContextValue = EN) {
  // fixture() appends this wrapper to the body and removes it after each test
  const host = document.createElement('div');
  const provider = new ContextProvider(host, { context: agentContext, initialValue: agent });
  const el = await fixture<RequestEditor>(html`<request-editor .request=${value}></request-editor>`, {
    parentNode: host,
  });
  await el.updateComplete;
  return { el, provider };
}

const $ = <T extends Element>(el: RequestEditor, selector: string): T => {
  const found = el.shadowRoot!.querySelector<T>(selector);
  if (!found) throw new Error(`no ${selector}`);
  return found;
};
const titleInput = (el: RequestEditor) => $<HTMLInputElement>(el, '[part~="title-input"]');
const descriptionInput = (el: RequestEditor) => $<HTMLTextAreaElement>(el, '[part~="description-input"]');
const toggle = (el: RequestEditor) => $<HTMLButtonElement>(el, '[part~="details-toggle"]');
const panel = (el: RequestEditor) => $<HTMLElement>(el, '[part~="details"]');
const statusButton = (el: RequestEditor) => $<HTMLButtonElement>(el, '[part~="status-button"]');

/** The text of the elements an input's `aria-describedby` points to. */
function description(el: RequestEditor, input: Element): string {
  const ids = (input.getAttribute('aria-describedby') ?? '').split(/\s+/).filter(Boolean);
  return ids.map((id) => el.shadowRoot!.getElementById(id)?.textContent?.trim() ?? '').join(' | ');
}

function labelOf(el: RequestEditor, input: HTMLElement): string {
  return el.shadowRoot!.querySelector(`label[for="${input.id}"]`)?.textContent?.trim() ?? '';
}

/** Status, Created, Closed … as shown in the details panel. */
function details(el: RequestEditor): Record<string, string> {
  const out: Record<string, string> = {};
  for (const dt of panel(el).querySelectorAll('dt')) {
    const dd = dt.nextElementSibling;
    out[dt.textContent!.trim()] = dd?.textContent?.trim() ?? '';
  }
  return out;
}

function record(el: RequestEditor): Event[] {
  const events: Event[] = [];
  el.addEventListener('cc-request-input', (e) => events.push(e));
  el.addEventListener('cc-request-status', (e) => events.push(e));
  return events;
}

/** A real mouse click in the middle of `target` (scrolled into the viewport first). */
async function click(target: HTMLElement): Promise<void> {
  target.scrollIntoView({ block: 'center', inline: 'center' });
  const box = target.getBoundingClientRect();
  await sendMouse({ type: 'click', position: [Math.round(box.x + box.width / 2), Math.round(box.y + box.height / 2)] });
}

async function typeIn(el: RequestEditor, input: HTMLInputElement | HTMLTextAreaElement, text: string): Promise<void> {
  input.focus();
  await sendKeys({ type: text });
  await el.updateComplete;
}

const de = (iso: string) =>
  new Intl.DateTimeFormat('de-DE', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Berlin' }).format(
    new Date(iso),
  );

describe('request-editor (R2)', () => {
  afterEach(async () => {
    await resetMouse();
  });

  it('shows the title and description with visible labels and the characters left (R2.3)', async () => {
    const { el } = await editor(request({ title: 'Router', description: 'It reboots' }));
    expect(labelOf(el, titleInput(el))).to.equal('Title');
    expect(labelOf(el, descriptionInput(el))).to.equal('Description');
    expect(titleInput(el).value).to.equal('Router');
    expect(descriptionInput(el).value).to.equal('It reboots');
    expect(titleInput(el).maxLength).to.equal(2000);
    expect(descriptionInput(el).maxLength).to.equal(2000);
    expect(description(el, titleInput(el))).to.equal('1,994 characters left');
    expect(description(el, descriptionInput(el))).to.equal('1,990 characters left');
    expect(titleInput(el).hasAttribute('aria-invalid')).to.be.false;
    await expect(el).to.be.accessible();
  });

  it('typing a title fires cc-request-input with the value and updates the counter (R2.1)', async () => {
    const { el } = await editor(request());
    const events = record(el);
    await typeIn(el, titleInput(el), 'No signal');
    const inputs = events as CustomEvent<RequestInputDetail>[];
    expect(inputs).to.have.length(9);
    expect(inputs.at(-1)!.detail).to.deep.equal({ field: 'title', value: 'No signal' });
    expect(inputs.every((e) => e.bubbles && e.composed)).to.be.true;
    expect(description(el, titleInput(el))).to.equal('1,991 characters left');
  });

  it('typing a description fires cc-request-input for the description (R2.2)', async () => {
    const { el } = await editor(request());
    const input = descriptionInput(el);
    input.focus();
    const fired = oneEvent(el, 'cc-request-input');
    await sendKeys({ type: 'x' });
    expect((await fired).detail).to.deep.equal({ field: 'description', value: 'x' });
    await sendKeys({ type: 'yz' });
    await sendKeys({ press: 'Enter' });
    await sendKeys({ type: 'w' });
    await el.updateComplete;
    expect(input.value).to.equal('xyz\nw');
    expect(description(el, input)).to.equal('1,995 characters left');
  });

  it('keeps the caret where it is while a parent echoes every input back (controlled)', async () => {
    const { el } = await editor(request());
    el.addEventListener('cc-request-input', (e) => {
      el.request = { ...el.request!, [e.detail.field]: e.detail.value };
    });
    const input = titleInput(el);
    await typeIn(el, input, 'ac');
    await sendKeys({ press: 'ArrowLeft' });
    await sendKeys({ type: 'b' });
    await el.updateComplete;
    expect(input.value).to.equal('abc');
    expect(el.request!.title).to.equal('abc');
    expect(input.selectionStart).to.equal(2);
    expect(description(el, input)).to.equal('1,997 characters left');
  });

  it('stops at 2,000 characters: 1,999 typed, then "ab" leaves 2,000 and 0 left (R2.3)', async () => {
    const { el } = await editor(request({ title: 'a'.repeat(1999) }));
    const events = record(el) as CustomEvent<RequestInputDetail>[];
    await typeIn(el, titleInput(el), 'ab');
    expect(titleInput(el).value).to.have.length(2000);
    expect(description(el, titleInput(el))).to.equal('0 characters left');
    expect(events.at(-1)!.detail.value).to.have.length(2000);
    expect(events.every((e) => e.detail.value.length <= 2000)).to.be.true;
  });

  it('marks a title over the limit set by code as invalid, naming the limit', async () => {
    const { el } = await editor(request({ title: 'a'.repeat(2001) }));
    expect(titleInput(el).getAttribute('aria-invalid')).to.equal('true');
    expect(description(el, titleInput(el))).to.contain('At most 2,000 characters');
    expect(description(el, titleInput(el))).to.contain('0 characters left');
  });

  it('the request icon shows status and created date in the agent locale and time zone (R2.4)', async () => {
    const { el } = await editor(request({ title: 'Router' }), DE);
    const icon = toggle(el);
    expect(icon.getAttribute('aria-label')).to.equal('Request details');
    expect(icon.getAttribute('aria-expanded')).to.equal('false');
    expect(el.shadowRoot!.getElementById(icon.getAttribute('aria-controls')!)).to.equal(panel(el));
    expect(panel(el).hidden).to.be.true;

    await click(icon);
    await el.updateComplete;
    expect(icon.getAttribute('aria-expanded')).to.equal('true');
    expect(panel(el).hidden).to.be.false;
    expect(details(el)).to.deep.equal({ Status: 'Open', Created: de(CREATED) });
    expect(details(el)['Created']).to.contain('10:00'); // 09:00 UTC is 10:00 in Berlin
    // the counter number follows the agent locale too
    expect(description(el, titleInput(el))).to.equal('1.994 characters left');
    await expect(el).to.be.accessible();
  });

  it('shows the closed date when the request is closed (R2.4)', async () => {
    const { el } = await editor(request({ status: 'closed', closedAt: CLOSED }), DE);
    await click(toggle(el));
    await el.updateComplete;
    expect(details(el)).to.deep.equal({ Status: 'Closed', Created: de(CREATED), Closed: de(CLOSED) });
    expect(statusButton(el).textContent!.trim()).to.equal('Reopen request');
    await expect(el).to.be.accessible();
  });

  it('says "Not saved yet" for the created date of a request not saved yet', async () => {
    const { el } = await editor(request({ createdAt: undefined }));
    await click(toggle(el));
    await el.updateComplete;
    expect(details(el)['Created']).to.equal('Not saved yet');
  });

  it('follows a new agent locale and time zone from the context', async () => {
    const { el, provider } = await editor(request(), DE);
    await click(toggle(el));
    await el.updateComplete;
    expect(details(el)['Created']).to.equal(de(CREATED));
    provider.setValue({ ...DE, locale: 'en-US', timeZone: 'UTC' });
    await el.updateComplete;
    const expected = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }).format(
      new Date(CREATED),
    );
    expect(details(el)['Created']).to.equal(expected);
  });

  it('Escape closes the details and returns focus to the icon', async () => {
    const { el } = await editor(request());
    toggle(el).focus();
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    expect(toggle(el).getAttribute('aria-expanded')).to.equal('true');
    await sendKeys({ press: 'Escape' });
    await el.updateComplete;
    expect(toggle(el).getAttribute('aria-expanded')).to.equal('false');
    expect(panel(el).hidden).to.be.true;
    expect(el.shadowRoot!.activeElement).to.equal(toggle(el));
  });

  it('Close request fires a cancelable cc-request-status; Reopen request fires it back', async () => {
    const { el } = await editor(request());
    await click(toggle(el));
    const button = statusButton(el);
    expect(button.textContent!.trim()).to.equal('Close request');

    let fired = oneEvent(el, 'cc-request-status');
    await click(button);
    const closing = (await fired) as CustomEvent<RequestStatusDetail>;
    expect(closing.detail).to.deep.equal({ status: 'closed' });
    expect(closing.cancelable).to.be.true;
    await el.updateComplete;
    expect(button.textContent!.trim()).to.equal('Reopen request');
    expect(details(el)['Status']).to.equal('Closed');
    expect(Object.keys(details(el))).to.include('Closed');

    fired = oneEvent(el, 'cc-request-status');
    await click(button);
    const reopening = (await fired) as CustomEvent<RequestStatusDetail>;
    expect(reopening.detail).to.deep.equal({ status: 'open' });
    await el.updateComplete;
    expect(button.textContent!.trim()).to.equal('Close request');
    expect(Object.keys(details(el))).to.deep.equal(['Status', 'Created']);
    expect(details(el)['Status']).to.equal('Open');
  });

  it('respects preventDefault on cc-request-status (the parent refuses)', async () => {
    const { el } = await editor(request());
    await click(toggle(el));
    el.addEventListener('cc-request-status', (e) => e.preventDefault());
    const fired = oneEvent(el, 'cc-request-status');
    await click(statusButton(el));
    expect((await fired).defaultPrevented).to.be.true;
    await el.updateComplete;
    expect(statusButton(el).textContent!.trim()).to.equal('Close request');
    expect(details(el)['Status']).to.equal('Open');
  });

  it('takes the status the parent sets when it accepts', async () => {
    const { el } = await editor(request(), DE);
    el.addEventListener('cc-request-status', (e) => {
      el.request = { ...el.request!, status: e.detail.status, closedAt: e.detail.status === 'closed' ? CLOSED : null };
    });
    await click(toggle(el));
    await click(statusButton(el));
    await el.updateComplete;
    expect(details(el)).to.deep.equal({ Status: 'Closed', Created: de(CREATED), Closed: de(CLOSED) });
  });

  it('fires nothing when code sets properties', async () => {
    const { el, provider } = await editor(request());
    const events = record(el);
    el.request = request({ title: 'Changed', status: 'closed', closedAt: CLOSED });
    await el.updateComplete;
    el.disabled = true;
    await el.updateComplete;
    el.request = null;
    await el.updateComplete;
    provider.setValue(DE);
    el.request = request({ description: 'Again' });
    await el.updateComplete;
    expect(events).to.have.length(0);
    expect(descriptionInput(el).value).to.equal('Again');
  });

  it('renders customer text as text, never as markup', async () => {
    const evil = '<img src=x onerror=alert(1)>';
    const { el } = await editor(request({ title: evil, description: evil }));
    expect(titleInput(el).value).to.equal(evil);
    expect(descriptionInput(el).value).to.equal(evil);
    expect(el.shadowRoot!.querySelector('img')).to.equal(null);
  });

  it('disabled makes the fields and the status button unavailable, the details stay viewable', async () => {
    const { el } = await editor(request());
    el.disabled = true;
    await el.updateComplete;
    expect(titleInput(el).disabled).to.be.true;
    expect(descriptionInput(el).disabled).to.be.true;
    expect(statusButton(el).disabled).to.be.true;
    expect(toggle(el).disabled).to.be.false;
    await expect(el).to.be.accessible();
  });

  it('shows an empty state without a request', async () => {
    const { el } = await editor(null);
    expect(el.shadowRoot!.querySelector('input')).to.equal(null);
    expect(el.shadowRoot!.textContent).to.contain('No request');
    await expect(el).to.be.accessible();
  });
});
