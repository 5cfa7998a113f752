import { describe, expect, it } from 'vitest';
import {
  FILTER_KEYS,
  countActiveFilters,
  emptyFilters,
  filterIdentity,
  pageSizeNumber,
  readFilters,
  readPageSize,
  toSearchParams,
  validateQuery,
} from './filters';
import { currentToken, nextPage, pageNumber, previousPage, rowRange, startTrail, trailFor } from './paging';
import { emptySelection, pageState, selectionFor, toggle, togglePage, without } from './selection';
import { parseWaitingOn } from './waiting';

describe('URL ⇄ filters', () => {
  it('knows every filter of the list query and none of its paging', () => {
    expect(FILTER_KEYS).toEqual(
      expect.arrayContaining([
        'stage', 'track', 'outcome', 'custodialCountry', 'receivingCountry', 'transitCountry', 'operation', 'overdue',
        'legalDeadlineWithinDays', 'waitingOnMe', 'registeredFrom', 'registeredTo', 'assigned', 'search',
      ]),
    );
    expect(FILTER_KEYS).not.toContain('pageSize');
    expect(FILTER_KEYS).not.toContain('pageToken');
  });

  it('reads the filters of a deep link and ignores what is not a filter', () => {
    const values = readFilters(new URLSearchParams('stage=approvals&custodialCountry=KH&utm=x&pageToken=abc.def'));
    expect(values.stage).toBe('approvals');
    expect(values.custodialCountry).toBe('KH');
    expect(values.track).toBe('');
    expect(Object.keys(values).sort()).toEqual([...FILTER_KEYS].sort());
  });

  it('writes only the filters that are set, trimmed, and the page size unless it is the default', () => {
    const values = { ...emptyFilters(), search: '  case-KH-2026-ABCDEF ', overdue: 'true', stage: '' };
    expect(toSearchParams(values, '20').toString()).toBe('overdue=true&search=case-KH-2026-ABCDEF');
    expect(toSearchParams(values, '50').get('pageSize')).toBe('50');
    expect(countActiveFilters(values)).toBe(2);
  });

  it('round-trips: the URL written for a set of filters reads back as the same filters', () => {
    const values = {
      ...emptyFilters(),
      stage: 'approvals',
      track: 'extradition',
      receivingCountry: 'CN',
      legalDeadlineWithinDays: '3',
      registeredFrom: '2026-01-01',
      registeredTo: '2026-01-31',
      assigned: 'unassigned',
      waitingOnMe: 'true',
    };
    const params = toSearchParams(values, '100');
    expect(readFilters(params)).toEqual(values);
    expect(readPageSize(params)).toBe('100');
  });

  it('gives the same identity to the same filters in any order, and a new one when a filter changes', () => {
    const a = readFilters(new URLSearchParams('stage=approvals&track=deportation'));
    const b = readFilters(new URLSearchParams('track=deportation&stage=approvals&pageSize=50'));
    expect(filterIdentity(a)).toBe(filterIdentity(b));
    expect(filterIdentity({ ...a, stage: 'screening' })).not.toBe(filterIdentity(a));
  });
});

