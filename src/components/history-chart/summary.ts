import { msg, str } from '@lit/localize';
import { CHANNELS, type Channel } from '../../model/index.js';
import type { HistoryMonth } from '../../session/session.js';
import { plural } from '../shared/plural.js';
import { cachedFormat } from '../shared/locale-format.js';

/**
 * The history chart's words (issue #19 item 5), without DOM: the short
 * summary of this month, the month labels, the table's caption. Months are
 * UTC months (`YYYY-MM`, as the stores count them): they are formatted in UTC
 * so that an agent west of Greenwich does not see the month before.
 */

/** "5 calls", "1 chat" … for one channel (Intl.PluralRules through `plural`). */
export function channelCount(channel: Channel, count: number): string {
  switch (channel) {
    case 'voice':
      return plural(count, { one: () => msg('1 call'), other: () => msg(str`${count} calls`) });
    case 'chat':
      return plural(count, { one: () => msg('1 chat'), other: () => msg(str`${count} chats`) });
    case 'email':
      return plural(count, { one: () => msg('1 email'), other: () => msg(str`${count} emails`) });
    case 'note':
      return plural(count, { one: () => msg('1 note'), other: () => msg(str`${count} notes`) });
    case 'other':
      return plural(count, { one: () => msg('1 other activity'), other: () => msg(str`${count} other activities`) });
  }
}

const lists = new Map<string, Intl.ListFormat>();
function listFormat(locale: string): Intl.ListFormat {
  return cachedFormat(
    lists,
    locale,
    () => new Intl.ListFormat(locale, { type: 'conjunction', style: 'long' }),
    () => new Intl.ListFormat(undefined, { type: 'conjunction', style: 'long' }),
  );
}

/**
 * What the agent reads at a glance: this month's activities by channel, most
 * first ("5 calls and 1 email this month"), or that there were none, and the
 * total over the months shown.
 */
export function historySummary(months: readonly HistoryMonth[], locale: string): string {
  const current = months.at(-1);
  const all = months.reduce((sum, month) => sum + month.total, 0);
  // Not `plural` for 0: French and Portuguese take their singular for 0, and the singular message says "1".
  const year = all === 0 ? msg(str`${all} activities in 12 months`) : plural(all, { one: () => msg('1 activity in 12 months'), other: () => msg(str`${all} activities in 12 months`) });
  if (!current || current.total === 0) return msg(str`Nothing this month · ${year}`);
  const parts = CHANNELS.filter((channel) => current.counts[channel] > 0)
    .sort((a, b) => current.counts[b] - current.counts[a])
    .map((channel) => channelCount(channel, current.counts[channel]));
  const list = listFormat(locale).format(parts);
  return msg(str`${list} this month · ${year}`);
}

const months = new Map<string, Intl.DateTimeFormat>();
/** A UTC month (`YYYY-MM`) in the agent's locale: `short` ("Nov") under a bar, `long` ("November 2026") in the table. */
export function monthLabel(month: string, locale: string, style: 'short' | 'long'): string {
  const options: Intl.DateTimeFormatOptions = style === 'short' ? { month: 'short', timeZone: 'UTC' } : { month: 'long', year: 'numeric', timeZone: 'UTC' };
  const format = cachedFormat(
    months,
    `${locale}|${style}`,
    () => new Intl.DateTimeFormat(locale, options),
    () => new Intl.DateTimeFormat(undefined, options),
  );
  return format.format(new Date(`${month}-01T00:00:00.000Z`));
}
