import { msg, str } from '@lit/localize';
import type { Channel } from '../../model/index.js';

/** The words for a channel (and for a request line of the journey), shared by every element. */
export function channelLabel(channel: Channel | 'request'): string {
  switch (channel) {
    case 'voice':
      return msg('Voice');
    case 'chat':
      return msg('Chat');
    case 'email':
      return msg('Email');
    case 'note':
      return msg('Note');
    case 'other':
      return msg('Other');
    case 'request':
      return msg('Request');
  }
}

/**
 * A request's status, as an adjective that agrees with "request" in each
 * language ("Abierta", "Ouverte", "Offen"): its own message ids, not the
 * Open tab's or the "Closed" announcement's words.
 */
export function requestStatusLabel(status: 'open' | 'closed'): string {
  return status === 'open'
    ? msg('Open', { id: 'request-status-open', desc: 'The status of a request (an adjective)' })
    : msg('Closed', { id: 'request-status-closed', desc: 'The status of a request (an adjective)' });
}

/** Every record field the agent sees named: a customer's, a request's and an activity's. */
export type FieldName =
  | 'name'
  | 'lastName'
  | 'phones'
  | 'emails'
  | 'chatIds'
  | 'address'
  | 'fields'
  | 'title'
  | 'description'
  | 'status'
  | 'tags'
  | 'notes'
  | 'subject'
  | 'channel';

const FIELD_LABELS: Record<FieldName, () => string> = {
  // A customer's `name` holds the given name(s) since issue #19 (the family name is `lastName`).
  name: () => msg('First name'),
  lastName: () => msg('Last name'),
  phones: () => msg('Phones'),
  emails: () => msg('Emails'),
  chatIds: () => msg('Chat IDs'),
  address: () => msg('Address'),
  fields: () => msg('Other fields'),
  title: () => msg('Title'),
  description: () => msg('Description'),
  status: () => msg('Status'),
  tags: () => msg('Tags'),
  notes: () => msg('Notes'),
  subject: () => msg('Subject'),
  channel: () => msg('Channel'),
};

/** The words for a customer's whole name (first and last, `fullName()`), where it is shown as one value. */
export function customerNameLabel(): string {
  return msg('Name');
}

/**
 * The words for a record field, the same in every element (form labels,
 * read-only lists, previews, the choices after Load). Any other name (a
 * free-form field's own label) is returned as it is.
 */
export function fieldLabel(field: string): string {
  return Object.hasOwn(FIELD_LABELS, field) ? FIELD_LABELS[field as FieldName]() : field;
}

/**
 * A stored record that broke the model's rules with a wrong or missing field
 * (`damage.invalid`, see `readRecord`) and has nothing left to show by: said
 * so, with its id, where its name would be. Otherwise `name`.
 */
export function recordName(record: { id: string; damage?: { invalid: boolean } | undefined }, name: string): string {
  return !name && record.damage?.invalid ? msg(str`This record cannot be shown (invalid data): ${record.id}`) : name;
}
