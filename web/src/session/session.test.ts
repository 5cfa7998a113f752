/** Telling a new token of the same person from another person's. */
import { describe, expect, it } from 'vitest';
import { subjectOf } from './session';

function tokenOf(claims: object): string {
  const part = (o: object) => btoa(JSON.stringify(o)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  return `${part({ alg: 'HS256' })}.${part(claims)}.signature`;
}

describe('subjectOf', () => {
  it("reads a token's subject, so two tokens of one person name the same one", () => {
    expect(subjectOf(tokenOf({ sub: 'mm-officer-1', iat: 1 }))).toBe('mm-officer-1');
    expect(subjectOf(tokenOf({ sub: 'mm-officer-1', iat: 2 }))).toBe(subjectOf(tokenOf({ sub: 'mm-officer-1', iat: 1 })));
    expect(subjectOf(tokenOf({ sub: 'th-officer-1' }))).not.toBe('mm-officer-1');
  });

  it('is nobody without a token, and the token itself when it names no one', () => {
    expect(subjectOf(null)).toBeNull();
    expect(subjectOf('x.y.z')).toBe('x.y.z');
    const anonymous = tokenOf({ iat: 1 });
    expect(subjectOf(anonymous)).toBe(anonymous);
  });
});
