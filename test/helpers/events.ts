import type {
  AgentStateEvent,
  Contact,
  HostContext,
  InteractionEnded,
  InteractionOffered,
  InteractionStarted,
  InteractionWithdrawn,
} from '../../src/model/index.js';

/**
 * Host events as a host sends them to `receive()` (DESIGN.md "The host
 * contract"), valid by construction: one builder per event type, the
 * required fields as arguments, anything else in `extra`.
 *
 *   el.receive(call('call-1', { phone: '+34 600 000 001' }));
 *   el.receive(chat('chat-1', { chatId: 'guest' }, { subject: 'Billing', at: now }));
 *   session.receive(offered('task-1', { phone }, { channel: 'chat', autoAssigned: true }));
 *   el.receive(hostContext('agent-7', { locale: 'es-ES', timeZone: 'Europe/Madrid' }));
 *
 * A test of refusals builds its malformed event inline: these never make one.
 */

/** The moment an interaction starts or is offered when the test does not say. */
export const AT = '2026-11-22T10:00:00Z';

type Channel = InteractionStarted['channel'];
type StartedExtra = Partial<Omit<InteractionStarted, 'type' | 'interactionId' | 'channel' | 'from'>>;

/** `interaction.started` on any channel: the agent answered, accepted or opened it. */
export function started(interactionId: string, channel: Channel, from: Contact = {}, extra: StartedExtra = {}): InteractionStarted {
  return { type: 'interaction.started', interactionId, channel, from, at: AT, ...extra };
}

/** `interaction.started` on the voice channel: the agent answered a call. */
export function call(interactionId: string, from: Contact = {}, extra: StartedExtra = {}): InteractionStarted {
  return started(interactionId, 'voice', from, extra);
}

/** `interaction.started` on the chat channel: the agent accepted a chat. */
export function chat(interactionId: string, from: Contact = {}, extra: StartedExtra = {}): InteractionStarted {
  return started(interactionId, 'chat', from, extra);
}

/** `interaction.started` on the email channel: the agent opened an email. */
export function email(interactionId: string, from: Contact = {}, extra: StartedExtra = {}): InteractionStarted {
  return started(interactionId, 'email', from, extra);
}

/** `interaction.ended`: the call was hung up, the chat or email closed. */
export function ended(interactionId: string, extra: Partial<Pick<InteractionEnded, 'at'>> = {}): InteractionEnded {
  return { type: 'interaction.ended', interactionId, ...extra };
}

/** `interaction.offered` (Customer Care queue, R9): a voice task unless `extra.channel` says otherwise. */
export function offered(
  interactionId: string,
  from: Contact = {},
  extra: Partial<Omit<InteractionOffered, 'type' | 'interactionId' | 'from'>> = {},
): InteractionOffered {
  return { type: 'interaction.offered', interactionId, channel: 'voice', from, at: AT, ...extra };
}

/** `interaction.withdrawn`: the queue took an offered task back. */
export function withdrawn(interactionId: string): InteractionWithdrawn {
  return { type: 'interaction.withdrawn', interactionId };
}

/** `agent.state`: the desktop set the agent Ready or Not Ready. */
export function agentState(state: AgentStateEvent['state'], reason?: string): AgentStateEvent {
  return reason === undefined ? { type: 'agent.state', state } : { type: 'agent.state', state, reason };
}

/** `host.context`: who the agent is and how they read dates. */
export function hostContext(agentId: string, extra: Partial<Omit<HostContext, 'type' | 'agentId'>> = {}): HostContext {
  return { type: 'host.context', agentId, ...extra };
}
