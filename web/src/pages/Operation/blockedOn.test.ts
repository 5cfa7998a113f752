import { describe, expect, it } from 'vitest';
import { parseBlockedOn } from './blockedOn';

describe('parseBlockedOn', () => {
  it('reads a stage and what it waits on', () => {
    expect(parseBlockedOn('approvals: supervisor:TH')).toEqual({ stage: 'approvals', on: { kind: 'person', role: 'supervisor', country: 'TH' } });
    expect(parseBlockedOn('scheduling: timer:take-over')).toEqual({ stage: 'scheduling', on: { kind: 'timer', clock: 'take-over' } });
  });
  it('leaves a sentence of the server as it is', () => {
    expect(parseBlockedOn('the case cannot be read')).toBeUndefined();
    expect(parseBlockedOn('unknown stage: supervisor:TH')).toBeUndefined();
    expect(parseBlockedOn('approvals: something new')).toBeUndefined();
  });
});
