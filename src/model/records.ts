import * as z from 'zod/mini';
import { MAX_TAG } from './limits.js';
import { ValidationError } from './errors.js';
import { fields, isoDate, list, text } from './schema-parts.js';
import type { Damage } from './stored.js';

export const CHANNELS = ['voice', 'chat', 'email', 'note', 'other'] as const;
export type Channel = (typeof CHANNELS)[number];
/** Channels a live interaction can come in on. */
export const INTERACTION_CHANNELS = ['voice', 'chat', 'email'] as const;
export type InteractionChannel = (typeof INTERACTION_CHANNELS)[number];

export const KINDS = ['customer', 'request', 'activity'] as const;
export type Kind = (typeof KINDS)[number];

export const CustomerDataSchema = z.object({
  /** The given name(s); the whole name of a customer recorded before `lastName` existed. */
  name: text(),
  /** The family name (issue #19: a contact's last word, Cisco's naming rule). Absent on older records: read as ''. */
  lastName: z.optional(text()),
  phones: list(text()),
  emails: list(text()),
  chatIds: list(text()),
  address: text(),
  fields: fields(),
  /** A merged duplicate (a tombstone): the id of the customer it was merged into. Absent or null: a live customer. */
  mergedInto: z.optional(z.nullable(text())),
  /** The customers merged into this one (survivor of a merge), oldest first: a merge left half done is finished from here. */
  mergedFrom: z.optional(list(text())),
});

export const RequestDataSchema = z.object({
  customerId: text(),
  title: text(),
  description: text(),
  status: z.enum(['open', 'closed']),
  openedAt: isoDate(),
  closedAt: z.nullable(isoDate()),
});

export const ActivityDataSchema = z.object({
  customerId: text(),
  requestId: z.nullable(text()),
  channel: z.enum(CHANNELS),
  interactionId: z.nullable(text()),
  at: isoDate(),
  subject: text(),
  notes: text(),
  // The 50-character limit is on the trimmed tag (R3.3, docs/data-model.md): `checkTag` enforces it in validateData.
  tags: list(z.string()),
  /** The customer this activity was last moved from (issue #19), so that agents following that customer hear of the move. Absent or null: never moved between customers. */
  movedFrom: z.optional(z.nullable(text())),
});

export type CustomerData = z.infer<typeof CustomerDataSchema>;
export type RequestData = z.infer<typeof RequestDataSchema>;
export type ActivityData = z.infer<typeof ActivityDataSchema>;

/** What every stored record carries besides its data. `rev` is opaque: compare it, never parse it. */
export interface RecordMeta<K extends Kind> {
  readonly type: K;
  readonly id: string;
  readonly rev: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly updatedBy: string;
  /** Set by a store's reader when the stored record broke the model's rules and was repaired for use (`readRecord`). */
  readonly damage?: Damage;
}

export type Customer = CustomerData & RecordMeta<'customer'>;
export type Request = RequestData & RecordMeta<'request'>;
export type Activity = ActivityData & RecordMeta<'activity'>;

export interface DataOf {
  customer: CustomerData;
  request: RequestData;
  activity: ActivityData;
}
export interface RecordOf {
  customer: Customer;
  request: Request;
  activity: Activity;
}
export type AnyRecord = Customer | Request | Activity;

const schemas = {
  customer: CustomerDataSchema,
  request: RequestDataSchema,
  activity: ActivityDataSchema,
} as const;

/** The key two tags are compared by: trimmed, case-insensitive. R3.3 */
export function tagKey(tag: string): string {
  return tag.trim().toLowerCase();
}

/**
 * Checks one new tag against the ones an activity already has and returns
 * it trimmed, or throws a `ValidationError` saying why it is refused. R3.3
 */
export function checkTag(tag: string, existing: readonly string[], field = 'tags'): string {
  const trimmed = tag.trim();
  if (trimmed === '') throw new ValidationError('tag-empty', field, 'a tag cannot be empty');
  if (trimmed.length > MAX_TAG) {
    throw new ValidationError('tag-too-long', field, `a tag holds at most ${MAX_TAG} characters`, MAX_TAG);
  }
  const key = tagKey(trimmed);
  if (existing.some((t) => tagKey(t) === key)) {
    throw new ValidationError('tag-duplicate', field, 'tags on one activity are unique (ignoring case and spaces)');
  }
  return trimmed;
}

