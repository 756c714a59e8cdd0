import { expect } from '@open-wc/testing';
import {
  FinesseBridge,
  agentStateOf,
  contactOf,
  contactVariables,
  customerAddress,
  finesseLocale,
  gadgetConfig,
  mediaChannel,
  mediaPhase,
  voicePhase,
  type HostReceiver,
} from '../../src/host/finesse-bridge.js';
import type { FinesseApi, FinesseDialog, FinesseMedia, FinesseMediaDialog, FinesseParticipant, GadgetsApi } from '../../src/host/finesse-types.js';

function dialog(state: string, options: { from?: string; to?: string; participants?: FinesseParticipant[]; props?: Record<string, unknown> } = {}): FinesseDialog {
  return {
    getId: () => '1',
    getState: () => state,
    getFromAddress: () => options.from,
    getToAddress: () => options.to,
    getParticipants: () => options.participants ?? [],
    getMediaProperties: () => options.props ?? {},
    addHandler: () => undefined,
  };
}

function mediaDialog(state: string): FinesseMediaDialog {
  return { getId: () => '1_2_3', getState: () => state, getMediaProperties: () => ({}), addHandler: () => undefined };
}

const prefs = (values: Record<string, string>) => ({ getString: (name: string) => values[name] ?? '' });

describe('Finesse bridge mapping', () => {
  it('voice: the agent\'s own participant decides; a dropped or failed dialog always ends', () => {
    const me = (state: string) => [{ mediaAddress: '+34600000001', state: 'ACTIVE' }, { mediaAddress: '1001', state }];
    expect(voicePhase(dialog('ALERTING'))).to.equal('offered');
    expect(voicePhase(dialog('ACTIVE'))).to.equal('started');
    expect(voicePhase(dialog('DROPPED'))).to.equal('ended');
    expect(voicePhase(dialog('FAILED'))).to.equal('ended');
    expect(voicePhase(dialog('INITIATING'))).to.equal(null);
    expect(voicePhase(dialog('INITIATED'))).to.equal(null);
    expect(voicePhase(dialog('ACCEPTED'))).to.equal(null);
    // ACTIVE at the IVR, still ringing at the agent.
    expect(voicePhase(dialog('ACTIVE', { participants: me('ALERTING') }), '1001')).to.equal('offered');
    expect(voicePhase(dialog('ACTIVE', { participants: me('HELD') }), '1001')).to.equal('started');
    // The agent transferred the call away: it goes on without them.
    expect(voicePhase(dialog('ACTIVE', { participants: me('DROPPED') }), '1001')).to.equal('ended');
    expect(voicePhase(dialog('ACTIVE', { participants: me('WRAP_UP') }), '1001')).to.equal('ended');
    expect(voicePhase(dialog('DROPPED', { participants: me('ACTIVE') }), '1001')).to.equal('ended');
  });

  it('non-voice: MediaDialog.States', () => {
    expect(['OFFERED', 'ACCEPTED', 'ACTIVE', 'PAUSED', 'INTERRUPTED', 'WRAPPING_UP', 'CLOSED', 'UNKNOWN'].map((s) => mediaPhase(mediaDialog(s)))).to.deep.equal([
      'offered',
      'started',
      'started',
      'started',
      'started',
      'ended',
      'ended',
      null,
    ]);
  });

  it('the customer\'s number: from address, or to address when the agent placed the call', () => {
    expect(customerAddress(dialog('ACTIVE', { from: '+34600000001', to: '1001' }), '1001')).to.equal('+34600000001');
    expect(customerAddress(dialog('ACTIVE', { from: '1001', to: '+4930123456' }), '1001')).to.equal('+4930123456');
  });

  it('contact from call / ECC variables; first non-empty wins; blanks are no value', () => {
    const vars = contactVariables(prefs({ nameVariables: 'callVariable1, user.cc.name', emailVariables: 'user.crm.email' }));
    expect(vars.name).to.deep.equal(['callVariable1', 'user.cc.name']);
    expect(vars.email).to.deep.equal(['user.crm.email']);
    expect(vars.chatId).to.deep.equal(['user.cc.chatId']);
    const props = { callVariable1: '  ', 'user.cc.name': 'Ana García', 'user.crm.email': 'ana@example.es', 'user.cc.chatId': '', callType: 'ACD_IN' };
    expect(contactOf(props, vars)).to.deep.equal({ from: { name: 'Ana García', email: 'ana@example.es' }, subject: undefined });
    expect(contactOf(props, vars, '+34600000001').from).to.deep.equal({ name: 'Ana García', phone: '+34600000001', email: 'ana@example.es' });
    expect(contactVariables(prefs({ nameVariables: 'callVariable1' }), { name: ['user.x'] }).name).to.deep.equal(['user.x']);
  });

  it('locale, agent state, media channel', () => {
    expect(finesseLocale('en_US')).to.equal('en-US');
    expect(finesseLocale('pt_BR')).to.equal('pt-BR');
    expect(finesseLocale('de')).to.equal('de');
    expect(finesseLocale('')).to.equal(undefined);
    expect(finesseLocale('not a locale!')).to.equal(undefined);
    expect(['READY', 'NOT_READY', 'LOGOUT', 'TALKING', 'RESERVED', 'WORK', 'WORK_READY', 'HOLD'].map(agentStateOf)).to.deep.equal([
      'ready',
      'not-ready',
      'not-ready',
      null,
      null,
      null,
      null,
      null,
    ]);
    const media = (name: string, description = ''): FinesseMedia => ({ getId: () => '5000', getData: () => ({ name, description }), getMediaDialogs: () => ({ getCollection: () => ({}) }) });
    expect(mediaChannel(media('Cisco_Email_MRD'))).to.equal('email');
    expect(mediaChannel(media('MRD_2', 'E-mail support'))).to.equal('email');
    expect(mediaChannel(media('Cisco_Chat_MRD', 'Chat MRD'))).to.equal('chat');
  });

  it('ClientServices config: the container\'s finesse.gadget.Config, else the same fields from gadgets.Prefs', () => {
    const fromPrefs = gadgetConfig({} as FinesseApi, prefs({ id: 'agent1', locale: 'es_ES', host: 'finesse.example.com' }));
    expect(fromPrefs).to.deep.include({ id: 'agent1', locale: 'es_ES', host: 'finesse.example.com', authorization: '' });
    const provided = { id: 'agent2', authToken: 'x' };
    expect(gadgetConfig({ gadget: { Config: provided } } as unknown as FinesseApi, prefs({ id: 'agent1' }))).to.equal(provided);
  });
});

