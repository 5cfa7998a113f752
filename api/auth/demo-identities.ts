/**
 * Development identities: one per role and country, signed in with one click on the sign-in page of the
 * embedded default. They never exist against a real cluster or in the production image.
 */
import { COUNTRIES, ROLES } from '../../domain/people';
import type { DemoIdentity } from '../../contracts/session';

export const DEMO_IDENTITIES: readonly DemoIdentity[] = COUNTRIES.flatMap((country) =>
  ROLES.map((role) => ({ id: `${country.toLowerCase()}-${role}-1`, name: `Demo ${role} ${country}`, role, country })),
);

export function demoIdentity(id: string): DemoIdentity | undefined {
  return DEMO_IDENTITIES.find((d) => d.id === id);
}
