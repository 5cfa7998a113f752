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

/**
 * One catalogue file per page (namespace) and language: web/src/i18n/locales/<lang>/<namespace>.json.
 * Every namespace exists in every language with the same keys (checked by catalogues.test.ts).
 */
export const NAMESPACES = ['common', 'signin', 'cases', 'case', 'register', 'import', 'inbox', 'monitor', 'operations'] as const;
export type Namespace = (typeof NAMESPACES)[number];
