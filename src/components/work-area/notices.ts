// The notices of <cc-work-area> about other agents' and other systems' data: cautions and
// choices (R4), and stored data repaired to the rules. Template functions: the work area renders them.
import { html, nothing, type TemplateResult } from 'lit';
import { msg } from '@lit/localize';
import type { Kind } from '../../model/index.js';
import type { Workspace } from '../../session/session.js';
import { cautionText, choiceText, shown } from '../customer-context/messages.js';
import { emit } from '../shared/emit.js';
import { fieldLabel } from '../shared/labels.js';

/** A caution per record another agent saved first, with Load; then the fields both changed, to choose side by side (R4). */
export function renderCautions(host: HTMLElement, w: Workspace): TemplateResult {
  const key = w.key;
  return html`
    ${w.cautions.map(
      (c) => html`<div part="caution" class="caution" role="alert">
        <span>${cautionText(c.kind, c.theirs.updatedBy)}</span>
        <button class="primary" @click=${() => emit(host, 'cc-work-load', { key, kind: c.kind })}>${msg('Load')}</button>
      </div>`,
    )}
    ${w.choices.map(
      ({ kind, conflicts }) => html`<section class="choices" aria-label=${choiceText(kind).label}>
        <p>${choiceText(kind).prompt}</p>
        ${conflicts.map(
          (c) => html`<div class="choice" role="group" aria-label=${fieldLabel(c.field)}>
            <strong>${fieldLabel(c.field)}</strong>
            <div class="sides">
              <div class="side">
                <span class="muted small">${msg('Yours')}</span>
                <span class="value">${shown(c.mine)}</span>
                <button @click=${() => emit(host, 'cc-work-choose', { key, kind, field: c.field, side: 'mine' })}>${msg('Keep mine')}</button>
              </div>
              <div class="side">
                <span class="muted small">${msg('Theirs')}</span>
                <span class="value">${shown(c.theirs)}</span>
                <button @click=${() => emit(host, 'cc-work-choose', { key, kind, field: c.field, side: 'theirs' })}>${msg('Use theirs')}</button>
              </div>
            </div>
          </div>`,
        )}
      </section>`,
    )}
  `;
}

/** The note on stored data that broke the rules, with the choice to use the repaired values. */
export function renderDamage(host: HTMLElement, key: string, damaged: readonly Kind[]): TemplateResult | typeof nothing {
  if (!damaged.length) return nothing;
  return html`<div part="damage" class="caution" role="note">
    <p>${msg('Some stored data here breaks the rules (another system wrote it): it is shown cut to the limits, with wrong or missing values left empty. Saving writes it as shown.')}</p>
    <button @click=${() => emit(host, 'cc-work-repair', { key })}>${msg('Use the repaired values')}</button>
  </div>`;
}
