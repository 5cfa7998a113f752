/**
 * i18next for every text. The browser's language is the default and the person's choice is remembered
 * (localStorage). Catalogues of a language load on demand, so the initial bundle carries none of them.
 */
import i18next from 'i18next';
import LanguageDetector from 'i18next-browser-languagedetector';
import { initReactI18next } from 'react-i18next';
import { FALLBACK_LANGUAGE, LANGUAGE_CODES } from './languages';

const catalogues = import.meta.glob<{ default: Record<string, unknown> }>('./locales/*/*.json');

async function loadCatalogue(language: string, namespace: string): Promise<Record<string, unknown>> {
  const load = catalogues[`./locales/${language}/${namespace}.json`];
  if (!load) return {};
  return (await load()).default;
}

export const LANGUAGE_STORAGE_KEY = 'handover.language';

/** `pageNamespaces`: the catalogues of the page the tab opens on, loaded with the shell's. */
export async function initI18n(pageNamespaces: string[] = []): Promise<typeof i18next> {
  await i18next
    .use(LanguageDetector)
    .use(initReactI18next)
    .use({
      type: 'backend',
      read(language: string, namespace: string, callback: (err: unknown, data?: Record<string, unknown>) => void) {
        loadCatalogue(language, namespace).then((data) => callback(null, data), (err: unknown) => callback(err));
      },
    })
    .init({
      supportedLngs: [...LANGUAGE_CODES],
      nonExplicitSupportedLngs: true,
      load: 'languageOnly',
      fallbackLng: FALLBACK_LANGUAGE,
      // The shell's texts only; each page's catalogue loads when the page asks for it (useTranslation).
      ns: ['common', 'signin', ...pageNamespaces],
      defaultNS: 'common',
      interpolation: { escapeValue: false },
      detection: { order: ['localStorage', 'navigator'], lookupLocalStorage: LANGUAGE_STORAGE_KEY, caches: ['localStorage'] },
      react: { useSuspense: true },
    });
  const setLang = (lng: string) => document.documentElement.setAttribute('lang', lng);
  setLang(i18next.resolvedLanguage ?? FALLBACK_LANGUAGE);
  i18next.on('languageChanged', () => setLang(i18next.resolvedLanguage ?? FALLBACK_LANGUAGE));
  return i18next;
}
