// The channel icons of <journey-view>: in the filter buttons, the rows and the preview.
import { html } from 'lit';
import type { TemplateResult } from 'lit';
import type { JourneyKind } from './journey-entries.js';

/**
 * Each icon is one path (24×24, stroked), so a recycled row changes its icon
 * by one attribute instead of replacing SVG elements.
 */
const ICONS: Record<JourneyKind | 'all', string> = {
  all: 'M4 6h16M4 12h16M4 18h16',
  voice: 'M6 3h3l2 5-2.5 1.5a11 11 0 0 0 6 6L16 13l5 2v3a2 2 0 0 1-2 2A17 17 0 0 1 4 5a2 2 0 0 1 2-2z',
  chat: 'M4 5h16v11H10l-5 4v-4H4z',
  email: 'M4 5h16a1 1 0 0 1 1 1v12a1 1 0 0 1-1 1H4a1 1 0 0 1-1-1V6a1 1 0 0 1 1-1zM3 7l9 6 9-6',
  note: 'M6 3h9l4 4v14H6zM9 11h7M9 15h7',
  other: 'M4 12a8 8 0 1 0 16 0a8 8 0 1 0-16 0zM8 12h.01M12 12h.01M16 12h.01',
  request: 'M4 7h16v3a2 2 0 0 0 0 4v3H4v-3a2 2 0 0 0 0-4zM14 7v10',
};

/** The icon of a kind of entry (or of the "All" filter), hidden from assistive technology. */
export function icon(kind: JourneyKind | 'all'): TemplateResult {
  return html`<svg viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true" focusable="false"><path d=${ICONS[kind]}></path></svg>`;
}
