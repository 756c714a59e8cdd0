/** Every text field holds at most this many characters (UTF-16 code units, as `maxlength` counts). R2.3 */
export const MAX_TEXT = 2000;
/** A tag holds at most this many characters, after trimming. R3.3 */
export const MAX_TAG = 50;
/** R9.4: an automatic offer waits this long for Accept before the agent becomes Not Ready. */
export const DEFAULT_OFFER_TIMEOUT_MS = 15_000;
/** Upper bound on list fields (phones, emails, chat ids, tags, free fields) so one record stays small. */
export const MAX_ITEMS = 100;

/** Characters left before `MAX_TEXT` (never negative). */
export function charsLeft(value: string, limit: number = MAX_TEXT): number {
  return Math.max(0, limit - value.length);
}
