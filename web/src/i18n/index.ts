/**
 * i18next for every text. The language is the signed-in person's own choice, or the browser's until
 * they make one (choice.ts). Catalogues of a language load on demand, so the initial bundle carries none.
 */
import i18next, { type FormatterModule } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { interpolationFormat } from '../format/numbers';
import { initialLanguage, languageOnSignIn, rememberChoice, type ChoiceStores } from './choice';
import { FALLBACK_LANGUAGE, LANGUAGE_CODES, type LanguageCode } from './languages';

// meta.json is read eagerly by languages.ts; it is no page's catalogue.
const catalogues = import.meta.glob<{ default: Record<string, unknown> }>(['./locales/*/*.json', '!./locales/*/meta.json']);

async function loadCatalogue(language: string, namespace: string): Promise<Record<string, unknown>> {
  const load = catalogues[`./locales/${language}/${namespace}.json`];
  if (!load) return {};
  return (await load()).default;
}

const memory = (): ChoiceStores['device'] => {
  const values = new Map<string, string>();
  return { getItem: (k) => values.get(k) ?? null, setItem: (k, v) => void values.set(k, v), removeItem: (k) => void values.delete(k) };
};

/** Browser storage, or memory where it is refused (private mode, blocked cookies): the choice then lasts the page. */
function stores(): ChoiceStores {
  const usable = (get: () => Storage): ChoiceStores['device'] => {
    try {
      const s = get();
      s.getItem('handover.probe');
      return s;
    } catch {
      return memory();
    }
  };
  cachedStores ??= { device: usable(() => window.localStorage), tab: usable(() => window.sessionStorage) };
  return cachedStores;
}
let cachedStores: ChoiceStores | undefined;

const preferred = (): readonly string[] => (navigator.languages?.length ? navigator.languages : [navigator.language]);

function show(language: LanguageCode): void {
  if (i18next.language !== language) void i18next.changeLanguage(language);
}

/** The select's choice: remembered for the person signed in in this tab (or for this tab before sign-in). */
export function chooseLanguage(language: LanguageCode): void {
  rememberChoice(stores(), language);
  show(language);
}

/** Who is signed in now (`null`: nobody): their remembered language, or the browser's. */
export function applySignedInPerson(person: string | null): void {
  show(languageOnSignIn(stores(), person, preferred()));
}

/**
 * Every number put into a text ({{count}}, {{page}}, {{days}}…) is written by format/numbers.ts: Latin
 * digits and the language's grouping. i18next's own formatter would write Myanmar digits for `my`.
 */
const numbersInTexts: FormatterModule = {
  type: 'formatter',
  init: () => undefined,
  add: () => undefined,
  addCached: () => undefined,
  // Anything but a number goes into the text as it came; i18next turns it into a string.
  format: (value: unknown, _format, lng) => interpolationFormat(value, undefined, lng) as string,
};

/** `pageNamespaces`: the catalogues of the page the tab opens on, loaded with the shell's. */
export async function initI18n(pageNamespaces: string[] = []): Promise<typeof i18next> {
  await i18next
    .use(initReactI18next)
    .use(numbersInTexts)
    .use({
      type: 'backend',
      read(language: string, namespace: string, callback: (err: unknown, data?: Record<string, unknown>) => void) {
        loadCatalogue(language, namespace).then((data) => callback(null, data), (err: unknown) => callback(err));
      },
    })
    .init({
      lng: initialLanguage(stores(), preferred()),
      supportedLngs: [...LANGUAGE_CODES],
      nonExplicitSupportedLngs: true,
      load: 'languageOnly',
      fallbackLng: FALLBACK_LANGUAGE,
      // The shell's texts only; each page's catalogue loads when the page asks for it (useTranslation).
      ns: ['common', 'signin', ...pageNamespaces],
      defaultNS: 'common',
      interpolation: { escapeValue: false, alwaysFormat: true },
      react: { useSuspense: true },
    });
  const setLang = (lng: string) => document.documentElement.setAttribute('lang', lng);
  setLang(i18next.resolvedLanguage ?? FALLBACK_LANGUAGE);
  i18next.on('languageChanged', () => setLang(i18next.resolvedLanguage ?? FALLBACK_LANGUAGE));
  return i18next;
}
