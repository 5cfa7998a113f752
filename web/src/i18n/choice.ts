/**
 * Which language a tab shows. A checkpoint computer is shared, so a choice belongs to the person who
 * made it: remembered per person id (the API's `me.id`) in localStorage, applied when they sign in.
 * Before anyone signs in, and for a person who never chose, the browser's language is the default.
 * A choice made on the sign-in page belongs to whoever signs in next in that tab (it is kept for the
 * tab only, then becomes theirs), never to the browser.
 */
import { FALLBACK_LANGUAGE, isLanguageCode, type LanguageCode } from './languages';

/** localStorage: `{ [personId]: language }`. */
export const CHOICES_KEY = 'handover.languages';
/** sessionStorage: a choice made while nobody is signed in, in this tab. */
export const SIGNED_OUT_CHOICE_KEY = 'handover.language.signed-out';
/** sessionStorage: whose choices this tab shows, so a reload starts in that person's language. */
export const TAB_PERSON_KEY = 'handover.language.person';
/** The former single choice of the whole browser: nobody knows whose it was, so it is dropped. */
export const LEGACY_KEY = 'handover.language';

export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export interface ChoiceStores {
  /** Kept across tabs and restarts (localStorage). */
  device: KeyValueStore;
  /** This tab only (sessionStorage). */
  tab: KeyValueStore;
}

/** The first of the browser's preferred languages (navigator.languages) that the workbench has. */
export function browserLanguage(preferred: readonly string[]): LanguageCode {
  for (const tag of preferred) {
    const primary = tag.toLowerCase().split(/[-_]/)[0];
    if (isLanguageCode(primary)) return primary;
  }
  return FALLBACK_LANGUAGE;
}

function readChoices(device: KeyValueStore): Record<string, LanguageCode> {
  try {
    const parsed: unknown = JSON.parse(device.getItem(CHOICES_KEY) ?? '{}');
    if (!parsed || typeof parsed !== 'object') return {};
    return Object.fromEntries(Object.entries(parsed).filter((e): e is [string, LanguageCode] => isLanguageCode(e[1])));
  } catch {
    return {};
  }
}

function rememberFor(device: KeyValueStore, person: string, language: LanguageCode): void {
  device.setItem(CHOICES_KEY, JSON.stringify({ ...readChoices(device), [person]: language }));
}

function signedOutChoice(tab: KeyValueStore): LanguageCode | undefined {
  const value = tab.getItem(SIGNED_OUT_CHOICE_KEY);
  return isLanguageCode(value) ? value : undefined;
}

/** The language a tab opens in: its person's choice if someone was signed in, else the tab's, else the browser's. */
export function initialLanguage(stores: ChoiceStores, preferred: readonly string[]): LanguageCode {
  stores.device.removeItem(LEGACY_KEY);
  const person = stores.tab.getItem(TAB_PERSON_KEY);
  if (person !== null) return readChoices(stores.device)[person] ?? browserLanguage(preferred);
  return signedOutChoice(stores.tab) ?? browserLanguage(preferred);
}

/** Someone signed in (their id) or everyone signed out (null): the language the tab shows from now on. */
export function languageOnSignIn(stores: ChoiceStores, person: string | null, preferred: readonly string[]): LanguageCode {
  if (person === null) {
    stores.tab.removeItem(TAB_PERSON_KEY);
    return signedOutChoice(stores.tab) ?? browserLanguage(preferred);
  }
  // Chosen on the sign-in page just now, by the person now signing in: it is theirs.
  const justChosen = signedOutChoice(stores.tab);
  if (justChosen) rememberFor(stores.device, person, justChosen);
  stores.tab.removeItem(SIGNED_OUT_CHOICE_KEY);
  stores.tab.setItem(TAB_PERSON_KEY, person);
  return readChoices(stores.device)[person] ?? browserLanguage(preferred);
}

/** The person in this tab (or, signed out, the tab) chose `language`. */
export function rememberChoice(stores: ChoiceStores, language: LanguageCode): void {
  const person = stores.tab.getItem(TAB_PERSON_KEY);
  if (person !== null) rememberFor(stores.device, person, language);
  else stores.tab.setItem(SIGNED_OUT_CHOICE_KEY, language);
}
