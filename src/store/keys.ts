import type { AnyRecord } from '../model/index.js';

/** Lowercase, accents removed: `María` and `maria` search alike. */
export function fold(value: string): string {
  return value.normalize('NFD').replace(/\p{M}/gu, '').toLocaleLowerCase().trim();
}

/** A phone number as its digits only: `+1 (555) 010-2030` → `15550102030`. */
export function phoneDigits(value: string): string {
  return value.replace(/\D/g, '');
}

/** Every word-suffix of a folded text, so `gar` and `maria gar` both find `Ana María García`. */
export function wordSuffixes(value: string): string[] {
  const words = fold(value).split(/\s+/).filter(Boolean);
  const keys = new Set<string>();
  for (let i = 0; i < words.length; i++) keys.add(words.slice(i).join(' ').slice(0, 200));
  return [...keys];
}

/** The lowercased, derived copies a record is indexed by (stored beside it as `_k`). */
export interface SearchKeys {
  names?: string[];
  phones?: string[];
  emails?: string[];
  chatIds?: string[];
  titles?: string[];
  tags?: string[];
}

export function searchKeys(record: AnyRecord): SearchKeys {
  switch (record.type) {
    case 'customer':
      return {
        names: wordSuffixes(record.name),
        phones: unique(record.phones.map(phoneDigits)),
        emails: unique(record.emails.map(fold)),
        chatIds: unique(record.chatIds.map(fold)),
      };
    case 'request':
      return { titles: wordSuffixes(record.title) };
    case 'activity':
      return { tags: unique(record.tags.map(fold)) };
  }
}

function unique(values: string[]): string[] {
  return [...new Set(values.filter(Boolean))];
}

/** How a search query is read: which index paths it is tried against. */
export interface QueryPlan {
  text: string;
  digits: string | undefined;
  email: boolean;
}

export function planQuery(query: string): QueryPlan {
  const text = fold(query);
  const digits = phoneDigits(query);
  const phoneLike = /^[+\d\s().-]+$/.test(query.trim()) && digits.length >= 3;
  return { text, digits: phoneLike ? digits : undefined, email: text.includes('@') };
}

/** A new opaque revision following `previous` (CouchDB-like: `<generation>-<random>`). */
export function nextRev(previous?: string): string {
  const generation = previous ? Number.parseInt(previous, 10) + 1 || 1 : 1;
  const random = crypto.getRandomValues(new Uint32Array(2));
  return `${generation}-${random[0]!.toString(16).padStart(8, '0')}${random[1]!.toString(16).padStart(8, '0')}`;
}

export function newId(kind: string): string {
  return `${kind}:${crypto.randomUUID()}`;
}