function toValidationError(kind: Kind, issue: z.core.$ZodIssue): ValidationError {
  const field = issue.path.map(String).join('.') || kind;
  if (issue.code === 'too_big') {
    const max = Number(issue.maximum);
    if (issue.origin === 'array') {
      return new ValidationError('too-many-items', field, `at most ${max} items`, max);
    }
    if (issue.path[0] === 'tags') {
      return new ValidationError('tag-too-long', field, `a tag holds at most ${max} characters`, max);
    }
    return new ValidationError('text-too-long', field, `at most ${max} characters`, max);
  }
  return new ValidationError('invalid', field, issue.message);
}

/**
 * Validates the data of a record against the model: shape, the 2,000-character
 * limit on every text field, and for activities the tag rules (50 characters,
 * unique after trimming, case-insensitively). Returns a clean copy (tags
 * trimmed, unknown keys dropped) or throws a `ValidationError`.
 */
export function validateData<K extends Kind>(kind: K, data: unknown): DataOf[K] {
  const result = schemas[kind].safeParse(data);
  if (!result.success) throw toValidationError(kind, result.error.issues[0]!);
  const clean = result.data as DataOf[K];
  if (kind === 'activity') {
    const activity = clean as ActivityData;
    const tags: string[] = [];
    activity.tags.forEach((tag, i) => tags.push(checkTag(tag, tags, `tags.${i}`)));
    activity.tags = tags;
    activity.at = isoString(activity.at);
  } else if (kind === 'request') {
    const request = clean as RequestData;
    request.openedAt = isoString(request.openedAt);
    request.closedAt = request.closedAt === null ? null : isoString(request.closedAt);
  }
  return withoutEmptyOptionals(clean);
}

/**
 * A whole record as given (an import, a seed): its data checked and cleaned by
 * `validateData`, its meta fields (`id`, `rev`, dates, `updatedBy`) kept as
 * they are. Throws a `ValidationError` like `validateData`.
 */
export function validateRecord<R extends AnyRecord>(record: R): R {
  return { ...record, ...validateData(record.type, record) };
}

/** One canonical form for stored dates (UTC ISO 8601), so they sort as strings. */
export function isoString(value: string): string {
  return new Date(value).toISOString();
}

/** Empty data for a new record of each kind, handy for forms and drafts. */
export function emptyCustomer(): CustomerData {
  return { name: '', phones: [], emails: [], chatIds: [], address: '', fields: {} };
}

/**
 * The customer's name as people read it: the given name(s) and the last name,
 * trimmed, one space between ('' when both are empty). Older records hold the
 * whole name in `name` and no `lastName`: they read as they always did.
 */
export function fullName(customer: Pick<CustomerData, 'name' | 'lastName'>): string {
  return [customer.name.trim(), (customer.lastName ?? '').trim()].filter(Boolean).join(' ');
}

/** The customer this record was merged into (a tombstone, issue #19), or null for a live customer. */
export function mergedInto(customer: Pick<CustomerData, 'mergedInto'>): string | null {
  return customer.mergedInto ?? null;
}

/**
 * Record data without the optional fields that say nothing (`lastName: ''`,
 * `mergedInto: null`, `mergedFrom: []`, `movedFrom: null`): absent and empty
 * mean the same, and one form is kept so that "is this the same data?"
 * (`sameData`) does not see a change where there is none.
 */
export function withoutEmptyOptionals<T extends object>(data: T): T {
  const out = { ...data } as Record<string, unknown>;
  for (const key of ['lastName', 'mergedInto', 'mergedFrom', 'movedFrom']) {
    const value = out[key];
    if (value === undefined || value === '' || value === null || (Array.isArray(value) && value.length === 0)) delete out[key];
  }
  return out as T;
}

/**
 * The one rule for "is this the same data?": deep equality where the order of
 * a list counts and the order of an object's keys does not (free fields read
 * back from a store may come in another order). Used to tell unsaved input,
 * merges, and a retried write that already landed.
 */
export function sameData(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((item, i) => sameData(item, b[i]));
  }
  if (!a || !b || typeof a !== 'object' || typeof b !== 'object') return false;
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  const keys = Object.keys(left);
  return keys.length === Object.keys(right).length && keys.every((key) => Object.hasOwn(right, key) && sameData(left[key], right[key]));
}

/** What every stored record carries besides its data, as a store writes it. */
export interface Stamp {
  id: string;
  rev: string;
  createdAt: string;
  updatedAt: string;
  by: string;
}

/** A record of `kind`: its (validated) data with the meta fields every store writes the same way. */
export function stamp<K extends Kind>(kind: K, data: DataOf[K], meta: Stamp): RecordOf[K] {
  const { id, rev, createdAt, updatedAt, by } = meta;
  return { ...data, type: kind, id, rev, createdAt, updatedAt, updatedBy: by } as unknown as RecordOf[K];
}
