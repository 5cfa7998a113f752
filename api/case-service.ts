/**
 * Everything the API asks of Temporal, scoped to the caller: registering a case, finding a case the
 * caller may see, reading it, acting on it, listing cases. Routes stay thin; this module owns the
 * Temporal calls, their deadlines and the country scoping.
 */
import {
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
  type Client,
  type WorkflowHandle,
} from '@temporalio/client';
import type { SearchAttributePair, TypedSearchAttributes } from '@temporalio/common';
import { decodeTypedSearchAttributes } from '@temporalio/common/lib/converter/payload-search-attributes';
import { optionalTsToDate } from '@temporalio/common/lib/time';
import {
  CASE_WORKFLOW_TYPE,
  OUTCOMES,
  STAGES,
  TRACKS,
  caseIdFromWorkflowId,
  caseWorkflowId,
  isCaseId,
  type CaseInput,
  type CaseView,
  type Outcome,
  type Stage,
  type TimelineEvent,
  type Track,
} from '../domain/case';
import { caseViewQuery, timelineQuery } from '../domain/case-messages';
import { resolveClocks } from '../domain/clocks';
import { COUNTRIES, isCountry, type Country } from '../domain/people';
import { SA } from '../domain/search-attributes';
import { findTreatyProfile } from '../domain/treaty-profiles';
import { registeredState, startSearchAttributes } from '../workflows/case/transition';
import { caseView } from '../workflows/case/view';
import { actorOf, type Caller } from './auth/claims';
import type { CaseActionRoute } from './case-actions';
import { deriveCaseId, idempotencyRequestKey, referenceKey, referenceKeyOfCaseId, registrationHash } from './case-ids';
import { CaseScopes } from './case-scopes';
import type { PageTokens } from './page-tokens';
import { HttpProblem } from './problem';
import type { CaseSummary } from '../contracts/case-view';
import { ClientIdSchema } from '../contracts/common';
import type { CaseListQuery } from '../contracts/list';
import type { RegistrationBody } from '../contracts/registration';

export interface CaseServiceOptions {
  client: Client;
  namespace: string;
  taskQueue: string;
  /** Length of one clock day in ms (HANDOVER_DAY_SECONDS * 1000). */
  dayMs: number;
  /** Deadline of one Temporal call made for a request. */
  deadlineMs: number;
  /** Deadline of the readiness probe. */
  readinessDeadlineMs: number;
  now: () => Date;
  /** Signs list page tokens (see page-tokens.ts). */
  pageTokens: PageTokens;
  /** How many cases' countries the scope cache holds (default in case-scopes.ts). */
  scopeCacheSize?: number;
}

type CaseWorkflow = (input: CaseInput) => Promise<unknown>;

/** A case the caller may see. */
export interface VisibleCase {
  caseId: string;
  handle: WorkflowHandle;
}

function countriesOf(registration: RegistrationBody): Country[] {
  return [...new Set([registration.custodialCountry, registration.receivingCountry, ...registration.transitCountries])];
}

export class CaseService {
  private readonly scopes: CaseScopes;

  constructor(private readonly options: CaseServiceOptions) {
    this.scopes = new CaseScopes(options.scopeCacheSize);
  }

  private get pageTokens(): PageTokens {
    return this.options.pageTokens;
  }

  private get client(): Client {
    return this.options.client;
  }

  private withDeadline<T>(fn: () => Promise<T>, ms = this.options.deadlineMs): Promise<T> {
    return this.client.withDeadline(Date.now() + ms, fn);
  }

  /** Answers when the namespace answers; throws the client's error otherwise. */
  async checkReady(): Promise<void> {
    await this.withDeadline(
      () => this.client.workflowService.describeNamespace({ namespace: this.options.namespace }),
      this.options.readinessDeadlineMs,
    );
  }

  // -------------------------------------------------------------------------------------------
  // Registration
  // -------------------------------------------------------------------------------------------

