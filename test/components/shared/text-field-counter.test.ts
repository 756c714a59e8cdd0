import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../../src/components/request-editor/define.js';
import type { RequestEditor, RequestView } from '../../../src/components/request-editor/request-editor.js';
import '../../helpers/a11y.js';

const AT = '2026-01-10T09:00:00.000Z';
const request = (overrides: Partial<RequestView> = {}): RequestView => ({
  customerId: 'customer:1',
  title: '',
  description: '',
  status: 'open',
  openedAt: AT,
  closedAt: null,
  createdAt: AT,
  ...overrides,
});

async function editor(value: RequestView, unsaved: string[] = []): Promise<RequestEditor> {
  const el = await fixture<RequestEditor>(html`<request-editor .request=${value} .unsaved=${unsaved}></request-editor>`);
  await el.updateComplete;
  return el;
}

const input = (el: RequestEditor, id: string) => el.shadowRoot!.getElementById(id) as HTMLInputElement;
const counter = (el: RequestEditor, id: string) => el.shadowRoot!.getElementById(`${id}-counter`)!;
/** Whether the agent sees it (visibility counts: a hidden counter keeps its place). */
const seen = (node: Element) => node.checkVisibility({ visibilityProperty: true });

describe('text fields: less noise, R2.3 kept (issue #18 items 4 and 5)', () => {
  it('the counter shows only while the field has focus, and stays its description (aria-describedby) all along', async () => {
    const el = await editor(request({ title: 'Router' }));
    const title = input(el, 'title');
    expect(seen(counter(el, 'title')), 'no focus: no counter').to.equal(false);
    expect(title.getAttribute('aria-describedby')).to.equal('title-counter');
    expect(counter(el, 'title').textContent!.trim()).to.equal('1,994 characters left');

    title.focus();
    await sendKeys({ type: 's' });
    await el.updateComplete;
    expect(seen(counter(el, 'title')), 'while typing, the agent sees what is left').to.equal(true);
    expect(counter(el, 'title').textContent!.trim()).to.equal('1,993 characters left');
    expect(seen(counter(el, 'description')), 'the other field stays quiet').to.equal(false);

    // Focus leaves: the counter hides in place, nothing below it moves (a click in flight lands where aimed).
    const before = input(el, 'description').getBoundingClientRect().top;
    title.blur();
    await el.updateComplete;
    expect(seen(counter(el, 'title'))).to.equal(false);
    expect(input(el, 'description').getBoundingClientRect().top).to.equal(before);
  });

  it('within 10% of the limit the counter shows without focus; just outside it does not', async () => {
    const near = await editor(request({ title: 'a'.repeat(1800), description: 'b'.repeat(1799) }));
    expect(seen(counter(near, 'title')), '200 left of 2,000').to.equal(true);
    expect(counter(near, 'title').textContent!.trim()).to.equal('200 characters left');
    expect(seen(counter(near, 'description')), '201 left').to.equal(false);
    await expect(near).to.be.accessible();
  });

  it('an "Unsaved" mark in words beside a field in `unsaved`, first in its description; none on the others', async () => {
    const el = await editor(request({ title: 'Router', description: 'x' }), ['title', 'status']);
    const title = input(el, 'title');
    expect(title.getAttribute('aria-describedby')).to.equal('title-unsaved title-counter');
    expect(el.shadowRoot!.getElementById('title-unsaved')!.textContent).to.equal('Unsaved');
    expect(input(el, 'description').getAttribute('aria-describedby')).to.equal('description-counter');
    const status = el.shadowRoot!.querySelector('[part=status-button]')!;
    expect(status.getAttribute('aria-describedby')).to.equal('status-unsaved');
    expect(el.shadowRoot!.getElementById('status-unsaved')!.textContent).to.equal('Status not saved');

    el.unsaved = [];
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[part=unsaved-mark]')).to.equal(null);
    expect(title.getAttribute('aria-describedby')).to.equal('title-counter');
    expect(status.hasAttribute('aria-describedby')).to.equal(false);
  });
});
