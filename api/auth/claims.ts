import { z } from 'zod';
import { COUNTRIES, ROLES, type Actor, type Country, type Role } from '../../domain/people';

/** The claims Handover reads from a token; anything else in the token is ignored. */
export const TokenClaimsSchema = z.object({
  sub: z.string().min(1).max(128),
  name: z.string().min(1).max(200),
  role: z.enum(ROLES),
  country: z.enum(COUNTRIES),
});
export type TokenClaims = z.infer<typeof TokenClaimsSchema>;

/** The authenticated caller of a request. `name` is for display only: it is never logged or stored. */
export interface Caller {
  id: string;
  name: string;
  role: Role;
  country: Country;
}

export function callerFromClaims(claims: TokenClaims): Caller {
  return { id: claims.sub, name: claims.name, role: claims.role, country: claims.country };
}

/** The actor of a workflow action: always the caller, never anything from a request body. */
export function actorOf(caller: Caller): Actor {
  return { id: caller.id, role: caller.role, country: caller.country };
}
