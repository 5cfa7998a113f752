/**
 * From an identity provider's claims to Handover's role and country. Providers put roles in different
 * places (Keycloak: `realm_access.roles`; Entra ID: `roles`; authentik: `groups`) under their own names,
 * so both the claim (a dotted path, string or array) and the value map are configuration. Exactly one
 * role and one country must come out: nothing is guessed, and a person with two Handover roles is refused
 * rather than given the stronger one.
 */
import { COUNTRIES, ROLES, type Country, type Role } from '../../domain/people';
import type { SignInFailure } from '../../contracts/session';
import type { Caller } from './claims';

export interface ClaimMapping {
  roleClaim: string;
  /** Provider value → Handover role. Empty: the claim's values are Handover's role names themselves. */
  roleMap: ReadonlyMap<string, Role>;
  countryClaim: string;
  countryMap: ReadonlyMap<string, Country>;
  /** Claims tried in turn for the display name. */
  nameClaims: readonly string[];
}

export type MappedClaims = { ok: true; caller: Caller } | { ok: false; reason: SignInFailure };

/** `a=b,c=d` → Map; throws naming the bad entry (the value list is configuration, not a secret). */
export function parseValueMap<T extends string>(spec: string | undefined, allowed: readonly T[], what: string): Map<string, T> {
  const map = new Map<string, T>();
  for (const entry of (spec ?? '').split(',').map((e) => e.trim()).filter((e) => e !== '')) {
    const at = entry.lastIndexOf('=');
    const from = entry.slice(0, at).trim();
    const to = entry.slice(at + 1).trim();
    if (at <= 0 || from === '' || !(allowed as readonly string[]).includes(to)) {
      throw new Error(`${what} entry "${entry}" must be provider-value=${allowed.join('|')}`);
    }
    map.set(from, to as T);
  }
  return map;
}

/** The values at a dotted path: a string, or the strings of an array; anything else is no value. */
export function claimValues(claims: Record<string, unknown>, dottedPath: string): string[] {
  let value: unknown = claims;
  // A provider may also use a literal dotted claim name (e.g. "https://example.org/roles").
  if (Object.hasOwn(claims, dottedPath)) value = claims[dottedPath];
  else {
    for (const part of dottedPath.split('.')) {
      if (value === null || typeof value !== 'object' || Array.isArray(value)) return [];
      value = (value as Record<string, unknown>)[part];
    }
  }
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return [];
}

function mapOne<T extends string>(values: string[], map: ReadonlyMap<string, T>, allowed: readonly T[]): T[] {
  const mapped = values.map((v) => (map.size > 0 ? map.get(v) : (allowed as readonly string[]).includes(v) ? (v as T) : undefined));
  return [...new Set(mapped.filter((v): v is T => v !== undefined))];
}

export function mapClaims(claims: Record<string, unknown>, mapping: ClaimMapping): MappedClaims {
  const sub = claims.sub;
  if (typeof sub !== 'string' || sub === '' || sub.length > 128) return { ok: false, reason: 'token-rejected' };
  const roles = mapOne(claimValues(claims, mapping.roleClaim), mapping.roleMap, ROLES);
  if (roles.length === 0) return { ok: false, reason: 'no-role' };
  if (roles.length > 1) return { ok: false, reason: 'several-roles' };
  const countries = mapOne(claimValues(claims, mapping.countryClaim), mapping.countryMap, COUNTRIES);
  if (countries.length === 0) return { ok: false, reason: 'no-country' };
  if (countries.length > 1) return { ok: false, reason: 'several-countries' };
  const name = mapping.nameClaims.map((c) => claimValues(claims, c)[0]).find((n) => n !== undefined && n.trim() !== '');
  return { ok: true, caller: { id: sub, name: (name ?? sub).slice(0, 200), role: roles[0], country: countries[0] } };
}
