import { describe, expect, it } from 'vitest';
import { groupByAction, inboxViewOf } from './grouping';

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
