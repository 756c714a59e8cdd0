import { expect } from '@open-wc/testing';
import type { CustomerContext } from '../../src/components/customer-context/customer-context.js';
import type { CustomerForm } from '../../src/components/customer-form/customer-form.js';
import type { HostEvent } from '../../src/model/index.js';
import type { ReceiveResult } from '../../src/session/session.js';
import { IndexedDbStore } from '../../src/store/indexeddb-store.js';
import { customer } from '../helpers/data.js';
import { until } from '../helpers/session.js';
import { find, findAll } from '../helpers/gadget.js';
import { mediaData, mediaDialog, supervisorMonitorDialog, userData, voiceDialog } from '../fixtures/finesse/finesse-data.js';
import { expandUserPrefs, loadGadgetSpec, mountGadget, type GadgetSpec, type MountedGadget } from './gadget-harness.js';

const CHAT_MRD = '5000';
const EMAIL_MRD = '5001';
const EXT = '1001001';

function openPanelText(el: CustomerContext): string {
  return find(el, '[role=tabpanel]#panel-open')?.textContent ?? '';
}

async function settle(el: CustomerContext): Promise<void> {
  await el.updateComplete;
  for (const child of findAll(el, 'customer-form, request-editor, tag-input, journey-view')) {
    await (child as HTMLElement & { updateComplete: Promise<unknown> }).updateComplete;
  }
}

