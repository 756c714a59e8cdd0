import { LitElement, html, nothing } from 'lit';
import type { TemplateResult } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { ifDefined } from 'lit/directives/if-defined.js';
import { live } from 'lit/directives/live.js';
import { localized, msg, str } from '@lit/localize';
import { MAX_TAG, ValidationError, checkTag, tagKey } from '../../model/index.js';
import type { ValidationCode } from '../../model/index.js';
import { Announcer } from '../shared/controllers/announcer.js';
import { emit } from '../shared/emit.js';
import { fieldLabel } from '../shared/labels.js';
import { plural } from '../shared/plural.js';
import { tokens } from '../shared/tokens.styles.js';
import { LISTBOX_ID, TagCombobox, type TagSuggestionItem } from './combobox.js';
import { styles } from './tag-input.styles.js';

export type { TagSuggestionItem } from './combobox.js';

/** Detail of `cc-tags-change`: the new list, and the one tag added or removed. */
export interface TagsChangeDetail {
  /** The tags after the change (a copy: changing it changes nothing). */
  tags: string[];
  /** The tag the agent added (trimmed), when it was an addition. */
  added?: string;
  /** The tag the agent removed, when it was a removal. */
  removed?: string;
}

/** Why a typed tag was refused (the model's codes, R3.3). */
export type TagRefusedCode = Extract<ValidationCode, 'tag-too-long' | 'tag-duplicate' | 'tag-empty'>;

/** Detail of `cc-tag-suggest`: what is typed now, to suggest tags for (empty: none wanted). */
export interface TagSuggestDetail {
  prefix: string;
}

/** Detail of `cc-tag-refused`. */
export interface TagRefusedDetail {
  /** The text as the agent typed it (it stays in the input, except a duplicate's, cleared so the next word starts afresh). */
  tag: string;
  code: TagRefusedCode;
  /** The message shown to the agent, in the current locale. */
  message: string;
}

export type TagsChangeEvent = CustomEvent<TagsChangeDetail>;
export type TagRefusedEvent = CustomEvent<TagRefusedDetail>;
export type TagSuggestEvent = CustomEvent<TagSuggestDetail>;

const TAG_CODES: readonly ValidationCode[] = ['tag-too-long', 'tag-duplicate', 'tag-empty'];

function isTagCode(code: ValidationCode): code is TagRefusedCode {
  return TAG_CODES.includes(code);
}

interface Refusal {
  code: TagRefusedCode;
  message: string;
  /** The refused text was cleared from the input (a duplicate): the message stays until the next tag, the input is not invalid. */
  cleared: boolean;
}

