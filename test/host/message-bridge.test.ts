import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import '../../src/components/customer-context/define.js';
import type { CustomerContext } from '../../src/components/customer-context/customer-context.js';
import { MessageBridge, isHostMessage, parseAllowedOrigins, type EventMessage, type ResultMessage } from '../../src/host/message-bridge.js';
import type { ReceiveResult } from '../../src/session/session.js';
import { IndexedDbStore } from '../../src/store/indexeddb-store.js';
import { customer } from '../helpers/data.js';
import { call, ended, hostContext } from '../helpers/events.js';
import type { HostContext } from '../../src/model/index.js';
import { until } from '../helpers/session.js';

/** The same server on the other loopback name: a different origin (and site). */
const OTHER_ORIGIN = `${location.protocol}//${location.hostname === '127.0.0.1' ? 'localhost' : '127.0.0.1'}:${location.port}`;
const now = '2026-11-22T10:00:00.000Z';

interface PeerMessage {
  peer: 'ready' | 'posted' | 'report' | 'relay';
  seq?: number;
  data?: ResultMessage | EventMessage;
  received?: { origin: string; data: ResultMessage | EventMessage }[];
}

/** A cross-origin frame that posts what the test tells it to, and relays what it gets back. */
class Peer {
  readonly relays: (ResultMessage | EventMessage)[] = [];
  private seq = 0;
  private waiters: { match: (m: PeerMessage) => boolean; resolve: (m: PeerMessage) => void }[] = [];
  private readonly listener = (event: MessageEvent) => {
    if (event.origin !== this.origin || event.source !== this.frame.contentWindow) return;
    const message = event.data as PeerMessage;
    if (message?.peer === 'relay' && message.data) this.relays.push(message.data);
    this.waiters = this.waiters.filter((w) => {
      if (!w.match(message)) return true;
      w.resolve(message);
      return false;
    });
  };

  private constructor(readonly origin: string, readonly frame: HTMLIFrameElement) {
    window.addEventListener('message', this.listener);
  }

  static async open(origin: string): Promise<Peer> {
    const frame = document.createElement('iframe');
    frame.title = 'host of another origin';
    const peer = new Peer(origin, frame);
    const ready = peer.next((m) => m.peer === 'ready');
    frame.src = `${origin}/test/host/fixtures/post-peer.html?parent=${encodeURIComponent(location.origin)}`;
    document.body.append(frame);
    await ready;
    return peer;
  }

  next(match: (m: PeerMessage) => boolean): Promise<PeerMessage> {
    return new Promise((resolve) => this.waiters.push({ match, resolve }));
  }

  /** The peer posts `message` to this window; resolves once this window has received it (and everything before it). */
  async post(message: unknown): Promise<void> {
    const seq = ++this.seq;
    const posted = this.next((m) => m.peer === 'posted' && m.seq === seq);
    this.frame.contentWindow!.postMessage({ cmd: 'post', seq, message }, this.origin);
    await posted;
  }

  /** Every customer-context message the peer has received so far. */
  async report(): Promise<{ origin: string; data: ResultMessage | EventMessage }[]> {
    const seq = ++this.seq;
    const report = this.next((m) => m.peer === 'report' && m.seq === seq);
    this.frame.contentWindow!.postMessage({ cmd: 'report', seq }, this.origin);
    return (await report).received ?? [];
  }

  /** Waits for a relayed reply or event matching `match` (already received or coming). */
  async relayed(match: (m: ResultMessage | EventMessage) => boolean): Promise<ResultMessage | EventMessage> {
    const found = this.relays.find(match);
    if (found) return found;
    const message = await this.next((m) => m.peer === 'relay' && !!m.data && match(m.data));
    return message.data!;
  }

  close(): void {
    window.removeEventListener('message', this.listener);
    this.frame.remove();
  }
}

const envelope = (event: unknown, id?: number | string) => ({ target: 'customer-context', event, ...(id === undefined ? {} : { id }) });
const callFromAna = call('pm-call-1', { phone: '+34 600 000 001' }, { at: now });

