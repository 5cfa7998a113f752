/**
 * Countries, roles and the actor who performs an action. Shared by workflows, API and tests;
 * it must stay free of Node built-ins, zod and pino because workflow code imports it.
 */

export const COUNTRIES = ['CN', 'KH', 'LA', 'MM', 'TH', 'VN'] as const;
export type Country = (typeof COUNTRIES)[number];

export const ROLES = ['officer', 'supervisor', 'legal', 'monitor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Who performs an action: taken from the caller's token at the API edge, never from a request body. */
export interface Actor {
  /** Opaque user id (the token's `sub`); never a name. */
  id: string;
  role: Role;
  country: Country;
}

export function isCountry(value: unknown): value is Country {
  return typeof value === 'string' && (COUNTRIES as readonly string[]).includes(value);
}

/**
 * An id chosen by a client or an identity provider (request ids, user ids): printable, no spaces,
 * 1-128 characters. The API's schema and the workflow's assignment rule check the same pattern.
 */
export const CLIENT_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:@/-]{0,127}$/;
