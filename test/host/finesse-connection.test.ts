import { expect, fixture, html } from '@open-wc/testing';
import '../../src/components/customer-context/define.js';
import type { CustomerContext } from '../../src/components/customer-context/customer-context.js';
import { FinesseBridge, type HostReceiver } from '../../src/host/finesse-bridge.js';
import { CONNECTION_TOPIC, REQUESTS_TOPIC, connectionStateOf, type FinesseConnectionChange } from '../../src/host/finesse-connection.js';
import type { HostEvent } from '../../src/model/index.js';
import { IndexedDbStore } from '../../src/store/indexeddb-store.js';
import { customer } from '../helpers/data.js';
import { until } from '../helpers/session.js';
import { FakeDesktop, type FakeDesktopSetup } from '../fixtures/finesse/fake-desktop.js';
import { mediaData, mediaDialog, userData, voiceDialog } from '../fixtures/finesse/finesse-data.js';

const AGENT = 'agent-conn';
const EXT = '1001001';
const CHAT = '5000';

function setup(overrides: Partial<FakeDesktopSetup> = {}): FakeDesktopSetup {
  return {
    user: userData(AGENT, { extension: EXT, state: 'NOT_READY' }),
    media: [mediaData(CHAT, 'Cisco_Chat_MRD', 'Chat MRD')],
    config: { id: AGENT, extension: EXT, locale: 'en_US' },
    ...overrides,
  };
}

const call = (id: string, state: 'ALERTING' | 'ACTIVE' | 'DROPPED', from = '+34600000001', variables?: Record<string, string>) =>
  voiceDialog({ id, from, agentExtension: EXT, state, variables });
const chat = (id: string, state: 'OFFERED' | 'ACTIVE' | 'CLOSED', chatId = 'chloe.martin') =>
  mediaDialog({ id, mediaId: CHAT, mediaType: 'Cisco_Chat_MRD', state, agentId: AGENT, variables: { 'user.cc.chatId': chatId } });

/** A bridge on a plain receiver, connected to a fake desktop and loaded. */
async function started(desktopSetup: FakeDesktopSetup = setup()) {
  const desktop = new FakeDesktop(desktopSetup);
  const sent: HostEvent[] = [];
  const changes: FinesseConnectionChange[] = [];
  const heard: FinesseConnectionChange[] = [];
  const logs: string[] = [];
  const element = document.createElement('div') as unknown as HostReceiver;
  element.receive = (event: unknown) => {
    sent.push(JSON.parse(JSON.stringify(event)) as HostEvent);
    return { ok: true };
  };
  // The element hears it as an event, without any option (the auto-started bridge has none).
  document.body.addEventListener('cc-host-connection', (e) => {
    if (e.target === element) heard.push(e.detail);
  });
  document.body.append(element);
  const bridge = new FinesseBridge(element, {
    gadgets: desktop.gadgets,
    finesse: desktop.finesse,
    onConnectionChange: (change) => changes.push(change),
    log: (message) => logs.push(message),
    resyncRetryMs: 20,
  }).start();
  desktop.connect();
  await desktop.ready;
  await desktop.settle();
  const byId = (id: string) => sent.filter((e) => 'interactionId' in e && e.interactionId === id).map((e) => e.type);
  const states = () => changes.map((c) => c.state);
  const dialogReads = () => desktop.gets.filter((url) => url.endsWith(`/User/${AGENT}/Dialogs`)).length;
  const chatReads = () => desktop.gets.filter((url) => url.endsWith(`/Media/${CHAT}/Dialogs`)).length;
  const done = () => {
    bridge.stop();
    element.remove();
  };
  return { desktop, bridge, element, sent, changes, heard, logs, byId, states, dialogReads, chatReads, done };
}

