import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { property, query } from 'lit/decorators.js';
import { localized, msg } from '@lit/localize';
import { deepActive, focusLost } from '../shared/focus.js';
import { tokens } from '../shared/tokens.styles.js';
import { CARE_ACTIONS, SHORTCUT_ACTIONS, keyCaps, platformOf, resolveKeymap, type KeyNames, type KeyPlatform, type Keymap, type ShortcutAction } from '../shared/keymap.js';
import { styles } from './shortcut-help.styles.js';

/** What each shortcut does, in the agent's words. */
export function actionLabel(action: ShortcutAction): string {
  switch (action) {
    case 'save':
      return msg('Save');
    case 'close':
      return msg('Close the customer', { desc: 'Keyboard shortcuts list: the Close button of the customer being worked on' });
    case 'closeRequest':
      return msg('Close the request', { desc: 'Keyboard shortcuts list: mark the request closed' });
    case 'search':
      return msg('Find a customer (Search)', { desc: 'Keyboard shortcuts list: go to the Search tab and its field' });
    case 'next':
      return msg('Next customer in Open');
    case 'previous':
      return msg('Previous customer in Open');
    case 'customerForm':
      return msg('Open the customer form');
    case 'note':
      return msg('Add a note');
    case 'move':
      return msg('Move the selected activity', { desc: 'Keyboard shortcuts list: open "Move to…" for the activity selected in the journey' });
    case 'accept':
      return msg('Accept the task shown');
    case 'ready':
      return msg('Set Ready');
    case 'notReady':
      return msg('Set Not Ready');
    case 'help':
      return msg('Show the keyboard shortcuts');
  }
}

/** The key names of the agent's platform and language (German keyboards print Strg for Ctrl). */
function keyNames(platform: KeyPlatform): KeyNames {
  const mac = platform === 'mac';
  return {
    ctrl: mac ? msg('Control', { desc: 'The Control key of a Mac keyboard (⌃)' }) : msg('Ctrl', { desc: 'The Ctrl key as printed on keyboards of this language (German: Strg)' }),
    alt: mac ? msg('Option', { desc: 'The Option key of a Mac keyboard (⌥)' }) : msg('Alt', { desc: 'The Alt key as printed on keyboards of this language' }),
    shift: msg('Shift', { desc: 'The Shift key as printed on keyboards of this language (German: Umschalt)' }),
    meta: mac ? msg('Command', { desc: 'The Command key of a Mac keyboard (⌘)' }) : msg('Windows key', { desc: 'The Windows (Meta) key of a PC keyboard' }),
    named: {
      Enter: mac ? msg('Return', { desc: 'The Return key of a Mac keyboard' }) : msg('Enter', { desc: 'The Enter key as printed on keyboards of this language' }),
      Escape: msg('Esc', { desc: 'The Escape key as printed on keyboards' }),
      Space: msg('Space', { desc: 'The space bar' }),
      ArrowUp: msg('Up arrow'),
      ArrowDown: msg('Down arrow'),
      ArrowLeft: msg('Left arrow'),
      ArrowRight: msg('Right arrow'),
    },
  };
}

/**
 * The keyboard shortcuts of the gadget, listed for the agent: a **Keyboard
 * shortcuts** button and the modal dialog it opens (also by `show()`, which
 * `<customer-context>` calls on `?`). Each action is listed with its keys as
 * the agent's platform shows them (⌘ ⌥ ⇧ on a Mac, Ctrl Alt Shift
 * elsewhere, each key cap read by name to a screen reader), with the host's
 * remaps; shortcuts turned off are not listed. Escape or **Close** closes it
 * and focus goes back to where it was.
 *
 * @summary The keyboard shortcuts list: a button and its dialog (issue #18).
 * @tagname cc-shortcut-help
 *
 * @csspart button - The "Keyboard shortcuts" button.
 * @csspart dialog - The dialog listing the shortcuts.
 *
 * @cssprop --cc-color-surface - Background of the dialog.
 * @cssprop --cc-color-surface-alt - Background of the key caps.
 * @cssprop --cc-color-border - Borders of the dialog, the rows and the key caps.
 * @cssprop --cc-color-muted - The column headings and the notes.
 */
