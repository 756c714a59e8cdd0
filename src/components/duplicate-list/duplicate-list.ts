import { LitElement, css, html, nothing } from 'lit';
import { property } from 'lit/decorators.js';
import { localized, msg, str } from '@lit/localize';
import type { DuplicateReason, LikelyDuplicate } from '../../session/session.js';
import { emit } from '../shared/emit.js';
import { tokens } from '../shared/tokens.styles.js';
import { customerLabel } from '../shared/customer-label.js';

/** Detail of `cc-duplicate-use`: "Use this one" on the stored customer `customerId`. */
export interface DuplicateUseDetail {
  customerId: string;
}

declare global {
  interface GlobalEventHandlersEventMap {
    'cc-duplicate-use': CustomEvent<DuplicateUseDetail>;
  }
}

/** Why a stored customer looks like the one being created, in words. */
export function duplicateReasonText(reason: DuplicateReason): string {
  switch (reason) {
    case 'email':
      return msg('Same email');
    case 'phone':
      return msg('Same phone');
    case 'phone-tail':
      return msg('Phone ends the same');
    case 'name':
      return msg('Same name');
    case 'name-order':
      return msg('Same name, other order');
    case 'name-similar':
      return msg('Similar name');
  }
}

/**
 * Likely duplicates of a customer being created (issue #19 item 2): stored
 * customers with the same phone (or the same last digits), the same email or
 * a very similar name, most likely first, each with why it looks alike and
 * **Use this one**. A list of buttons: Tab reaches each. Shows nothing while
 * `duplicates` is empty. It decides nothing: the parent opens the customer.
 *
 * @summary "Is it one of these?" while creating a customer, with "Use this one" (issue #19).
 * @tagname cc-duplicate-list
 *
 * @fires {CustomEvent<DuplicateUseDetail>} cc-duplicate-use - The agent chose "Use this one" on a stored customer (`{ customerId }`).
 *
 * @csspart region - The region around the list.
 * @csspart item - One likely duplicate.
 * @csspart use-button - Its "Use this one" button.
 *
 * @cssprop --cc-color-warning-surface - Background of the region.
 * @cssprop --cc-color-warning - Its border.
 * @cssprop --cc-color-muted - Why each looks alike, and its contact points.
 */
@localized()
export class DuplicateList extends LitElement {
  static override styles = [
    tokens,
    css`
      :host { display: block; }
      section { border: 1px solid var(--_warning); background: var(--_warning-bg); border-radius: var(--_radius); padding: var(--_space); margin-block: var(--_space); }
      h3 { margin: 0 0 calc(var(--_space) / 2); font-size: 1em; }
      ul { list-style: none; margin: 0; padding: 0; display: grid; gap: calc(var(--_space) / 2); }
      li { display: flex; flex-wrap: wrap; align-items: center; gap: var(--_space); }
      .who { flex: 1 1 12rem; min-inline-size: 0; overflow-wrap: anywhere; }
      .why { display: block; font-size: 0.9em; }
      button { font: inherit; padding-block: 2px; padding-inline: var(--_space); border: 1px solid var(--_input-border); border-radius: var(--_radius); background: var(--_bg); color: var(--_fg); cursor: pointer; }
    `,
  ];

  /** The likely duplicates, most likely first (the session's `duplicates(key)`). */
  @property({ attribute: false }) duplicates: readonly LikelyDuplicate[] = [];

  protected override render() {
    if (!this.duplicates.length) return nothing;
    return html`<section part="region" aria-labelledby="title">
      <h3 id="title">${msg('This customer may already exist')}</h3>
      <ul>
        ${this.duplicates.map(({ customer, reasons }) => {
          const name = customerLabel(customer);
          const contact = [...customer.phones.slice(0, 1), ...customer.emails.slice(0, 1)].join(' · ');
          const why = reasons.map(duplicateReasonText).join(', ');
          return html`<li part="item">
            <span class="who"
              ><bdi>${name}</bdi>${contact ? html` · <bdi>${contact}</bdi>` : nothing}
              <span class="why">${why}</span></span
            >
            <button part="use-button" type="button" aria-label=${msg(str`Use this one: ${name}`)} @click=${() => emit(this, 'cc-duplicate-use', { customerId: customer.id })}>
              ${msg('Use this one')}
            </button>
          </li>`;
        })}
      </ul>
    </section>`;
  }
}