describe('gadget.xml', () => {
  let spec: GadgetSpec;
  before(async () => {
    spec = await loadGadgetSpec('/gadget.xml');
  });

  it('R10.2: requires the Finesse gadget features, with a manually dismissed loading indicator', () => {
    for (const feature of ['pubsub-2', 'setprefs', 'dynamic-height', 'settitle', 'loadingindicator']) {
      expect(spec.features, feature).to.include(feature);
    }
    expect(spec.featureParams.loadingindicator?.['manual-dismiss']).to.equal('true');
    expect(spec.title).to.equal('Customer Context');
  });

  it('R10.2: hidden scheme / host / hostPort prefs load finesse.js from the desktop, and the Content is html', () => {
    for (const name of ['scheme', 'host', 'hostPort']) {
      const pref = spec.userPrefs.find((p) => p.name === name);
      expect(pref?.datatype, name).to.equal('hidden');
    }
    expect(spec.contentType).to.equal('html');
    const expanded = expandUserPrefs(spec.content, { scheme: 'https', host: 'finesse.example.com', hostPort: '8445' });
    expect(expanded).to.contain('src="https://finesse.example.com:8445/desktop/assets/js/finesse.min.js"');
    expect(expanded).not.to.match(/__UP_/);
  });

  it('loads one classic bundle next to gadget.xml, mounts the element, and has no inline script or inline handler', () => {
    const doc = new DOMParser().parseFromString(spec.content, 'text/html');
    const scripts = [...doc.querySelectorAll('script')];
    expect(scripts.every((s) => s.hasAttribute('src')), 'no inline script').to.equal(true);
    // Classic scripts only: a container that concatenates the gadget's scripts makes every one of them classic.
    expect(scripts.map((s) => s.getAttribute('type') ?? 'text/javascript')).to.deep.equal(scripts.map(() => 'text/javascript'));
    const bundles = scripts.map((s) => s.getAttribute('src')).filter((src) => !src?.includes('__UP_'));
    expect(bundles).to.deep.equal(['customer-context.gadget.js']);
    expect(doc.querySelectorAll('customer-context[data-finesse]').length).to.equal(1);
    const handlers = [...doc.querySelectorAll('*')].flatMap((el) => el.getAttributeNames().filter((n) => n.startsWith('on')));
    expect(handlers).to.deep.equal([]);
    expect(spec.content).not.to.match(/\b(alert|confirm|prompt)\s*\(/);
    expect(spec.content).not.to.match(/[?&](password|token|authorization)=/i);
  });
});

describe('Finesse container harness: gadget.xml + finesse bridge', function () {
  this.timeout(20000);
  let spec: GadgetSpec;
  let gadget: MountedGadget;
  let store: IndexedDbStore;
  let el: CustomerContext;
  let sent: HostEvent[];
  let results: ReceiveResult[];
  const agentId = `agent-fin-${Date.now()}`;
  const database = `cc-finesse-${Date.now()}`;
  const byId = (id: string) => sent.filter((e) => 'interactionId' in e && e.interactionId === id).map((e) => e.type);
  const workspaceOf = (interactionId: string) => el.agentSession!.state.open.find((w) => w.interaction?.interactionId === interactionId);

  before(async () => {
    spec = await loadGadgetSpec('/gadget.xml');
    store = new IndexedDbStore({ name: database });
    await store.create('customer', customer({ name: 'Ana García', phones: ['+34 600 000 001'] }), { by: 'seed' });
    await store.create('customer', customer({ name: 'Jonas Weber', emails: ['jonas.weber@example.de'] }), { by: 'seed' });
    await store.create('customer', customer({ name: 'Chloé Martin', chatIds: ['chloe.martin'] }), { by: 'seed' });
    gadget = await mountGadget(spec, {
      database,
      prefs: {
        scheme: location.protocol.replace(':', ''),
        host: location.hostname,
        hostPort: location.port,
        id: agentId,
        locale: 'es_ES',
        extension: EXT,
        authorization: 'not-a-real-token',
      },
      setup: {
        user: userData(agentId, { extension: EXT, firstName: 'Lucía', lastName: 'Fernández', state: 'NOT_READY' }),
        media: [mediaData(CHAT_MRD, 'Cisco_Chat_MRD', 'Chat MRD'), mediaData(EMAIL_MRD, 'Cisco_Email_MRD', 'Email MRD')],
      },
    });
    el = gadget.element;
    await el.ready;
    sent = [];
    results = [];
    const original = el.receive.bind(el);
    el.receive = (event: unknown) => {
      sent.push(JSON.parse(JSON.stringify(event)) as HostEvent);
      const result = original(event);
      results.push(result);
      return result;
    };
  });

  after(async () => {
    gadget?.unmount();
    await store?.destroy();
  });

  it('serves finesse.js from the expanded scheme://host:hostPort and the bundle from next to gadget.xml', () => {
    const origin = `${location.protocol}//${location.hostname}:${location.port}`;
    expect(gadget.desktopScripts).to.deep.equal([`${origin}/desktop/assets/js/jquery.min.js`, `${origin}/desktop/assets/js/finesse.min.js`]);
    expect(gadget.bundleScripts).to.deep.equal(['customer-context.gadget.js']);
  });

  it('the bundle starts the bridge by itself: onConnect is set before the container connects', () => {
    expect(gadget.container.hasOnConnect()).to.equal(true);
    expect(gadget.finesse.userRequests).to.deep.equal([]);
  });

  it('on connect: ClientServices.init with the container config, User loaded, host.context and agent.state, loading indicator dismissed, height adjusted', async () => {
    gadget.container.connect();
    await gadget.finesse.ready;
    expect(gadget.finesse.initConfigs.length).to.equal(1);
    expect(gadget.finesse.initConfigs[0]?.id).to.equal(agentId);
    expect(gadget.finesse.userRequests).to.deep.equal([agentId]);
    expect(sent.slice(0, 2)).to.deep.equal([
      { type: 'host.context', agentId, agentName: 'Lucía Fernández', locale: 'es-ES' },
      { type: 'agent.state', state: 'not-ready' },
    ]);
    expect(results.every((r) => r.ok)).to.equal(true);
    expect(el.agentSession!.state.agent.agentId).to.equal(agentId);
    expect(gadget.container.dismissCount).to.equal(1);
    expect(gadget.resizeObserver.observed).to.include(el);
    expect(gadget.container.adjustHeightCalls.length).to.be.greaterThan(0);
  });

  it('ACTIVE_TAB adjusts the height', () => {
    expect(gadget.finesse.activeTabHandlerCount()).to.equal(1);
    const before = gadget.container.adjustHeightCalls.length;
    gadget.finesse.activateTab();
    expect(gadget.container.adjustHeightCalls.length).to.equal(before + 1);
  });

  it('mirrors the agent state: READY → ready, TALKING → no change, NOT_READY → not-ready', async () => {
    gadget.finesse.setUserState('READY');
    gadget.finesse.setUserState('TALKING');
    gadget.finesse.setUserState('NOT_READY');
    const states = sent.filter((e) => e.type === 'agent.state').map((e) => (e.type === 'agent.state' ? e.state : ''));
    expect(states).to.deep.equal(['not-ready', 'ready', 'not-ready']);
    expect(el.agentSession!.state.agentState).to.equal('not-ready');
  });

  it('R1.1: a call from a known number, ALERTING → ACTIVE → DROPPED: offered, then the customer in Open, then ended', async () => {
    const id = '16804377';
    const call = { id, from: '+34600000001', agentExtension: EXT };
    gadget.finesse.pushDialog(voiceDialog({ ...call, state: 'ALERTING' }));
    expect(byId(id)).to.deep.equal(['interaction.offered']);
    expect(el.agentSession!.state.offers.map((o) => o.interactionId)).to.include(id);
    expect(gadget.finesse.changeHandlerCount(id)).to.equal(1);

    const heightBefore = gadget.container.adjustHeightCalls.length;
    const resized = gadget.container.nextAdjustHeight();
    gadget.finesse.updateDialog(voiceDialog({ ...call, state: 'ACTIVE' }));
    expect(byId(id)).to.deep.equal(['interaction.offered', 'interaction.started']);
    await until(el.agentSession!, () => workspaceOf(id)?.customer?.name === 'Ana García');
    await settle(el);
    expect(openPanelText(el)).to.contain('Ana García');
    expect(el.agentSession!.state.offers.map((o) => o.interactionId)).not.to.include(id);
    const started = sent.find((e) => e.type === 'interaction.started' && e.interactionId === id);
    expect(started && 'from' in started ? started.from : null).to.deep.equal({ phone: '+34600000001' });
    // The content grew: the ResizeObserver (debounced) asks the container for a new height.
    // A page in a background tab does not render, so no observation is delivered: deliver it.
    if (document.visibilityState !== 'visible') gadget.resizeObserver.notifyAll();
    await resized;
    expect(gadget.container.adjustHeightCalls.length).to.be.greaterThan(heightBefore);

    gadget.finesse.updateDialog(voiceDialog({ ...call, state: 'DROPPED' }));
    gadget.finesse.deleteDialog(id);
    expect(byId(id)).to.deep.equal(['interaction.offered', 'interaction.started', 'interaction.ended']);
    await until(el.agentSession!, () => workspaceOf(id)?.interaction?.ended === true);
    expect(gadget.finesse.changeHandlerCount(id)).to.equal(0);
  });

  it('R1.2: a call from an unknown number opens the Create form prefilled with the number', async () => {
    const id = '16804378';
    const call = { id, from: '+1 555 0199', agentExtension: EXT, variables: { 'user.cc.name': 'Zoe Mendes' } };
    gadget.finesse.pushDialog(voiceDialog({ ...call, state: 'ALERTING' }));
    gadget.finesse.updateDialog(voiceDialog({ ...call, state: 'ACTIVE' }));
    await until(el.agentSession!, () => Boolean(workspaceOf(id)));
    expect(workspaceOf(id)?.customer ?? null).to.equal(null);
    await settle(el);
    const form = find(el, 'customer-form') as CustomerForm | null;
    expect(form?.getAttribute('mode')).to.equal('create');
    expect(form?.customer?.phones).to.deep.equal(['+1 555 0199']);
    expect([form?.customer?.name, form?.customer?.lastName]).to.deep.equal(['Zoe', 'Mendes']);
    expect(openPanelText(el)).to.contain('Zoe Mendes');

    gadget.finesse.updateDialog(voiceDialog({ ...call, state: 'DROPPED' }));
    expect(byId(id)).to.deep.equal(['interaction.offered', 'interaction.started', 'interaction.ended']);
  });

  it('a call that rings and is never answered is withdrawn, not started', () => {
    const id = '16804379';
    const call = { id, from: '+34600000001', agentExtension: EXT };
    gadget.finesse.pushDialog(voiceDialog({ ...call, state: 'ALERTING' }));
    gadget.finesse.deleteDialog(id);
    expect(byId(id)).to.deep.equal(['interaction.offered', 'interaction.withdrawn']);
    expect(el.agentSession!.state.offers.map((o) => o.interactionId)).not.to.include(id);
  });

  it('a chat: OFFERED → ACCEPTED → CLOSED, the customer found by the chat id variable', async () => {
    const id = '151635_312_1';
    const chat = { id, mediaId: CHAT_MRD, mediaType: 'Cisco_Chat_MRD', agentId, variables: { 'user.cc.chatId': 'chloe.martin' } };
    gadget.finesse.pushMediaDialog(CHAT_MRD, mediaDialog({ ...chat, state: 'OFFERED' }));
    gadget.finesse.updateMediaDialog(CHAT_MRD, mediaDialog({ ...chat, state: 'ACCEPTED' }));
    gadget.finesse.updateMediaDialog(CHAT_MRD, mediaDialog({ ...chat, state: 'ACTIVE' }));
    expect(byId(id)).to.deep.equal(['interaction.offered', 'interaction.started']);
    const started = sent.find((e) => e.type === 'interaction.started' && e.interactionId === id);
    expect(started && 'channel' in started ? started.channel : null).to.equal('chat');
    await until(el.agentSession!, () => workspaceOf(id)?.customer?.name === 'Chloé Martin');
    await settle(el);
    expect(openPanelText(el)).to.contain('Chloé Martin');
    gadget.finesse.updateMediaDialog(CHAT_MRD, mediaDialog({ ...chat, state: 'CLOSED' }));
    gadget.finesse.deleteMediaDialog(CHAT_MRD, id);
    expect(byId(id)).to.deep.equal(['interaction.offered', 'interaction.started', 'interaction.ended']);
  });

  it('an email: ACTIVE with subject, the customer found by the email variable', async () => {
    const id = '151635_313_1';
    const email = {
      id,
      mediaId: EMAIL_MRD,
      mediaType: 'Cisco_Email_MRD',
      agentId,
      variables: { 'user.cc.email': 'Jonas.Weber@example.de', 'user.cc.subject': 'Rechnung März' },
    };
    gadget.finesse.pushMediaDialog(EMAIL_MRD, mediaDialog({ ...email, state: 'ACTIVE' }));
    const started = sent.find((e) => e.type === 'interaction.started' && e.interactionId === id);
    expect(started).to.deep.include({ channel: 'email', subject: 'Rechnung März', from: { email: 'Jonas.Weber@example.de' } });
    await until(el.agentSession!, () => workspaceOf(id)?.customer?.name === 'Jonas Weber');
    await settle(el);
    expect(openPanelText(el)).to.contain('Jonas Weber');
  });

  it('a supervisor-monitor dialog is ignored: no host event, nothing opened, its handler removed', () => {
    const id = '16804390';
    const openBefore = el.agentSession!.state.open.length;
    const sentBefore = sent.length;
    gadget.finesse.pushDialog(supervisorMonitorDialog({ id, supervisorExtension: '1009999', agentExtension: EXT }));
    gadget.finesse.updateDialog({ ...supervisorMonitorDialog({ id, supervisorExtension: '1009999', agentExtension: EXT }), state: 'DROPPED' });
    gadget.finesse.deleteDialog(id);
    expect(sent.length).to.equal(sentBefore);
    expect(el.agentSession!.state.open.length).to.equal(openBefore);
    expect(gadget.finesse.changeHandlerCount(id)).to.equal(0);
  });

  it('every event the bridge sent was accepted, and the gadget never used alert/confirm/prompt', () => {
    const refused = results.flatMap((r, i) => (r.ok ? [] : [`${sent[i]?.type}: ${r.error.code} ${r.error.message}`]));
    expect(refused).to.deep.equal([]);
    expect(gadget.blockingDialogs).to.deep.equal([]);
  });
});

// Both built files: the classic bundle gadget.xml loads, and the ES module (the package's entry), as a module.
for (const bundle of ['/dist/customer-context.gadget.js', '/dist/customer-context.js']) {
  describe(`Finesse container harness with the built bundle (${bundle.slice(1)})`, function () {
    this.timeout(20000);
    let gadget: MountedGadget | undefined;
    let store: IndexedDbStore | undefined;

    after(async () => {
      gadget?.unmount();
      await store?.destroy();
    });

    it('the one bundle starts the bridge from gadget.xml alone: a call opens the customer', async () => {
      // `npm test` builds the bundle first when it is missing or older than the sources (scripts/ensure-bundle.mjs).
      const response = await fetch(bundle);
      const text = response.ok ? await response.text() : '';
      expect(text.includes('data-finesse'), `${bundle.slice(1)} is built and current: run \`npm test\` (or \`npm run build\`) first`).to.equal(true);
      // A production build: development-only warnings (define()'s tag clash) are not in it.
      expect(text.includes('is already defined by another class')).to.equal(false);
      const agentId = `agent-dist-${Date.now()}`;
      const database = `cc-finesse-dist-${Date.now()}`;
      store = new IndexedDbStore({ name: database });
      await store.create('customer', customer({ name: 'Ana García', phones: ['+34 600 000 001'] }), { by: 'seed' });
      gadget = await mountGadget(await loadGadgetSpec('/gadget.xml'), {
        database,
        bundle,
        prefs: { scheme: location.protocol.replace(':', ''), host: location.hostname, hostPort: location.port, id: agentId, locale: 'pt_BR', extension: EXT },
        setup: { user: userData(agentId, { extension: EXT }), media: [] },
      });
      const el = gadget.element;
      await el.ready;
      expect(gadget.container.hasOnConnect()).to.equal(true);
      gadget.container.connect();
      await gadget.finesse.ready;
      expect(el.agentSession!.state.agent).to.deep.include({ agentId, locale: 'pt-BR' });
      const call = { id: '26804377', from: '34600000001', agentExtension: EXT };
      gadget.finesse.pushDialog(voiceDialog({ ...call, state: 'ALERTING' }));
      gadget.finesse.updateDialog(voiceDialog({ ...call, state: 'ACTIVE' }));
      const session = el.agentSession!;
      await until(session, () => session.state.open.some((w) => w.customer?.name === 'Ana García'));
      await settle(el);
      expect(openPanelText(el)).to.contain('Ana García');
      // The bundle's locale tables (ids shortened at build time) still find every translation.
      const tabs = [...findAll(el, '[role=tab]')].map((tab) => tab.textContent!.trim());
      expect(tabs.join(' | ')).to.contain('Recentes').and.to.contain('Pesquisar');
      expect(gadget.container.dismissCount).to.equal(1);
    });
  });
}
