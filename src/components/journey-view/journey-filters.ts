// The filters above the journey: the channel buttons and the time frame (issue #19). Templates only; the
// element keeps the state and fires the events.
import { html } from 'lit';
import type { TemplateResult } from 'lit';
import { msg } from '@lit/localize';
import type { JourneyPeriod } from '../../session/session.js';
import { fieldLabel } from '../shared/labels.js';
import { FILTERS, filterText, isFilter, type JourneyChannelFilter } from './journey-entries.js';
import { icon } from './journey-icons.js';

export type { JourneyPeriod };

/** The time frames, in the order the menu lists them. */
export const PERIODS: readonly JourneyPeriod[] = ['all', '10d', '30d', '6m', '12m'];

export function isPeriod(value: unknown): value is JourneyPeriod {
  return typeof value === 'string' && (PERIODS as readonly string[]).includes(value);
}

/** The words of a time frame in the menu. */
export function periodText(period: JourneyPeriod): string {
  switch (period) {
    case '10d':
      return msg('Last 10 days');
    case '30d':
      return msg('Last 30 days');
    case '6m':
      return msg('Last 6 months');
    case '12m':
      return msg('Last 12 months');
    default:
      return msg('All time');
  }
}

/** The channel filter: one toggle button per filter, the one on `aria-pressed`. */
export function renderChannelFilter(channel: JourneyChannelFilter, onClick: (event: MouseEvent) => void): TemplateResult {
  const active = isFilter(channel) ? channel : 'all';
  return html`
    <div class="filter" part="filter" role="group" aria-label=${fieldLabel('channel')}>
      ${FILTERS.map(
        (filter) => html`
          <button type="button" part="filter-button" value=${filter} aria-pressed=${filter === active ? 'true' : 'false'} @click=${onClick}>
            ${icon(filter)}<span>${filterText(filter)}</span>
          </button>
        `,
      )}
    </div>
  `;
}

/** The time frame: a native menu with a visible label (the keyboard and screen readers know it as it is). */
export function renderPeriodFilter(period: JourneyPeriod, onChange: (event: Event) => void): TemplateResult {
  const active = isPeriod(period) ? period : 'all';
  return html`
    <label class="period" part="period">
      <span>${msg('Time frame')}</span>
      <select part="period-select" .value=${active} @change=${onChange}>
        ${PERIODS.map((p) => html`<option value=${p} ?selected=${p === active}>${periodText(p)}</option>`)}
      </select>
    </label>
  `;
}
