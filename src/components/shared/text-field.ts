import { css, html, noChange, nothing, type TemplateResult } from 'lit';
import { Directive, PartType, directive, type ElementPart, type PartInfo } from 'lit/directive.js';
import { ifDefined } from 'lit/directives/if-defined.js';
import { live } from 'lit/directives/live.js';
import { msg, str } from '@lit/localize';
import { MAX_TEXT, charsLeft } from '../../model/limits.js';
import { plural } from './plural.js';
import { formatCount } from './locale-format.js';

/** "N characters left" (R2.3), N in the agent's locale, worded for N in the language shown ("1 character left"). */
export function charsLeftText(value: string, locale: string, limit: number = MAX_TEXT): string {
  const count = charsLeft(value, limit);
  const left = formatCount(count, locale);
  return plural(count, {
    one: () => msg(str`${left} character left`),
    other: () => msg(str`${left} characters left`),
  });
}

/** What the agent is told when typed, pasted or dropped text did not all fit (R2.3): how many characters were cut. */
export function cutText(cut: number, locale: string, limit: number = MAX_TEXT): string {
  const count = formatCount(cut, locale);
  const max = formatCount(limit, locale);
  return plural(cut, {
    one: () => msg(str`${count} character did not fit and was cut (at most ${max}).`),
    other: () => msg(str`${count} characters did not fit and were cut (at most ${max}).`),
  });
}

/** The ways text is put into a field that `maxlength` cuts silently. */
const INSERTS = new Set(['insertText', 'insertFromPaste', 'insertFromDrop', 'insertReplacementText', 'insertFromYank', 'insertFromPasteAsQuotation']);

/**
 * On the `<input>` / `<textarea>` of a `textField()`: `maxlength` cuts a paste
 * (or a drop) that does not fit without a word, so this says how many
 * characters were cut, in the field's `.cut` live region (inside its counter,
 * so it is announced and described-by). The notice stays until the field's
 * value changes again. A value over the limit that reaches the field another
 * way (set by a script, then an `input` event) is cut to the limit here too,
 * and said.
 */
class CutNotice extends Directive {
  private field: HTMLInputElement | HTMLTextAreaElement | undefined;
  private limit = MAX_TEXT;
  private locale = 'en';
  /** Characters cut by the last edit (0: nothing to say). */
  private cut = 0;
  /** The field's value right after that edit: the notice goes when the value differs. */
  private after: string | null = null;
  /** The insertion under way: the text's length and the length of what it goes into. */
  private pending: { length: number; base: number } | null = null;
  /** Alternates, so the same notice twice in a row is still read. */
  private flip = false;
  /** What the live region says now. */
  private shown = '';

  constructor(info: PartInfo) {
    super(info);
    if (info.type !== PartType.ELEMENT) throw new Error('cutNotice() goes on an <input> or a <textarea>');
  }

  render(_value: string, _limit: number, _locale: string): typeof noChange {
    return noChange;
  }

  override update(part: ElementPart, [value, limit, locale]: [string, number, string]): typeof noChange {
    this.limit = limit;
    this.locale = locale;
    if (!this.field) {
      this.field = part.element as HTMLInputElement | HTMLTextAreaElement;
      this.field.addEventListener('beforeinput', this);
      // Capture: before the caller's own `input` listener, which then sees the value already cut to the limit.
      this.field.addEventListener('input', this, { capture: true });
    }
    if (this.cut && value !== this.after) this.cut = 0;
    this.show(false);
    return noChange;
  }

