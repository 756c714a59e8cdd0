/**
 * The desktop's language, for `host.context.locale`: pure functions, no DOM.
 *
 * Where a Finesse gadget can read the agent's language, in the order the
 * bridge uses them (the first usable answer wins):
 *
 * 1. `finesse.gadget.Config.locale` (e.g. `fr_CA`): the Finesse desktop's own
 *    locale, the language the agent signs in with; finesse.js sends it as the
 *    `locale` header of every REST request, so it is what Finesse itself
 *    speaks to this agent. When `Config` has none (older desktops, or a
 *    gadget page that builds no `Config`), the container's `locale` pref
 *    (`gadgets.Prefs.getString('locale')`, which Cisco's sample gadgets copy
 *    into their `Config`).
 * 2. `Config.language` + `Config.country` (documented as derived from the
 *    locale): for a desktop that fills those and not `locale`.
 * 3. `gadgets.Prefs.getLang()` + `getCountry()`: the locale the container
 *    rendered the gadget with (Shindig's `lang` / `country`). Last, because
 *    Shindig answers `en` / `US` when the container passed nothing, so an
 *    English answer here cannot be told from no answer; `all` / `ALL`
 *    (Shindig's "any locale") counts as no answer.
 * 4. Nothing usable: `host.context` carries no `locale`, and the element falls
 *    back to its `lang` attribute, then to the browser's language.
 *
 * The bridge reports the locale it found as a BCP 47 tag (`fr_CA` → `fr-CA`)
 * and does not narrow it to the languages the gadget has: the element shows
 * the closest one it has (`fr-CA` → French, `es-MX` → Spanish, `pt-PT` →
 * Brazilian Portuguese) and English for any other language, while dates and
 * numbers keep following the full tag.
 */
import type { FinesseGadgetConfig, GadgetPrefs } from './finesse-types.js';

/** Which of the sources above gave the locale. */
export type DesktopLocaleSource = 'config.locale' | 'prefs.locale' | 'config.language' | 'prefs.lang';

export interface DesktopLocale {
  /** BCP 47 tag (`pt-BR`), or undefined when no source gave a usable one. */
  locale: string | undefined;
  source: DesktopLocaleSource | undefined;
}

function text(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

function attempt<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch {
    return undefined;
  }
}

/** Shindig's wildcard locale parts (`all_ALL` message bundles): not a language. */
function wildcard(part: string | undefined): boolean {
  return part !== undefined && part.toLowerCase() === 'all';
}

/** A Finesse locale (`en_US`, `es_ES`, `pt_BR`) as a BCP 47 tag, or undefined. */
export function finesseLocale(value: unknown): string | undefined {
  const raw = text(value);
  if (!raw) return undefined;
  try {
    return Intl.getCanonicalLocales(raw.replace(/_/g, '-'))[0];
  } catch {
    return undefined;
  }
}

/** `language` + `country` (`fr`, `CA`) as one tag (`fr-CA`); a country alone is no language. */
export function joinLocale(language: unknown, country: unknown): string | undefined {
  const lang = text(language);
  if (!lang || wildcard(lang)) return undefined;
  const region = text(country);
  return finesseLocale(region && !wildcard(region) ? `${lang}_${region}` : lang) ?? finesseLocale(lang);
}

/** The desktop's locale and where it came from (the order is in this module's comment). */
export function desktopLocale(config: FinesseGadgetConfig | undefined, prefs: GadgetPrefs | undefined): DesktopLocale {
  const fromLocale = finesseLocale(config?.locale);
  if (fromLocale) return { locale: fromLocale, source: 'config.locale' };
  const fromPref = prefs ? finesseLocale(attempt(() => prefs.getString('locale'))) : undefined;
  if (fromPref) return { locale: fromPref, source: 'prefs.locale' };
  const fromParts = joinLocale(config?.language, config?.country);
  if (fromParts) return { locale: fromParts, source: 'config.language' };
  const fromRender = prefs ? joinLocale(attempt(() => prefs.getLang?.()), attempt(() => prefs.getCountry?.())) : undefined;
  if (fromRender) return { locale: fromRender, source: 'prefs.lang' };
  return { locale: undefined, source: undefined };
}
