import { expect } from '@open-wc/testing';
import { parseHostEvent } from '../../src/model/index.js';
import { agentState, call, ended, hostContext, offered, withdrawn } from '../helpers/events.js';

const started = call('call-1', { phone: '+1 555 0100' });

describe('host events (R1.3)', () => {
  it('accepts every documented event', () => {
    const events = [
      started,
      ended('call-1'),
      offered('call-1', { phone: '+1 555 0100' }, { autoAssigned: true }),
      withdrawn('call-1'),
      agentState('ready'),
      hostContext('agent-7', { locale: 'es-ES', timeZone: 'Europe/Madrid' }),
      { type: 'host.signed-out' },
      { type: 'host.signed-out', dropUnsent: true },
    ];
    for (const event of events) expect(parseHostEvent(event).ok, event.type).to.equal(true);
  });

  it('refuses an unknown type with unknown-event', () => {
    const result = parseHostEvent({ type: 'interaction.exploded' });
    expect(result.ok).to.equal(false);
    if (!result.ok) expect(result.error.code).to.equal('unknown-event');
  });

  it('refuses non-objects and missing fields with invalid-event naming the field', () => {
    for (const bad of [null, 42, 'x', [started], undefined]) {
      const result = parseHostEvent(bad);
      expect(result.ok).to.equal(false);
      if (!result.ok) expect(result.error.code).to.equal('invalid-event');
    }
    const missing = parseHostEvent({ ...started, interactionId: undefined });
    expect(missing.ok).to.equal(false);
    if (!missing.ok) {
      expect(missing.error.code).to.equal('invalid-event');
      expect(missing.error.field).to.equal('interactionId');
    }
    const channel = parseHostEvent({ ...started, channel: 'pigeon' });
    if (!channel.ok) expect(channel.error.field).to.equal('channel');
    else expect.fail('pigeon is not a channel');
  });

  it('host.signed-out: dropUnsent must be a boolean, and is kept when it is', () => {
    const bad = parseHostEvent({ type: 'host.signed-out', dropUnsent: 'yes' });
    expect(bad.ok).to.equal(false);
    if (!bad.ok) expect([bad.error.code, bad.error.field]).to.deep.equal(['invalid-event', 'dropUnsent']);
    const good = parseHostEvent({ type: 'host.signed-out', dropUnsent: false, extra: 1 });
    expect(good.ok && good.event).to.deep.equal({ type: 'host.signed-out', dropUnsent: false });
  });

  it('refuses text over 2,000 characters in any field', () => {
    const result = parseHostEvent({ ...started, from: { name: 'n'.repeat(2001) } });
    expect(result.ok).to.equal(false);
    if (!result.ok) expect(result.error.field).to.equal('from.name');
    expect(parseHostEvent({ ...started, from: { name: 'n'.repeat(2000) } }).ok).to.equal(true);
  });
});
