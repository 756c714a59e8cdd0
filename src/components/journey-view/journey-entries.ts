// The pure pieces of <journey-view>: how entries are filtered, keyed and named, and what the preview says.
// No DOM and no templates: the element renders what these return.
import { msg, str } from '@lit/localize';
import { CHANNELS } from '../../model/records.js';
import type { Channel } from '../../model/records.js';
import { entryTime, type JourneyEntry } from '../../model/journey.js';
import { channelLabel, recordName, requestStatusLabel } from '../shared/labels.js';

/** What the journey shows: everything, one channel of activities, or only requests. */
export type JourneyChannelFilter = 'all' | Channel | 'request';

/** The kind of one entry: its channel for an activity, else `request`. */
export type JourneyKind = Channel | 'request';

/** Formats an ISO date for the agent (their locale and time zone). */
export type DateFormatter = (iso: string, style: 'short' | 'medium') => string;

/** The filter buttons, in order. */
export const FILTERS: readonly JourneyChannelFilter[] = ['all', ...CHANNELS, 'request'];

export function isFilter(value: unknown): value is JourneyChannelFilter {
  return typeof value === 'string' && (FILTERS as readonly string[]).includes(value);
}

export function kindOf(entry: JourneyEntry): JourneyKind {
  return entry.type === 'activity' ? entry.channel : 'request';
}

/** A key unique across both kinds of record. */
export function keyOf(entry: JourneyEntry): string {
  return `${entry.type}:${entry.id}`;
}

/**
 * A DOM id for an entry, stable across renders and pages: derived from the
 * record id, with every character outside `[A-Za-z0-9-]` escaped (so it is a
 * valid IDREF and two records never share one).
 */
export function rowId(entry: JourneyEntry): string {
  const safe = entry.id.replace(/[^A-Za-z0-9-]/g, (c) => `_${c.charCodeAt(0).toString(16)}_`);
  return `row-${entry.type === 'activity' ? 'a' : 'r'}-${safe}`;
}

export function matches(entry: JourneyEntry, filter: JourneyChannelFilter): boolean {
  if (filter === 'request') return entry.type === 'request';
  return entry.type === 'activity' && entry.channel === filter;
}

/**
 * `entries` as the filter `channel` shows them. An unknown filter shows
 * everything; anything but an array is no entries. `all` returns the array
 * itself (no copy).
 */
export function filterEntries(entries: unknown, channel: unknown): readonly JourneyEntry[] {
  const filter = isFilter(channel) ? channel : 'all';
  const list: readonly JourneyEntry[] = Array.isArray(entries) ? (entries as JourneyEntry[]) : [];
  return filter === 'all' ? list : list.filter((entry) => matches(entry, filter));
}

/**
 * Where a key moves the active row of a list of `count` rows (`current`: -1
 * for none; `page`: rows per screen), or `null` for a key that does not move it.
 */
export function keyTarget(key: string, current: number, count: number, page: number): number | null {
  let next: number;
  switch (key) {
    case 'ArrowDown':
      next = current < 0 ? 0 : current + 1;
      break;
    case 'ArrowUp':
      next = current < 0 ? 0 : current - 1;
      break;
    case 'Home':
      next = 0;
      break;
    case 'End':
      next = count - 1;
      break;
    case 'PageDown':
      next = Math.max(current, 0) + page;
      break;
    case 'PageUp':
      next = Math.max(current, 0) - page;
      break;
    default:
      return null;
  }
  return Math.min(count - 1, Math.max(0, next));
}

/** Whether `entry` is the activity of the live interaction. */
export function isCurrent(entry: JourneyEntry, currentInteractionId: string | null): boolean {
  return (
    entry.type === 'activity' &&
    currentInteractionId !== null &&
    entry.interactionId !== null &&
    entry.interactionId === currentInteractionId
  );
}

/** The name of a filter button. */
export function filterText(filter: JourneyChannelFilter): string {
  switch (filter) {
    case 'all':
      return msg('All');
    case 'request':
      return msg('Requests');
    default:
      return channelLabel(filter);
  }
}

/** What a row without a subject can be named after: the titles of the requests in the journey, the customer's phone number. */
export interface TitleContext {
  /** Request id → its title (only requests with one). */
  requestTitles: ReadonlyMap<string, string>;
  /** The customer's phone number, for a call; '' when none is known. */
  phone: string;
}