@localized()
export class ShortcutHelp extends LitElement {
  static override styles = [tokens, styles];

  /** The shortcuts to list (`resolveKeymap()`); `undefined`: the defaults. An empty keymap hides the element. */
  @property({ attribute: false }) keymap: Keymap | undefined;

  /** How keys are shown: `mac` (⌘ ⌥ ⇧) or `other` (Ctrl Alt Shift). The browser's platform by default. */
  @property() platform: KeyPlatform = platformOf(globalThis.navigator);

  /** Lists the Customer Care shortcuts too (Accept, Ready, Not Ready). */
  @property({ type: Boolean }) care = false;

  @query('dialog') private dialogEl!: HTMLDialogElement | null;

  /** What had focus when the dialog opened: it gets it back. */
  private opener: HTMLElement | null = null;

  /** Whether the dialog is open. */
  get open(): boolean {
    return this.dialogEl?.open ?? false;
  }

  /** Opens the list, focus on its Close button; Escape or Close closes it and gives focus back. */
  async show(): Promise<void> {
    await this.updateComplete;
    if (!this.dialogEl || this.dialogEl.open) return;
    const active = deepActive();
    this.opener = active instanceof HTMLElement && active !== document.body ? active : null;
    this.dialogEl.showModal();
    this.renderRoot.querySelector<HTMLButtonElement>('.actions button')?.focus();
  }

  /** Closes the list (as Escape does). */
  close(): void {
    this.dialogEl?.close();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('keymap')) this.hidden = this.keymap?.size === 0;
  }

  /** Focus back to what had it, unless it went somewhere else meanwhile (only from the closed dialog or the page's body). */
  private onClosed(): void {
    const opener = this.opener;
    this.opener = null;
    if (opener?.isConnected && focusLost(this)) opener.focus();
  }

  /** Keeps Tab inside the dialog (its one button). */
  private onKeydown(event: KeyboardEvent): void {
    if (event.key !== 'Tab') return;
    event.preventDefault();
    this.renderRoot.querySelector<HTMLButtonElement>('.actions button')?.focus();
  }

  private rows() {
    const keymap = this.keymap ?? resolveKeymap(undefined, this.platform).keymap;
    const names = keyNames(this.platform);
    return SHORTCUT_ACTIONS.filter((action) => keymap.has(action) && (this.care || !CARE_ACTIONS.has(action))).map((action) => {
      const caps = keyCaps(keymap.get(action)!, this.platform, names);
      return html`<tr data-action=${action}>
        <th scope="row">${actionLabel(action)}</th>
        <td class="keys">${caps.map((cap) =>
          cap.shown === cap.spoken
            ? html`<kbd>${cap.shown}</kbd>`
            : html`<kbd><span aria-hidden="true">${cap.shown}</span><span class="visually-hidden">${cap.spoken}</span></kbd>`,
        )}</td>
      </tr>`;
    });
  }

  protected override render() {
    return html`
      <button part="button" class="open" aria-haspopup="dialog" @click=${() => void this.show()}>${msg('Keyboard shortcuts')}</button>
      <dialog part="dialog" aria-labelledby="shortcuts-title" @close=${this.onClosed} @keydown=${this.onKeydown}>
        <h2 id="shortcuts-title">${msg('Keyboard shortcuts')}</h2>
        <table>
          <thead><tr><th scope="col">${msg('Action')}</th><th scope="col">${msg('Keys')}</th></tr></thead>
          <tbody>${this.rows()}</tbody>
        </table>
        <p class="note">${msg('Shortcuts act while focus is in the gadget. In a text field only those with a modifier key act; plain letters are always text.')}</p>
        ${this.platform === 'mac'
          ? html`<p class="note">${msg('On a Mac, the ⌥⇧ shortcuts do not act in a text field (there they type characters): press Tab to leave the field first.')}</p>`
          : nothing}
        <div class="actions"><button class="primary" @click=${() => this.close()}>${msg('Close')}</button></div>
      </dialog>
    `;
  }
}
