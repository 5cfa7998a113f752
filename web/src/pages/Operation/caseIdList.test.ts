import { describe, expect, it } from 'vitest';
import { caseIdsIn } from './caseIdList';

describe('case ids in pasted text', () => {
  it('reads ids one per line, separated by commas or spaces, each once and in order', () => {
    expect(caseIdsIn('case-MM-2025-ABCDEFGHIJ\ncase-MM-2025-BBCDEFGHIJ, case-MM-2025-ABCDEFGHIJ case-TH-2026-ZZZZZZ')).toEqual([
      'case-MM-2025-ABCDEFGHIJ',
      'case-MM-2025-BBCDEFGHIJ',
      'case-TH-2026-ZZZZZZ',
    ]);
  });
  it('reads the case id column of a CSV and ignores other text', () => {
    expect(caseIdsIn('row,caseId,status\n1,case-KH-2026-ABCDEFGHIJ,registered\n2,,refused\n')).toEqual(['case-KH-2026-ABCDEFGHIJ']);
    expect(caseIdsIn('case-XX-2026-ABCDEFGHIJ nothing here')).toEqual([]);
  });
});
