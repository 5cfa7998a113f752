/**
 * The list's "waiting on" keywords (`supervisor:TH`, `timer:take-over`, `activity:notify`, as the
 * search attribute holds them) read back into who or what a case waits on, for a translated label.
 */
import { COUNTRIES, ROLES, type Country, type Role } from '../../../../domain/people';

export type Wait =
  | { kind: 'person'; role: Role; country: Country }
  | { kind: 'timer'; clock: string }
  | { kind: 'activity' }
  | { kind: 'other'; keyword: string };

export function parseWaitingOn(keyword: string): Wait {
  const colon = keyword.indexOf(':');
  const head = colon < 0 ? keyword : keyword.slice(0, colon);
  const tail = colon < 0 ? '' : keyword.slice(colon + 1);
  if (head === 'timer' && tail) return { kind: 'timer', clock: tail };
  if (head === 'activity') return { kind: 'activity' };
  if ((ROLES as readonly string[]).includes(head) && (COUNTRIES as readonly string[]).includes(tail)) {
    return { kind: 'person', role: head as Role, country: tail as Country };
  }
  return { kind: 'other', keyword };
}
