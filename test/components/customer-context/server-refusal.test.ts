import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../../src/components/customer-context/define.js';
import type { CustomerContext } from '../../../src/components/customer-context/customer-context.js';
import { CouchDbStore } from '../../../src/store/couchdb-store.js';
import { couchInfo, couchJson, dropDatabase, freshDatabase } from '../../helpers/couch.js';
import { customer } from '../../helpers/data.js';
import { buttonNamed, find, settle, workArea } from '../../helpers/gadget.js';
import { until } from '../../helpers/session.js';

// Issue #15, item 6, on the agent's screen: the shared database holds a second design document
// whose validate_doc_update is stricter than the model (an operator's own rule; CouchDB runs
// every design document's). A Save or a Create it refuses leaves the typed input where it was,
// and the work area's notice gives the server's reason.

const NAME_REASON = 'customer-context-test: name: refused by the test rule';
const TITLE_REASON = 'customer-context-test: title: refused by the test rule';
const TEST_RULE = `function (newDoc) {
  if (newDoc.type === 'customer' && typeof newDoc.name === 'string' && newDoc.name.indexOf('Refuse me') !== -1) throw({ forbidden: ${JSON.stringify(NAME_REASON)} });
  if (newDoc.type === 'request' && typeof newDoc.title === 'string' && newDoc.title.indexOf('Refuse me') !== -1) throw({ forbidden: ${JSON.stringify(TITLE_REASON)} });
}`;
const refusedText = (reason: string) => `The data service refused this change: ${reason}. Your input is kept: correct it, then Save again.`;
const call = (id: string, phone: string) => ({ type: 'interaction.started', interactionId: id, channel: 'voice', from: { phone }, at: '2026-11-22T10:00:00.000Z' });

describe('<customer-context> on CouchDB: a change the server’s rules refuse (issue #15, item 6)', function () {
  this.timeout(60000);
  let db: string;
  let store: CouchDbStore;
  let el: CustomerContext;

  beforeEach(async () => {
    localStorage.clear();
    db = await freshDatabase();
    const rule = await couchJson('PUT', `/${db}/_design/test-rule`, { language: 'javascript', validate_doc_update: TEST_RULE });
    expect(rule.status).to.equal(201);
    const { url, headers } = await couchInfo();
    store = new CouchDbStore({ url, database: db, headers, changes: { backoff: { initialMs: 20, maxMs: 200 }, pollTimeoutMs: 2000 } });
    el = await fixture<CustomerContext>(html`<customer-context agent-id="ann" .store=${store}></customer-context>`);
    await el.ready;
  });

  afterEach(async () => {
    el.remove();
    store.close();
    await dropDatabase(db);
  });

  /** The work area's notice (its alert), once it says something. */
  async function notice(): Promise<string> {
    await waitUntil(() => !!workArea(el).shadowRoot.querySelector('[role=alert]')?.textContent?.trim(), 'the work area shows a notice');
    return workArea(el).shadowRoot.querySelector('[role=alert]')!.textContent!.trim();
  }

  it('Save: the request title typed is refused; the notice gives the server’s reason, the title stays in the field and in the draft', async () => {
    const ana = await store.create('customer', customer({ name: 'Ana García', phones: ['+34 600 444 555'] }), { by: 'seed' });
    el.receive(call('refusal-1', '+34 600 444 555'));
    await until(el.agentSession!, () => el.agentSession!.workspace(ana.id)?.request != null);
    await settle(el);
    const request = el.agentSession!.workspace(ana.id)!.request!;
    const title = find(el, 'request-editor')!.shadowRoot!.querySelector<HTMLInputElement>('[part=title-input]')!;
    title.focus();
    await sendKeys({ type: 'Refuse me' });
    const typed = title.value;
    expect(typed).to.contain('Refuse me');
    await settle(el);

    buttonNamed(el, 'Save', find(el, '[part=header]')!).click();
    expect(await notice()).to.equal(refusedText(TITLE_REASON));
    await settle(el);
    // The input is where the agent typed it, still unsaved; the server kept its revision.
    expect(find(el, 'request-editor')!.shadowRoot!.querySelector<HTMLInputElement>('[part=title-input]')!.value).to.equal(typed);
    const workspace = el.agentSession!.workspace(ana.id)!;
    expect(workspace.requestDraft?.title).to.equal(typed);
    expect(el.agentSession!.isDirty(workspace)).to.equal(true);
    const stored = await store.get('request', request.id);
    expect([stored?.rev, stored?.title]).to.deep.equal([request.rev, request.title]);
    await expect(el).to.be.accessible();
  });

  it('Create: a new customer’s name is refused; the notice gives the reason, the name stays in the form, nothing is created', async () => {
    el.receive(call('refusal-2', '+34 600 666 777'));
    await until(el.agentSession!, () => el.agentSession!.state.open.length === 1);
    await settle(el);
    const form = find(el, 'customer-form')!;
    const name = form.shadowRoot!.querySelector<HTMLInputElement>('[part=name-input]')!;
    name.focus();
    await sendKeys({ type: 'Refuse me' });
    await settle(el);

    form.shadowRoot!.querySelector<HTMLButtonElement>('[part=submit-button]')!.click();
    expect(await notice()).to.equal(refusedText(NAME_REASON));
    await settle(el);
    expect(find(el, 'customer-form')!.shadowRoot!.querySelector<HTMLInputElement>('[part=name-input]')!.value).to.equal('Refuse me');
    const [workspace] = el.agentSession!.state.open;
    expect(workspace!.customer).to.equal(null);
    expect(workspace!.customerDraft.name).to.equal('Refuse me');
    expect(await store.findByContact({ phone: '+34 600 666 777' })).to.deep.equal([]);
    await expect(el).to.be.accessible();
  });
});