const NO_CONTEXT: TitleContext = { requestTitles: new Map(), phone: '' };

/** Request id → title, for the requests of `entries` that have one. Made once per entries array. */
const titleMaps = new WeakMap<readonly JourneyEntry[], ReadonlyMap<string, string>>();
export function requestTitles(entries: readonly JourneyEntry[]): ReadonlyMap<string, string> {
  let titles = titleMaps.get(entries);
  if (!titles) {
    const made = new Map<string, string>();
    for (const entry of entries) if (entry.type === 'request' && entry.title.trim()) made.set(entry.id, entry.title.trim());
    titles = made;
    titleMaps.set(entries, titles);
  }
  return titles;
}

/** The first line of a note, '' when there is none. */
export function firstLine(text: string): string {
  return text.trim().split('\n', 1)[0]!.trim();
}

/**
 * The title of a row or of the preview: the subject or title. An activity
 * without a subject (most calls) is named after something useful instead of a
 * wall of "(no subject)": its request's title, else the first line of its
 * note, else, for a call, the customer's phone number; only then a placeholder.
 */
export function titleOf(entry: JourneyEntry, context: TitleContext = NO_CONTEXT): string {
  if (entry.type === 'request') return recordName(entry, entry.title.trim()) || msg('(no title)');
  const subject = recordName(entry, entry.subject.trim());
  if (subject) return subject;
  const request = entry.requestId ? context.requestTitles.get(entry.requestId) : undefined;
  if (request) return request;
  const note = firstLine(entry.notes);
  if (note) return note;
  const phone = context.phone;
  if (entry.channel === 'voice' && phone) return msg(str`Call with ${phone}`);
  return msg('(no subject)');
}

/** A formatted date, or '' when `iso` is missing or not a date. */
export function dateText(iso: string | null | undefined, style: 'short' | 'medium', format: DateFormatter): string {
  if (!iso || Number.isNaN(Date.parse(iso))) return '';
  return format(iso, style);
}

/** What the preview of one entry shows, as text (rendered as text by `renderPreview`). */
export interface PreviewContent {
  kind: JourneyKind;
  channel: string;
  /** The entry's time (ISO), for `datetime`. */
  iso: string;
  date: string;
  current: boolean;
  heading: string;
  /** For a request: its status and, when known, when it was opened and closed. */
  request: { status: string; opened: string | null; closed: string | null } | null;
  /** The notes or description, or the placeholder for none (then `bodyEmpty` is set). */
  body: string;
  bodyEmpty: boolean;
  /** An activity's tags (empty for a request). */
  tags: readonly string[];
  /** An activity's note: who last saved it and when (shown with the note); null without a note. */
  note: { by: string; iso: string; date: string } | null;
}

/** The name to show for an agent id (`updatedBy`): their display name where known, else the id. */
export type AgentNamer = (agentId: string) => string;

/** The preview's content for `entry`. */
export function previewContent(
  entry: JourneyEntry,
  currentInteractionId: string | null,
  format: DateFormatter,
  context: TitleContext = NO_CONTEXT,
  nameOf: AgentNamer = (id) => id,
): PreviewContent {
  const kind = kindOf(entry);
  const iso = entryTime(entry);
  const body = entry.type === 'activity' ? entry.notes : entry.description;
  const bodyEmpty = !body.trim();
  return {
    kind,
    channel: channelLabel(kind),
    iso,
    date: dateText(iso, 'medium', format),
    current: isCurrent(entry, currentInteractionId),
    heading: titleOf(entry, context),
    request:
      entry.type === 'request'
        ? {
            status: requestStatusLabel(entry.status),
            opened: entry.openedAt ? msg(str`Opened ${dateText(entry.openedAt, 'medium', format)}`) : null,
            closed:
              entry.status === 'closed' && entry.closedAt
                ? msg(str`Closed ${dateText(entry.closedAt, 'medium', format)}`)
                : null,
          }
        : null,
    body: bodyEmpty ? (entry.type === 'activity' ? msg('No notes') : msg('No description')) : body,
    bodyEmpty,
    tags: entry.type === 'activity' ? entry.tags : [],
    note:
      entry.type === 'activity' && !bodyEmpty
        ? { by: nameOf(entry.updatedBy), iso: entry.updatedAt, date: dateText(entry.updatedAt, 'medium', format) }
        : null,
  };
}
