/** The workbench's languages: those of the six countries, and English as the common fallback. */
export const LANGUAGES = [
  { code: 'en', name: 'English' },
  { code: 'zh', name: '中文' },
  { code: 'th', name: 'ไทย' },
  { code: 'vi', name: 'Tiếng Việt' },
  { code: 'km', name: 'ខ្មែរ' },
  { code: 'lo', name: 'ລາວ' },
  { code: 'my', name: 'မြန်မာ' },
] as const;
export type LanguageCode = (typeof LANGUAGES)[number]['code'];
export const LANGUAGE_CODES: readonly string[] = LANGUAGES.map((l) => l.code);
export const FALLBACK_LANGUAGE: LanguageCode = 'en';

export function isLanguageCode(value: unknown): value is LanguageCode {
  return typeof value === 'string' && LANGUAGE_CODES.includes(value);
}

/**
 * One catalogue file per page (namespace) and language: web/src/i18n/locales/<lang>/<namespace>.json.
 * Every namespace exists in every language with the same keys (checked by catalogues.test.ts).
 */
export const NAMESPACES = ['common', 'signin', 'cases', 'case', 'register', 'import', 'inbox', 'monitor', 'operations'] as const;
export type Namespace = (typeof NAMESPACES)[number];

/**
 * Whether a language's catalogues are trusted: locales/<lang>/meta.json. English is the source; a
 * translation stays a draft until a person of that country has reviewed it, and says so, in its own
 * language, where the language is chosen (draftLabel on the option, draftNote beside the select).
 */
export type CatalogueMeta =
  | { status: 'source'; note?: string }
  | { status: 'draft'; reviewedBy: null; reviewedOn: null; draftLabel: string; draftNote: string }
  | { status: 'reviewed'; reviewedBy: string; reviewedOn: string };

// Eager and tiny: the select shows every language's status before any of its catalogues loads.
const metas = import.meta.glob<CatalogueMeta>('./locales/*/meta.json', { eager: true, import: 'default' });

export function catalogueMeta(code: string): CatalogueMeta {
  return metas[`./locales/${code}/meta.json`] ?? { status: 'source' };
}