  handleEvent(event: Event): void {
    const field = this.field!;
    if (event.type === 'beforeinput') {
      const { inputType, data, dataTransfer } = event as InputEvent;
      this.pending = null;
      if (!INSERTS.has(inputType)) return;
      // Line breaks arrive as CR LF and go in as one character (a space in an <input>).
      const text = (data ?? dataTransfer?.getData('text/plain') ?? '').replace(/\r\n?/g, '\n');
      // A key typed into a full field: the counter already says 0 left.
      if (inputType === 'insertText' && text.length <= 1) return;
      const base = field.value.length - Math.abs((field.selectionEnd ?? 0) - (field.selectionStart ?? 0));
      // Nothing fits at all: no `input` event follows, so say it now.
      if (base >= this.limit && text.length > 0) this.report(text.length);
      else this.pending = { length: text.length, base };
      return;
    }
    let cut = 0;
    if (this.pending) cut = Math.max(0, this.pending.length - (field.value.length - this.pending.base));
    this.pending = null;
    // Not after a deletion: a value set over the limit by code stays for the agent to shorten (it is marked invalid).
    const inputType = (event as InputEvent).inputType ?? '';
    if (field.value.length > this.limit && (!inputType || INSERTS.has(inputType))) {
      cut += field.value.length - this.limit;
      field.value = field.value.slice(0, this.limit);
    }
    if (cut > 0) this.report(cut);
    else if (this.cut && field.value !== this.after) {
      this.cut = 0;
      this.show(false);
    }
  }

  private report(cut: number): void {
    this.cut = cut;
    this.after = this.field!.value;
    this.show(true);
  }

  private show(again: boolean): void {
    if (again) this.flip = !this.flip;
    const text = this.cut ? `${cutText(this.cut, this.locale, this.limit)}${this.flip ? '\u00a0' : ''}` : '';
    if (text === this.shown) return;
    const notice = this.field?.parentElement?.querySelector<HTMLElement>('.cut');
    if (!notice) return;
    notice.textContent = text;
    this.shown = text;
  }
}

const cutNotice = directive(CutNotice);

/** The refusal message for a text over the limit, naming the limit. */
export function tooLongText(locale: string, limit: number = MAX_TEXT): string {
  const max = formatCount(limit, locale);
  return msg(str`At most ${max} characters`);
}

export interface TextFieldOptions {
  /** Id of the input; the label, counter and error ids derive from it. Unique in its shadow root. */
  id: string;
  /** Visible label. */
  label: string;
  /** Current value (set with `live()`, so the caret stays put while typing). */
  value: string;
  /** Agent locale for the counter number. */
  locale: string;
  /** `<textarea>` instead of `<input>`. */
  multiline?: boolean;
  /** Lines of a `<textarea>` (4 unless told; it grows with `resize`). */
  rows?: number;
  /** A visible hint under the label (e.g. "separate with commas"), also described-by. */
  hint?: string;
  /** Refusal message: sets `aria-invalid` and is linked by `aria-describedby`. */
  error?: string | undefined;
  disabled?: boolean;
  readonly?: boolean;
  required?: boolean;
  /** Value for the `part` attribute of the input. */
  part?: string;
  /** Keeps the counter out (for compact rows); the limit still holds. */
  noCounter?: boolean;
  /** The value differs from what is saved: an "Unsaved" marker beside the label, in words, also described-by. */
  unsaved?: boolean;
  limit?: number;
  onInput: (event: Event) => void;
}

/** The counter shows without focus once at most this share of the limit is left. */
const NEAR_LIMIT = 0.1;

/**
 * A label, a text input (or textarea) limited to `MAX_TEXT` characters, a
 * "N characters left" counter and an optional refusal message, all linked by
 * `aria-describedby`; text pasted over the limit is cut, and the counter then
 * says how many characters were cut (a polite live region). The counter is
 * shown while the field has focus or is within 10% of its limit (always its
 * description); `unsaved` marks a value not saved yet. A plain template
 * function, not an element: the input stays in the caller's shadow root (and
 * in its `<form>`).
 */
