import { describe, expect, it } from 'vitest';
import { browserLanguage, CHOICES_KEY, initialLanguage, LEGACY_KEY, languageOnSignIn, rememberChoice, type ChoiceStores, type KeyValueStore } from './choice';

function store(): KeyValueStore & { values: Map<string, string> } {
  const values = new Map<string, string>();
  return { values, getItem: (k) => values.get(k) ?? null, setItem: (k, v) => void values.set(k, v), removeItem: (k) => void values.delete(k) };
}
/** One checkpoint computer: one localStorage, and a tab (sessionStorage) per window opened on it. */
function computer() {
  const device = store();
  return { device, tab: (): ChoiceStores => ({ device, tab: store() }) };
}

describe('the language of a tab', () => {
  it('is the browser’s first language the workbench has, by its primary subtag', () => {
    expect(browserLanguage(['th-TH', 'en-US'])).toBe('th');
    expect(browserLanguage(['fr-FR', 'my-MM'])).toBe('my');
    expect(browserLanguage(['zh-Hans-CN'])).toBe('zh');
    expect(browserLanguage(['fr', 'de'])).toBe('en');
    expect(browserLanguage([])).toBe('en');
  });

  it('gives two officers sharing a computer each their own language', () => {
    const pc = computer();
    const tab = pc.tab();
    expect(initialLanguage(tab, ['en-GB'])).toBe('en');
    // A Thai officer signs in, has never chosen: the browser's language.
    expect(languageOnSignIn(tab, 'th-officer-1', ['en-GB'])).toBe('en');
    rememberChoice(tab, 'th');
    // She signs out: the sign-in page is in the browser's language again, not hers.
    expect(languageOnSignIn(tab, null, ['en-GB'])).toBe('en');
    // A Lao colleague signs in on the same computer and tab: still the browser's, then his choice.
    expect(languageOnSignIn(tab, 'la-officer-1', ['en-GB'])).toBe('en');
    rememberChoice(tab, 'lo');
    expect(languageOnSignIn(tab, null, ['en-GB'])).toBe('en');
    // Each gets their own back, in a tab opened later too.
    expect(languageOnSignIn(pc.tab(), 'th-officer-1', ['en-GB'])).toBe('th');
    expect(languageOnSignIn(pc.tab(), 'la-officer-1', ['en-GB'])).toBe('lo');
    expect(JSON.parse(pc.device.values.get(CHOICES_KEY)!)).toEqual({ 'th-officer-1': 'th', 'la-officer-1': 'lo' });
  });

  it('reopens a signed-in tab in its person’s language at once, before the identity is known again', () => {
    const pc = computer();
    const tab = pc.tab();
    languageOnSignIn(tab, 'vn-officer-1', ['en']);
    rememberChoice(tab, 'vi');
    expect(initialLanguage(tab, ['en'])).toBe('vi');
    expect(initialLanguage(pc.tab(), ['en'])).toBe('en');
  });

  it('makes a choice made on the sign-in page the choice of whoever signs in next in that tab', () => {
    const pc = computer();
    const tab = pc.tab();
    rememberChoice(tab, 'km');
    expect(initialLanguage(tab, ['en'])).toBe('km');
    expect(initialLanguage(pc.tab(), ['en'])).toBe('en');
    expect(languageOnSignIn(tab, 'kh-officer-1', ['en'])).toBe('km');
    // It became theirs and left the tab: after sign-out the page is in the browser's language.
    expect(languageOnSignIn(tab, null, ['en'])).toBe('en');
    expect(languageOnSignIn(pc.tab(), 'kh-officer-1', ['en'])).toBe('km');
  });

  it('drops the former browser-wide choice, whoever made it, and ignores what it cannot read', () => {
    const pc = computer();
    pc.device.setItem(LEGACY_KEY, 'my');
    expect(initialLanguage(pc.tab(), ['th'])).toBe('th');
    expect(pc.device.values.has(LEGACY_KEY)).toBe(false);
    pc.device.setItem(CHOICES_KEY, '{not json');
    expect(languageOnSignIn(pc.tab(), 'mm-officer-1', ['my-MM'])).toBe('my');
    pc.device.setItem(CHOICES_KEY, JSON.stringify({ 'mm-officer-1': 'xx' }));
    expect(languageOnSignIn(pc.tab(), 'mm-officer-1', ['zh-CN'])).toBe('zh');
  });
});
