import { HostEventError, parseHostEvent, type HostEvent, type ReceiveResult } from '../model/index.js';
import { identify } from './care.js';
import type { SessionCore } from './core.js';
import { beginInteraction, endInteraction } from './interactions.js';
import { switchAgent } from './restore.js';
import type { InteractionInfo } from './types.js';

/**
 * Host events in (R1.3): validated, checked for order against what the
 * session knows of each interaction, then handed to the part that acts on
 * them. Synchronous: the result says at once whether the event was taken;
 * store work follows. Never throws; a refused event changes nothing.
 */
export function receive(core: SessionCore, input: unknown): ReceiveResult {
  const parsed = parseHostEvent(input);
  if (!parsed.ok) return refuse(core, parsed.error);
  const event = parsed.event;
  if (event.type === 'interaction.started' && core.acceptedHere.has(event.interactionId)) {
    // The host confirms an interaction the agent accepted in the queue: already open.
    core.acceptedHere.delete(event.interactionId);
    return { ok: true };
  }
  const order = checkOrder(core, event);
  if (order) return refuse(core, order);
  switch (event.type) {
    case 'interaction.started': {
      const info: InteractionInfo = {
        interactionId: event.interactionId,
        channel: event.channel,
        from: event.from,
        subject: event.subject ?? '',
        at: event.at,
        ended: false,
      };
      core.care.start(event);
      void beginInteraction(core, info);
      break;
    }
    case 'interaction.ended':
      core.care.end(event.interactionId);
      endInteraction(core, event.interactionId);
      break;
    case 'interaction.offered':
      core.care.offer(event);
      void identify(core, event);
      break;
    case 'interaction.withdrawn':
      core.care.withdraw(event.interactionId);
      break;
    case 'agent.state':
      core.care.setState(event.state, 'host', event.reason);
      break;
    case 'host.context': {
      const first = !core.identified;
      core.identified = true;
      core.set({
        agent: {
          agentId: event.agentId,
          agentName: event.agentName ?? '',
          locale: event.locale,
          timeZone: event.timeZone,
        },
      });
      if (event.agentId !== core.drafts.agentId) {
        switchAgent(core, event.agentId, first).catch((error: unknown) => core.hooks.restoreFailed?.(error));
      }
      break;
    }
  }
  return { ok: true };
}

/** Why an interaction event comes out of order (started twice, ended before it started, …), or nothing. */
function checkOrder(core: SessionCore, event: HostEvent): HostEventError | undefined {
  const id = 'interactionId' in event ? event.interactionId : undefined;
  if (id === undefined) return undefined;
  const started = core.interactions.has(id);
  const offered = core.current.offers.some((o) => o.interactionId === id);
  switch (event.type) {
    case 'interaction.started':
      return started ? new HostEventError('out-of-order', `interaction ${id} was already started`, 'interactionId') : undefined;
    case 'interaction.ended':
      return started ? undefined : new HostEventError('out-of-order', `interaction ${id} ended before it started`, 'interactionId');
    case 'interaction.offered':
      return offered || started
        ? new HostEventError('out-of-order', `interaction ${id} was already offered or started`, 'interactionId')
        : undefined;
    case 'interaction.withdrawn':
      return offered ? undefined : new HostEventError('out-of-order', `interaction ${id} is not offered`, 'interactionId');
    default:
      return undefined;
  }
}

function refuse(core: SessionCore, error: HostEventError): ReceiveResult {
  core.hooks.error?.(error);
  return { ok: false, error };
}
