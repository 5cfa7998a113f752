import { segmentOfAction, type CaseActionSegment } from '../../../../domain/case';

export interface ActionGroup<T> {
  /** What the cases ask of me; undefined when the stage names no single action (e.g. a legal hold). */
  segment: CaseActionSegment | undefined;
  items: T[];
}

/**
 * The inbox by what is asked. The answer comes most urgent first; a group's place is that of its most
 * urgent case, and the cases keep their order inside it, so the top of the page is still what burns.
 */
export function groupByAction<T extends { action?: string }>(items: readonly T[]): ActionGroup<T>[] {
  const groups = new Map<string, ActionGroup<T>>();
  for (const item of items) {
    const segment = item.action ? segmentOfAction(item.action) : undefined;
    const key = segment ?? '';
    let group = groups.get(key);
    if (!group) {
      group = { segment, items: [] };
      groups.set(key, group);
    }
    group.items.push(item);
  }
  return [...groups.values()];
}

export const INBOX_VIEWS = ['all', 'me', 'unassigned'] as const;
export type InboxViewName = (typeof INBOX_VIEWS)[number];

/** The view named by the URL's `assigned` parameter; anything else is the whole inbox. */
export function inboxViewOf(param: string | null): InboxViewName {
  return param === 'me' || param === 'unassigned' ? param : 'all';
}

/**
 * Whether I may claim, release or hand over a case's waiting step, as the workflow decides it: when nobody
 * has it, when I have it, or when I am a supervisor (of the country whose step it is; the server checks
 * that). Anyone else's request would only be refused, so they are not offered the buttons.
 */
export function mayChangeAssignment(assignee: string | undefined, me: { id: string; role: string }): boolean {
  return assignee === undefined || assignee === me.id || me.role === 'supervisor';
}
