import { CHANNELS, fullName, type AnyRecord, type Channel, type Kind } from '../model/records.js';
import type { SearchField, TagSuggestion } from './context-store.js';

/** Lowercase (the same in every browser locale), accents removed: `María` and `maria` search alike. */
export function fold(value: string): string {
  return value.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().trim();
}

/** A phone number as its digits only: `+1 (555) 010-2030` → `15550102030`. */
export function phoneDigits(value: string): string {
  return value.replace(/\D/g, '');
}

/**
 * The fewest digits a national number has here (es, fr, pt: 9). A number's
 * tails of this length or more stand for it written without its country code
 * or trunk prefix: `600100042` for `+34 600 100 042`.
 */
export const PHONE_TAIL = 9;

/** The most digits a phone number has (E.164): longer digit strings get no tails. */
const PHONE_MAX = 15;

/**
 * The fewest last digits of a phone number a search finds it by (issue #18):
 * agents often have only the end of a number (`…0203`).
 */
export const PHONE_END = 4;

/** A phone number's ends (longest first) of `PHONE_END` to `PHONE_TAIL - 1` digits, the number itself left out: the shorter ends `phoneTails` does not hold. */
export function phoneEnds(digits: string): string[] {
  const ends: string[] = [];
  if (digits.length > PHONE_MAX) return ends;
  for (let n = Math.min(digits.length - 1, PHONE_TAIL - 1); n >= PHONE_END; n--) ends.push(digits.slice(-n));
  return ends;
}

/** A phone number's tails (longest first) of `PHONE_TAIL` digits or more, the number itself left out. */
export function phoneTails(digits: string): string[] {
  const tails: string[] = [];
  if (digits.length > PHONE_MAX) return tails;
  for (let n = digits.length - 1; n >= PHONE_TAIL; n--) tails.push(digits.slice(-n));
  return tails;
}

/**
 * A number dialled nationally with a trunk `0` (`06 12 34 56 78`, `030 1234567`)
 * stands for the same digits without it (`612345678`), which is what follows the
 * country code in the international form (`+33 6 12 34 56 78`).
 */
export function withoutTrunk(digits: string): string | undefined {
  return /^0[1-9]/.test(digits) && digits.length - 1 >= PHONE_TAIL && digits.length <= PHONE_MAX ? digits.slice(1) : undefined;
}

/**
 * How a caller's number is matched (R1.2), most certain first: the same
 * digits; else one number is the other without its country code or trunk
 * prefix, i.e. the caller's digits are a tail of a stored number
 * (`phoneTails` index) or a stored number is a tail of the caller's. Two
 * numbers that only share their last digits never match.
 */
export interface PhoneLookup {
  digits: string;
  /** Stored numbers that may be the caller's written longer (a country code more): their tails hold one of these. */
  asTail: string[];
  /** The caller's tails, each looked up among whole stored numbers. */
  tails: string[];
}

export function phoneLookup(phone: string): PhoneLookup | undefined {
  const digits = phoneDigits(phone);
  if (!digits) return undefined;
  const national = withoutTrunk(digits);
  const asTail = digits.length >= PHONE_TAIL && digits.length <= PHONE_MAX ? [digits] : [];
  return { digits, asTail: national ? [...asTail, national] : asTail, tails: phoneTails(digits) };
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
  /** Tails of the phones (`phoneTails`): a number given without its country code finds them. */
  phoneTails?: string[];
  /** The last 4 to 8 digits of the phones (`phoneEnds`): a search by the end of a number finds them. */
  phoneEnds?: string[];
  emails?: string[];
  chatIds?: string[];
  titles?: string[];
  tags?: string[];
}

/**
 * The keys a record is found by. A customer's names are the word-suffixes of
 * its full name (`name` then `lastName`, issue #19). A merged duplicate (a
 * tombstone: `mergedInto` set) has none: lookups and search never find it,
 * only `get` does.
 */
export function searchKeys(record: AnyRecord): SearchKeys {
  switch (record.type) {
    case 'customer':
      if (record.mergedInto) return { names: [], phones: [], phoneTails: [], phoneEnds: [], emails: [], chatIds: [] };
      return {
        names: wordSuffixes(fullName(record)),
        // A number dialled with a trunk 0 is also indexed without it, as the whole number it stands for.
        phones: unique(record.phones.flatMap((phone) => [phoneDigits(phone), withoutTrunk(phoneDigits(phone)) ?? ''])),
        phoneTails: unique(record.phones.flatMap((phone) => phoneTails(phoneDigits(phone)))),
        phoneEnds: unique(record.phones.flatMap((phone) => phoneEnds(phoneDigits(phone)))),
        emails: unique(record.emails.map(fold)),
        chatIds: unique(record.chatIds.map(fold)),
      };
    case 'request':
      return { titles: wordSuffixes(record.title) };
    case 'activity':
      return { tags: unique(record.tags.map(fold)) };
  }
}

/** The UTC month (`YYYY-MM`) of an activity's `at` (an ISO date in UTC, as the model keeps it): what the history counts group by. */
export function activityMonth(at: string): string {
  return at.slice(0, 7);
}

