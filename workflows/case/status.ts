/**
 * What the case waits on and how it shows up in visibility, derived from the state alone. The workflow's
 * status function calls `searchAttributeValues` after every change and upserts all of them.
 */
import type { SearchAttributeUpdatePair } from '@temporalio/common';
import { waitingOnKeyword, type WaitingOn } from '../../domain/case';
import { SA } from '../../domain/search-attributes';
import type { Country } from '../../domain/people';
import { isOverdue, nextDeadline, nextLegalDeadline } from './clocks';
import { expectedCustodyStep } from './custody';
import { isClosed, type CaseState } from './state';

export function waitingOn(state: CaseState): WaitingOn[] {
  const people = state.hold && !isClosed(state) ? [holdWait(state.hold)] : stepWaits(state);
  return state.notificationsRetrying > 0 ? [...people, { kind: 'activity', activity: 'notify' }] : people;
}

/** A person the case waits on: who (role, country) and for which action. */
export type PersonWait = Extract<WaitingOn, { kind: 'person' }>;

/** `officer:KH:recordScreening`: one person wait, as an assignment remembers what it is for. */
export function personWaitKey(w: PersonWait): string {
  return `${waitingOnKeyword(w)}:${w.action}`;
}

function holdWait(hold: NonNullable<CaseState['hold']>): PersonWait {
  return { kind: 'person', role: hold.role, country: hold.country, action: 'resumeFromHold' };
}

/**
 * The waits an assignment may be for: the people the current step waits on, and during a legal hold also
 * whoever lifts it. A hold pauses the step without finishing it, so a claim on the step outlives the hold.
 */
export function claimableWaits(state: CaseState): PersonWait[] {
  const step = stepWaits(state).filter((w): w is PersonWait => w.kind === 'person');
  return state.hold && !isClosed(state) ? [holdWait(state.hold), ...step] : step;
}

/** What the current step waits on, a legal hold aside. */
function stepWaits(state: CaseState): WaitingOn[] {
  const reg = state.input.registration;
  const custodial = reg.custodialCountry;
  switch (state.stage) {
    case 'closed':
    case 'registered':
      return [];
    case 'screening':
      return state.refoulementReview?.status === 'pending'
        ? [{ kind: 'person', role: 'legal', country: custodial, action: 'decideRefoulement' }]
        : [{ kind: 'person', role: 'officer', country: custodial, action: 'recordScreening' }];
    case 'identity-verification':
      return [{ kind: 'person', role: 'officer', country: reg.receivingCountry, action: 'recordVerification' }];
    case 'legal-review':
      return [{ kind: 'person', role: 'legal', country: custodial, action: 'recordLegalReview' }];
    case 'approvals':
      return state.approvals
        .filter((a) => a.status === 'pending')
        .map((a) => ({ kind: 'person', role: 'supervisor', country: a.country, action: 'decideApproval' }));
    case 'scheduling':
      if (!state.schedule) return [{ kind: 'person', role: 'officer', country: custodial, action: 'scheduleHandover' }];
      // Agreed: the custodial country releases the person on the date, and the take-over clock runs.
      return [
        { kind: 'person', role: 'officer', country: custodial, action: 'recordCustodyEvent' },
        { kind: 'timer', clock: 'take-over' },
      ];
    case 'in-transfer': {
      const next = expectedCustodyStep(state);
      const list: WaitingOn[] = next ? [{ kind: 'person', role: 'officer', country: next.country, action: 'recordCustodyEvent' }] : [];
      if (state.legalClocks['transit-stop']?.status === 'running') list.push({ kind: 'timer', clock: 'transit-stop' });
      return list;
    }
  }
}

/** Countries whose people must act now (the audience of reminders and escalations). */
export function actingCountries(state: CaseState): Country[] {
  const countries = waitingOn(state).flatMap((w) => (w.kind === 'person' ? [w.country] : []));
  return [...new Set(countries)];
}

export function involvedCountries(state: CaseState): Country[] {
  const reg = state.input.registration;
  return [...new Set([reg.custodialCountry, reg.receivingCountry, ...reg.transitCountries])];
}

/** Every custom search attribute the workflow owns (requestKey belongs to the API and is left alone). */
export function searchAttributeValues(state: CaseState): SearchAttributeUpdatePair[] {
  const reg = state.input.registration;
  const deadline = nextDeadline(state);
  const legalDeadline = nextLegalDeadline(state);
  const waiting = [...new Set(waitingOn(state).map(waitingOnKeyword))];
  return [
    { key: SA.stage, value: state.stage },
    { key: SA.outcome, value: state.outcome ?? null },
    { key: SA.track, value: reg.track },
    { key: SA.custodialCountry, value: reg.custodialCountry },
    { key: SA.receivingCountry, value: reg.receivingCountry },
    { key: SA.operationId, value: state.operationId ?? null },
    { key: SA.transitCountries, value: reg.transitCountries.length > 0 ? [...reg.transitCountries] : null },
    { key: SA.countries, value: involvedCountries(state) },
    { key: SA.waitingOn, value: waiting.length > 0 ? waiting : null },
    { key: SA.nextDeadline, value: deadline !== undefined ? new Date(deadline) : null },
    { key: SA.nextLegalDeadline, value: legalDeadline !== undefined ? new Date(legalDeadline) : null },
    { key: SA.overdue, value: isOverdue(state) },
    // Only cases that were ever assigned carry it, so cases that never were upsert what they always did.
    ...(state.assignmentTouched ? [{ key: SA.assignee, value: state.assignment?.assignee ?? null }] : []),
  ];
}

/** One attribute's value as a comparable string (a Date by its instant; absent and null alike). */
export function attributeValueKey(value: unknown): string {
  return JSON.stringify(value instanceof Date ? value.getTime() : (value ?? null));
}

/** A comparable fingerprint, so an unchanged set of attributes is not upserted again. */
export function fingerprint(pairs: SearchAttributeUpdatePair[]): string {
  return JSON.stringify(pairs.map((p) => [p.key.name, p.value instanceof Date ? p.value.getTime() : p.value]));
}
