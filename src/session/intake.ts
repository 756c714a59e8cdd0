import { HostEventError, parseHostEvent, type HostEvent, type ReceiveResult } from '../model/index.js';
import { identify } from './care.js';
import type { SessionCore } from './core.js';
import { HostQueue } from './host-queue.js';
import { beginInteraction, endInteraction } from './interactions.js';
import { switchAgent } from './restore.js';
import type { InteractionInfo } from './types.js';

/** Each session's host events waiting to be acted on (a burst), in order. */
const queues = new WeakMap<SessionCore, HostQueue>();

function queueOf(core: SessionCore): HostQueue {
  let queue = queues.get(core);
  if (!queue) {
    queue = new HostQueue(
      (event) => act(core, event),
      (work) => void core.track(work),
      () => core.disposed,
      (on) => (on ? core.beginBurst() : core.endBurst()),
    );
    queues.set(core, queue);
  }
  return queue;
}

/**
 * Host events in (R1.3): validated, checked for order against what the
 * session knows of each interaction (and what the events still waiting will
 * do), then handed to the part that acts on them. Synchronous: the result
 * says at once whether the event was taken; acting follows at once, or, in a
 * burst (a desktop replaying what it missed), in order in slices that leave
 * the main thread free (`host-queue.ts`); store work follows. `idle()` waits
 * for all of it. Never throws; a refused event changes nothing.
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
  const queue = queueOf(core);
  const order = checkOrder(core, event, queue);
  if (order) return refuse(core, order);
  queue.take(event);
  return { ok: true };
}

/** Acts on a host event that was taken (in the order taken); returns the work area being opened, if any. */
function act(core: SessionCore, event: HostEvent): Promise<void> | undefined {
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
      return beginInteraction(core, info);
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
  return undefined;
}

/**
 * Why an interaction event comes out of order (started twice, ended before it
 * started, …), or nothing: against the session's state as the events still
 * waiting in `queue` will leave it.
 */
function checkOrder(core: SessionCore, event: HostEvent, queue: HostQueue): HostEventError | undefined {
  const id = 'interactionId' in event ? event.interactionId : undefined;
  if (id === undefined) return undefined;
  const pending = queue.status(id);
  const started = pending === 'started' || pending === 'ended' || core.interactions.has(id);
  const offered = pending !== undefined ? pending === 'offered' : core.current.offers.some((o) => o.interactionId === id);
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