describe('checking a URL with the contract', () => {
  it('passes good values on as written', () => {
    const check = validateQuery(readFilters(new URLSearchParams('stage=approvals&overdue=false&legalDeadlineWithinDays=2.5')), '50');
    expect(check).toEqual({ ok: true, params: { stage: 'approvals', overdue: 'false', legalDeadlineWithinDays: '2.5', pageSize: '50' } });
  });

  it('names each bad filter with the kind of message it gets', () => {
    const check = validateQuery(
      readFilters(new URLSearchParams('stage=nonsense&custodialCountry=XX&legalDeadlineWithinDays=abc&search=has%20space&operation=-x&registeredFrom=2026-13-01')),
      '1000',
    );
    expect(check.ok).toBe(false);
    if (check.ok) return;
    const byField = Object.fromEntries(check.errors.map((e) => [e.field, e.kind]));
    expect(byField).toEqual({
      stage: 'option',
      custodialCountry: 'option',
      legalDeadlineWithinDays: 'days',
      search: 'search',
      operation: 'operation',
      registeredFrom: 'date',
      pageSize: 'pageSize',
    });
    for (const e of check.errors) expect(e.message).not.toBe('');
  });

  it('refuses a "registered to" before "registered from", on the "to" field, even beside other bad values', () => {
    const check = validateQuery({ ...emptyFilters(), registeredFrom: '2026-02-01', registeredTo: '2026-01-01' });
    expect(check).toEqual({ ok: false, errors: [expect.objectContaining({ field: 'registeredTo', kind: 'dateOrder' })] });
    const both = validateQuery({ ...emptyFilters(), stage: 'nonsense', registeredFrom: '2026-02-01', registeredTo: '2026-01-01' });
    expect(both.ok ? [] : both.errors.map((e) => [e.field, e.kind])).toEqual([['stage', 'option'], ['registeredTo', 'dateOrder']]);
  });

  it('refuses more clock days than the contract allows, and a yes/no flag that is neither', () => {
    const check = validateQuery({ ...emptyFilters(), legalDeadlineWithinDays: '400', overdue: 'maybe' });
    expect(check.ok).toBe(false);
    if (check.ok) return;
    expect(check.errors.map((e) => [e.field, e.kind]).sort()).toEqual([['legalDeadlineWithinDays', 'days'], ['overdue', 'option']]);
  });

  it('reads a page size only from a valid number', () => {
    expect(pageSizeNumber('')).toBe(20);
    expect(pageSizeNumber('50')).toBe(50);
    expect(pageSizeNumber('x')).toBe(20);
  });
});

describe('paging by tokens', () => {
  it('goes forward with the server token and back through the tokens seen', () => {
    let trail = startTrail('stage=approvals');
    expect([pageNumber(trail), currentToken(trail)]).toEqual([1, undefined]);
    trail = nextPage(trail, 'tok2');
    trail = nextPage(trail, 'tok3');
    expect([pageNumber(trail), currentToken(trail)]).toEqual([3, 'tok3']);
    trail = previousPage(trail);
    expect([pageNumber(trail), currentToken(trail)]).toEqual([2, 'tok2']);
    expect(previousPage(previousPage(trail))).toEqual(startTrail('stage=approvals'));
  });

  it('starts again at page 1 when the filters change', () => {
    const trail = nextPage(startTrail('a'), 'tok2');
    expect(trailFor(trail, 'a')).toBe(trail);
    expect(pageNumber(trailFor(trail, 'b'))).toBe(1);
  });

  it('numbers the rows of a page', () => {
    expect(rowRange(1, 20, 20)).toEqual({ from: 1, to: 20 });
    expect(rowRange(3, 50, 7)).toEqual({ from: 101, to: 107 });
  });
});

describe('selection', () => {
  it('is kept across pages of the same filters and dropped when they change', () => {
    let s = toggle(emptySelection('a'), 'c1', true);
    s = togglePage(s, ['c2', 'c3'], true);
    expect([...selectionFor(s, 'a').ids].sort()).toEqual(['c1', 'c2', 'c3']);
    expect(selectionFor(s, 'b').ids.size).toBe(0);
  });

  it('tells the select-all box whether all, some or none of the page is selected', () => {
    const s = toggle(emptySelection('a'), 'c1', true);
    expect(pageState(s, ['c1', 'c2'])).toBe('some');
    expect(pageState(togglePage(s, ['c1', 'c2'], true), ['c1', 'c2'])).toBe('all');
    expect(pageState(togglePage(s, ['c1', 'c2'], false), ['c1', 'c2'])).toBe('none');
    expect(without(togglePage(s, ['c1', 'c2'], true), ['c1']).ids).toEqual(new Set(['c2']));
  });
});

describe('waiting on', () => {
  it('reads the keywords of the list', () => {
    expect(parseWaitingOn('supervisor:TH')).toEqual({ kind: 'person', role: 'supervisor', country: 'TH' });
    expect(parseWaitingOn('timer:take-over')).toEqual({ kind: 'timer', clock: 'take-over' });
    expect(parseWaitingOn('activity:notify')).toEqual({ kind: 'activity' });
    expect(parseWaitingOn('pilot:XX')).toEqual({ kind: 'other', keyword: 'pilot:XX' });
  });
});
