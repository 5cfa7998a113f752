/**
 * What the Case page reads out of a case view beyond its plain fields: the chain of custody as hops,
 * which legal-review step the case allows now, where a rejection may send it, which legal clocks an
 * extension can name. Pure, so the rules the page offers are tested without a browser.
 */
import { LEGAL_CLOCKS, type LegalClockName } from '../../../../domain/clocks';
import { RETURNABLE_STAGES, type CustodyEventKind, type ReturnableStage } from '../../../../domain/case';
import type { Country } from '../../../../domain/people';
import type { CaseView } from '../../queries/case';

type CustodyRecord = CaseView['custodyEvents'][number];

export interface CustodyHop {
  event: CustodyEventKind;
  country: Country;
  /** The recorded event, once it is. */
  recorded?: CustodyRecord;
  /** The hop the transfer waits on now. */
  expected: boolean;
}

/** Every hop of the transfer in order: released by custodial, in and out of each transit country, received. */
export function custodyChain(view: Pick<CaseView, 'custodialCountry' | 'receivingCountry' | 'transitCountries' | 'custodyEvents' | 'expectedCustodyEvent'>): CustodyHop[] {
  const steps: { event: CustodyEventKind; country: Country }[] = [
    { event: 'released-by-custodial', country: view.custodialCountry },
    ...view.transitCountries.flatMap((country) => [
      { event: 'entered-transit' as const, country },
      { event: 'left-transit' as const, country },
    ]),
    { event: 'received-by-receiving', country: view.receivingCountry },
  ];
  const expected = view.expectedCustodyEvent;
  return steps.map((step) => ({
    ...step,
    recorded: view.custodyEvents.find((e) => e.event === step.event && e.country === step.country),
    expected: expected !== undefined && expected.event === step.event && expected.country === step.country,
  }));
}

export type LegalReviewStepName = 'formal-request' | 'court-decision' | 'executive-decision';

/**
 * The extradition steps that can be recorded now, in the order of the law: the formal request (and
 * supplementary documents until the court decides), the court once every listed document arrived,
 * the executive after a court found the person extraditable.
 */
export function possibleLegalSteps(review: CaseView['legalReview']): LegalReviewStepName[] {
  const steps: LegalReviewStepName[] = [];
  if (!review?.courtDecision) steps.push('formal-request');
  if (review?.formalRequest && !review.courtDecision && review.formalRequest.documents.every((d) => d.received)) steps.push('court-decision');
  if (review?.courtDecision?.decision === 'extraditable' && !review.executiveDecision) steps.push('executive-decision');
  return steps;
}

/** The step to offer first: the furthest one the case allows (a supplementary request stays selectable). */
export function defaultLegalStep(review: CaseView['legalReview']): LegalReviewStepName | undefined {
  const steps = possibleLegalSteps(review);
  return steps[steps.length - 1];
}

/** Stages a rejection may return this case to: those its track passes through (legal review: extradition only). */
export function returnableStages(track: CaseView['track']): ReturnableStage[] {
  return RETURNABLE_STAGES.filter((stage) => stage !== 'legal-review' || track === 'extradition');
}

/** A clock's name without the country a transit stop carries (`transit-stop:TH`). */
export function clockBaseName(name: string): string {
  return name.split(':')[0] ?? name;
}

/** The country part of a clock name, if any. */
export function clockCountry(name: string): string | undefined {
  return name.split(':')[1];
}

/** Legal clocks running now: the only ones a legal decision can extend. */
export function runningLegalClocks(clocks: CaseView['clocks']): LegalClockName[] {
  const names = clocks.filter((c) => c.kind === 'legal' && c.status === 'running').map((c) => clockBaseName(c.name));
  return LEGAL_CLOCKS.filter((name) => names.includes(name));
}
