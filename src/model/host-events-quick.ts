import { MAX_TEXT } from './limits.js';
import { INTERACTION_CHANNELS } from './records.js';
import type { Contact, HostEvent } from './host-events.js';

/**
 * The events a desktop sends by the thousand (an interaction started,
 * ended), read without zod when they are plainly valid: a desktop
 * reconnecting replays 2,000 in one task (issue #20), and zod's generic
 * parse costs ten times more per event before the browser has compiled it.
 * The rules are the schemas' of `host-events.ts`, no looser: whatever this
 * does not take as it is (another type, a field of another type or length, a
 * key present as `undefined`, an object with a prototype of its own) returns
 * `undefined` and goes through the schemas, which take it or say why not.
 * `test/model/host-events-quick.test.ts` checks, on valid and broken events,
 * that it never takes what the schemas refuse and returns what they return.
 */
export function quickHostEvent(input: Record<string, unknown>): HostEvent | undefined {
  if (!plain(input)) return undefined;
  switch (input.type) {
    case 'interaction.started': {
      const from = contact(input.from);
      const at = input.at;
      const subject = input.subject;
      if (!from || !id(input.interactionId) || !channel(input.channel) || !date(at) || (subject !== undefined && !text(subject)) || ('subject' in input && subject === undefined)) {
        return undefined;
      }
      const event: HostEvent = { type: 'interaction.started', interactionId: input.interactionId, channel: input.channel, from, at };
      if (subject !== undefined) event.subject = subject;
      return event;
    }
    case 'interaction.ended': {
      const at = input.at;
      if (!id(input.interactionId) || (at !== undefined && !date(at)) || ('at' in input && at === undefined)) return undefined;
      return at === undefined ? { type: 'interaction.ended', interactionId: input.interactionId } : { type: 'interaction.ended', interactionId: input.interactionId, at };
    }
    default:
      return undefined;
  }
}

const CONTACT_KEYS = ['name', 'phone', 'email', 'chatId'] as const;

function plain(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function text(value: unknown): value is string {
  return typeof value === 'string' && value.length <= MAX_TEXT;
}

function id(value: unknown): value is string {
  return typeof value === 'string' && value.length >= 1 && value.length <= 200;
}

function date(value: unknown): value is string {
  return typeof value === 'string' && value.length <= 64 && !Number.isNaN(Date.parse(value));
}

function channel(value: unknown): value is (typeof INTERACTION_CHANNELS)[number] {
  return (INTERACTION_CHANNELS as readonly unknown[]).includes(value);
}

function contact(value: unknown): Contact | undefined {
  if (!plain(value)) return undefined;
  const out: Contact = {};
  for (const key of CONTACT_KEYS) {
    if (!(key in value)) continue;
    const field = value[key];
    if (!text(field)) return undefined;
    out[key] = field;
  }
  return out;
}