/**
 * The tags of one activity (R3): the agent types a tag and presses **Enter**
 * or **Tab** to add it, and removes tags with the mouse (each tag's remove
 * button) or the keyboard (**Backspace** in the empty input removes the last
 * tag; **Delete** or **Backspace** on a focused tag removes it). Arrow keys,
 * **Home** and **End** move between tags (one tab stop for all of them).
 *
 * A tag holds at most 50 characters and tags are unique, compared trimmed and
 * case-insensitively: a refused tag stays in the input, marked invalid, with a
 * message saying why; a duplicate is cleared from the input (its message
 * stays), so the next word typed does not merge into it.
 *
 * Tags used before (issue #18): the input is an ARIA combobox. Typing fires
 * `cc-tag-suggest` with the text; whoever holds the data answers by setting
 * `suggestions` (most used first). They show in a listbox under the input;
 * **ArrowDown** / **ArrowUp** move through them, **Enter** or **Tab** takes
 * the one chosen, **Escape** closes the list, a click takes one. Tags already
 * on the activity are not suggested again. The element keeps `tags` up to date itself, like a
 * native input, and fires events only on the agent's actions, never when code
 * sets `tags`. Tag text is always rendered as text.
 *
 * @summary Add and remove the tags of an activity, with the mouse or the keyboard.
 * @tagname tag-input
 *
 * @fires {TagsChangeEvent} cc-tags-change - The agent added or removed a tag. `detail: { tags, added?, removed? }`. A removal is cancelable: `preventDefault()` keeps the tag.
 * @fires {TagRefusedEvent} cc-tag-refused - A typed tag was refused. `detail: { tag, code: 'tag-too-long' | 'tag-duplicate' | 'tag-empty', message }`.
 * @fires {TagSuggestEvent} cc-tag-suggest - The agent typed in the input: `detail: { prefix }` (the text now, maybe empty). Set `suggestions` for it.
 *
 * @csspart label - The visible label of the input.
 * @csspart field - The box that holds the tags and the input.
 * @csspart tags - The list of tags (absent when there are none).
 * @csspart tag - One tag (a list item).
 * @csspart tag-text - The text of one tag.
 * @csspart remove-button - The button that removes one tag (also the tag's keyboard focus target).
 * @csspart input - The text input a new tag is typed in.
 * @csspart error - The message that says why a tag was refused.
 * @csspart counter - The characters left for the tag being typed.
 * @csspart suggestions - The list of tags used before (`role=listbox`, hidden while closed).
 * @csspart suggestion - One suggested tag (`role=option`).
 * @csspart suggestion-active - The suggestion the arrow keys are on.
 *
 * @cssprop --cc-tag-background - Background of a tag (default: `--cc-color-surface-alt`).
 * @cssprop --cc-tag-suggestions-max-height - How tall the list of suggestions grows before it scrolls (default: `12em`).
 * @cssprop --cc-color-text - Text colour.
 * @cssprop --cc-color-muted - Colour of the character counter.
 * @cssprop --cc-color-surface - Background of the field.
 * @cssprop --cc-color-surface-alt - Background of tags and of the disabled field.
 * @cssprop --cc-color-border - Border of the field and of the tags.
 * @cssprop --cc-color-danger - Colour of the refusal message and of an invalid field.
 * @cssprop --cc-color-focus - Focus ring.
 * @cssprop --cc-space - Base spacing unit.
 * @cssprop --cc-radius - Corner radius of the field and of the tags.
 * @cssprop --cc-font - Font family.
 * @cssprop --cc-font-size - Font size.
 */
@localized()
export class TagInput extends LitElement {
  static override styles = [tokens, styles];

  /** What screen readers are told after an addition, a removal or a refusal. */
  private readonly announcer = new Announcer(this);

  @query('input') private input!: HTMLInputElement | null;

  /** The suggestions listbox (ARIA combobox pattern). */
  private readonly combobox = new TagCombobox(this);

  /** What is typed in the input. */
  @state() private text = '';
  /** Why the last typed tag was refused; cleared when the agent edits the input. */
  @state() private refusal: Refusal | null = null;
  /** The index of the tag that holds the single tab stop of the list (roving tabindex). */
  @state() private rovingIndex = 0;

  /** The tags, in order. Setting it from code fires no event. */
  @property({ attribute: false }) tags: string[] = [];

  /** The visible label of the input. Empty means the localized "Tags". */
  @property() label = '';

  /** Disables typing and removing tags. */
  @property({ type: Boolean, reflect: true }) disabled = false;

  /** A hint shown in the empty input. */
  @property() placeholder?: string;

  /**
   * Tags used before for what is typed (the answer to `cc-tag-suggest`), most
   * used first: `{ tag, count }`. Setting it fires no event.
   */
  @property({ attribute: false }) suggestions: readonly TagSuggestionItem[] = [];

  private onInput(event: InputEvent): void {
    this.text = (event.target as HTMLInputElement).value;
    // A cleared duplicate's message stays while the next word is typed; the input itself is fine.
    if (this.refusal && !this.refusal.cleared) {
      this.refusal = null;
      this.announcer.clear();
    }
    this.combobox.typed(this.text);
    emit(this, 'cc-tag-suggest', { prefix: this.text.trim() });
  }

  private onInputKeydown(event: KeyboardEvent): void {
    if (this.disabled || event.isComposing) return;
    const input = event.target as HTMLInputElement;
    const modified = event.altKey || event.ctrlKey || event.metaKey;
    if (!modified && !event.shiftKey && this.combobox.key(event)) {
      event.preventDefault();
      // Escape closes the list only: a dialog around the field stays open.
      if (event.key === 'Escape') event.stopPropagation();
      return;
    }
    const chosen = this.combobox.chosen;
    switch (event.key) {
      case 'Enter':
        if (modified || event.shiftKey) return;
        event.preventDefault();
        this.commit(chosen ? chosen.tag : input.value);
        return;
      case 'Tab':
        // Nothing typed, or a refusal already explained: let focus move on (no keyboard trap).
        if (modified || event.shiftKey || input.value.trim() === '' || (this.refusal && !this.refusal.cleared)) return;
        event.preventDefault();
        this.commit(chosen ? chosen.tag : input.value);
        return;
      case 'Backspace':
        if (modified || input.value !== '' || this.tags.length === 0) return;
        event.preventDefault();
        void this.removeAt(this.tags.length - 1, 'input');
        return;
      case 'ArrowLeft':
      case 'ArrowRight':
        if (modified || event.shiftKey || event.key !== this.backKey()) return;
        if (input.selectionStart !== 0 || input.selectionEnd !== 0 || this.tags.length === 0) return;
        event.preventDefault();
        this.focusTag(this.tags.length - 1);
        return;
      default:
        return;
    }
  }