describe('Finesse connection state (finesse.info.connection)', function () {
  this.timeout(10000);

  it('maps the documented statuses: connected / recovered; reconnecting (and connecting once it was up); disconnected, disconnecting, failing, conflict, unauthorized; unloading is nothing', () => {
    expect(connectionStateOf('connected', false)).to.equal('connected');
    expect(connectionStateOf('recovered', true)).to.equal('connected');
    expect(connectionStateOf('reconnecting', true)).to.equal('reconnecting');
    expect(connectionStateOf('connecting', false)).to.equal(null);
    expect(connectionStateOf('connecting', true)).to.equal('reconnecting');
    for (const status of ['disconnected', 'disconnecting', 'failing', 'conflict', 'unauthorized']) expect(connectionStateOf(status, true), status).to.equal('disconnected');
    expect(connectionStateOf('unloading', true)).to.equal(null);
    expect(connectionStateOf('CONNECTED', false)).to.equal('connected');
    expect(connectionStateOf(undefined, true)).to.equal(null);
  });

  it('subscribes before ClientServices.init, asks for the state, reports each change once (duplicates are harmless), and stop() unsubscribes', async () => {
    const t = await started();
    expect(t.desktop.hub.subscriberCount(CONNECTION_TOPIC)).to.equal(2); // the bridge and finesse.js's ClientServices
    const requests = t.desktop.hub.published.filter((p) => p.topic === REQUESTS_TOPIC).map((p) => (p.data as { type: string }).type);
    expect(requests).to.deep.equal(['ConnectionInfoReq', 'ConnectionInfoReq']); // ClientServices.init's, then the bridge's
    // Both requests were answered to every subscriber: two `connected` publishes, one change.
    expect(t.states()).to.deep.equal(['connected']);
    expect(t.bridge.connectionState).to.equal('connected');
    t.desktop.republish();
    t.desktop.republish();
    await t.desktop.settle();
    expect(t.states()).to.deep.equal(['connected']);

    for (const status of ['disconnected', 'reconnecting', 'connecting', 'connected', 'unloading', 'failing', 'recovered']) {
      t.desktop.setConnection(status);
      await t.desktop.settle();
    }
    expect(t.changes.map((c) => `${c.state}:${c.status}`)).to.deep.equal([
      'connected:connected',
      'disconnected:disconnected',
      'reconnecting:reconnecting',
      'connected:connected',
      'disconnected:failing',
      'connected:recovered',
    ]);
    expect(t.changes.every((c) => !Number.isNaN(Date.parse(c.at)))).to.equal(true);
    expect(t.heard).to.deep.equal(t.changes);

    t.done();
    expect(t.desktop.hub.subscriberCount(CONNECTION_TOPIC)).to.equal(1);
    t.desktop.setConnection('disconnected');
    await t.desktop.settle();
    expect(t.changes.length).to.equal(6);
  });

  it('a desktop still starting (connecting) reports nothing until connected, and reads the dialogs only once', async () => {
    const t = await started(setup({ connection: 'connecting' }));
    expect(t.states()).to.deep.equal([]);
    expect(t.bridge.connectionState).to.equal(undefined);
    t.desktop.setConnection('connected');
    await t.desktop.settle();
    expect(t.states()).to.deep.equal(['connected']);
    expect(t.dialogReads()).to.equal(1);
    t.done();
  });

  it('a disconnect with calls in the gap: on reconnect the dialogs are read again — a call answered in the gap starts once, one that started and ended in the gap sends nothing, none lost', async () => {
    const t = await started(
      setup({
        dialogs: [call('100', 'ALERTING'), call('101', 'ACTIVE', '+4930123456')],
        mediaDialogs: { [CHAT]: [chat('151635_312_1', 'OFFERED')] },
      }),
    );
    expect(t.byId('100')).to.deep.equal(['interaction.offered']);
    expect(t.byId('101')).to.deep.equal(['interaction.started']);
    expect(t.byId('151635_312_1')).to.deep.equal(['interaction.offered']);
    expect([t.dialogReads(), t.chatReads()]).to.deep.equal([1, 1]);

    t.desktop.setConnection('disconnected');
    await t.desktop.settle();
    t.desktop.setConnection('reconnecting');
    await t.desktop.settle();
    expect(t.states()).to.deep.equal(['connected', 'disconnected', 'reconnecting']);
    const before = t.sent.length;

    // The gap: the server moves on, no notification reaches the gadget.
    t.desktop.updateDialog(call('100', 'ACTIVE')); // the ringing call is answered
    t.desktop.addDialog(call('102', 'ALERTING', '+34600000002', { 'user.cc.name': 'Lucía Pérez' })); // a new call rings …
    t.desktop.updateDialog(call('102', 'ACTIVE', '+34600000002', { 'user.cc.name': 'Lucía Pérez' })); // … and is answered
    t.desktop.addDialog(call('103', 'ALERTING', '+34600000003')); // a call that rings, is answered and ends, all in the gap
    t.desktop.updateDialog(call('103', 'ACTIVE', '+34600000003'));
    t.desktop.deleteDialog('103');
    t.desktop.updateDialog(call('101', 'DROPPED', '+4930123456')); // the call in progress ends
    t.desktop.deleteDialog('101');
    t.desktop.updateMediaDialog(CHAT, chat('151635_312_1', 'ACTIVE')); // the offered chat is accepted
    t.desktop.addMediaDialog(CHAT, chat('151635_313_1', 'ACTIVE', 'jonas.weber')); // a new chat, accepted
    t.desktop.setUserState('READY');
    await t.desktop.settle();
    expect(t.sent.length, 'nothing arrives during the gap').to.equal(before);

    t.desktop.setConnection('connected', 'desktop-2');
    await t.desktop.settle();
    expect(t.states()).to.deep.equal(['connected', 'disconnected', 'reconnecting', 'connected']);
    expect([t.dialogReads(), t.chatReads()], 'read again once').to.deep.equal([2, 2]);
    expect(t.byId('100')).to.deep.equal(['interaction.offered', 'interaction.started']);
    expect(t.byId('102')).to.deep.equal(['interaction.started']);
    expect(t.sent.find((e) => e.type === 'interaction.started' && e.interactionId === '102')).to.deep.include({
      channel: 'voice',
      from: { name: 'Lucía Pérez', phone: '+34600000002' },
    });
    expect(t.byId('103'), 'began and ended in the gap: Finesse no longer has it').to.deep.equal([]);
    expect(t.byId('101')).to.deep.equal(['interaction.started', 'interaction.ended']);
    expect(t.byId('151635_312_1')).to.deep.equal(['interaction.offered', 'interaction.started']);
    expect(t.byId('151635_313_1')).to.deep.equal(['interaction.started']);
    expect(t.sent.find((e) => e.type === 'interaction.started' && e.interactionId === '151635_313_1')).to.deep.include({ channel: 'chat', from: { chatId: 'jonas.weber' } });
    expect(t.sent.filter((e) => e.type === 'agent.state').map((e) => (e.type === 'agent.state' ? e.state : ''))).to.deep.equal(['not-ready', 'ready']);

    // Duplicate publishes of the same state read nothing again and send nothing.
    const after = t.sent.length;
    t.desktop.republish();
    await t.desktop.settle();
    expect([t.dialogReads(), t.chatReads(), t.sent.length]).to.deep.equal([2, 2, after]);

    // Notifications flow again; one handler per dialog.
    t.desktop.addDialog(call('104', 'ALERTING', '+34600000004'));
    expect(t.byId('104')).to.deep.equal(['interaction.offered']);
    t.desktop.updateDialog(call('102', 'DROPPED', '+34600000002'));
    expect(t.byId('102')).to.deep.equal(['interaction.started', 'interaction.ended']);
    expect(t.desktop.changeHandlerCount('100')).to.equal(1);
    t.done();
  });

  it('failover (failing → recovered): finesse.js refreshes its objects and the bridge reads again — still one interaction.started per call', async () => {
    const t = await started();
    t.desktop.setConnection('failing');
    await t.desktop.settle();
    t.desktop.addDialog(call('200', 'ACTIVE'));
    t.desktop.setConnection('recovered', 'desktop-b');
    await t.desktop.settle();
    expect(t.states()).to.deep.equal(['connected', 'disconnected', 'connected']);
    expect(t.dialogReads(), 'ClientServices and the bridge both read').to.equal(3);
    expect(t.byId('200')).to.deep.equal(['interaction.started']);
    t.done();
  });

  it('connected again under a new resourceID (a reconnect whose other publishes were missed) reads the dialogs again', async () => {
    const t = await started();
    t.desktop.addDialog(call('300', 'ACTIVE')); // delivered: connected
    expect(t.byId('300')).to.deep.equal(['interaction.started']);
    t.desktop.setConnection('connected', 'desktop-1'); // same resource: a duplicate
    await t.desktop.settle();
    expect(t.dialogReads()).to.equal(1);
    t.desktop.setConnection('connected', 'desktop-1b');
    await t.desktop.settle();
    expect(t.dialogReads()).to.equal(2);
    expect(t.states()).to.deep.equal(['connected']);
    expect(t.byId('300')).to.deep.equal(['interaction.started']);
    t.done();
  });

  it('a re-read that fails right after the reconnect is tried again, so the call from the gap is not lost', async () => {
    const t = await started();
    t.desktop.setConnection('disconnected');
    await t.desktop.settle();
    t.desktop.addDialog(call('400', 'ACTIVE'));
    t.desktop.failNextReads(1); // the first GET after the reconnect (the voice dialogs) answers 503
    t.desktop.setConnection('connected');
    await t.desktop.settle();
    expect(t.byId('400')).to.deep.equal([]);
    expect(t.logs.join('\n')).to.contain('the dialogs could not be loaded');
    await new Promise((resolve) => setTimeout(resolve, 60));
    await t.desktop.settle();
    expect(t.byId('400')).to.deep.equal(['interaction.started']);
    t.done();
  });

  it('a desktop already disconnected when the gadget loads is reported; the dialogs are read again when it connects', async () => {
    const t = await started(setup({ connection: 'disconnected' }));
    expect(t.states()).to.deep.equal(['disconnected']);
    t.desktop.addDialog(call('500', 'ACTIVE'));
    t.desktop.setConnection('connected');
    await t.desktop.settle();
    expect(t.states()).to.deep.equal(['disconnected', 'connected']);
    expect(t.byId('500')).to.deep.equal(['interaction.started']);
    t.done();
  });

  it('a desktop without the connection topic (no gadgets.Hub) still works: no state, calls flow', async () => {
    const desktop = new FakeDesktop(setup());
    const gadgets = { ...desktop.gadgets, Hub: undefined };
    const sent: HostEvent[] = [];
    const element = document.createElement('div') as unknown as HostReceiver;
    element.receive = (event: unknown) => {
      sent.push(event as HostEvent);
      return { ok: true };
    };
    const bridge = new FinesseBridge(element, { gadgets, finesse: desktop.finesse, log: () => undefined }).start();
    gadgets.HubSettings.onConnect?.();
    await desktop.ready;
    desktop.addDialog(call('600', 'ACTIVE'));
    expect(bridge.connectionState).to.equal(undefined);
    expect(sent.map((e) => e.type)).to.include('interaction.started');
    bridge.stop();
  });
});

