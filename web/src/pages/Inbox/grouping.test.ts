import { describe, expect, it } from 'vitest';
import { groupByAction, inboxViewOf, mayChangeAssignment } from './grouping';

describe('groupByAction', () => {
  it('groups by the route segment of the action, in order of the most urgent case of each group', () => {
    const items = [
      { caseId: 'a', action: 'decideApproval' },
      { caseId: 'b', action: 'recordScreening' },
      { caseId: 'c', action: 'decideApproval' },
      { caseId: 'd' },
    ];
    const groups = groupByAction(items);
    expect(groups.map((g) => g.segment)).toEqual(['approvals', 'screening', undefined]);
    expect(groups[0].items.map((i) => i.caseId)).toEqual(['a', 'c']);
    expect(groups[2].items.map((i) => i.caseId)).toEqual(['d']);
  });

  it('puts an action without a route segment with the cases that name none', () => {
    const groups = groupByAction([{ action: 'joinOperation' }, {}]);
    expect(groups).toHaveLength(1);
    expect(groups[0].segment).toBeUndefined();
  });

  it('is empty for an empty inbox', () => {
    expect(groupByAction([])).toEqual([]);
  });
});

describe('inboxViewOf', () => {
  it('reads me and unassigned, and anything else as all', () => {
    expect(inboxViewOf('me')).toBe('me');
    expect(inboxViewOf('unassigned')).toBe('unassigned');
    expect(inboxViewOf(null)).toBe('all');
    expect(inboxViewOf('ME')).toBe('all');
  });
});

describe('mayChangeAssignment', () => {
  const officer = { id: 'th-officer-1', role: 'officer' };
  it('offers the assignment to anyone when nobody has it, and to the assignee', () => {
    expect(mayChangeAssignment(undefined, officer)).toBe(true);
    expect(mayChangeAssignment('th-officer-1', officer)).toBe(true);
    expect(mayChangeAssignment('th-legal-1', { id: 'th-legal-1', role: 'legal' })).toBe(true);
  });
  it("does not offer someone else's assignment, except to a supervisor", () => {
    expect(mayChangeAssignment('th-officer-2', officer)).toBe(false);
    expect(mayChangeAssignment('th-officer-2', { id: 'th-legal-1', role: 'legal' })).toBe(false);
    expect(mayChangeAssignment('th-officer-2', { id: 'th-supervisor-1', role: 'supervisor' })).toBe(true);
  });
});
