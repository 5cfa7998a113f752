/** The API's memory of which countries each case involves (api/case-scopes.ts). */
import { CaseScopes } from '../api/case-scopes';

describe('CaseScopes', () => {
  it('answers what it was told, and nothing for a case it never saw', () => {
    const scopes = new CaseScopes(10);
    scopes.remember('case-MM-2026-AAAAAAAAAA', ['MM', 'TH', 'CN']);
    expect(scopes.countriesOf('case-MM-2026-AAAAAAAAAA')).toEqual(['MM', 'TH', 'CN']);
    expect(scopes.countriesOf('case-KH-2026-BBBBBBBBBB')).toBeUndefined();
  });

  it('keeps a copy, so a caller mutating its array cannot widen a scope', () => {
    const scopes = new CaseScopes(10);
    const countries = ['KH', 'CN'];
    scopes.remember('case-KH-2026-AAAAAAAAAA', countries);
    countries.push('VN');
    expect(scopes.countriesOf('case-KH-2026-AAAAAAAAAA')).toEqual(['KH', 'CN']);
  });

  it('forgets the least recently used case beyond its size', () => {
    const scopes = new CaseScopes(2);
    scopes.remember('a', ['KH']);
    scopes.remember('b', ['TH']);
    scopes.countriesOf('a'); // a is now the most recent
    scopes.remember('c', ['VN']);
    expect(scopes.size).toBe(2);
    expect(scopes.countriesOf('b')).toBeUndefined();
    expect(scopes.countriesOf('a')).toEqual(['KH']);
    expect(scopes.countriesOf('c')).toEqual(['VN']);
  });

  it('holds nothing with size 0 (every read describes the case)', () => {
    const scopes = new CaseScopes(0);
    scopes.remember('a', ['KH']);
    expect(scopes.countriesOf('a')).toBeUndefined();
  });
});
