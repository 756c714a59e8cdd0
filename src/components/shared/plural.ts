import { getLocale } from '../../i18n/localization.js';

const rules = new Map<string, Intl.PluralRules>();

/**
 * Picks the whole sentence for `count` by the plural rules of the language
 * the messages are shown in (`Intl.PluralRules`): "1 character left", "2
 * characters left"; in French and Brazilian Portuguese 0 and 1 take the
 * singular ("0 caractère restant"). Each form is a whole message of its own,
 * so every language words it fully. The languages shipped need `one` and
 * `other` (`many` in es/fr/pt is for millions, and reads as `other`).
 */
export function plural(count: number, forms: { one: () => string; other: () => string }): string {
  const locale = getLocale();
  let rule = rules.get(locale);
  if (!rule) {
    rule = new Intl.PluralRules(locale);
    rules.set(locale, rule);
  }
  return rule.select(count) === 'one' ? forms.one() : forms.other();
}