  /**
   * Starts the case workflow for a registration, or finds the one a repeated request already started.
   * `created` is false for a repeat: same Idempotency-Key and body, or the same arrest registered again
   * with an identical body.
   */
  async register(caller: Caller, registration: RegistrationBody, idempotencyKey?: string): Promise<{ view: CaseView; created: boolean }> {
    const requestHash = registrationHash(registration);
    const requestKey = idempotencyKey !== undefined ? idempotencyRequestKey(caller.id, idempotencyKey) : undefined;

    if (requestKey) {
      const earlier = await this.findByRequestKey(caller, requestKey);
      if (earlier) {
        const view = await this.view(earlier, caller);
        if (view.requestHash !== requestHash) {
          throw new HttpProblem('idempotency-conflict', 'This Idempotency-Key was already used with a different body');
        }
        return { view, created: false };
      }
    }

    const input = this.caseInput(caller, registration, requestHash);
    const handle = this.client.workflow.getHandle(caseWorkflowId(input.caseId));
    if (!(await this.startCase(input, requestKey))) {
      return { view: await this.existingRegistration(caller, handle, requestHash, requestKey), created: false };
    }
    // The new case's view is a pure function of its input (the workflow's first task computes the same
    // state), so the answer does not wait for a worker to pick the case up; its allowedActions are the
    // registering officer's.
    return { view: caseView(registeredState(input), this.options.now().getTime(), actorOf(caller)), created: true };
  }

  /** The workflow input of a registration: derived case id, clocks from the treaty profile, the caller as registrar. */
  caseInput(caller: Caller, registration: RegistrationBody, requestHash = registrationHash(registration)): CaseInput {
    const profile = findTreatyProfile(registration.track, registration.custodialCountry, registration.receivingCountry);
    return {
      caseId: deriveCaseId(registration),
      registration,
      registeredBy: actorOf(caller),
      registeredAt: this.options.now().toISOString(),
      clocks: resolveClocks(profile, this.options.dayMs),
      profileId: profile.id,
      requestHash,
    };
  }

  /**
   * Starts the case workflow without reading it back (bulk intake uses this directly). False when a
   * workflow with this case id exists already: the same arrest was registered before.
   */
  async startCase(input: CaseInput, requestKey?: string): Promise<boolean> {
    try {
      await this.withDeadline(() =>
        this.client.workflow.start<CaseWorkflow>(CASE_WORKFLOW_TYPE, {
          taskQueue: this.options.taskQueue,
          workflowId: caseWorkflowId(input.caseId),
          args: [input],
          // A case id is used once, ever: a closed case is not registered again under the same id.
          workflowIdReusePolicy: 'REJECT_DUPLICATE',
          workflowIdConflictPolicy: 'FAIL',
          typedSearchAttributes: this.initialSearchAttributes(input, requestKey),
        }),
      );
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
      return false;
    }
    this.scopes.remember(input.caseId, countriesOf(input.registration));
    return true;
  }

  /** The same arrest was registered before: a repeat when the bodies match, a conflict otherwise. */
  private async existingRegistration(
    caller: Caller,
    handle: WorkflowHandle,
    requestHash: string,
    requestKey: string | undefined,
  ): Promise<CaseView> {
    const view = await this.view(handle, caller);
    if (view.requestHash === requestHash) return view;
    if (requestKey !== undefined) {
      const description = await this.withDeadline(() => handle.describe());
      if (description.typedSearchAttributes.get(SA.requestKey) === requestKey) {
        throw new HttpProblem('idempotency-conflict', 'This Idempotency-Key was already used with a different body');
      }
    }
    throw new HttpProblem(
      'conflict',
      `The arrest with this external reference is already registered as ${view.caseId} with different details`,
    );
  }

  /**
   * Set at start, so lists and filters see the case before its first workflow task runs: the values its
   * registration leaves (stage screening, waiting on, deadlines), so the workflow has nothing to upsert
   * for it. The workflow owns every attribute but the request and reference keys from then on.
   */
  private initialSearchAttributes(input: CaseInput, requestKey: string | undefined): SearchAttributePair[] {
    const referenceKey = referenceKeyOfCaseId(input.caseId);
    const pairs: SearchAttributePair[] = startSearchAttributes(input);
    if (requestKey !== undefined) pairs.push({ key: SA.requestKey, value: requestKey });
    if (referenceKey !== undefined) pairs.push({ key: SA.referenceKey, value: referenceKey });
    return pairs;
  }

