/**
 * Numbers in every language with Latin digits (0–9) and the language's own grouping. Case ids, request
 * ids, row numbers and counts are read out and compared between officers of six countries over the
 * phone and on paper; ids are Latin whatever the language, and Latin digits are in everyday official use
 * in all six countries, so the counts beside the ids use the same digits. Myanmar's locale would
 * otherwise default to Myanmar digits (၁၂၃) while Lao and Khmer default to Latin ones: one rule for all.
 */
export const NUMBERING_SYSTEM = 'latn';

const formatters = new Map<string, Intl.NumberFormat>();

export function formatNumber(value: number, language: string): string {
  let f = formatters.get(language);
  if (!f) {
    f = new Intl.NumberFormat(language, { numberingSystem: NUMBERING_SYSTEM, maximumFractionDigits: 1 });
    formatters.set(language, f);
  }
  return f.format(value);
}

/**
 * i18next's interpolation (i18n/index.ts): every number put into a text is written by formatNumber, so
 * a catalogue never shows other digits than the rest of the page.
 */
export function interpolationFormat(value: unknown, _format: string | undefined, language: string | undefined): unknown {
  return typeof value === 'number' && Number.isFinite(value) ? formatNumber(value, language ?? 'en') : value;
}
