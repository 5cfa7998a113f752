import { describe, expect, it } from 'vitest';
import { manifestCsv } from './manifestCsv';

describe('manifest CSV', () => {
  it('writes one row per person with the header first, values in words, cells quoted where needed', () => {
    const text = manifestCsv(
      [
        { caseId: 'case-MM-2025-AAAAAAAAAA', status: 'blocked', stage: 'approvals', blockedOn: 'approvals: supervisor:CN, supervisor:TH' },
        { caseId: 'case-MM-2025-BBBBBBBBBB', status: 'scheduled', stage: 'scheduling', flightId: 'F01' },
      ],
      { column: (c) => c.toUpperCase(), value: (c, v) => `${c}=${v}` },
    );
    expect(text.startsWith('\ufeff')).toBe(true);
    expect(text.slice(1).split('\r\n')).toEqual([
      'CASE,STATUS,STAGE,OUTCOME,WAITINGON,FLIGHT,EXCEPTION,LEFTOUT',
      'case-MM-2025-AAAAAAAAAA,status=blocked,stage=approvals,,"approvals: supervisor:CN, supervisor:TH",,,',
      'case-MM-2025-BBBBBBBBBB,status=scheduled,stage=scheduling,,,F01,,',
      '',
    ]);
  });
});