  private async findByRequestKey(caller: Caller, requestKey: string): Promise<WorkflowHandle | undefined> {
    const query = [
      `WorkflowType = '${CASE_WORKFLOW_TYPE}'`,
      `${SA.countries.name} = '${caller.country}'`,
      `${SA.requestKey.name} = '${requestKey}'`,
    ].join(' AND ');
    const page = await this.withDeadline(() =>
      this.client.workflowService.listWorkflowExecutions({ namespace: this.options.namespace, query, pageSize: 1 }),
    );
    const workflowId = page.executions?.[0]?.execution?.workflowId;
    return workflowId ? this.client.workflow.getHandle(workflowId) : undefined;
  }

  // -------------------------------------------------------------------------------------------
  // Reading and acting
  // -------------------------------------------------------------------------------------------

  /**
   * The case if it exists, is a case workflow and involves the caller's country; otherwise 404, the
   * same answer for a missing and a foreign case so ids cannot be probed. A case's countries are fixed
   * at registration, so after the first describe they come from the scope cache and a read or an action
   * costs one Temporal call, not two.
   */
  async findVisible(caller: Caller, caseId: string): Promise<VisibleCase> {
    const handle = this.client.workflow.getHandle(caseWorkflowId(caseId));
    const countries = this.scopes.countriesOf(caseId) ?? (await this.describeScope(caseId, handle));
    if (!countries?.includes(caller.country)) throw new HttpProblem('not-found', 'No such case');
    return { caseId, handle };
  }

  /** The countries of a case from Temporal (remembered), or undefined when there is no such case workflow. */
  private async describeScope(caseId: string, handle: WorkflowHandle): Promise<readonly string[] | undefined> {
    let description;
    try {
      description = await this.withDeadline(() => handle.describe());
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) return undefined;
      throw err;
    }
    if (description.type !== CASE_WORKFLOW_TYPE) return undefined;
    const countries = description.typedSearchAttributes.get(SA.countries) ?? [];
    // Set at start; a case without them is not remembered, so a later describe can still see them.
    if (countries.length > 0) this.scopes.remember(caseId, countries);
    return countries;
  }

  /** Reads a case as `caller` sees it (their allowedActions; none without a caller). */
  view(handle: WorkflowHandle, caller?: Caller): Promise<CaseView> {
    return this.withDeadline(() => (caller ? handle.query(caseViewQuery, actorOf(caller)) : handle.query(caseViewQuery)));
  }

  timeline(handle: WorkflowHandle): Promise<TimelineEvent[]> {
    return this.withDeadline(() => handle.query(timelineQuery));
  }

  /**
   * Sends one action as a workflow update and answers the case view the update returns. The update id
   * carries the actor, so another caller reusing a request id is refused by the workflow instead of
   * silently receiving the first caller's result.
   */
  async act(caller: Caller, caseId: string, route: CaseActionRoute, body: { requestId: string }): Promise<CaseView> {
    const visible = await this.findVisible(caller, caseId);
    if (!route.roles.includes(caller.role)) {
      throw new HttpProblem('forbidden', `${route.segment} needs the ${route.roles.join(' or ')} role`);
    }
    const updateId = `${route.updateName}:${caller.id}:${body.requestId}`;
    let result;
    try {
      result = await this.withDeadline(() => route.execute(visible.handle, body, actorOf(caller), updateId));
    } catch (err) {
      // A completed workflow takes no update.
      if (err instanceof WorkflowNotFoundError) return this.afterClose(caller, visible, body.requestId);
      throw err;
    }
    // Results recorded before updates carried the view have none: read it, as this caller sees it.
    return result.view ?? this.view(visible.handle, caller);
  }

  /** A closed case takes no action, but repeating the action that closed it returns its view again. */
  private async afterClose(caller: Caller, visible: VisibleCase, requestId: string): Promise<CaseView> {
    let description;
    try {
      description = await this.withDeadline(() => visible.handle.describe());
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) throw new HttpProblem('not-found', 'No such case');
      throw err;
    }
    if (description.status.name === 'RUNNING') {
      // Not closed after all (the update raced a continue or a reset): let the caller repeat.
      throw new HttpProblem('conflict', 'the case changed while the action was sent; repeat the request');
    }
    const events = await this.timeline(visible.handle);
    if (events.some((e) => e.requestId === requestId)) return this.view(visible.handle, caller);
    const outcome = description.typedSearchAttributes.get(SA.outcome);
    throw new HttpProblem('conflict', `the case is closed${outcome ? ` (${outcome})` : ''}`);
  }

  // -------------------------------------------------------------------------------------------
  // Lists
  // -------------------------------------------------------------------------------------------

  /** A page of case summaries from search attributes; always limited to the caller's country. */
  async list(caller: Caller, filters: CaseListQuery): Promise<{ cases: CaseSummary[]; nextPageToken?: string }> {
    const query = visibilityQuery(caller, filters, { now: this.options.now(), dayMs: this.options.dayMs });
    const page = await this.visibilityPage(query, filters.pageSize, filters.pageToken);
    const cases = page.rows.flatMap((row) => {
      const summary = summaryOf(row.workflowId, row.searchAttributes, row.startedAt, row.closedAt);
      return summary ? [summary] : [];
    });
    return { cases, ...(page.nextPageToken ? { nextPageToken: page.nextPageToken } : {}) };
  }

  /**
   * One page of a visibility query (the caller's scope is in `query`), with the API's signed page
   * token: a token of another query or a forged one is a 400 naming pageToken. Lists of cases and of
   * operations both page through here.
   */
  async visibilityPage(query: string, pageSize: number, pageToken: string | undefined): Promise<VisibilityPage> {
    let nextPageToken: Buffer | undefined;
    if (pageToken !== undefined) {
      nextPageToken = this.pageTokens.decode(query, pageToken);
      if (!nextPageToken) {
        throw new HttpProblem('validation-error', 'pageToken is not a token from a previous page of this list', {
          errors: [{ field: 'pageToken', message: 'is not a nextPageToken of this query' }],
        });
      }
    }
    const page = await this.withDeadline(() =>
      this.client.workflowService.listWorkflowExecutions({ namespace: this.options.namespace, query, pageSize, nextPageToken }),
    );
    const rows = (page.executions ?? []).map((execution) => ({
      workflowId: execution.execution?.workflowId ?? '',
      searchAttributes: decodeTypedSearchAttributes(execution.searchAttributes?.indexedFields),
      startedAt: optionalTsToDate(execution.startTime),
      closedAt: optionalTsToDate(execution.closeTime),
    }));
    const token = page.nextPageToken && page.nextPageToken.length > 0 ? this.pageTokens.encode(query, page.nextPageToken) : undefined;
    return { rows, ...(token ? { nextPageToken: token } : {}) };
  }
}

