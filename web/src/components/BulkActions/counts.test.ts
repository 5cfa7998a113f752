import { describe, expect, it } from 'vitest';
import { countsOf } from './BulkResultList';

describe('bulk result counts', () => {
  it('counts each status in the order given, leaves out what did not happen and marks the problems', () => {
    const rows = [{ status: 'refused' }, { status: 'added' }, { status: 'added' }, { status: 'not-found' }] as const;
    const counts = countsOf(rows, ['added', 'already-in-manifest', 'refused', 'not-found'], (status, n) => `${n} ${status}`, ['refused', 'not-found']);
    expect(counts).toEqual([
      { label: '2 added', problem: false },
      { label: '1 refused', problem: true },
      { label: '1 not-found', problem: true },
    ]);
  });

  it('says nothing for an empty answer', () => {
    expect(countsOf([] as { status: 'scheduled' }[], ['scheduled'], (s, n) => `${n} ${s}`, [])).toEqual([]);
  });
});