describe('Finesse reconnect with <customer-context>', function () {
  this.timeout(20000);
  let store: IndexedDbStore;
  let el: CustomerContext;
  let bridge: FinesseBridge;

  after(async () => {
    bridge?.stop();
    el?.remove();
    await store?.destroy();
  });

  it('a call answered while the desktop was reconnecting opens its customer once the desktop is back', async () => {
    const database = `cc-finesse-reconnect-${Date.now()}`;
    store = new IndexedDbStore({ name: database });
    await store.create('customer', customer({ name: 'Ana García', phones: ['+34 600 000 001'] }), { by: 'seed' });
    el = await fixture<CustomerContext>(html`<customer-context agent-id=${AGENT} database=${database}></customer-context>`);
    await el.ready;
    const heard: string[] = [];
    el.addEventListener('cc-host-connection', (e) => heard.push(e.detail.state));
    const desktop = new FakeDesktop(setup());
    bridge = new FinesseBridge(el, { gadgets: desktop.gadgets, finesse: desktop.finesse, log: () => undefined }).start();
    desktop.connect();
    await desktop.ready;
    await desktop.settle();
    const session = el.agentSession!;
    expect(session.state.agent.agentId).to.equal(AGENT);

    desktop.setConnection('reconnecting');
    await desktop.settle();
    desktop.addDialog(call('700', 'ALERTING'));
    desktop.updateDialog(call('700', 'ACTIVE'));
    await desktop.settle();
    expect(session.state.open.some((w) => w.interaction?.interactionId === '700')).to.equal(false);

    desktop.setConnection('connected', 'desktop-2');
    await desktop.settle();
    await until(session, () => session.state.open.find((w) => w.interaction?.interactionId === '700')?.customer?.name === 'Ana García');
    expect(session.state.open.filter((w) => w.interaction?.interactionId === '700').length).to.equal(1);
    expect(heard).to.deep.equal(['connected', 'reconnecting', 'connected']);
  });
});
