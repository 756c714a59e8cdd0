import { html, nothing } from 'lit';
import type { ReactiveController, ReactiveControllerHost, TemplateResult } from 'lit';
import { msg, str } from '@lit/localize';
import { tagKey } from '../../model/index.js';
import { plural } from '../shared/plural.js';

/** One suggestion: a tag already used, and on how many activities. */
export interface TagSuggestionItem {
  tag: string;
  count: number;
}

/** What the combobox needs of its element. */
export interface ComboboxHost extends ReactiveControllerHost {
  /** The suggestions last given. */
  readonly suggestions: readonly TagSuggestionItem[];
  /** The tags already on the activity (never suggested again). */
  readonly tags: readonly string[];
}

/** The id of the listbox, and of each option (`aria-controls`, `aria-activedescendant`). */
export const LISTBOX_ID = 'suggestions';
const optionId = (index: number) => `suggestion-${index}`;

/**
 * The ARIA combobox pattern (list autocomplete) of `<tag-input>`: a listbox of
 * the suggestions the element was given, open while the input has focus and
 * text and there is something to suggest; ArrowDown / ArrowUp move the active
 * option (`aria-activedescendant`, focus stays in the input), Enter (and Tab)
 * take it, Escape closes the list. Typing opens it again. The element keeps
 * R3's keys: without an active option, Enter and Tab turn what was typed into
 * a tag.
 */
export class TagCombobox implements ReactiveController {
  private readonly host: ComboboxHost;
  /** The active option, -1 for none. */
  active = -1;
  /** Escape closed the list; typing opens it again. */
  private dismissed = false;
  /** The input has focus (the list shows only then). */
  private focused = false;
  /** The input's text (a suggestion matching it exactly is left out). */
  private text = '';

  constructor(host: ComboboxHost) {
    this.host = host;
    host.addController(this);
  }

  hostUpdate(): void {
    if (this.active >= this.options().length) this.active = -1;
  }

  /**
   * The suggestions worth showing: none already a tag, and only those that
   * start like what is typed now (an answer for fewer letters, still on its
   * way for more, shows only what still fits).
   */
  options(): TagSuggestionItem[] {
    const taken = new Set(this.host.tags.map(tagKey));
    const typed = folded(this.text);
    return (this.host.suggestions ?? []).filter((s) => !taken.has(tagKey(s.tag)) && folded(s.tag).startsWith(typed));
  }

  get open(): boolean {
    return this.focused && !this.dismissed && this.text.trim() !== '' && this.options().length > 0;
  }

  /** The option to take on Enter or Tab, if the agent moved to one. */
  get chosen(): TagSuggestionItem | undefined {
    return this.open ? this.options()[this.active] : undefined;
  }

  /** The agent typed: the list opens again, no option active. */
  typed(text: string): void {
    this.text = text;
    this.dismissed = false;
    this.active = -1;
    this.host.requestUpdate();
  }

  focus(focused: boolean): void {
    this.focused = focused;
    if (!focused) this.active = -1;
    this.host.requestUpdate();
  }

  /** After a tag was added (typed or chosen): the list closes until the agent types again. */
  reset(): void {
    this.text = '';
    this.active = -1;
    this.dismissed = false;
    this.host.requestUpdate();
  }

  /** ArrowDown, ArrowUp, Escape: true when the key was the list's (the caller prevents its default). */
  key(event: KeyboardEvent): boolean {
    const count = this.options().length;
    switch (event.key) {
      case 'ArrowDown':
      case 'ArrowUp': {
        if (!count || this.text.trim() === '') return false;
        const down = event.key === 'ArrowDown';
        if (!this.open) {
          this.dismissed = false;
          this.active = down ? 0 : count - 1;
        } else if (this.active < 0) this.active = down ? 0 : count - 1;
        else this.active = (this.active + (down ? 1 : count - 1)) % count;
        this.host.requestUpdate();
        return true;
      }
      case 'Escape':
        if (!this.open) return false;
        this.dismissed = true;
        this.active = -1;
        this.host.requestUpdate();
        return true;
      default:
        return false;
    }
  }

  /** The input's combobox attributes. */
  inputAttributes(): { expanded: 'true' | 'false'; activedescendant: string | undefined } {
    const open = this.open;
    return { expanded: open ? 'true' : 'false', activedescendant: open && this.active >= 0 ? optionId(this.active) : undefined };
  }

  /** The listbox (always in the page, so `aria-controls` names an element; hidden while closed). */
  render(choose: (tag: string) => void): TemplateResult {
    const options = this.open ? this.options() : [];
    return html`<ul id=${LISTBOX_ID} part="suggestions" role="listbox" aria-label=${msg('Tags used before')} ?hidden=${options.length === 0}>
      ${options.length
        ? options.map(
            (option, i) => html`<li
              id=${optionId(i)}
              part=${i === this.active ? 'suggestion suggestion-active' : 'suggestion'}
              role="option"
              aria-selected=${i === this.active ? 'true' : 'false'}
              @mousedown=${(event: MouseEvent) => event.preventDefault()}
              @click=${() => choose(option.tag)}
            >
              <span class="suggestion-text">${option.tag}</span>
              <span class="uses">${uses(option.count)}</span>
            </li>`,
          )
        : nothing}
    </ul>`;
  }
}

/** Accents and case ignored, as the stores compare tags (`fold` of the store, which an element does not import). */
function folded(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().trim();
}

function uses(count: number): string {
  return plural(count, { one: () => msg('used once'), other: () => msg(str`used ${count} times`) });
}
