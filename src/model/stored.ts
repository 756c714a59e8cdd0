import { MAX_ITEMS, MAX_TAG, MAX_TEXT } from './limits.js';
import { CHANNELS, tagKey, type AnyRecord, type Kind, type RecordOf } from './records.js';

/**
 * What was wrong with a record as stored, when it broke the model's rules
 * (written by another client, or before the server had rules): the fields, and
 * whether any of them had the wrong type or was missing (`invalid`) rather than
 * only being over a limit.
 */
export interface Damage {
  readonly fields: readonly string[];
  readonly invalid: boolean;
}

/** Keys never copied out of stored data: they would reach an object's prototype. */
const UNSAFE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
const EPOCH = '1970-01-01T00:00:00.000Z';

type Raw = Record<string, unknown>;

/** The repairs of one record: each reader returns a value within the model's rules and notes what it changed. */
class Reader {
  readonly fields: string[] = [];
  invalid = false;
  constructor(private readonly raw: Raw) {}

  private cut(field: string): void {
    if (!this.fields.includes(field)) this.fields.push(field);
  }
  private bad(field: string): void {
    this.cut(field);
    this.invalid = true;
  }

  text(field: string, max = MAX_TEXT): string {
    const value = this.raw[field];
    if (typeof value !== 'string') {
      this.bad(field);
      return '';
    }
    if (value.length > max) {
      this.cut(field);
      return value.slice(0, max);
    }
    return value;
  }

  nullableText(field: string): string | null {
    return this.raw[field] === null ? null : this.text(field);
  }

  list(field: string): string[] {
    const value = this.raw[field];
    if (!Array.isArray(value)) {
      this.bad(field);
      return [];
    }
    if (value.length > MAX_ITEMS) this.cut(field);
    const out: string[] = [];
    for (const item of value.slice(0, MAX_ITEMS)) {
      if (typeof item !== 'string') this.bad(field);
      else if (item.length > MAX_TEXT) {
        this.cut(field);
        out.push(item.slice(0, MAX_TEXT));
      } else out.push(item);
    }
    return out;
  }

  tags(): string[] {
    const seen = new Set<string>();
    const out: string[] = [];
    for (const tag of this.list('tags')) {
      let trimmed = tag.trim();
      if (trimmed !== tag) this.cut('tags');
      if (trimmed.length > MAX_TAG) {
        this.cut('tags');
        trimmed = trimmed.slice(0, MAX_TAG);
      }
      const key = tagKey(trimmed);
      if (!trimmed || seen.has(key)) {
        this.cut('tags');
        continue;
      }
      seen.add(key);
      out.push(trimmed);
    }
    return out;
  }

  freeFields(): Record<string, string> {
    const value = this.raw.fields;
    if (!value || typeof value !== 'object' || Array.isArray(value)) {
      this.bad('fields');
      return {};
    }
    const entries = Object.entries(value as Raw);
    if (entries.length > MAX_ITEMS) this.cut('fields');
    const out: Array<[string, string]> = [];
    for (const [name, text] of entries.slice(0, MAX_ITEMS)) {
      if (UNSAFE_KEYS.has(name) || typeof text !== 'string') {
        this.bad('fields');
        continue;
      }
      if (name.length > MAX_TEXT || text.length > MAX_TEXT) this.cut('fields');
      out.push([name.slice(0, MAX_TEXT), text.slice(0, MAX_TEXT)]);
    }
    return Object.fromEntries(out);
  }

  oneOf<T extends string>(field: string, values: readonly T[], fallback: T): T {
    const value = this.raw[field];
    if ((values as readonly unknown[]).includes(value)) return value as T;
    this.bad(field);
    return fallback;
  }

  date(field: string, fallback: string): string {
    const value = this.raw[field];
    if (typeof value === 'string' && value.length <= 64) {
      const time = Date.parse(value);
      if (!Number.isNaN(time)) return value;
    }
    this.bad(field);
    return fallback;
  }

  nullableDate(field: string, fallback: string): string | null {
    return this.raw[field] === null ? null : this.date(field, fallback);
  }
}

/**
 * A record as read from a store, never trusted: whatever another client wrote
 * (5 MB strings, wrong types, missing fields, `__proto__` keys, 10,000 or
 * duplicate tags) comes out as a record of `kind` within the model's rules —
 * text cut to its limit, lists to `MAX_ITEMS`, a missing or mistyped field
 * empty — with `damage` naming what was changed. A record that keeps the rules
 * is returned as it is (no copy, no `damage`): the common case costs one pass
 * of checks. Nothing here throws.
 */
export function readRecord<K extends Kind>(kind: K, raw: Raw): RecordOf[K] {
  const read = new Reader(raw);
  const id = typeof raw.id === 'string' ? raw.id : String(raw.id);
  const createdAt = read.date('createdAt', EPOCH);
  const meta = {
    type: kind,
    id,
    rev: typeof raw.rev === 'string' ? raw.rev : '',
    createdAt,
    updatedAt: read.date('updatedAt', createdAt),
    updatedBy: read.text('updatedBy'),
  };
  let data: Raw;
  switch (kind) {
    case 'customer':
      data = { name: read.text('name'), phones: read.list('phones'), emails: read.list('emails'), chatIds: read.list('chatIds'), address: read.text('address'), fields: read.freeFields() };
      if (raw.lastName !== undefined) data.lastName = read.text('lastName');
      if (raw.mergedInto !== undefined) data.mergedInto = read.nullableText('mergedInto');
      if (raw.mergedFrom !== undefined) data.mergedFrom = read.list('mergedFrom');
      break;
    case 'request':
      data = {
        customerId: read.text('customerId'),
        title: read.text('title'),
        description: read.text('description'),
        status: read.oneOf('status', ['open', 'closed'] as const, 'open'),
        openedAt: read.date('openedAt', createdAt),
        closedAt: read.nullableDate('closedAt', meta.updatedAt),
      };
      break;
    default:
      data = {
        customerId: read.text('customerId'),
        requestId: read.nullableText('requestId'),
        channel: read.oneOf('channel', CHANNELS, 'other'),
        interactionId: read.nullableText('interactionId'),
        at: read.date('at', createdAt),
        subject: read.text('subject'),
        notes: read.text('notes'),
        tags: read.tags(),
      };
      if (raw.movedFrom !== undefined) data.movedFrom = read.nullableText('movedFrom');
  }
  if (read.fields.length === 0 && raw.type === kind && typeof raw.id === 'string') return raw as unknown as RecordOf[K];
  const damage: Damage = { fields: read.fields, invalid: read.invalid };
  return { ...meta, ...data, damage } as unknown as RecordOf[K];
}

/** The record's damage as read (`readRecord`), if any. */
export function damageOf(record: AnyRecord): Damage | undefined {
  return (record as { damage?: Damage }).damage;
}