/** One page of a visibility list, decoded. */
export interface VisibilityPage {
  rows: { workflowId: string; searchAttributes: TypedSearchAttributes; startedAt?: Date; closedAt?: Date }[];
  nextPageToken?: string;
}

/**
 * The visibility query of a list. Every value comes from an enum or a strict pattern (contracts/list.ts),
 * or is computed here (dates, hashes), so quoting cannot be broken out of; the caller's country filter is
 * always there.
 */
export function visibilityQuery(
  caller: Caller,
  filters: Omit<CaseListQuery, 'pageSize' | 'pageToken'>,
  clock: { now: Date; dayMs: number },
): string {
  const clauses = [`WorkflowType = '${CASE_WORKFLOW_TYPE}'`, `${SA.countries.name} = '${caller.country}'`];
  if (filters.country) clauses.push(`${SA.countries.name} = '${filters.country}'`);
  if (filters.custodialCountry) clauses.push(`${SA.custodialCountry.name} = '${filters.custodialCountry}'`);
  if (filters.receivingCountry) clauses.push(`${SA.receivingCountry.name} = '${filters.receivingCountry}'`);
  if (filters.transitCountry) clauses.push(`${SA.transitCountries.name} = '${filters.transitCountry}'`);
  if (filters.stage) clauses.push(`${SA.stage.name} = '${filters.stage}'`);
  if (filters.outcome) clauses.push(`${SA.outcome.name} = '${filters.outcome}'`);
  if (filters.track) clauses.push(`${SA.track.name} = '${filters.track}'`);
  if (filters.operation) clauses.push(`${SA.operationId.name} = '${filters.operation}'`);
  if (filters.overdue !== undefined) clauses.push(`${SA.overdue.name} = ${filters.overdue ? 'true' : 'false'}`);
  if (filters.waitingOnMe === true) clauses.push(`${SA.waitingOn.name} = '${caller.role}:${caller.country}'`);
  if (filters.legalDeadlineWithinDays !== undefined) {
    const until = new Date(clock.now.getTime() + filters.legalDeadlineWithinDays * clock.dayMs);
    clauses.push(`${SA.nextLegalDeadline.name} <= '${until.toISOString()}'`);
  }
  // Whole UTC days, both ends included: the start of `from` up to the start of the day after `to`.
  if (filters.registeredFrom) clauses.push(`StartTime >= '${utcDayStart(filters.registeredFrom, 0)}'`);
  if (filters.registeredTo) clauses.push(`StartTime < '${utcDayStart(filters.registeredTo, 1)}'`);
  if (filters.search) clauses.push(searchClause(filters.search));
  if (filters.assigned) clauses.push(assignedClause(caller, filters.assigned));
  return clauses.join(' AND ');
}