describe('parseAllowedOrigins', () => {
  it('keeps exact origins only: no "*", no "null", no paths, no other schemes; attribute text or array', () => {
    expect(parseAllowedOrigins(null)).to.deep.equal([]);
    expect(parseAllowedOrigins('')).to.deep.equal([]);
    expect(parseAllowedOrigins('*')).to.deep.equal([]);
    expect(parseAllowedOrigins('null')).to.deep.equal([]);
    expect(parseAllowedOrigins('https://desk.example.com https://desk.example.com/, http://localhost:8080')).to.deep.equal([
      'https://desk.example.com',
      'http://localhost:8080',
    ]);
    expect(parseAllowedOrigins(['https://desk.example.com/app', 'ftp://x.example.com', 'javascript:alert(1)', 'desk.example.com'])).to.deep.equal([]);
    expect(parseAllowedOrigins(['https://desk.example.com:443'])).to.deep.equal([]);
  });

  it('recognises the envelope', () => {
    const event = hostContext('a');
    expect(isHostMessage(envelope(event))).to.equal(true);
    expect(isHostMessage(event)).to.equal(false);
    expect(isHostMessage('customer-context')).to.equal(false);
    expect(isHostMessage(null)).to.equal(false);
  });
});

describe('MessageBridge with a real cross-origin frame', function () {
  this.timeout(15000);
  let counter = 0;
  let db: string;
  let store: IndexedDbStore;
  let el: CustomerContext;
  let peer: Peer;
  let bridge: MessageBridge | undefined;
  let received: unknown[];
  let errors: string[];
  // Unique per test: drafts and the Open list are kept per agent in localStorage, shared by every test page.
  let agent: string;
  let contextEvent: HostContext;

  beforeEach(async () => {
    db = `cc-pm-${Date.now()}-${counter++}`;
    agent = `agent-${db}`;
    contextEvent = hostContext(agent, { agentName: 'Sam' });
    store = new IndexedDbStore({ name: db });
    await store.create('customer', customer({ name: 'Ana García', phones: ['+34 600 000 001'] }), { by: 'seed' });
    el = await fixture<CustomerContext>(html`<customer-context agent-id=${agent} database=${db}></customer-context>`);
    await el.ready;
    received = [];
    errors = [];
    const original = el.receive.bind(el);
    el.receive = (event: unknown): ReceiveResult => {
      received.push(event);
      return original(event);
    };
    el.addEventListener('cc-error', (e) => errors.push(e.detail.code));
    peer = await Peer.open(OTHER_ORIGIN);
  });

  afterEach(async () => {
    bridge?.disconnect();
    bridge = undefined;
    peer.close();
    el.remove();
    await store.destroy();
  });

  it('hears an allowed origin: its events reach receive(), replies and events go back to that origin', async () => {
    bridge = new MessageBridge(el, { allowedOrigins: OTHER_ORIGIN });
    bridge.connect();
    expect(bridge.allowedOrigins).to.deep.equal([OTHER_ORIGIN]);

    await peer.post(envelope(contextEvent, 1));
    await peer.post(envelope(callFromAna, 2));
    expect(received).to.deep.equal([contextEvent, callFromAna]);
    expect(await peer.relayed((m) => m.type === 'cc-result' && m.id === 1)).to.deep.equal({ source: 'customer-context', type: 'cc-result', version: 1, id: 1, ok: true });
    expect(await peer.relayed((m) => m.type === 'cc-result' && m.id === 2)).to.deep.include({ ok: true });

    const session = el.agentSession!;
    await until(session, () => session.state.open.some((w) => w.customer?.name === 'Ana García'));
    expect(session.state.agent.agentName).to.equal('Sam');

    // An event of the element is mirrored to the window that talked to it, at its origin only.
    el.dispatchEvent(new CustomEvent('cc-closed', { detail: { customerId: 'customer:1', interactionId: 'pm-call-1', created: false }, bubbles: true, composed: true }));
    // Inner, non-public cc-* events are not mirrored.
    el.dispatchEvent(new CustomEvent('cc-tags-change', { detail: { tags: ['x'] }, bubbles: true, composed: true }));
    const closed = await peer.relayed((m) => m.type === 'cc-closed');
    expect(closed).to.deep.equal({
      source: 'customer-context',
      type: 'cc-closed',
      version: 1,
      detail: { customerId: 'customer:1', interactionId: 'pm-call-1', created: false },
    });
    const report = await peer.report();
    expect(report.every((r) => r.origin === location.origin)).to.equal(true);
    expect(report.map((r) => r.data.type)).to.deep.equal(['cc-result', 'cc-result', 'cc-closed']);
    expect(errors).to.deep.equal([]);
  });

  it('the allowed-origins attribute of <customer-context> drives its own bridge', async () => {
    await peer.post(envelope(contextEvent, 1));
    expect(await peer.report()).to.deep.equal([]);
    el.setAttribute('allowed-origins', `https://desk.example.com ${OTHER_ORIGIN}`);
    await el.updateComplete;
    await peer.post(envelope(callFromAna, 2));
    const session = el.agentSession!;
    await until(session, () => session.state.open.some((w) => w.customer?.name === 'Ana García'));
    expect(await peer.relayed((m) => m.type === 'cc-result' && m.id === 2)).to.deep.include({ ok: true });
    el.removeAttribute('allowed-origins');
    await el.updateComplete;
    await peer.post(envelope({ ...callFromAna, interactionId: 'pm-call-2' }, 3));
    expect((await peer.report()).map((r) => r.data.type)).to.deep.equal(['cc-result']);
  });

  it('ignores any other origin: no receive(), no state change, no cc-error, no answer', async () => {
    bridge = new MessageBridge(el, { allowedOrigins: [location.origin, 'https://desk.example.com'] });
    bridge.connect();
    await peer.post(envelope(contextEvent, 1));
    await peer.post(envelope(callFromAna, 2));
    await peer.post(envelope({ type: 'interaction.started' }, 3));
    expect(received).to.deep.equal([]);
    expect(errors).to.deep.equal([]);
    expect(el.agentSession!.state.open.length).to.equal(0);
    expect(el.agentSession!.state.agent.agentId).to.equal(agent);
    expect(await peer.report()).to.deep.equal([]);
  });

  it('hears no one by default, and never "*"', async () => {
    bridge = new MessageBridge(el);
    bridge.connect();
    await peer.post(envelope(callFromAna, 1));
    bridge.disconnect();
    bridge = new MessageBridge(el, { allowedOrigins: '*' });
    expect(bridge.allowedOrigins).to.deep.equal([]);
    bridge.connect();
    await peer.post(envelope(callFromAna, 2));
    expect(received).to.deep.equal([]);
    expect(errors).to.deep.equal([]);
    expect(await peer.report()).to.deep.equal([]);
  });

  it('refuses a malformed event from an allowed origin with cc-error, mirrored, and a failed result; nothing changes', async () => {
    bridge = new MessageBridge(el, { allowedOrigins: OTHER_ORIGIN });
    bridge.connect();
    const error = oneEvent(el, 'cc-error');
    await peer.post(envelope({ type: 'interaction.started', interactionId: '', channel: 'fax', from: {}, at: 'yesterday' }, 7));
    expect((await error).detail.code).to.equal('invalid-event');
    const result = (await peer.relayed((m) => m.type === 'cc-result' && m.id === 7)) as ResultMessage;
    expect(result.ok).to.equal(false);
    expect(result.error?.code).to.equal('invalid-event');
    const mirrored = (await peer.relayed((m) => m.type === 'cc-error')) as EventMessage;
    expect((mirrored.detail as { code: string }).code).to.equal('invalid-event');

    // An envelope with no event at all, and an unknown type: refused the same way.
    await peer.post({ target: 'customer-context', id: 8 });
    await peer.post(envelope({ type: 'call.transferred' }, 9));
    expect(((await peer.relayed((m) => m.type === 'cc-result' && m.id === 9)) as ResultMessage).error?.code).to.equal('unknown-event');
    expect(errors).to.deep.equal(['invalid-event', 'invalid-event', 'unknown-event']);
    expect(el.agentSession!.state.open.length).to.equal(0);
  });

  it('a message without the envelope is not for the gadget, even from an allowed origin; disconnect() stops listening', async () => {
    bridge = new MessageBridge(el, { allowedOrigins: OTHER_ORIGIN });
    bridge.connect();
    await peer.post(callFromAna);
    await peer.post({ target: 'another-widget', event: callFromAna });
    await peer.post('interaction.started');
    expect(received).to.deep.equal([]);
    bridge.disconnect();
    await peer.post(envelope(callFromAna, 1));
    expect(received).to.deep.equal([]);
    expect(errors).to.deep.equal([]);
    expect(await peer.report()).to.deep.equal([]);
  });

  it('narrowing the allow-list stops events to windows of origins no longer allowed', async () => {
    bridge = new MessageBridge(el, { allowedOrigins: OTHER_ORIGIN });
    bridge.connect();
    await peer.post(envelope(contextEvent, 1));
    await peer.relayed((m) => m.type === 'cc-result' && m.id === 1);
    bridge.allowedOrigins = 'https://desk.example.com';
    el.dispatchEvent(new CustomEvent('cc-saved', { detail: { record: { id: 'customer:1' } }, bubbles: true, composed: true }));
    await peer.post(envelope(callFromAna, 2));
    const report = await peer.report();
    expect(report.map((r) => r.data.type)).to.deep.equal(['cc-result']);
    expect(received).to.deep.equal([contextEvent]);
  });
});