/**
 * A journey's lower bound (`PageOptions.since`, `activityCounts`) as the
 * stores' keys compare: the model's ISO form in UTC, so that `since` given
 * with an offset bounds the same instant. A string that is no date is kept as
 * given (it then compares as text).
 */
export function journeyBound(since: string): string {
  const time = Date.parse(since);
  return Number.isNaN(time) ? since : new Date(time).toISOString();
}

/** `value` if it is one of the model's channels. */
export function asChannel(value: unknown): Channel | undefined {
  return (CHANNELS as readonly unknown[]).includes(value) ? (value as Channel) : undefined;
}

function unique(values: string[]): string[] {
  return [...new Set(values.filter(Boolean))];
}

/**
 * Tag suggestions (issue #18): every spelling of a tag on an activity, as
 * `fold(tag) + TAG_SEP + tag as written` (IndexedDB's `tagSpellings` index;
 * the CouchDB `tags` view keys `[fold(tag), tag as written]`), once per
 * activity. A prefix of the folded tag finds them, accents and case ignored.
 */
export const TAG_SEP = '\u0000';

export function tagSpellings(tags: readonly string[]): string[] {
  return unique(tags.filter((tag) => fold(tag)).map((tag) => `${fold(tag)}${TAG_SEP}${tag.trim()}`));
}

/**
 * How many distinct spellings a suggestion query reads at most (both stores):
 * a short prefix shared by more tags than this ranks the first ones in key
 * order only.
 */
export const TAG_SCAN = 200;

/** One spelling of a tag and how many activities carry it. */
export interface TagSpellingCount {
  folded: string;
  tag: string;
  count: number;
}

/**
 * The suggestions from spellings and their counts (both stores): one per
 * folded tag, its uses summed, shown as its most used spelling (ties: the
 * first in code-unit order); most used first, then alphabetically.
 */
export function rankTags(rows: readonly TagSpellingCount[], limit: number): TagSuggestion[] {
  const byTag = new Map<string, { tag: string; best: number; count: number }>();
  for (const row of rows) {
    const seen = byTag.get(row.folded);
    if (!seen) byTag.set(row.folded, { tag: row.tag, best: row.count, count: row.count });
    else {
      seen.count += row.count;
      if (row.count > seen.best || (row.count === seen.best && row.tag < seen.tag)) Object.assign(seen, { tag: row.tag, best: row.count });
    }
  }
  return [...byTag.entries()]
    .sort(([a, x], [b, y]) => y.count - x.count || (a < b ? -1 : a > b ? 1 : 0))
    .slice(0, Math.max(0, limit))
    .map(([, { tag, count }]) => ({ tag, count }));
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

/** One path a search query is tried along: a prefix range of one index of one kind of record. */
export interface SearchPath {
  /** What a hit found along it reports (`SearchHit.matched`). */
  field: SearchField;
  /** The records it reads (a request or an activity stands for its customer). */
  kind: Kind;
  /** The index: one of the keys each record is indexed by (`searchKeys`). */
  keys: keyof SearchKeys;
  /** The prefix looked up (the whole key when `exact`). */
  key: string;
  /** The key must equal `key`, not only start with it (the ends of phone numbers: a prefix would find their middles). */
  exact?: boolean;
  /**
   * 1: the customer's own keys; 2: the rest, only worth reading while fewer
   * hits than asked for were found (a store may read stage 2 later, or read
   * everything at once: the order of the hits is the same).
   */
  stage: 1 | 2;
}

/**
 * The search paths of a query, in the order hits are taken (R7.1, both
 * stores): name → phone → email → phone without its country code → request
 * title → tag. A customer is reported once, by the first path that finds it.
 * A phone path only for a query that looks like a number, and the tails of
 * numbers (written without their country code) only from 6 digits on: a
 * shorter run matches the middle of too many numbers. A query of 4 to 8
 * digits also finds the numbers that end with exactly those digits (the
 * `phoneEnds` index, an exact key: an agent with only the end of a number);
 * from 9 digits on the tails path holds the ends.
 */
export function searchPaths(plan: QueryPlan): SearchPath[] {
  const paths: SearchPath[] = [{ field: 'name', kind: 'customer', keys: 'names', key: plan.text, stage: 1 }];
  if (plan.digits) paths.push({ field: 'phone', kind: 'customer', keys: 'phones', key: plan.digits, stage: 1 });
  paths.push({ field: 'email', kind: 'customer', keys: 'emails', key: plan.text, stage: 1 });
  if (plan.digits && plan.digits.length >= 6) paths.push({ field: 'phone', kind: 'customer', keys: 'phoneTails', key: plan.digits, stage: 2 });
  if (plan.digits && plan.digits.length >= PHONE_END && plan.digits.length < PHONE_TAIL) {
    paths.push({ field: 'phone', kind: 'customer', keys: 'phoneEnds', key: plan.digits, exact: true, stage: 2 });
  }
  paths.push(
    { field: 'request', kind: 'request', keys: 'titles', key: plan.text, stage: 2 },
    { field: 'tag', kind: 'activity', keys: 'tags', key: plan.text, stage: 2 },
  );
  return paths;
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