function utcDayStart(isoDate: string, plusDays: number): string {
  return new Date(Date.parse(`${isoDate}T00:00:00Z`) + plusDays * 86_400_000).toISOString();
}

/**
 * A case id matches itself; anything else is taken as an external reference, which the case id's hash
 * part (HandoverReferenceKey) finds for each possible custodial country, so the reference itself never
 * enters the query. The caller's country clause keeps the search within the cases they may see.
 */
function searchClause(search: string): string {
  const keys = COUNTRIES.map((country) => `'${referenceKey(country, search)}'`).join(', ');
  const byReference = `${SA.referenceKey.name} IN (${keys})`;
  return isCaseId(search) ? `(WorkflowId = '${caseWorkflowId(search)}' OR ${byReference})` : byReference;
}

/**
 * `me` is the caller's own subject (the token's `sub`). Only a subject of the assignee pattern can be
 * assigned a case, and only such a subject goes into a query, so it cannot break out of its quotes.
 */
export function assignedClause(caller: Pick<Caller, 'id'>, assigned: 'me' | 'unassigned'): string {
  if (assigned === 'unassigned') return `${SA.assignee.name} IS NULL`;
  if (!ClientIdSchema.safeParse(caller.id).success) {
    throw new HttpProblem('validation-error', 'assigned=me needs a user id that a case can be assigned to', {
      errors: [{ field: 'assigned', message: 'your user id is not of the assignee form (1-128 letters, digits or . _ : @ / -)' }],
    });
  }
  return `${SA.assignee.name} = '${caller.id}'`;
}

/** `value` when it is one of `values` (a search attribute read back from visibility), else undefined. */
export function oneOf<T extends string>(values: readonly T[], value: unknown): T | undefined {
  return typeof value === 'string' && (values as readonly string[]).includes(value) ? (value as T) : undefined;
}

/** A list row from search attributes; undefined for an execution that lacks the core attributes. */
export function summaryOf(workflowId: string, sa: TypedSearchAttributes, startedAt?: Date, closedAt?: Date): CaseSummary | undefined {
  const stage = oneOf<Stage>(STAGES, sa.get(SA.stage));
  const track = oneOf<Track>(TRACKS, sa.get(SA.track));
  const custodialCountry = sa.get(SA.custodialCountry);
  const receivingCountry = sa.get(SA.receivingCountry);
  if (!workflowId || !stage || !track || !isCountry(custodialCountry) || !isCountry(receivingCountry)) return undefined;
  const outcome = oneOf<Outcome>(OUTCOMES, sa.get(SA.outcome));
  const operationId = sa.get(SA.operationId);
  const nextDeadline = sa.get(SA.nextDeadline);
  const nextLegalDeadline = sa.get(SA.nextLegalDeadline);
  const assignee = sa.get(SA.assignee);
  return {
    caseId: caseIdFromWorkflowId(workflowId),
    track,
    stage,
    ...(outcome ? { outcome } : {}),
    custodialCountry,
    receivingCountry,
    transitCountries: (sa.get(SA.transitCountries) ?? []).filter((c): c is Country => (COUNTRIES as readonly string[]).includes(c)),
    ...(operationId ? { operationId } : {}),
    waitingOn: sa.get(SA.waitingOn) ?? [],
    ...(nextDeadline ? { nextDeadline: nextDeadline.toISOString() } : {}),
    ...(nextLegalDeadline ? { nextLegalDeadline: nextLegalDeadline.toISOString() } : {}),
    overdue: sa.get(SA.overdue) ?? false,
    registeredAt: (startedAt ?? new Date(0)).toISOString(),
    ...(closedAt ? { closedAt: closedAt.toISOString() } : {}),
    ...(assignee ? { assignee } : {}),
  };
}
