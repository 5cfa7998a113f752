import { describe, expect, it } from 'vitest';
import { parseWaitingOn } from './waitingOn';

describe('parseWaitingOn', () => {
  it('reads a role of a country', () => {
    expect(parseWaitingOn('supervisor:TH')).toEqual({ kind: 'person', role: 'supervisor', country: 'TH' });
  });
  it('reads a legal clock and an activity being retried', () => {
    expect(parseWaitingOn('timer:take-over')).toEqual({ kind: 'timer', clock: 'take-over' });
    expect(parseWaitingOn('activity:notify')).toEqual({ kind: 'activity', activity: 'notify' });
  });
  it('keeps a keyword it does not know as text', () => {
    expect(parseWaitingOn('supervisor:XX')).toEqual({ kind: 'other', text: 'supervisor:XX' });
    expect(parseWaitingOn('timer:something-new')).toEqual({ kind: 'other', text: 'timer:something-new' });
    expect(parseWaitingOn('activity:')).toEqual({ kind: 'other', text: 'activity:' });
  });
});
