import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../../src/components/customer-context/define.js';
import type { CustomerContext } from '../../../src/components/customer-context/customer-context.js';
import type { BackendStatus } from '../../../src/components/customer-context/backend-controller.js';
import type { Customer, Request } from '../../../src/model/index.js';
import { isPendingRev } from '../../../src/store/outbox.js';
import { couchInfo, couchJson, couchStore, dropDatabase, freshDatabase, setPlug } from '../../helpers/couch.js';
import { customer, request } from '../../helpers/data.js';
import { find, screenText } from '../../helpers/gadget.js';
import { until } from '../../helpers/session.js';

// Issue #21, items 1 and 4: the outbox's waiting writes, and the reports of those refused on
// delivery, belong to the agent who made them, not to the browser profile. A write is sent
// only with its own agent's credentials (here: a distinct Authorization header per agent; the
// test server ignores it, so every request that reached the server is recorded with the
// header it carried); another agent's writes wait, counted in the status, until that agent is
// back; a delivery conflict is shown to its own agent only, also after a reload in the Finesse
// flow (no `agent-id`: the agent is named by `host.context`).

const AT = '2026-11-22T10:00:00.000Z';
const call = (interactionId: string, phone: string) => ({ type: 'interaction.started', interactionId, channel: 'voice', from: { phone }, at: AT });
const signIn = (agentId: string, agentName: string) => ({ type: 'host.context', agentId, agentName });

/** Each document request that reached the server (an answer came back), with the Authorization header it was sent with. */
interface Sent {
  method: string;
  id: string;
  auth: string | null;
  status: number;
}

function idsOf(url: string, method: string, body: unknown): string[] {
  if (typeof body === 'string') {
    try {
      const parsed = JSON.parse(body) as { _id?: unknown; docs?: Array<{ _id?: unknown }> };
      if (typeof parsed._id === 'string') return [parsed._id];
      if (Array.isArray(parsed.docs)) return parsed.docs.map((d) => d._id).filter((id): id is string => typeof id === 'string');
    } catch {
      // not JSON: fall back to the URL
    }
  }
  if (method === 'POST') return [];
  const last = new URL(url, location.href).pathname.split('/').at(-1) ?? '';
  return [decodeURIComponent(last)];
}

/** Wraps `window.fetch`: every request on a document (read or write) that got an answer is recorded in `sent`. Returns the restore function. */
function recordWrites(sent: Sent[]): () => void {
  const original = window.fetch;
  window.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const response = await original(input, init);
    const method = (init?.method ?? 'GET').toUpperCase();
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const auth = new Headers(init?.headers).get('Authorization');
    // The gadget always sends one of the agents' headers; the test's own requests (seeding, checks) send none.
    if (auth !== null) for (const id of idsOf(url, method, init?.body)) sent.push({ method, id, auth, status: response.status });
    return response;
  };
  return () => void (window.fetch = original);
}

/** The element's backend status (what the host is told through `cc-*` events and the status line). */
function statusOf(el: CustomerContext): BackendStatus | undefined {
  return (el as unknown as { backend: { status: BackendStatus | undefined } }).backend.status;
}

