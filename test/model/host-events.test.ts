import { expect } from '@open-wc/testing';
import { parseHostEvent } from '../../src/model/index.js';

const started = {
  type: 'interaction.started',
  interactionId: 'call-1',
  channel: 'voice',
  from: { phone: '+1 555 0100' },
  at: '2026-11-22T10:00:00Z',
};

describe('host events (R1.3)', () => {
  it('accepts every documented event', () => {
    const events = [
      started,
      { type: 'interaction.ended', interactionId: 'call-1' },
      { ...started, type: 'interaction.offered', autoAssigned: true },
      { type: 'interaction.withdrawn', interactionId: 'call-1' },
      { type: 'agent.state', state: 'ready' },
      { type: 'host.context', agentId: 'agent-7', locale: 'es-ES', timeZone: 'Europe/Madrid' },
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

  it('refuses text over 2,000 characters in any field', () => {
    const result = parseHostEvent({ ...started, from: { name: 'n'.repeat(2001) } });
    expect(result.ok).to.equal(false);
    if (!result.ok) expect(result.error.field).to.equal('from.name');
    expect(parseHostEvent({ ...started, from: { name: 'n'.repeat(2000) } }).ok).to.equal(true);
  });
});
