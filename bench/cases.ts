/**
 * Cases for the benchmarks: invented registrations, the steps of a full lifecycle with the role and
 * country that takes each one, and two drivers that play every role:
 *
 * - ApiDriver: real HTTP against the API, one token per role and country (what users do);
 * - RawDriver: the Temporal client alone, starting the case workflow and sending the same updates
 *   with the same payloads and update ids the API would (the baseline the API is compared with).
 */
import { randomUUID } from 'node:crypto';
import type { Client, WorkflowHandle, WorkflowStartOptions } from '@temporalio/client';
import type { SearchAttributePair } from '@temporalio/common';
import { deriveCaseId, registrationHash } from '../api/case-ids';
import {
  CASE_WORKFLOW_TYPE,
  caseWorkflowId,
  type ActionResult,
  type CaseInput,
  type CaseRegistration,
  type CaseView,
} from '../domain/case';
import { caseViewQuery, decideApprovalUpdate, recordCustodyEventUpdate, recordScreeningUpdate, recordVerificationUpdate, scheduleHandoverUpdate } from '../domain/case-messages';
import { resolveClocks, type CaseClocks } from '../domain/clocks';
import type { Actor, Country, Role } from '../domain/people';
import { findTreatyProfile } from '../domain/treaty-profiles';
import { startSearchAttributes } from '../workflows/case/transition';
import { expectOk, sleep, Tokens, type HttpAnswer, type HttpClient } from './lib';

export interface Route {
  custodial: Country;
  receiving: Country;
  transit: Country[];
}

/** Cambodia → China: the common direct deportation. */
export const KH_CN: Route = { custodial: 'KH', receiving: 'CN', transit: [] };
/** Myanmar → Thailand → China: three approval slots (release, transit consent, accept). */
export const MM_TH_CN: Route = { custodial: 'MM', receiving: 'CN', transit: ['TH'] };

const RUN = randomUUID().slice(0, 8).toUpperCase();
let serial = 0;

export function requestId(): string {
  serial += 1;
  return `bench-${RUN}-${serial}`;
}

/** An invented arrest with a fresh external reference (so a fresh case id). No real person. */
export function registration(route: Route): CaseRegistration {
  serial += 1;
  return {
    track: 'deportation',
    person: {
      fullName: `Bench Person ${serial}`,
      otherNames: ['B. P.'],
      birthDate: '1990-04-17',
      sex: 'male',
      claimedNationality: route.receiving,
      documents: [{ type: 'passport', number: `E${String(serial).padStart(8, '0')}`, issuingCountry: route.receiving }],
    },
    custodialCountry: route.custodial,
    receivingCountry: route.receiving,
    transitCountries: [...route.transit],
    arrest: {
      time: new Date(Date.now() - 3_600_000).toISOString(),
      place: 'Bench compound',
      agency: 'Bench immigration police',
      operation: `OP-BENCH-${RUN}`,
    },
    custodyStatus: 'detention',
    charges: ['telecom fraud'],
    externalReference: `BENCH-${RUN}-${serial}`,
  };
}

export function actorFor(role: Role, country: Country): Actor {
  return { id: Tokens.subject(role, country), role, country };
}

/**
 * The workflow input the API builds for a registration (api/case-service.ts `register`), with the
 * treaty profile's clocks at `dayMs`; `adjust` may shorten clocks (the overdue benchmark).
 */
export function caseInputFor(reg: CaseRegistration, dayMs: number, adjust?: (clocks: CaseClocks) => void): CaseInput {
  const profile = findTreatyProfile(reg.track, reg.custodialCountry, reg.receivingCountry);
  const clocks = resolveClocks(profile, dayMs);
  adjust?.(clocks);
  return {
    caseId: deriveCaseId(reg),
    registration: reg,
    registeredBy: actorFor('officer', reg.custodialCountry),
    registeredAt: new Date().toISOString(),
    clocks,
    profileId: profile.id,
    requestHash: registrationHash(reg),
  };
}

/** The start options the API uses; the search attributes are CaseService's initialSearchAttributes (the registered state's). */
export function startOptions(input: CaseInput, taskQueue: string): WorkflowStartOptions<(input: CaseInput) => Promise<CaseView>> {
  const typedSearchAttributes: SearchAttributePair[] = startSearchAttributes(input);
  return {
    taskQueue,
    workflowId: caseWorkflowId(input.caseId),
    args: [input],
    workflowIdReusePolicy: 'REJECT_DUPLICATE',
    workflowIdConflictPolicy: 'FAIL',
    typedSearchAttributes,
  };
}

// ---------------------------------------------------------------------------------------------
// The lifecycle: every action from screening to handed-over, with who takes it
// ---------------------------------------------------------------------------------------------

export interface Step {
  /** API path segment under /cases/{caseId}/. */
  segment: string;
  /** The workflow update the API sends for it. */
  update: string;
  role: Role;
  country: Country;
  body: Record<string, unknown>;
}

export function screeningStep(route: Route): Step {
  return { segment: 'screening', update: recordScreeningUpdate.name, role: 'officer', country: route.custodial, body: { result: 'cleared' } };
}

export function verificationStep(route: Route): Step {
  return {
    segment: 'verification',
    update: recordVerificationUpdate.name,
    role: 'officer',
    country: route.receiving,
    body: { result: 'confirmed', reference: `CONSULAR-${route.receiving}-BENCH` },
  };
}

export function approvalStep(country: Country): Step {
  return { segment: 'approvals', update: decideApprovalUpdate.name, role: 'supervisor', country, body: { decision: 'approve' } };
}

