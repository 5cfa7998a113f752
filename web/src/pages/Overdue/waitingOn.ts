import { LEGAL_CLOCKS, type LegalClockName } from '../../../../domain/clocks';
import { COUNTRIES, ROLES, type Country, type Role } from '../../../../domain/people';

export type WaitingOnWord =
  | { kind: 'person'; role: Role; country: Country }
  | { kind: 'timer'; clock: LegalClockName }
  | { kind: 'activity'; activity: string }
  | { kind: 'other'; text: string };

/**
 * A HandoverWaitingOn keyword of a case summary (`supervisor:TH`, `timer:take-over`, `activity:notify`)
 * as words a person reads; a keyword this page does not know yet is shown as it is rather than dropped.
 */
export function parseWaitingOn(keyword: string): WaitingOnWord {
  const [head, tail = ''] = keyword.split(':', 2);
  if ((ROLES as readonly string[]).includes(head) && (COUNTRIES as readonly string[]).includes(tail)) {
    return { kind: 'person', role: head as Role, country: tail as Country };
  }
  if (head === 'timer' && (LEGAL_CLOCKS as readonly string[]).includes(tail)) return { kind: 'timer', clock: tail as LegalClockName };
  if (head === 'activity' && tail !== '') return { kind: 'activity', activity: tail };
  return { kind: 'other', text: keyword };
}
