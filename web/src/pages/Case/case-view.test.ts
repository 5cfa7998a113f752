import { describe, expect, it } from 'vitest';
import { clockBaseName, custodyChain, defaultLegalStep, possibleLegalSteps, returnableStages, runningLegalClocks } from './case-view';

const at = '2026-03-01T08:00:00.000Z';

describe('custodyChain', () => {
  const route = { custodialCountry: 'MM', receivingCountry: 'CN', transitCountries: ['TH'] } as const;

  it('lists every hop in order, transit countries in and out', () => {
    const hops = custodyChain({ ...route, transitCountries: [...route.transitCountries], custodyEvents: [], expectedCustodyEvent: undefined });
    expect(hops.map((h) => `${h.event}:${h.country}`)).toEqual(['released-by-custodial:MM', 'entered-transit:TH', 'left-transit:TH', 'received-by-receiving:CN']);
    expect(hops.some((h) => h.expected || h.recorded)).toBe(false);
  });

  it('marks recorded hops and the expected next one', () => {
    const hops = custodyChain({
      ...route,
      transitCountries: ['TH'],
      custodyEvents: [{ event: 'released-by-custodial', country: 'MM', at, by: 'mm-officer-1' }],
      expectedCustodyEvent: { event: 'entered-transit', country: 'TH' },
    });
    expect(hops[0]).toMatchObject({ recorded: { by: 'mm-officer-1' }, expected: false });
    expect(hops[1]).toMatchObject({ expected: true, recorded: undefined });
    expect(hops.filter((h) => h.expected)).toHaveLength(1);
  });

  it('goes straight from custodial to receiving without transit', () => {
    const hops = custodyChain({ custodialCountry: 'KH', receivingCountry: 'CN', transitCountries: [], custodyEvents: [], expectedCustodyEvent: { event: 'released-by-custodial', country: 'KH' } });
    expect(hops.map((h) => h.event)).toEqual(['released-by-custodial', 'received-by-receiving']);
    expect(hops[0]?.expected).toBe(true);
  });
});

describe('possibleLegalSteps', () => {
  it('starts with the formal request', () => {
    expect(possibleLegalSteps(undefined)).toEqual(['formal-request']);
    expect(possibleLegalSteps({})).toEqual(['formal-request']);
    expect(defaultLegalStep(undefined)).toBe('formal-request');
  });

  it('waits for every listed document before the court decides', () => {
    const missing = { formalRequest: { reference: 'FR-1', at, documents: [{ name: 'warrant', received: true }, { name: 'evidence', received: false }] } };
    expect(possibleLegalSteps(missing)).toEqual(['formal-request']);
    const complete = { formalRequest: { ...missing.formalRequest, documents: [{ name: 'warrant', received: true }] } };
    expect(possibleLegalSteps(complete)).toEqual(['formal-request', 'court-decision']);
    expect(defaultLegalStep(complete)).toBe('court-decision');
  });

  it('offers the executive decision only after an extraditable court decision', () => {
    const formalRequest = { reference: 'FR-1', at, documents: [{ name: 'warrant', received: true }] };
    expect(possibleLegalSteps({ formalRequest, courtDecision: { decision: 'extraditable', reference: 'C-1', at } })).toEqual(['executive-decision']);
    expect(possibleLegalSteps({ formalRequest, courtDecision: { decision: 'not-extraditable', reference: 'C-1', at } })).toEqual([]);
    expect(
      possibleLegalSteps({ formalRequest, courtDecision: { decision: 'extraditable', reference: 'C-1', at }, executiveDecision: { decision: 'granted', reference: 'E-1', at } }),
    ).toEqual([]);
    expect(defaultLegalStep({ formalRequest, courtDecision: { decision: 'not-extraditable', reference: 'C-1', at } })).toBeUndefined();
  });
});

describe('returnableStages', () => {
  it('returns a deportation case only to stages it passed', () => {
    expect(returnableStages('deportation')).toEqual(['screening', 'identity-verification']);
    expect(returnableStages('extradition')).toEqual(['screening', 'identity-verification', 'legal-review']);
  });
});

describe('clocks', () => {
  const clock = (name: string, kind: 'legal' | 'working', status: 'running' | 'stopped') => ({ name, kind, status, consequence: '' });

  it('extends only running legal clocks, by their base name', () => {
    expect(clockBaseName('transit-stop:TH')).toBe('transit-stop');
    expect(
      runningLegalClocks([clock('immigration-detention', 'legal', 'running'), clock('take-over', 'legal', 'stopped'), clock('sla:screening', 'working', 'running'), clock('transit-stop:TH', 'legal', 'running')]),
    ).toEqual(['immigration-detention', 'transit-stop']);
  });
});
