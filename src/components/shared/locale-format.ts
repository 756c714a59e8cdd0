/**
 * One `Intl` formatter per key, made once and kept in `cache`. When `make`
 * throws (a locale or time zone the host sent that `Intl` refuses, such as a
 * hostile host's `"</script>"`), `fallback` makes the browser's own instead:
 * a wrong locale never breaks a view.
 */
export function cachedFormat<T>(cache: Map<string, T>, key: string, make: () => T, fallback: () => T): T {
  let format = cache.get(key);
  if (!format) {
    try {
      format = make();
    } catch {
      format = fallback();
    }
    cache.set(key, format);
  }
  return format;
}

const numberFormats = new Map<string, Intl.NumberFormat>();

/** A count in the agent's locale (`1,998`, `1.998` …). Formatters are cached. */
export function formatCount(value: number, locale: string): string {
  return cachedFormat(
    numberFormats,
    locale,
    () => new Intl.NumberFormat(locale),
    () => new Intl.NumberFormat(),
  ).format(value);
}