  private onTagKeydown(event: KeyboardEvent): void {
    if (this.disabled || event.altKey || event.ctrlKey || event.metaKey) return;
    const index = Number((event.currentTarget as HTMLElement).dataset['index']);
    const last = this.tags.length - 1;
    switch (event.key) {
      case 'Delete':
      case 'Backspace':
        event.preventDefault();
        void this.removeAt(index, 'next');
        return;
      case 'Home':
        event.preventDefault();
        this.focusTag(0);
        return;
      case 'End':
        event.preventDefault();
        this.focusTag(last);
        return;
      case 'ArrowLeft':
      case 'ArrowRight':
        event.preventDefault();
        if (event.key === this.backKey()) this.focusTag(Math.max(0, index - 1));
        else if (index >= last) this.input?.focus();
        else this.focusTag(index + 1);
        return;
      default:
        return;
    }
  }

  private onTagFocus(event: FocusEvent): void {
    this.rovingIndex = Number((event.currentTarget as HTMLElement).dataset['index']);
  }

  private onRemoveClick(event: MouseEvent): void {
    if (this.disabled) return;
    void this.removeAt(Number((event.currentTarget as HTMLElement).dataset['index']), 'next');
  }

  /** A click on the empty part of the field puts the caret in the input, as on a native field. */
  private onFieldClick(event: MouseEvent): void {
    if (this.disabled) return;
    const target = event.target as Element;
    if (!target.closest('button, input')) this.input?.focus();
  }

  /** A suggestion clicked: it becomes a tag, the caret stays in the input. */
  private choose(tag: string): void {
    if (this.disabled) return;
    this.commit(tag);
    this.input?.focus();
  }

  /** Turns `text` into a tag, or explains why not. */
  private commit(text: string): void {
    let tag: string;
    try {
      tag = checkTag(text, this.tags);
    } catch (error) {
      if (!(error instanceof ValidationError) || !isTagCode(error.code)) throw error;
      this.refuse(text, error.code);
      return;
    }
    this.tags = [...this.tags, tag];
    this.text = '';
    this.refusal = null;
    this.combobox.reset();
    this.announcer.announce(msg(str`Tag ${tag} added.`));
    emit(this, 'cc-tags-change', { tags: [...this.tags], added: tag });
  }

  private refuse(text: string, code: TagRefusedCode): void {
    const message = this.refusalMessage(text, code);
    // A duplicate is cleared (the tag is there already), so the next word does not merge into it.
    const cleared = code === 'tag-duplicate';
    this.text = cleared ? '' : text;
    this.refusal = { code, message, cleared };
    if (cleared) this.combobox.reset();
    this.announcer.announce(message);
    emit(this, 'cc-tag-refused', { tag: text, code, message });
  }

  private refusalMessage(text: string, code: TagRefusedCode): string {
    const trimmed = text.trim();
    switch (code) {
      case 'tag-too-long':
        return msg(str`A tag holds at most ${MAX_TAG} characters; this one has ${trimmed.length}.`);
      case 'tag-duplicate': {
        const existing = this.tags.find((t) => tagKey(t) === tagKey(trimmed)) ?? trimmed;
        return msg(str`"${existing}" is already a tag.`);
      }
      case 'tag-empty':
        return msg('Type a tag first.');
    }
  }

  /** Removes the tag at `index` unless a listener cancels, then moves focus. */
  private async removeAt(index: number, focusAfter: 'input' | 'next'): Promise<void> {
    const removed = this.tags[index];
    if (removed === undefined) return;
    const tags = this.tags.filter((_, i) => i !== index);
    if (!emit(this, 'cc-tags-change', { tags: [...tags], removed }, { cancelable: true })) return;
    this.tags = tags;
    this.announcer.announce(msg(str`Tag ${removed} removed.`));
    const next = focusAfter === 'next' && index < tags.length ? index : -1;
    this.rovingIndex = next >= 0 ? next : Math.max(0, tags.length - 1);
    await this.updateComplete;
    if (next >= 0) this.tagButton(next)?.focus();
    else this.input?.focus();
  }

