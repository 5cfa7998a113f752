/**
 * Everything the API asks of an operation workflow, scoped to the caller: creating it, finding one the
 * caller may see (custodial, receiving or transit country; otherwise 404 as for cases), reading it,
 * and sending its updates with the caller as actor. The workflow's validators decide; their refusals
 * reach the caller through the same Temporal error mapping as case actions.
 */
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, type Client, type WorkflowHandle } from '@temporalio/client';
import type { SearchAttributePair, UpdateDefinition } from '@temporalio/common';
import {
  OPERATION_STATUSES,
  OPERATION_WORKFLOW_TYPE,
  makeOperationId,
  operationIdFromWorkflowId,
  operationWorkflowId,
  type ManifestPage,
  type OperationInput,
  type OperationSettings,
  type OperationView,
} from '../domain/operation';
import { operationViewQuery, refreshReadinessUpdate } from '../domain/operation-messages';
import { isCountry, type Role } from '../domain/people';
import { SA } from '../domain/search-attributes';
import { initialOperationView } from '../workflows/operation/view';
import { actorOf, type Caller } from './auth/claims';
import { base32, canonicalJson, sha256Hex } from './case-ids';
import { HttpProblem } from './problem';
import { oneOf, type CaseService, type VisibilityPage } from './case-service';
import type { OperationCreateBody, OperationListQuery, OperationSummary } from '../contracts/operations';

export interface OperationServiceOptions {
  client: Client;
  taskQueue: string;
  /** Deadline of a read (describe, query). */
  deadlineMs: number;
  /** Deadline of an update that walks the manifest in batches (10,000 cases take a while). */
  updateDeadlineMs: number;
  settings?: Partial<OperationSettings>;
  now: () => Date;
}

type OperationWorkflow = (input: OperationInput) => Promise<OperationView>;

export interface VisibleOperation {
  operationId: string;
  handle: WorkflowHandle;
  running: boolean;
}

/** Who puts an operation together, plans it and records its custody events (as the cases require). */
export const OPERATION_ROLES: readonly Role[] = ['officer', 'supervisor'];

export class OperationService {
  constructor(private readonly options: OperationServiceOptions) {}

  private get client(): Client {
    return this.options.client;
  }

  private withDeadline<T>(fn: () => Promise<T>, ms = this.options.deadlineMs): Promise<T> {
    return this.client.withDeadline(Date.now() + ms, fn);
  }

  /**
   * Starts the operation. Its id is derived from the caller and the request id, so repeating the request
   * answers the same operation (`created: false`); the same request id with other details is 409.
   */
  async create(caller: Caller, body: OperationCreateBody): Promise<{ view: OperationView; created: boolean }> {
    if (!OPERATION_ROLES.includes(caller.role)) throw new HttpProblem('forbidden', 'creating an operation needs the officer or supervisor role');
    if (body.custodialCountry !== caller.country) {
      throw new HttpProblem('forbidden', `an operation is created by its custodial country (${caller.country} creates operations from ${caller.country})`);
    }
    const { requestId, ...details } = body;
    const short = base32(Buffer.from(sha256Hex(`${caller.id}\n${requestId}`), 'hex')).slice(0, 10);
    const operationId = makeOperationId(body.custodialCountry, body.window.start, short);
    const input: OperationInput = {
      operationId,
      details,
      createdBy: actorOf(caller),
      createdAt: this.options.now().toISOString(),
      ...(this.options.settings ? { settings: this.options.settings } : {}),
    };
    const handle = this.client.workflow.getHandle(operationWorkflowId(operationId));
    try {
      await this.withDeadline(() =>
        this.client.workflow.start<OperationWorkflow>(OPERATION_WORKFLOW_TYPE, {
          taskQueue: this.options.taskQueue,
          workflowId: operationWorkflowId(operationId),
          args: [input],
          workflowIdReusePolicy: 'REJECT_DUPLICATE',
          workflowIdConflictPolicy: 'FAIL',
          typedSearchAttributes: searchAttributes(details),
        }),
      );
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
      const view = await this.view(handle);
      if (canonicalJson(view.details) !== canonicalJson(details)) {
        throw new HttpProblem('idempotency-conflict', 'This requestId already created an operation with other details');
      }
      return { view, created: false };
    }
    return { view: initialOperationView(input), created: true };
  }