describe('MessageBridge: the gadget in a cross-origin iframe, the test page as the host', function () {
  this.timeout(15000);
  let frame: HTMLIFrameElement | undefined;
  let messages: (ResultMessage | EventMessage)[];
  let waiters: { match: (m: ResultMessage | EventMessage) => boolean; resolve: (m: ResultMessage | EventMessage) => void }[];
  const listener = (event: MessageEvent) => {
    if (event.origin !== OTHER_ORIGIN || (event.data as { source?: string })?.source !== 'customer-context') return;
    const message = event.data as ResultMessage | EventMessage;
    messages.push(message);
    waiters = waiters.filter((w) => {
      if (!w.match(message)) return true;
      w.resolve(message);
      return false;
    });
  };
  const next = (match: (m: ResultMessage | EventMessage) => boolean) =>
    messages.find(match) ?? new Promise<ResultMessage | EventMessage>((resolve) => waiters.push({ match, resolve }));

  async function embed(hello: boolean): Promise<Window> {
    const id = `${Date.now()}-${Math.random().toString(36).slice(2)}`;
    frame = document.createElement('iframe');
    frame.title = 'Customer Context';
    const loaded = new Promise((resolve) => frame!.addEventListener('load', resolve, { once: true }));
    frame.src = `${OTHER_ORIGIN}/test/host/fixtures/gadget-frame.html?db=cc-frame-${id}&agent=agent-frame-${id}&allow=${encodeURIComponent(location.origin)}${hello ? '&hello=1' : ''}`;
    document.body.append(frame);
    await loaded;
    return frame.contentWindow!;
  }

  beforeEach(() => {
    messages = [];
    waiters = [];
    window.addEventListener('message', listener);
  });
  afterEach(() => {
    window.removeEventListener('message', listener);
    frame?.remove();
    frame = undefined;
  });

  it('the parent page, allowed, gets events from the start and answers to what it posts', async () => {
    const hello = next((m) => m.type === 'cc-closed');
    const gadget = await embed(true);
    expect(await hello).to.deep.equal({ source: 'customer-context', type: 'cc-closed', version: 1, detail: { customerId: null, interactionId: null, created: false } });

    gadget.postMessage(envelope(call('frame-call-1', { phone: '+1 555 0100' }, { at: now }), 'a'), OTHER_ORIGIN);
    expect(await next((m) => m.type === 'cc-result' && m.id === 'a')).to.deep.include({ ok: true });

    gadget.postMessage(envelope(ended('never-started'), 'b'), OTHER_ORIGIN);
    const refused = (await next((m) => m.type === 'cc-result' && m.id === 'b')) as ResultMessage;
    expect(refused.error?.code).to.equal('out-of-order');
    const mirrored = (await next((m) => m.type === 'cc-error')) as EventMessage;
    expect(mirrored.detail).to.deep.include({ code: 'out-of-order' });
  });
});
