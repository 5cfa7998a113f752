/** Every text in all seven catalogues: the same keys in every language, no empty value, no stray file. */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LANGUAGES, NAMESPACES } from './languages';

const dir = path.join(import.meta.dirname, 'locales');

function keys(value: unknown, prefix = ''): string[] {
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k));
  return [prefix];
}
function read(language: string, namespace: string): unknown {
  return JSON.parse(fs.readFileSync(path.join(dir, language, `${namespace}.json`), 'utf8'));
}
function empty(value: unknown, prefix = ''): string[] {
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => empty(v, prefix ? `${prefix}.${k}` : k));
  return typeof value === 'string' && value.trim() !== '' ? [] : [prefix];
}

describe('catalogues', () => {
  it('has exactly the namespaces of languages.ts in every language', () => {
    for (const { code } of LANGUAGES) {
      expect(fs.readdirSync(path.join(dir, code)).sort()).toEqual(NAMESPACES.map((n) => `${n}.json`).sort());
    }
  });
  for (const namespace of NAMESPACES) {
    it(`${namespace}: the same keys in all seven languages, none empty`, () => {
      const english = keys(read('en', namespace)).sort();
      for (const { code } of LANGUAGES) {
        expect({ code, keys: keys(read(code, namespace)).sort() }).toEqual({ code, keys: english });
        expect({ code, empty: empty(read(code, namespace)) }).toEqual({ code, empty: [] });
      }
    });
  }
});
