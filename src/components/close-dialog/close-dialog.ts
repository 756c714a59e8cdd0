import { LitElement, html, nothing } from 'lit';
import { property, query } from 'lit/decorators.js';
import { localized, msg } from '@lit/localize';
import type { CloseChoice, CloseQuestion } from '../../session/session.js';
import { emit } from '../shared/emit.js';
import { tokens } from '../shared/tokens.styles.js';
import { styles } from './close-dialog.styles.js';

/** What Close asks (R6.2, R6.3). */
export type CloseDialogQuestion = Exclude<CloseQuestion, 'none'>;

/** Detail of `cc-close-choice`: the agent's answer; `null` is Cancel (or Escape). */
export interface CloseChoiceDetail {
  choice: CloseChoice | null;
}

export type CloseChoiceEvent = CustomEvent<CloseChoiceDetail>;

declare global {
  interface GlobalEventHandlersEventMap {
    'cc-close-choice': CloseChoiceEvent;
  }
}

/**
 * The question Close asks before the work on a customer ends, in a modal
 * dialog of the gadget (never `window.confirm`): **Save** / **Discard** when
 * something is unsaved (R6.2), **Create** / **Discard** when no customer
 * exists yet (R6.3), and **Cancel**. Focus starts on the first answer and Tab
 * stays inside the dialog; Escape cancels.
 *
 * @summary The close dialog: Save or Create, Discard, Cancel (R6.2, R6.3).
 * @tagname cc-close-dialog
 *
 * @fires {CloseChoiceEvent} cc-close-choice - The agent answered (`{ choice: 'save' | 'create' | 'discard' | null }`, null for Cancel); the dialog has closed.
 *
 * @csspart dialog - The dialog.
 *
 * @cssprop --cc-color-surface - Background of the dialog.
 * @cssprop --cc-color-border - Its border.
 */
@localized()
export class CloseDialog extends LitElement {
  static override styles = [tokens, styles];

  @query('dialog') private dialogEl!: HTMLDialogElement | null;

  /** What the dialog asks; `null` while nothing is asked. */
  @property({ attribute: false }) question: CloseDialogQuestion | null = null;

  /** Opens the dialog on the current `question`, focus on its first answer. */
  async show(): Promise<void> {
    await this.updateComplete;
    this.dialogEl?.showModal();
    this.dialogEl?.querySelector<HTMLButtonElement>('button.primary')?.focus();
  }

  /** Asks `question` (`show()`), and resolves with the agent's answer (`null`: Cancel), once the dialog has closed. */
  async ask(question: CloseDialogQuestion): Promise<CloseChoice | null> {
    this.question = question;
    const answered = new Promise<CloseChoice | null>((resolve) => this.addEventListener('cc-close-choice', (e) => resolve(e.detail.choice), { once: true }));
    await this.show();
    return answered;
  }

  private answer(choice: CloseChoice | null): void {
    this.dialogEl?.close();
    this.question = null;
    emit(this, 'cc-close-choice', { choice });
  }

  /** Keeps Tab inside the dialog: from the last button to the first and back (a modal dialog alone lets focus leave the page). */
  private onKeydown(event: KeyboardEvent): void {
    if (event.key !== 'Tab' || !this.dialogEl) return;
    const buttons = [...this.dialogEl.querySelectorAll<HTMLButtonElement>('button:not([disabled])')];
    const active = this.shadowRoot?.activeElement;
    if (event.shiftKey && active === buttons[0]) {
      event.preventDefault();
      buttons.at(-1)?.focus();
    } else if (!event.shiftKey && active === buttons.at(-1)) {
      event.preventDefault();
      buttons[0]?.focus();
    }
  }

  private onCancel(event: Event): void {
    event.preventDefault();
    this.answer(null);
  }

  protected override render() {
    const create = this.question === 'create-customer';
    return html`<dialog part="dialog" aria-labelledby="dialog-title" aria-describedby="dialog-text" @cancel=${this.onCancel} @keydown=${this.onKeydown}>
      ${this.question
        ? html`
            <h2 id="dialog-title">${create ? msg('Create a customer?') : msg('Save your changes?')}</h2>
            <p id="dialog-text">
              ${create
                ? msg('No customer was created for this interaction. Create one, or discard and leave without creating it.')
                : msg('You have unsaved changes. Save them, or discard them and close.')}
            </p>
            <div class="actions">
              <button class="primary" @click=${() => this.answer(create ? 'create' : 'save')}>${create ? msg('Create') : msg('Save')}</button>
              <button @click=${() => this.answer('discard')}>${msg('Discard')}</button>
              <button @click=${() => this.answer(null)}>${msg('Cancel')}</button>
            </div>
          `
        : nothing}
    </dialog>`;
  }
}
