/**
 * Every text in all seven catalogues: the same keys in every language (plural forms as each language's
 * plural rules need them), no empty value, no stray file, the placeholders of the English text and no
 * other, each translation in its own script, and every draft marked as one.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { catalogueMeta, LANGUAGES, NAMESPACES } from './languages';

const dir = path.join(import.meta.dirname, 'locales');
const PLURAL = /_(zero|one|two|few|many|other)$/;

type Flat = Record<string, string>;
function flat(value: unknown, prefix = ''): Flat {
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).flatMap(([k, v]) => Object.entries(flat(v, prefix ? `${prefix}.${k}` : k))));
  return { [prefix]: String(value) };
}
function read(language: string, namespace: string): Flat {
  return flat(JSON.parse(fs.readFileSync(path.join(dir, language, `${namespace}.json`), 'utf8')));
}
/** i18next's plural keys for a language: base_<category> for each category of Intl.PluralRules. */
function expectedKeys(english: Flat, language: string): string[] {
  const categories = new Intl.PluralRules(language).resolvedOptions().pluralCategories;
  const bases = new Set<string>();
  const plain: string[] = [];
  for (const k of Object.keys(english)) {
    if (PLURAL.test(k)) bases.add(k.replace(PLURAL, ''));
    else plain.push(k);
  }
  return [...plain, ...[...bases].flatMap((b) => categories.map((c) => `${b}_${c}`))].sort();
}
function placeholders(text: string): string[] {
  return [...new Set([...text.matchAll(/\{\{\s*([^},\s]+)[^}]*\}\}/g)].map((m) => m[1] ?? ''))].sort();
}
/** The English text a translated key translates (a plural form answers to English's `_other`). */
function source(english: Flat, key: string): string {
  return english[key] ?? english[key.replace(PLURAL, '_other')] ?? '';
}

// The scripts the languages are written in; Latin is allowed in all of them (ids, codes, "CSV").
const SCRIPTS = { zh: /\p{Script=Han}/u, th: /\p{Script=Thai}/u, km: /\p{Script=Khmer}/u, lo: /\p{Script=Lao}/u, my: /\p{Script=Myanmar}/u } as const;
const ANY_OTHER = /[\p{Script=Han}\p{Script=Thai}\p{Script=Khmer}\p{Script=Lao}\p{Script=Myanmar}\p{Script=Hangul}\p{Script=Cyrillic}]/u;

describe('catalogues', () => {
  it('has exactly the namespaces of languages.ts and its meta.json in every language', () => {
    for (const { code } of LANGUAGES) {
      expect(fs.readdirSync(path.join(dir, code)).sort()).toEqual([...NAMESPACES.map((n) => `${n}.json`), 'meta.json'].sort());
    }
  });
  for (const namespace of NAMESPACES) {
    it(`${namespace}: the same keys in all seven languages, each language's plural forms, none empty`, () => {
      const english = read('en', namespace);
      for (const { code } of LANGUAGES) {
        const texts = read(code, namespace);
        expect({ code, keys: Object.keys(texts).sort() }).toEqual({ code, keys: expectedKeys(english, code) });
        expect({ code, empty: Object.entries(texts).filter(([, text]) => text.trim() === '').map(([k]) => k) }).toEqual({ code, empty: [] });
      }
    });
    it(`${namespace}: every translation has the placeholders of its English text, and no other`, () => {
      const english = read('en', namespace);
      for (const { code } of LANGUAGES) {
        const texts = read(code, namespace);
        const wrong = Object.entries(texts)
          .filter(([k, text]) => placeholders(text).join() !== placeholders(source(english, k)).join())
          .map(([k, text]) => `${k}: ${text}`);
        expect({ code, wrong }).toEqual({ code, wrong: [] });
        // A broken brace ({{count}, {count}}) would show as such to the reader.
        const broken = Object.entries(texts)
          .filter(([, text]) => /\{|\}/.test(text.replace(/\{\{[^{}]*\}\}/g, '')))
          .map(([k]) => k);
        expect({ code, broken }).toEqual({ code, broken: [] });
      }
    });
    it(`${namespace}: each translation is written in its own script, with no English left in`, () => {
      const english = read('en', namespace);
      for (const { code } of LANGUAGES) {
        if (code === 'en') continue;
        const texts = read(code, namespace);
        const script = SCRIPTS[code as keyof typeof SCRIPTS];
        const problems = Object.entries(texts).flatMap(([k, text]) => {
          const words = text.replace(/\{\{[^}]*\}\}/g, '');
          const out: string[] = [];
          if (script && !script.test(words) && /\p{L}/u.test(words) && text !== source(english, k)) out.push(`${k}: not in its script: ${text}`);
          const foreign = [...words].filter((ch) => ANY_OTHER.test(ch) && !(script?.test(ch) ?? false));
          if (foreign.length > 0) out.push(`${k}: another script (${foreign.join('')}): ${text}`);
          // The same text as English is left untranslated, unless it is a name or code (Handover, CSV).
          if (text === source(english, k) && /\p{Ll}{3}/u.test(words) && !['app.title', 'country.MM'].includes(k)) out.push(`${k}: untranslated: ${text}`);
          return out;
        });
        expect({ code, problems }).toEqual({ code, problems: [] });
      }
    });
  }
  it('Myanmar is Unicode, not Zawgyi (a vowel sign e before its consonant)', () => {
    // In Unicode the sign e (U+1031) follows its consonant (and medials); Zawgyi stores it first, as drawn.
    const follows = (ch: string | undefined) => {
      const c = ch?.codePointAt(0) ?? 0;
      return (c >= 0x1000 && c <= 0x102a) || (c >= 0x103b && c <= 0x103f) || (c >= 0x1050 && c <= 0x1055) || (c >= 0x105a && c <= 0x109f);
    };
    for (const namespace of NAMESPACES) {
      const zawgyi = Object.entries(read('my', namespace)).filter(([, text]) => [...text].some((ch, i, all) => ch === '\u1031' && !follows(all[i - 1])));
      expect({ namespace, zawgyi }).toEqual({ namespace, zawgyi: [] });
    }
  });
  it('marks every translation a draft until a person has reviewed it, in its own language', () => {
    for (const { code } of LANGUAGES) {
      const meta = catalogueMeta(code);
      if (code === 'en') {
        expect(meta.status).toBe('source');
        continue;
      }
      if (meta.status === 'reviewed') {
        expect(meta.reviewedBy.trim()).not.toBe('');
        expect(meta.reviewedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        continue;
      }
      expect(meta.status).toBe('draft');
      if (meta.status !== 'draft') continue;
      expect(meta.reviewedBy).toBeNull();
      const script = SCRIPTS[code as keyof typeof SCRIPTS];
      for (const text of [meta.draftLabel, meta.draftNote]) {
        expect(text.trim()).not.toBe('');
        if (script) expect({ code, text, inScript: script.test(text) }).toEqual({ code, text, inScript: true });
      }
    }
  });
  it('the file read for the select is the file on disk', () => {
    for (const { code } of LANGUAGES) {
      expect(catalogueMeta(code)).toEqual(JSON.parse(fs.readFileSync(path.join(dir, code, 'meta.json'), 'utf8')));
    }
  });
});