  private focusTag(index: number): void {
    const button = this.tagButton(index);
    if (!button) return;
    this.rovingIndex = index;
    button.focus();
  }

  private tagButton(index: number): HTMLButtonElement | null {
    return this.renderRoot.querySelector<HTMLButtonElement>(`button[data-index="${index}"]`);
  }

  /** The arrow key that goes back towards the first tag: ArrowLeft, or ArrowRight in right-to-left text. */
  private backKey(): 'ArrowLeft' | 'ArrowRight' {
    return getComputedStyle(this).direction === 'rtl' ? 'ArrowRight' : 'ArrowLeft';
  }

  /** Puts the caret in the input. */
  override focus(options?: FocusOptions): void {
    if (this.input) this.input.focus(options);
    else super.focus(options);
  }

  private renderCounter(): TemplateResult {
    const left = MAX_TAG - this.text.trim().length;
    const over = -left;
    const counter =
      left < 0
        ? plural(over, { one: () => msg(str`${over} character too many`), other: () => msg(str`${over} characters too many`) })
        : plural(left, { one: () => msg(str`${left} character left`), other: () => msg(str`${left} characters left`) });
    // Shown while the agent is in the field, or without focus once a tenth of the limit or less is left (issue #18 item 5).
    const near = left <= Math.floor(MAX_TAG / 10);
    return html`<span id="counter" part="counter" class=${left < 0 ? 'counter over' : near ? 'counter near' : 'counter'}>${counter}</span>`;
  }

  override render(): TemplateResult {
    const tags = this.tags ?? [];
    const rover = Math.min(this.rovingIndex, tags.length - 1);
    const refusal = this.refusal;
    const invalid = refusal !== null && !refusal.cleared;
    const combo = this.combobox.inputAttributes();
    return html`
      <label id="label" for="input" part="label">${this.label || fieldLabel('tags')}</label>
      <div class="field" part="field" @click=${this.onFieldClick}>
        ${tags.length === 0
          ? nothing
          : html`<ul role="list" part="tags" aria-labelledby="label">
              ${tags.map(
                (tag, i) => html`<li role="listitem" part="tag">
                  <span class="tag-text" part="tag-text">${tag}</span>
                  <button
                    type="button"
                    part="remove-button"
                    data-index=${i}
                    tabindex=${i === rover ? 0 : -1}
                    aria-label=${msg(str`Remove tag ${tag}`)}
                    ?disabled=${this.disabled}
                    @click=${this.onRemoveClick}
                    @keydown=${this.onTagKeydown}
                    @focus=${this.onTagFocus}
                  ><span aria-hidden="true">×</span></button>
                </li>`,
              )}
            </ul>`}
        <input
          id="input"
          part="input"
          type="text"
          autocomplete="off"
          spellcheck="true"
          role="combobox"
          aria-autocomplete="list"
          aria-controls=${LISTBOX_ID}
          aria-expanded=${combo.expanded}
          aria-activedescendant=${ifDefined(combo.activedescendant)}
          .value=${live(this.text)}
          placeholder=${ifDefined(this.placeholder)}
          aria-invalid=${invalid ? 'true' : nothing}
          aria-describedby=${refusal ? 'error counter' : 'counter'}
          ?disabled=${this.disabled}
          @input=${this.onInput}
          @keydown=${this.onInputKeydown}
          @focus=${() => this.combobox.focus(true)}
          @blur=${() => this.combobox.focus(false)}
        />
      </div>
      <div class="popup">${this.combobox.render((tag) => this.choose(tag))}</div>
      <div class="below">
        ${refusal ? html`<p id="error" part="error" class="error">${refusal.message}</p>` : nothing}
        ${this.renderCounter()}
      </div>
      ${this.announcer.render()}
    `;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'cc-tags-change': CustomEvent<TagsChangeDetail>;
    'cc-tag-refused': CustomEvent<TagRefusedDetail>;
    'cc-tag-suggest': CustomEvent<TagSuggestDetail>;
  }
}
