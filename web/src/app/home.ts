import type { Role } from '../../../domain/people';

/** Where each role starts its day: monitors on the overdue list, everyone else on what waits on them. */
export function homeOf(role: Role): string {
  return role === 'monitor' || role === 'admin' ? '/overdue' : '/inbox';
}

/**
 * The pages a role sees in the navigation, in order. Registering and importing are the officers' alone:
 * the API refuses them to every other role, supervisors included.
 */
export function navigationOf(role: Role): { to: string; key: string }[] {
  const acting = role === 'officer' || role === 'supervisor' || role === 'legal';
  return [
    ...(acting ? [{ to: '/inbox', key: 'nav.inbox' }] : []),
    { to: '/cases', key: 'nav.cases' },
    ...(role === 'officer' ? [{ to: '/register', key: 'nav.register' }, { to: '/import', key: 'nav.import' }] : []),
    { to: '/operations', key: 'nav.operations' },
    { to: '/overdue', key: 'nav.overdue' },
    { to: '/summary', key: 'nav.summary' },
  ];
}