/** Approval slots in the order the case lists them: release, accept, transit consents. */
export function approvalCountries(route: Route): Country[] {
  return [route.custodial, route.receiving, ...route.transit];
}

function custodyStep(country: Country, event: string, extra: Record<string, unknown> = {}): Step {
  return { segment: 'custody-events', update: recordCustodyEventUpdate.name, role: 'officer', country, body: { event, country, ...extra } };
}

/** Screening → verification → every approval → schedule → custody events → handed-over. */
export function lifecycleSteps(route: Route): Step[] {
  return [
    screeningStep(route),
    verificationStep(route),
    ...approvalCountries(route).map(approvalStep),
    {
      segment: 'schedule',
      update: scheduleHandoverUpdate.name,
      role: 'officer',
      country: route.custodial,
      body: {
        agreedDate: new Date(Date.now() + 7 * 86_400_000).toISOString(),
        handoverPoint: 'Bench border checkpoint',
        transport: 'land',
        escort: 'Bench police escort',
      },
    },
    custodyStep(route.custodial, 'released-by-custodial'),
    ...route.transit.flatMap((t) => [custodyStep(t, 'entered-transit'), custodyStep(t, 'left-transit')]),
    custodyStep(route.receiving, 'received-by-receiving', { identityRechecked: true }),
  ];
}

// ---------------------------------------------------------------------------------------------
// Drivers
// ---------------------------------------------------------------------------------------------

/**
 * Plays every role through the HTTP API. A 503 (Temporal did not answer within the API's deadline) is
 * retried with the same body, as a client following Retry-After would; the repeat is idempotent (same
 * derived case id, same request id). Retries are counted and their time counts against the API.
 */
export class ApiDriver {
  /** 503 answers that were retried. */
  unavailable = 0;

  constructor(
    readonly http: HttpClient,
    readonly tokens: Tokens,
    private readonly attempts = 5,
  ) {}

  private async post(urlPath: string, token: string, body: unknown, what: string): Promise<HttpAnswer> {
    for (let attempt = 1; ; attempt++) {
      const answer = await this.http.request('POST', urlPath, token, body);
      if (answer.status !== 503 || attempt >= this.attempts) return expectOk(answer, what);
      this.unavailable += 1;
      await sleep(200);
    }
  }

  async register(reg: CaseRegistration): Promise<CaseView> {
    const token = await this.tokens.get('officer', reg.custodialCountry);
    return (await this.post('/api/v1/cases', token, reg, 'POST /cases')).body as CaseView;
  }

  /** GET /cases/{id} as a monitor of the custodial country (a supervisor opening the case first). */
  async read(caseId: string, country: CaseRegistration['custodialCountry']): Promise<CaseView> {
    const token = await this.tokens.get('monitor', country);
    return expectOk(await this.http.request('GET', `/api/v1/cases/${caseId}`, token), 'GET case').body as CaseView;
  }

  async act(caseId: string, step: Step): Promise<CaseView> {
    const token = await this.tokens.get(step.role, step.country);
    const body = { requestId: requestId(), ...step.body };
    return (await this.post(`/api/v1/cases/${caseId}/${step.segment}`, token, body, `POST ${step.segment}`)).body as CaseView;
  }

  /** Registration → handed-over; throws unless the last answer shows the outcome. */
  async lifecycle(route: Route): Promise<string> {
    const { caseId } = await this.register(registration(route));
    let view: CaseView | undefined;
    for (const step of lifecycleSteps(route)) view = await this.act(caseId, step);
    if (view?.outcome !== 'handed-over') throw new Error(`case ${caseId} ended ${view?.outcome ?? view?.stage ?? '?'}`);
    return caseId;
  }
}

/** Plays every role with the Temporal client alone: the calls the API makes, without the API. */
export class RawDriver {
  constructor(
    readonly client: Client,
    readonly taskQueue: string,
    readonly dayMs: number,
  ) {}

  /** client.workflow.start with the API's input and options. */
  start(reg: CaseRegistration): Promise<WorkflowHandle> {
    const input = caseInputFor(reg, this.dayMs);
    return this.client.workflow.start(CASE_WORKFLOW_TYPE, startOptions(input, this.taskQueue));
  }

  /** The update alone, with the payload and update id the API would send. */
  act(handle: WorkflowHandle, step: Step): Promise<ActionResult> {
    const actor = actorFor(step.role, step.country);
    const payload = { requestId: requestId(), ...step.body, actor };
    return handle.executeUpdate<ActionResult, [unknown]>(step.update, {
      args: [payload],
      updateId: `${step.update}:${actor.id}:${payload.requestId}`,
    });
  }

  /** What the API asks of Temporal for an action on a case it has seen: the update, whose result carries the view. */
  async actLikeApi(handle: WorkflowHandle, step: Step): Promise<CaseView> {
    const result = await this.act(handle, step);
    return result.view ?? handle.query(caseViewQuery);
  }

  async lifecycle(route: Route): Promise<string> {
    const handle = await this.start(registration(route));
    let result: ActionResult | undefined;
    for (const step of lifecycleSteps(route)) result = await this.act(handle, step);
    if (result?.outcome !== 'handed-over') throw new Error(`case ${handle.workflowId} ended ${result?.outcome ?? result?.stage ?? '?'}`);
    return handle.workflowId;
  }
}

/** Waits until every listed workflow has closed (untimed settling between rounds). */
export async function allClosed(client: Client, workflowIds: string[]): Promise<void> {
  await Promise.all(workflowIds.map((id) => client.workflow.getHandle(id).result()));
}
