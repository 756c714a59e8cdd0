import * as z from 'zod/mini';
import { MAX_ITEMS, MAX_TEXT } from './limits.js';

/**
 * Schema pieces shared by the records and the host events. Internal: the
 * package exports the schemas built from them, not these.
 */

/**
 * At most `max` UTF-16 code units, the way an input's `maxlength` and the
 * characters-left counter count (zod's own `maxLength` counts code points, which
 * would let 2,000 emoji — 4,000 units — through a 2,000-character field).
 */
export const maxUnits = (max: number) =>
  z.check<string>((ctx) => {
    if (ctx.value.length > max) ctx.issues.push({ code: 'too_big', maximum: max, origin: 'string', inclusive: true, input: ctx.value });
  });

/** A text field of the gadget: at most `MAX_TEXT` characters (UTF-16 code units). */
export const text = () => z.string().check(maxUnits(MAX_TEXT));

/** A list of at most `MAX_ITEMS` items. */
export const list = <T extends z.ZodMiniType>(item: T) => z.array(item).check(z.maxLength(MAX_ITEMS));

/** Free `name → value` fields: at most `MAX_ITEMS` of them, names and values text fields. */
export const fields = () =>
  z.record(text(), text()).check(
    z.check<Record<string, string>>((ctx) => {
      const count = Object.keys(ctx.value).length;
      if (count > MAX_ITEMS) ctx.issues.push({ code: 'too_big', maximum: MAX_ITEMS, origin: 'array', inclusive: true, input: ctx.value });
    }),
  );

/** A date `Date.parse` reads, at most 64 characters. */
export const isoDate = () => z.string().check(maxUnits(64), z.refine((v) => !Number.isNaN(Date.parse(v)), 'expected an ISO date'));
