import { LitElement, html, svg } from 'lit';
import { property } from 'lit/decorators.js';
import { localized, msg } from '@lit/localize';
import { CHANNELS, type Channel } from '../../model/index.js';
import type { HistoryMonth } from '../../session/session.js';
import { AgentController } from '../shared/controllers/agent.js';
import { channelLabel } from '../shared/labels.js';
import { tokens } from '../shared/tokens.styles.js';
import { styles } from './history-chart.styles.js';
import { historySummary, monthLabel } from './summary.js';
import { formatCount } from '../shared/locale-format.js';

/** The plot's height in SVG units: the month with the most activities fills it, the others in proportion. */
export const CHART_HEIGHT = 50;
/** Each month's slot in SVG units, and its bar's width inside it. */
const SLOT = 10;
const BAR = 7;

/**
 * A picture of the customer's history (issue #19 item 5): a short summary in
 * words ("5 calls and 1 email this month"), then one stacked bar per month
 * over the last 12 months, by channel, drawn as inline SVG. Bar heights are in
 * proportion to the busiest month. The SVG is hidden from assistive
 * technology; a visually hidden table (caption, one row per month, one column
 * per channel the customer used in those months, and a total) carries the
 * same numbers for screen readers.
 * Months are UTC months, as the stores count them; their names are in the
 * agent's locale. Without counts (still being read) an empty frame of the same size. No store: the counts come
 * from the session (`Workspace.history`).
 *
 * @summary A customer's activities per month and channel, last 12 months.
 * @tagname cc-history-chart
 *
 * @csspart summary - The sentence about this month and the 12 months.
 * @csspart chart - The SVG of stacked bars (hidden from assistive technology).
 * @csspart months - The month names under the bars.
 * @csspart legend - The channels' colours (only channels with activities).
 * @csspart table - The visually hidden table of the same numbers.
 *
 * @cssprop --cc-chart-voice - Colour of calls (default #2f7de1).
 * @cssprop --cc-chart-chat - Colour of chats (default #2b8a3e).
 * @cssprop --cc-chart-email - Colour of emails (default #d9480f).
 * @cssprop --cc-chart-note - Colour of notes (default #be4bdb).
 * @cssprop --cc-chart-other - Colour of other activities (default #7a8490).
 * @cssprop --cc-color-surface - Background, and the thin gap between stacked parts of a bar.
 * @cssprop --cc-color-border - The base line under the bars.
 * @cssprop --cc-color-text - Text colour.
 * @cssprop --cc-color-muted - Colour of the month names.
 * @cssprop --cc-space - Base spacing unit.
 * @cssprop --cc-font - Font family.
 * @cssprop --cc-font-size - Base font size.
 */
@localized()
export class HistoryChart extends LitElement {
  static override styles = [tokens, styles];

  /** The agent's locale for month names and lists, when a `<customer-context>` provides it; else the browser's. */
  private readonly agent = new AgentController(this);

  /** The months to draw, oldest first (the session's `Workspace.history.months`); empty: nothing is drawn. */
  @property({ attribute: false }) counts: readonly HistoryMonth[] = [];

  private renderBar(month: HistoryMonth, index: number, max: number) {
    let top = CHART_HEIGHT;
    const x = index * SLOT + (SLOT - BAR) / 2;
    const parts = CHANNELS.filter((channel) => month.counts[channel] > 0).map((channel) => {
      const height = (month.counts[channel] / max) * CHART_HEIGHT;
      top -= height;
      return svg`<rect class=${channel} x=${x} y=${top} width=${BAR} height=${height} data-channel=${channel} data-count=${month.counts[channel]}></rect>`;
    });
    return svg`<g data-month=${month.month} data-total=${month.total}>${parts}</g>`;
  }

  override render() {
    const months = this.counts;
    // Until the counts are read, the same frame, empty: nothing below it moves when they arrive.
    if (!months.length) {
      return html`<p class="summary" part="summary">\u00a0</p>
        <div class="plot"><svg part="chart" aria-hidden="true" focusable="false"></svg><ol class="months" part="months" aria-hidden="true"></ol></div>
        <ul class="legend" part="legend" aria-hidden="true"></ul>`;
    }
    const locale = this.agent.value.locale;
    const max = Math.max(1, ...months.map((m) => m.total));
    const width = months.length * SLOT;
    const shown: Channel[] = CHANNELS.filter((channel) => months.some((m) => m.counts[channel] > 0));
    return html`
      <p class="summary" part="summary">${historySummary(months, locale)}</p>
      <div class="plot">
        <svg part="chart" aria-hidden="true" focusable="false" viewBox="0 0 ${width} ${CHART_HEIGHT}" preserveAspectRatio="none">
          ${months.map((month, index) => this.renderBar(month, index, max))}
          <line class="base" x1="0" y1=${CHART_HEIGHT} x2=${width} y2=${CHART_HEIGHT}></line>
        </svg>
        <ol class="months" part="months" aria-hidden="true">
          ${months.map((month) => html`<li>${monthLabel(month.month, locale, 'short')}</li>`)}
        </ol>
      </div>
      <ul class="legend" part="legend" aria-hidden="true">
        ${shown.map((channel) => html`<li><span class="swatch ${channel}"></span>${channelLabel(channel)}</li>`)}
      </ul>
      <table class="visually-hidden" part="table">
        <caption>${msg('Activities per month over the last 12 months, by channel')}</caption>
        <thead>
          <tr>
            <th scope="col">${msg('Month')}</th>
            ${shown.map((channel) => html`<th scope="col">${channelLabel(channel)}</th>`)}
            <th scope="col">${msg('Total')}</th>
          </tr>
        </thead>
        <tbody>
          ${months.map(
            (month) => html`<tr>
              <th scope="row">${monthLabel(month.month, locale, 'long')}</th>
              ${shown.map((channel) => html`<td>${formatCount(month.counts[channel], locale)}</td>`)}
              <td>${formatCount(month.total, locale)}</td>
            </tr>`,
          )}
        </tbody>
      </table>
    `;
  }
}
