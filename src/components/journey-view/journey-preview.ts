// The preview of <journey-view>: the details of the hovered or active entry, below the list (R8.2).
import { html, nothing } from 'lit';
import type { TemplateResult } from 'lit';
import { msg, str } from '@lit/localize';
import { fieldLabel } from '../shared/labels.js';
import type { PreviewContent } from './journey-entries.js';
import { icon } from './journey-icons.js';

/**
 * The preview section (`id="preview"`, the list's `aria-describedby`), hidden
 * and empty when there is nothing to preview. Customer text is rendered as text.
 */
export function renderPreview(content: PreviewContent | null): TemplateResult {
  if (!content) {
    return html`<section id="preview" class="preview" part="preview" aria-label=${msg('Preview')} hidden></section>`;
  }
  const { request } = content;
  return html`
    <section id="preview" class="preview" part="preview" aria-label=${msg('Preview')}>
      <p class="head">
        ${icon(content.kind)}<span class="channel">${content.channel}</span>
        <time datetime=${content.iso}>${content.date}</time>
        ${content.current ? html`<span class="badge">${msg('Current interaction')}</span>` : nothing}
      </p>
      <p class="heading">${content.heading}</p>
      ${request
        ? html`<p class="request">
            <span class="status">${request.status}</span>
            ${request.opened ? html` · ${request.opened}` : nothing}
            ${request.closed ? html` · ${request.closed}` : nothing}
          </p>`
        : nothing}
      ${content.bodyEmpty
        ? html`<p class="body muted">${content.body}</p>`
        : html`<p class="body">${content.body}</p>`}
      ${content.note
        ? html`<p class="note-by muted">
            ${msg(str`Note by ${content.note.by}`)}${content.note.date
              ? html` · <time datetime=${content.note.iso}>${content.note.date}</time>`
              : nothing}
          </p>`
        : nothing}
      ${content.tags.length > 0
        ? html`<ul aria-label=${fieldLabel('tags')}>
            ${content.tags.map((tag) => html`<li class="tag" part="tag">${tag}</li>`)}
          </ul>`
        : nothing}
    </section>
  `;
}
