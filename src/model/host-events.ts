import * as z from 'zod/mini';
import { HostEventError } from './errors.js';
import { quickHostEvent } from './host-events-quick.js';
import { INTERACTION_CHANNELS } from './records.js';
import { isoDate as when, maxUnits, text } from './schema-parts.js';

const id = () => z.string().check(z.minLength(1), maxUnits(200));

/** Who the interaction is from, as the host knows them. Every field optional. */
export const ContactSchema = z.object({
  name: z.optional(text()),
  phone: z.optional(text()),
  email: z.optional(text()),
  chatId: z.optional(text()),
});

const interaction = {
  interactionId: id(),
  channel: z.enum(INTERACTION_CHANNELS),
  from: ContactSchema,
  subject: z.optional(text()),
  at: when(),
};

export const InteractionStartedSchema = z.object({ type: z.literal('interaction.started'), ...interaction });
export const InteractionEndedSchema = z.object({
  type: z.literal('interaction.ended'),
  interactionId: id(),
  at: z.optional(when()),
});
export const InteractionOfferedSchema = z.object({
  type: z.literal('interaction.offered'),
  ...interaction,
  autoAssigned: z.optional(z.boolean()),
});
export const InteractionWithdrawnSchema = z.object({
  type: z.literal('interaction.withdrawn'),
  interactionId: id(),
});
export const AgentStateSchema = z.object({
  type: z.literal('agent.state'),
  state: z.enum(['ready', 'not-ready']),
  reason: z.optional(text()),
});
export const HostContextSchema = z.object({
  type: z.literal('host.context'),
  agentId: id(),
  agentName: z.optional(text()),
  locale: z.optional(z.string().check(maxUnits(35))),
  timeZone: z.optional(z.string().check(maxUnits(64))),
});

/**
 * The agent signed out of the desktop: the gadget clears what it keeps in this
 * browser (`<customer-context>.clearLocalData()`, docs/security.md). Writes not
 * delivered yet are never dropped unless `dropUnsent` says so.
 */
export const HostSignedOutSchema = z.object({
  type: z.literal('host.signed-out'),
  dropUnsent: z.optional(z.boolean()),
});

export const HostEventSchema = z.discriminatedUnion('type', [
  InteractionStartedSchema,
  InteractionEndedSchema,
  InteractionOfferedSchema,
  InteractionWithdrawnSchema,
  AgentStateSchema,
  HostContextSchema,
  HostSignedOutSchema,
]);

export type Contact = z.infer<typeof ContactSchema>;
export type InteractionStarted = z.infer<typeof InteractionStartedSchema>;
export type InteractionEnded = z.infer<typeof InteractionEndedSchema>;
export type InteractionOffered = z.infer<typeof InteractionOfferedSchema>;
export type InteractionWithdrawn = z.infer<typeof InteractionWithdrawnSchema>;
export type AgentStateEvent = z.infer<typeof AgentStateSchema>;
export type HostContext = z.infer<typeof HostContextSchema>;
export type HostSignedOut = z.infer<typeof HostSignedOutSchema>;
/** One event a host sends to `<customer-context>.receive()`. */
export type HostEvent = z.infer<typeof HostEventSchema>;
export type HostEventType = HostEvent['type'];

export const HOST_EVENT_TYPES: readonly HostEventType[] = [
  'interaction.started',
  'interaction.ended',
  'interaction.offered',
  'interaction.withdrawn',
  'agent.state',
  'host.context',
  'host.signed-out',
];

export type ParseResult = { ok: true; event: HostEvent } | { ok: false; error: HostEventError };

/**
 * Validates one host event at the boundary. Never throws: unknown `type`s get
 * `unknown-event`, anything else malformed gets `invalid-event` naming the field.
 * An object that throws while it is read (a getter, a Proxy, a revoked Proxy:
 * only a page calling `receive()` directly can hand one over) is `invalid-event` too.
 */
export function parseHostEvent(input: unknown): ParseResult {
  try {
    return readHostEvent(input);
  } catch {
    return { ok: false, error: new HostEventError('invalid-event', 'a host event must be plain data: reading it threw') };
  }
}

function readHostEvent(input: unknown): ParseResult {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { ok: false, error: new HostEventError('invalid-event', 'a host event is a plain object') };
  }
  const type = (input as { type?: unknown }).type;
  if (typeof type !== 'string' || !(HOST_EVENT_TYPES as readonly string[]).includes(type)) {
    const shown = typeof type === 'string' ? JSON.stringify(type.slice(0, 60)) : String(typeof type);
    return { ok: false, error: new HostEventError('unknown-event', `unknown host event type ${shown}`, 'type') };
  }
  const quick = quickHostEvent(input as Record<string, unknown>);
  if (quick) return { ok: true, event: quick };
  const result = HostEventSchema.safeParse(input);
  if (result.success) return { ok: true, event: result.data };
  const issue = result.error.issues[0]!;
  const field = issue.path.map(String).join('.');
  return {
    ok: false,
    error: new HostEventError('invalid-event', `${type}: ${field || 'event'}: ${issue.message}`, field || undefined),
  };
}
