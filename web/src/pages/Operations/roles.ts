import type { Me } from '../../../../contracts/session';

/** Officers and supervisors create operations and change their manifests; the API refuses the other roles. */
export function canRunOperations(me: Pick<Me, 'role'>): boolean {
  return me.role === 'officer' || me.role === 'supervisor';
}
