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

/** The title of a row or of the preview: the subject or title, else a placeholder. */
export function titleOf(entry: JourneyEntry): string {
  const title = entry.type === 'activity' ? entry.subject.trim() : entry.title.trim();
  return recordName(entry, title) || (entry.type === 'activity' ? msg('(no subject)') : msg('(no title)'));
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
}

/** The preview's content for `entry`. */
export function previewContent(entry: JourneyEntry, currentInteractionId: string | null, format: DateFormatter): PreviewContent {
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
    heading: titleOf(entry),
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
  };
}