describe('FinesseBridge lifecycle', () => {
  function fakes(userError: boolean) {
    const calls = { dismiss: 0, adjust: 0, init: 0, received: [] as unknown[] };
    let dismissed: () => void = () => undefined;
    const whenDismissed = new Promise<void>((resolve) => (dismissed = resolve));
    const gadgets: GadgetsApi = {
      HubSettings: {},
      Prefs: class {
        getString(name: string): string {
          return name === 'id' ? 'agent1' : '';
        }
      },
      window: { adjustHeight: () => void calls.adjust++ },
      loadingindicator: {
        dismiss: () => {
          calls.dismiss++;
          dismissed();
        },
      },
    };
    const finesse = {
      clientservices: { ClientServices: { init: () => void calls.init++ } },
      restservices: {
        User: class {
          constructor(options: { onError?: (r: unknown) => void }) {
            if (userError) setTimeout(() => options.onError?.({ status: 401 }), 0);
          }
        },
      },
    } as unknown as FinesseApi;
    const element = document.createElement('div') as unknown as HostReceiver;
    element.receive = (event: unknown) => {
      calls.received.push(event);
      return { ok: true };
    };
    document.body.append(element);
    return { calls, gadgets, finesse, element, whenDismissed };
  }

  it('keeps an onConnect set before it, and a user that cannot load still dismisses the loading indicator, with no host event', async () => {
    const { calls, gadgets, finesse, element, whenDismissed } = fakes(true);
    let earlier = 0;
    gadgets.HubSettings.onConnect = () => void earlier++;
    const logs: string[] = [];
    const bridge = new FinesseBridge(element, { gadgets, finesse, log: (m) => logs.push(m) }).start();
    gadgets.HubSettings.onConnect?.();
    expect(earlier).to.equal(1);
    expect(calls.init).to.equal(1);
    await whenDismissed;
    expect(calls.dismiss).to.equal(1);
    expect(calls.received).to.deep.equal([]);
    expect(logs.join(' ')).to.contain('could not be loaded');
    bridge.stop();
    element.remove();
  });

  it('needs the gadgets and finesse globals', () => {
    const element = document.createElement('div') as unknown as HostReceiver;
    expect(() => new FinesseBridge(element)).to.throw(TypeError);
  });
});
