import { css, html, nothing, type TemplateResult } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { live } from 'lit/directives/live.js';
import { msg, str } from '@lit/localize';
import { MAX_TEXT, charsLeft } from '../../model/limits.js';

const numberFormats = new Map<string, Intl.NumberFormat>();

/** A count in the agent's locale (`1,998`, `1.998` …). Formatters are cached. */
export function formatCount(value: number, locale: string): string {
  let format = numberFormats.get(locale);
  if (!format) {
    try {
      format = new Intl.NumberFormat(locale);
    } catch {
      format = new Intl.NumberFormat();
    }
    numberFormats.set(locale, format);
  }
  return format.format(value);
}

/** "N characters left" (R2.3), N in the agent's locale. */
export function charsLeftText(value: string, locale: string, limit: number = MAX_TEXT): string {
  const left = formatCount(charsLeft(value, limit), locale);
  return msg(str`${left} characters left`);
}

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
  limit?: number;
  onInput: (event: Event) => void;
}

/**
 * A label, a text input (or textarea) limited to `MAX_TEXT` characters, a
 * "N characters left" counter and an optional refusal message, all linked by
 * `aria-describedby`. A plain template function, not an element: the input
 * stays in the caller's shadow root (and in its `<form>`).
 */
export function textField(o: TextFieldOptions): TemplateResult {
  const limit = o.limit ?? MAX_TEXT;
  const counterId = `${o.id}-counter`;
  const errorId = `${o.id}-error`;
  const hintId = `${o.id}-hint`;
  const describedBy = [o.hint ? hintId : '', o.noCounter ? '' : counterId, o.error ? errorId : '']
    .filter(Boolean)
    .join(' ');
  const invalid = o.error ? 'true' : undefined;
  const control = o.multiline
    ? html`<textarea
        id=${o.id}
        part=${ifDefined(o.part)}
        rows="4"
        maxlength=${limit}
        autocomplete="off"
        aria-describedby=${ifDefined(describedBy || undefined)}
        aria-invalid=${ifDefined(invalid)}
        ?disabled=${o.disabled ?? false}
        ?readonly=${o.readonly ?? false}
        ?required=${o.required ?? false}
        .value=${live(o.value)}
        @input=${o.onInput}
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
      />`;
  return html`<div class="text-field">
    <label for=${o.id}>${o.label}</label>
    ${o.hint ? html`<span id=${hintId} class="hint muted">${o.hint}</span>` : nothing}
    ${control}
    ${o.noCounter ? nothing : html`<span id=${counterId} class="counter muted">${charsLeftText(o.value, o.locale, limit)}</span>`}
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
  .text-field label { font-weight: 600; }
  .text-field textarea { resize: vertical; min-block-size: 4lh; }
  .text-field .counter, .text-field .hint { font-size: 0.85em; }
  .text-field .error { font-size: 0.9em; }
`;