  /**
   * The operations that involve the caller's country (custodial, receiving or transit), newest first as
   * visibility lists them, optionally of one status; paged like the case list.
   */
  async list(caller: Caller, query: OperationListQuery, pages: Pick<CaseService, 'visibilityPage'>): Promise<{ operations: OperationSummary[]; nextPageToken?: string }> {
    const clauses = [`WorkflowType = '${OPERATION_WORKFLOW_TYPE}'`, `${SA.countries.name} = '${caller.country}'`];
    // An enum value (schemas/operations.ts), so it cannot break out of the quotes.
    if (query.status) clauses.push(`${SA.stage.name} = '${query.status}'`);
    const page = await pages.visibilityPage(clauses.join(' AND '), query.pageSize, query.pageToken);
    const operations = page.rows.flatMap((row) => operationSummaryOf(row) ?? []);
    return { operations, ...(page.nextPageToken ? { nextPageToken: page.nextPageToken } : {}) };
  }

  /** The operation if it exists and involves the caller's country; 404 otherwise (ids cannot be probed). */
  async findVisible(caller: Caller, operationId: string): Promise<VisibleOperation> {
    const handle = this.client.workflow.getHandle(operationWorkflowId(operationId));
    let description;
    try {
      description = await this.withDeadline(() => handle.describe());
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) throw new HttpProblem('not-found', 'No such operation');
      throw err;
    }
    const countries = description.typedSearchAttributes.get(SA.countries) ?? [];
    if (description.type !== OPERATION_WORKFLOW_TYPE || !countries.includes(caller.country)) {
      throw new HttpProblem('not-found', 'No such operation');
    }
    return { operationId, handle, running: description.status.name === 'RUNNING' };
  }

  view(handle: WorkflowHandle, page?: ManifestPage): Promise<OperationView> {
    return this.withDeadline(() => handle.query(operationViewQuery, page));
  }

  /** The view, after re-reading every open case when asked (and the operation still runs). */
  async read(caller: Caller, operationId: string, page: ManifestPage, refresh: boolean): Promise<OperationView> {
    const visible = await this.findVisible(caller, operationId);
    if (refresh && visible.running) {
      await this.withDeadline(
        () => visible.handle.executeUpdate(refreshReadinessUpdate, { args: [{ requestId: `refresh-${Date.now()}` }] }),
        this.options.updateDeadlineMs,
      );
    }
    return this.view(visible.handle, page);
  }

  /**
   * Sends one of the operation's updates with the caller as actor. The update id carries the caller,
   * so a request id reused by someone else is a new request, never another caller's answer.
   */
  async act<P extends { requestId: string }, R>(
    caller: Caller,
    operationId: string,
    update: UpdateDefinition<R, [P & { actor: ReturnType<typeof actorOf> }]>,
    body: P,
  ): Promise<R> {
    if (!OPERATION_ROLES.includes(caller.role)) throw new HttpProblem('forbidden', 'this needs the officer or supervisor role');
    const visible = await this.findVisible(caller, operationId);
    if (!visible.running) throw new HttpProblem('conflict', 'the operation is completed');
    const updateId = `${update.name}:${caller.id}:${body.requestId}`;
    try {
      return await this.withDeadline(
        () => visible.handle.executeUpdate(update, { args: [{ ...body, actor: actorOf(caller) }], updateId }),
        this.options.updateDeadlineMs,
      );
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) throw new HttpProblem('conflict', 'the operation is completed');
      throw err;
    }
  }
}

/** A list row from search attributes; undefined for an execution that lacks the core attributes. */
export function operationSummaryOf(row: VisibilityPage['rows'][number]): OperationSummary | undefined {
  const sa = row.searchAttributes;
  const status = oneOf(OPERATION_STATUSES, sa.get(SA.stage));
  const custodialCountry = sa.get(SA.custodialCountry);
  const receivingCountry = sa.get(SA.receivingCountry);
  if (!row.workflowId || !status || !isCountry(custodialCountry) || !isCountry(receivingCountry)) return undefined;
  return {
    operationId: operationIdFromWorkflowId(row.workflowId),
    status,
    custodialCountry,
    receivingCountry,
    transitCountries: (sa.get(SA.transitCountries) ?? []).filter(isCountry),
    createdAt: (row.startedAt ?? new Date(0)).toISOString(),
    ...(row.closedAt ? { completedAt: row.closedAt.toISOString() } : {}),
  };
}

/** Set at start: the operation is listed and scoped like a case (countries), its status in HandoverStage. */
function searchAttributes(details: OperationInput['details']): SearchAttributePair[] {
  const pairs: SearchAttributePair[] = [
    { key: SA.stage, value: 'open' },
    { key: SA.custodialCountry, value: details.custodialCountry },
    { key: SA.receivingCountry, value: details.receivingCountry },
    { key: SA.countries, value: [...new Set([details.custodialCountry, details.receivingCountry, ...details.transitCountries])] },
  ];
  if (details.transitCountries.length > 0) pairs.push({ key: SA.transitCountries, value: [...details.transitCountries] });
  return pairs;
}