export function textField(o: TextFieldOptions): TemplateResult {
  const limit = o.limit ?? MAX_TEXT;
  const counterId = `${o.id}-counter`;
  const errorId = `${o.id}-error`;
  const hintId = `${o.id}-hint`;
  const unsavedId = `${o.id}-unsaved`;
  const describedBy = [o.unsaved ? unsavedId : '', o.hint ? hintId : '', o.noCounter ? '' : counterId, o.error ? errorId : '']
    .filter(Boolean)
    .join(' ');
  const invalid = o.error ? 'true' : undefined;
  const control = o.multiline
    ? html`<textarea
        id=${o.id}
        part=${ifDefined(o.part)}
        rows=${o.rows ?? 4}
        maxlength=${limit}
        autocomplete="off"
        aria-describedby=${ifDefined(describedBy || undefined)}
        aria-invalid=${ifDefined(invalid)}
        ?disabled=${o.disabled ?? false}
        ?readonly=${o.readonly ?? false}
        ?required=${o.required ?? false}
        .value=${live(o.value)}
        @input=${o.onInput}
        ${cutNotice(o.value, limit, o.locale)}
      ></textarea>`
    : html`<input
        id=${o.id}
        part=${ifDefined(o.part)}
        type="text"
        maxlength=${limit}
        autocomplete="off"
        aria-describedby=${ifDefined(describedBy || undefined)}
        aria-invalid=${ifDefined(invalid)}
        ?disabled=${o.disabled ?? false}
        ?readonly=${o.readonly ?? false}
        ?required=${o.required ?? false}
        .value=${live(o.value)}
        @input=${o.onInput}
        ${cutNotice(o.value, limit, o.locale)}
      />`;
  // The counter shows while the field has focus, and near the limit (`near`): the agent sees what is left while typing (R2.3).
  const near = charsLeft(o.value, limit) <= limit * NEAR_LIMIT;
  return html`<div class="text-field">
    <span class="label-row">
      <label for=${o.id}>${o.label}</label>
      ${o.unsaved ? html`<span id=${unsavedId} class="unsaved-mark" part="unsaved-mark">${msg('Unsaved')}</span>` : nothing}
      ${o.noCounter
        ? nothing
        : html`<span id=${counterId} class=${near ? 'counter muted near' : 'counter muted'}>${charsLeftText(o.value, o.locale, limit)} <span class="cut" role="status"></span></span>`}
    </span>
    ${o.hint ? html`<span id=${hintId} class="hint muted">${o.hint}</span>` : nothing}
    ${control}
    ${o.noCounter ? html`<span class="cut" role="status"></span>` : nothing}
    ${o.error ? html`<span id=${errorId} class="error">${o.error}</span>` : nothing}
  </div>`;
}

/** Layout for `textField()`: include it in the element's `static styles`. */
export const textFieldStyles = css`
  .text-field {
    display: flex;
    flex-direction: column;
    gap: calc(var(--_space) / 4);
    margin-block-end: var(--_space);
  }
  .text-field .label-row { display: flex; flex-wrap: wrap; align-items: baseline; gap: calc(var(--_space) / 2); }
  .text-field label { font-weight: 600; }
  /* Unsaved input is said in words; the colour and border only support the text. */
  .text-field .unsaved-mark {
    font-size: 0.8em;
    font-weight: 600;
    color: var(--_warning);
    background: var(--_warning-bg);
    border: 1px solid currentColor;
    border-radius: var(--_radius);
    padding-inline: calc(var(--_space) / 2);
  }
  /*
   * Less noise: the counter (at the end of the label's line, so it takes no line of its own) shows
   * while the field has focus, when the value is within 10% of its limit, or while it says what was
   * cut. Hidden, it keeps its place (nothing moves under the pointer when focus leaves) and stays
   * the field's description (aria-describedby).
   */
  .text-field .counter { margin-inline-start: auto; text-align: end; }
  .text-field:not(:focus-within) .counter:not(.near):not(:has(.cut:not(:empty))) { visibility: hidden; }
  .text-field textarea { resize: vertical; min-block-size: 4lh; }
  .text-field textarea[rows='2'] { min-block-size: 2lh; }
  .text-field .counter, .text-field .hint { font-size: 0.85em; }
  .text-field .error { font-size: 0.9em; }
  /* Said when text did not fit (filled by the cutNotice directive; empty otherwise). */
  .text-field .cut { display: block; color: var(--_warning); font-weight: 600; }
`;
