/**
 * A country that is none of the six (a nationality, a document's issuer): its name from the browser's
 * CLDR data in the reader's language, or the ISO code itself where the browser has none. The six
 * countries' own names come from the catalogues (common:country.*), as their ministries write them.
 */
const names = new Map<string, Intl.DisplayNames | null>();

export function regionName(code: string, language: string): string {
  if (!/^[A-Z]{2}$/.test(code)) return code;
  if (!names.has(language)) {
    try {
      names.set(language, new Intl.DisplayNames([language], { type: 'region', fallback: 'code' }));
    } catch {
      names.set(language, null);
    }
  }
  return names.get(language)?.of(code) ?? code;
}