describe('The outbox and delivery reports belong to an agent, not to the browser profile (issue #21, items 1 and 4)', function () {
  this.timeout(60000);
  let db: string;
  let els: CustomerContext[];
  let sent: Sent[];
  let unwrap: () => void;
  let xavier: Customer;
  let xRequest: Request;
  let yolanda: Customer;
  let yRequest: Request;
  let aliceHeaders: Record<string, string>;
  let bobHeaders: Record<string, string>;

  beforeEach(async () => {
    localStorage.clear();
    db = await freshDatabase();
    const seed = await couchStore(db);
    xavier = await seed.create('customer', customer({ name: 'Xavier Quartermain', phones: ['+44 20 7946 3101'] }), { by: 'seed' });
    xRequest = await seed.create('request', request(xavier.id, { title: 'Xavier original title', openedAt: AT }), { by: 'seed' });
    yolanda = await seed.create('customer', customer({ name: 'Yolanda Brightwater', phones: ['+44 20 7946 3102'] }), { by: 'seed' });
    yRequest = await seed.create('request', request(yolanda.id, { title: 'Yolanda original title', openedAt: AT }), { by: 'seed' });
    seed.close();
    const { headers } = await couchInfo();
    aliceHeaders = { ...headers, Authorization: 'Bearer alice-token' };
    bobHeaders = { ...headers, Authorization: 'Bearer bob-token' };
    els = [];
    sent = [];
    unwrap = recordWrites(sent);
  });

  afterEach(async () => {
    unwrap();
    await setPlug(true);
    for (const el of els) el.remove();
    for (const { name } of await indexedDB.databases()) {
      if (name?.startsWith('customer-context-outbox:') && name.endsWith(`/${db}`)) {
        await new Promise<void>((resolve) => {
          const req = indexedDB.deleteDatabase(name);
          req.onsuccess = req.onerror = req.onblocked = () => resolve();
        });
      }
    }
    localStorage.clear();
    await dropDatabase(db);
  });

  /** A gadget as a Finesse desktop makes it: no `agent-id`, CouchDB through the plug, the first agent's headers. */
  async function gadget(headers: Record<string, string>): Promise<CustomerContext> {
    const { url, plugUrl } = await couchInfo();
    const el = await fixture<CustomerContext>(html`<customer-context couchdb-url=${plugUrl ?? url} couchdb-database=${db} .couchdbHeaders=${headers}></customer-context>`);
    els.push(el);
    await el.ready;
    return el;
  }

  /** The host names the agent, with their credentials (set in the same task, as a desktop does). */
  function switchTo(el: CustomerContext, agentId: string, agentName: string, headers: Record<string, string>): void {
    el.couchdbHeaders = headers;
    expect(el.receive(signIn(agentId, agentName)).ok).to.equal(true);
  }

  const session = (el: CustomerContext) => el.agentSession!;
  const online = (el: CustomerContext) => waitUntil(() => statusOf(el)?.state === 'online', `online (was ${JSON.stringify(statusOf(el))})`, { timeout: 20000 });
  const serverTitle = async (id: string) => ((await couchJson('GET', `/${db}/${encodeURIComponent(id)}`)).body as { title?: string }).title;

  /** Alice opens Xavier's call online, then (plug pulled) saves twice: the request (which another client changes meanwhile) and the customer. */
  async function aliceSavesOffline(el: CustomerContext): Promise<void> {
    switchTo(el, 'alice', 'Alice', aliceHeaders);
    el.receive(call('alice-1', '+44 20 7946 3101'));
    await until(session(el), () => session(el).workspace(xavier.id)?.request != null);
    await online(el);
    await setPlug(false);
    session(el).editRequest(xavier.id, { title: 'Alice offline title' });
    expect((await session(el).save(xavier.id)).ok).to.equal(true);
    session(el).editCustomer(xavier.id, { ...session(el).workspace(xavier.id)!.customerDraft, address: '1 Alice Offline Road' });
    expect((await session(el).save(xavier.id)).ok).to.equal(true);
    await waitUntil(() => statusOf(el)?.state === 'offline' && statusOf(el)?.pending === 2, `2 waiting (was ${JSON.stringify(statusOf(el))})`, { timeout: 20000 });
    // Another agent changes the same request on the server meanwhile: Alice's write will conflict on delivery.
    const other = await couchStore(db);
    await other.update('request', xRequest.id, xRequest.rev, { ...xRequest, title: 'Changed by Carol' }, { by: 'carol' });
    other.close();
    // From here on, only what the gadget sends is recorded (nothing of Alice's got through yet: the plug is out).
    expect(sent.filter((s) => s.method !== 'GET' && s.auth === 'Bearer alice-token' && (s.id === xRequest.id || s.id === xavier.id))).to.deep.equal([]);
    sent.splice(0);
  }

  it('item 1: Alice\'s queued writes wait while Bob is the agent (counted in the status), are never sent with Bob\'s credentials, and go with hers when she is back; her conflict reaches only her', async () => {
    const el = await gadget(aliceHeaders);
    const syncs: Array<{ state: string; pending: number; waitingForOthers: number }> = [];
    el.addEventListener('cc-sync', (event) => syncs.push(event.detail));
    await aliceSavesOffline(el);
    const aliceIds = [xavier.id, xRequest.id];

    // Bob takes the profile, with his credentials; the plug goes back in.
    switchTo(el, 'bob', 'Bob', bobHeaders);
    await session(el).idle();
    await setPlug(true);
    // Bob works: his call, his save goes straight through (nothing of his waits), with his header.
    el.receive(call('bob-1', '+44 20 7946 3102'));
    await until(session(el), () => session(el).workspace(yolanda.id)?.request != null);
    session(el).editRequest(yolanda.id, { title: 'Bob online title' });
    const bobSave = await session(el).save(yolanda.id);
    expect(bobSave.ok).to.equal(true);
    expect(isPendingRev(session(el).workspace(yolanda.id)!.request!.rev), 'Bob\'s write is not queued behind Alice\'s').to.equal(false);
    expect(await serverTitle(yRequest.id)).to.equal('Bob online title');
    // The outbox is online for Bob, and tells how many writes wait for another agent.
    await waitUntil(() => statusOf(el)?.state === 'online' && statusOf(el)?.waitingForOthers === 2, `2 waiting for another agent (was ${JSON.stringify(statusOf(el))})`, { timeout: 20000 });
    expect(statusOf(el)).to.deep.equal({ state: 'online', pending: 0, waitingForOthers: 2 });
    // The host hears of it (`cc-sync`), and the pane says it.
    await el.updateComplete;
    expect(syncs.at(-1)).to.deep.equal({ state: 'online', pending: 0, waitingForOthers: 2 });
    expect(find(el, '[part=sync]')?.textContent?.replace(/\s+/g, ' ').trim()).to.equal('Online · 2 changes of another agent wait for them to sign in here');
    // Nothing of Alice's reached the server while Bob was the agent; Bob's went with his header.
    expect(sent.filter((s) => aliceIds.includes(s.id))).to.deep.equal([]);
    expect(sent.filter((s) => s.id === yRequest.id && s.method !== 'GET').map((s) => s.auth)).to.deep.equal(['Bearer bob-token']);
    expect(await serverTitle(xRequest.id)).to.equal('Changed by Carol');
    // Nothing of Alice's on Bob's screen: no Xavier, no caution.
    await session(el).idle();
    expect(session(el).workspace(xavier.id)).to.equal(undefined);
    expect(session(el).state.open.map((w) => w.customer?.name)).to.deep.equal(['Yolanda Brightwater']);
    expect(screenText(el)).not.to.contain('Xavier Quartermain');
    // Sign-out refuses while Alice's writes wait.
    expect(await el.clearLocalData({ waitMs: 2000 })).to.deep.equal({ ok: false, reason: 'unsent', pending: 2 });

    // Alice is back: her writes go, with her header; her conflict is a caution on her record.
    switchTo(el, 'alice', 'Alice', aliceHeaders);
    await until(session(el), () => session(el).workspace(xavier.id)?.cautions.some((c) => c.kind === 'request') === true);
    await online(el);
    expect(statusOf(el)?.waitingForOthers ?? 0).to.equal(0);
    // Every request on her records since she left went with her header; her customer write among them.
    const ofAlice = sent.filter((s) => aliceIds.includes(s.id));
    expect(ofAlice.filter((s) => s.method === 'PUT').map((s) => s.id)).to.include(xavier.id);
    expect(ofAlice.every((s) => s.auth === 'Bearer alice-token'), JSON.stringify(ofAlice)).to.equal(true);
    expect(((await couchJson('GET', `/${db}/${encodeURIComponent(xavier.id)}`)).body as { address?: string; updatedBy?: string }).address).to.equal('1 Alice Offline Road');
    // Her conflicting write overwrote nothing.
    expect(await serverTitle(xRequest.id)).to.equal('Changed by Carol');
    expect(session(el).workspace(yolanda.id)).to.equal(undefined);
  });

  /** Reload (the element removed, a new one on the same database and outbox, no agent-id), still offline. */
  async function reload(el: CustomerContext): Promise<CustomerContext> {
    await session(el).idle();
    el.remove();
    els = els.filter((e) => e !== el);
    return gadget(aliceHeaders);
  }

  async function expectCautionHolds(el: CustomerContext): Promise<void> {
    await until(session(el), () => session(el).workspace(xavier.id)?.cautions.some((c) => c.kind === 'request') === true);
    await session(el).idle();
    expect(session(el).agentId).to.equal('alice');
    const saved = await session(el).save(xavier.id);
    expect(saved.ok, 'Save is refused until Load').to.equal(false);
    expect(await serverTitle(xRequest.id)).to.equal('Changed by Carol');
    expect(session(el).workspace(xavier.id)!.cautions.map((c) => c.kind)).to.deep.equal(['request']);
  }

  it('item 4: after a reload while offline (Finesse flow), Alice\'s delivery conflict is a caution in her work area and Save does not overwrite', async () => {
    const first = await gadget(aliceHeaders);
    await aliceSavesOffline(first);
    const el = await reload(first);
    switchTo(el, 'alice', 'Alice', aliceHeaders);
    await session(el).idle();
    await setPlug(true);
    await expectCautionHolds(el);
  });

  it('item 4: the plug back before the host names the agent again: her writes wait for her, then her conflict is a caution in her work area', async () => {
    const first = await gadget(aliceHeaders);
    await aliceSavesOffline(first);
    const el = await reload(first);
    await setPlug(true);
    // The placeholder session (no agent named yet) delivers nothing of Alice's and is shown no report of hers.
    await waitUntil(() => statusOf(el)?.state === 'online' && statusOf(el)?.waitingForOthers === 2, `waiting for their agent (was ${JSON.stringify(statusOf(el))})`, { timeout: 20000 });
    expect(sent.filter((s) => s.id === xRequest.id || s.id === xavier.id)).to.deep.equal([]);
    expect(session(el).state.open).to.deep.equal([]);
    switchTo(el, 'alice', 'Alice', aliceHeaders);
    await expectCautionHolds(el);
    const ofAlice = sent.filter((s) => s.id === xRequest.id || s.id === xavier.id);
    expect(ofAlice.filter((s) => s.method === 'PUT').map((s) => s.id)).to.include(xavier.id);
    expect(ofAlice.every((s) => s.auth === 'Bearer alice-token'), JSON.stringify(ofAlice)).to.equal(true);
  });
});
