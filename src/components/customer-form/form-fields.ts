// The customer form's fields as the agent edits them, and which input a model refusal is about: no DOM.
import { msg, str } from '@lit/localize';
import type { ValidationError } from '../../model/errors.js';
import { MAX_TEXT } from '../../model/limits.js';
import { formatCount } from '../shared/locale-format.js';
import { tooLongText } from '../shared/text-field.js';

export type ListField = 'phones' | 'emails' | 'chatIds';
export const LIST_FIELDS: readonly ListField[] = ['phones', 'emails', 'chatIds'];

/** One free-form field as the agent edits it (a label may be empty while typing). */
export interface FreeRow {
  readonly id: number;
  readonly label: string;
  readonly value: string;
}

/** `"a, b,, c "` → `['a', 'b', 'c']`. */
export function splitList(raw: string): string[] {
  return raw
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

export function rowsToFields(rows: readonly FreeRow[]): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const row of rows) {
    const key = row.label.trim();
    if (key !== '') fields[key] = row.value;
  }
  return fields;
}

export const ROW_INPUT = /^row-(\d+)-(label|value)$/;

/** In create mode, the inputs behind "More fields" (ids, or `row-` for the free fields): the names, Phone and Email come first. */
export function isBehindMore(id: string): boolean {
  return id === 'chatIds' || id === 'address' || id.startsWith('row-');
}

/** Which input a model refusal is about (its id), and the message to show there, in `locale`. */
export function describeRefusal(error: ValidationError, rows: readonly FreeRow[], locale: string): [string, string] {
  const [head, ...rest] = error.field.split('.');
  let inputId = 'name';
  if (head === 'name' || head === 'lastName' || head === 'address' || (LIST_FIELDS as readonly string[]).includes(head ?? '')) {
    inputId = head!;
  } else if (head === 'fields' && error.code === 'too-many-items') {
    const last = rows.at(-1);
    if (last) inputId = `row-${last.id}-label`;
  } else if (head === 'fields') {
    const key = rest.join('.');
    const row =
      rows.find((r) => r.label.trim() === key) ??
      rows.find((r) => r.label.trim().length > MAX_TEXT || r.value.length > MAX_TEXT);
    if (row) inputId = row.label.trim().length > MAX_TEXT ? `row-${row.id}-label` : `row-${row.id}-value`;
  }
  const limit = error.limit ?? MAX_TEXT;
  if (error.code === 'text-too-long') return [inputId, tooLongText(locale, limit)];
  if (error.code === 'too-many-items') {
    const max = formatCount(limit, locale);
    return [inputId, msg(str`At most ${max} items`)];
  }
  if (inputId.endsWith('-label')) return [inputId, tooLongText(locale)];
  return [inputId, msg('This value is not valid')];
}
