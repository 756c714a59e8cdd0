import { LitElement, css, html, nothing } from 'lit';
import { property } from 'lit/decorators.js';
import { localized, msg, str } from '@lit/localize';
import type { MergeDone, MergeRun } from '../../session/session.js';
import { AgentController } from '../shared/controllers/agent.js';
import { emit } from '../shared/emit.js';
import { formatCount } from '../shared/locale-format.js';
import { tokens } from '../shared/tokens.styles.js';

/** Detail of `cc-merge-undo`: Undo of the merge into `survivorId`. */
export interface MergeUndoDetail {
  survivorId: string;
}

declare global {
  interface GlobalEventHandlersEventMap {
    'cc-merge-undo': CustomEvent<MergeUndoDetail>;
  }
}

/**
 * In the work area of a survivor (issue #19 item 2): "Merged · Undo" after a
 * merge done in this session (until the session ends), and the progress of a
 * merge or Undo running (also one resumed after a reload).
 *
 * @summary "Merged · Undo", and a merge's progress (issue #19).
 * @tagname cc-merge-note
 *
 * @fires {CustomEvent<MergeUndoDetail>} cc-merge-undo - The agent chose Undo (`{ survivorId }`).
 *
 * @csspart note - The note.
 * @csspart undo-button - Its Undo button.
 *
 * @cssprop --cc-color-surface-alt - Background of the note.
 * @cssprop --cc-color-border - Its border.
 */
@localized()
export class MergeNote extends LitElement {
  static override styles = [
    tokens,
    css`
      :host { display: block; }
      p { display: flex; flex-wrap: wrap; gap: var(--_space); align-items: center; margin-block: var(--_space); margin-inline: 0; padding: var(--_space); background: var(--_bg-alt); border: 1px solid var(--_border); border-radius: var(--_radius); overflow-wrap: anywhere; }
      button { font: inherit; padding-block: 2px; padding-inline: var(--_space); border: 1px solid var(--_input-border); border-radius: var(--_radius); background: var(--_bg); color: var(--_fg); cursor: pointer; min-block-size: 24px; }
    `,
  ];

  private readonly agent = new AgentController(this);

  /** The merge done in this session into this customer (the session's `mergeDone`), or null. */
  @property({ attribute: false }) done: MergeDone | null = null;

  /** The merge or Undo running on this customer (the session's `mergeRunning`), or null. */
  @property({ attribute: false }) running: MergeRun | null = null;

  protected override render() {
    const locale = this.agent.value.locale;
    const running = this.running;
    if (running) {
      const done = formatCount(running.progress.done, locale);
      const total = formatCount(running.progress.total, locale);
      const text = running.undo ? msg(str`Undoing the merge: ${done} of ${total} moved back…`) : msg(str`Merging: ${done} of ${total} requests and activities moved…`);
      return html`<p part="note" role="status">${text}</p>`;
    }
    const merged = this.done;
    if (!merged) return nothing;
    const name = merged.duplicateName || msg('Unknown customer');
    return html`<p part="note" role="status">
      <span>${msg(str`Merged: ${name} is now part of this customer.`)}</span>
      <button part="undo-button" type="button" aria-label=${msg(str`Undo the merge of ${name}`)} @click=${() => emit(this, 'cc-merge-undo', { survivorId: merged.survivorId })}>${msg('Undo')}</button>
    </p>`;
  }
}
