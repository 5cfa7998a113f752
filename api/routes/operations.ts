/**
 * Mass transfers: /api/v1/operations (create, read with manifest and roll-up, add/remove cases, plan
 * flights, flight-level custody events) and the bulk endpoints that feed them, /api/v1/cases/bulk and
 * /api/v1/approvals/bulk. Same authentication, country scoping and problem+json as every other route;
 * handlers stay thin: OperationService and the bulk modules talk to Temporal.
 */
import type { Client } from '@temporalio/client';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Config } from '../../config/env';
import {
  type OperationSettings,
} from '../../domain/operation';
import { changeManifestUpdate, planFlightsUpdate, recordFlightEventUpdate } from '../../domain/operation-messages';
import { callerOf } from '../auth/authenticate';
import { bulkApprove } from '../bulk/approvals';
import { BULK_START_CONCURRENCY, bulkIntake } from '../bulk/intake';
import type { CaseService } from '../case-service';
import { OperationService } from '../operation-service';
import { ProblemSchema } from '../../contracts/problem';
import { HttpProblem } from '../problem';
import { MAX_BULK_APPROVALS, BulkApprovalBodySchema, BulkApprovalResultSchema, BulkIntakeBodySchema, BulkIntakeResultSchema } from '../../contracts/bulk';
import {
  FlightEventBodySchema,
  FlightEventResultSchema,
  ManifestChangeBodySchema,
  ManifestChangeResultSchema,
  OperationCreateBodySchema,
  OperationListQuerySchema,
  OperationListSchema,
  OperationParamsSchema,
  OperationViewQuerySchema,
  OperationViewSchema,
  PlanFlightsBodySchema,
  PlanResultSchema,
} from '../../contracts/operations';

/** A 10,000-row upload is several MB of JSON; the bulk route alone takes this much. */
export const BULK_BODY_LIMIT_BYTES = 32 * 1024 * 1024;

export interface OperationRoutesOptions {
  cases: CaseService;
  client: Client;
  config: Config;
  taskQueue: string;
  /** Deadline of an update that walks a manifest (default 10 minutes). */
  updateDeadlineMs?: number;
  settings?: Partial<OperationSettings>;
  /** Workflows started at once by a bulk intake. */
  intakeConcurrency?: number;
}

const security = [{ bearerAuth: [] }];
const problems = { 400: ProblemSchema, 401: ProblemSchema, 404: ProblemSchema, 429: ProblemSchema, 503: ProblemSchema };
const actionProblems = { ...problems, 403: ProblemSchema, 409: ProblemSchema, 413: ProblemSchema, 415: ProblemSchema, 422: ProblemSchema };

export function operationRoutes(options: OperationRoutesOptions): FastifyPluginAsyncZod {
  const dayMs = options.config.HANDOVER_DAY_SECONDS * 1000;
  const operations = new OperationService({
    client: options.client,
    taskQueue: options.taskQueue,
    deadlineMs: 10_000,
    updateDeadlineMs: options.updateDeadlineMs ?? 10 * 60_000,
    // Four re-reads a clock day (at most one every 5 minutes), so the roll-up follows cases that clocks close.
    settings: { refreshEveryMs: Math.max(5 * 60_000, Math.round(dayMs / 4)), ...options.settings },
    now: () => new Date(),
  });

  return async (app) => {
    app.post(
      '/operations',
      {
        schema: {
          operationId: 'createOperation',
          tags: ['operations'],
          summary: 'Create an operation (officer or supervisor of the custodial country)',
          description:
            'A planned mass transfer: route, handover point, window, seats per flight or convoy. 201 with the operation view; ' +
            'repeating the requestId with the same details answers 200 with the same operation, with other details 409.',
          security,
          body: OperationCreateBodySchema,
          response: { 200: OperationViewSchema, 201: OperationViewSchema, ...actionProblems },
        },
      },
      async (request, reply) => {
        const { view, created } = await operations.create(callerOf(request), request.body);
        void reply.header('location', `/api/v1/operations/${view.operationId}`);
        if (!created) void reply.header('idempotent-replayed', 'true');
        return reply.code(created ? 201 : 200).send(view);
      },
    );

    app.get(
      '/operations',
      {
        schema: {
          operationId: 'listOperations',
          tags: ['operations'],
          summary: 'The operations that involve your country (custodial, receiving or transit)',
          description:
            'From search attributes (no operation is queried): id, status, route, when it was created and completed. ' +
            '`status` filters; page with `pageSize` and the `nextPageToken` of the previous page.',
          security,
          querystring: OperationListQuerySchema,
          response: { 200: OperationListSchema, ...problems },
        },
      },
      async (request) => operations.list(callerOf(request), request.query, options.cases),
    );

    app.get(
      '/operations/:operationId',
      {
        schema: {
          operationId: 'getOperation',
          tags: ['operations'],
          summary: 'The operation: readiness, roll-up of outcomes, plans, flights and one page of the manifest',
          description:
            'Visible to its custodial, receiving and transit countries (others: 404). `refresh=true` re-reads every open case ' +
            'first; otherwise readiness is as of `readiness.asOf` (cases are re-read four times a clock day and at every plan).',
          security,
          params: OperationParamsSchema,
          querystring: OperationViewQuerySchema,
          response: { 200: OperationViewSchema, ...problems },
        },
      },
      async (request) => {
        const { refresh, ...page } = request.query;
        return operations.read(callerOf(request), request.params.operationId, page, refresh === true);
      },
    );

    app.post(
      '/operations/:operationId/cases',
      {
        schema: {
          operationId: 'changeOperationManifest',
          tags: ['operations'],
          summary: 'Add cases to the manifest or remove them (custodial country)',
          description:
            "Each case records it through its own joinOperation action. Answers per case: added, already-in-manifest, removed, " +
            'not-in-manifest, refused (with the reason: another route, another operation, closed, in transfer) or not-found.',
          security,
          params: OperationParamsSchema,
          body: ManifestChangeBodySchema,
          response: { 200: ManifestChangeResultSchema, ...actionProblems },
        },
      },
      async (request) => operations.act(callerOf(request), request.params.operationId, changeManifestUpdate, request.body),
    );

    app.post(
      '/operations/:operationId/flights',
      {
        schema: {
          operationId: 'planOperationFlights',
          tags: ['operations'],
          summary: 'Plan flights or convoys: at the cut-off, seat the ready cases and schedule each one',
          description:
            'Ready = approved by every country. Seats fill the departures in order, capacity each; each seated case gets its own ' +
            'scheduleHandover (agreed date = departure). Cases not ready at the cut-off are left out with the reason. ' +
            '202 while the cut-off is ahead (the plan runs then; read it on the operation), 200 with the flights once planned.',
          security,
          params: OperationParamsSchema,
          body: PlanFlightsBodySchema,
          response: { 200: PlanResultSchema, 202: PlanResultSchema, ...actionProblems },
        },
      },
      async (request, reply) => {
        const plan = await operations.act(callerOf(request), request.params.operationId, planFlightsUpdate, request.body);
        return reply.code(plan.status === 'done' ? 200 : 202).send(plan);
      },
    );

    app.post(
      '/operations/:operationId/custody-events',
      {
        schema: {
          operationId: 'recordFlightCustodyEvent',
          tags: ['operations'],
          summary: 'Record a custody event for everyone on a flight or convoy, with per-case exceptions',
          description:
            "Recorded by an officer of the country where it happens, in the route's order. Each case on board gets its own " +
            'recordCustodyEvent; exceptions (did-not-board, identity-mismatch) are not sent to the case and are answered per case.',
          security,
          params: OperationParamsSchema,
          body: FlightEventBodySchema,
          response: { 200: FlightEventResultSchema, ...actionProblems },
        },
      },
      async (request) => operations.act(callerOf(request), request.params.operationId, recordFlightEventUpdate, request.body),
    );

    app.post(
      '/approvals/bulk',
      {
        schema: {
          operationId: 'decideApprovalsInBulk',
          tags: ['case actions'],
          summary: "Approve or reject many cases at once (supervisor; the caller's country's slot in each)",
          description:
            'Each case gets its own validated approval, exactly as POST /cases/{caseId}/approvals with the same requestId. ' +
            `At most ${MAX_BULK_APPROVALS} cases per request; answers per case.`,
          security,
          body: BulkApprovalBodySchema,
          response: { 200: BulkApprovalResultSchema, ...actionProblems },
        },
      },
      async (request) => bulkApprove(options.cases, callerOf(request), request.body),
    );

    // CSV is accepted here only, for this route's large bodies.
    await app.register(async (bulk) => {
      bulk.addContentTypeParser('text/csv', { parseAs: 'string', bodyLimit: BULK_BODY_LIMIT_BYTES }, (_request, body, done) => done(null, body));
      bulk.post(
        '/cases/bulk',
        {
          bodyLimit: BULK_BODY_LIMIT_BYTES,
          schema: {
            operationId: 'registerArrestsInBulk',
            tags: ['cases'],
            summary: 'Register many arrests at once: a JSON array or a CSV file (officer of the custodial country)',
            description:
              'Up to 10,000 rows; each is validated on its own with the schema of POST /cases and answered per row: created ' +
              '(case id), existing (same custodial country and externalReference with the same details: nothing new), invalid ' +
              '(fields), conflict or failed. Send `Content-Type: application/json` (an array) or `Content-Type: text/csv` ' +
              '(columns in docs/bulk-intake.md). More than 10,000 rows: 413.',
            security,
            body: BulkIntakeBodySchema,
            response: { 200: BulkIntakeResultSchema, ...actionProblems },
          },
        },
        async (request) => {
          const caller = callerOf(request);
          if (caller.role !== 'officer') throw new HttpProblem('forbidden', 'registering arrests needs the officer role');
          return bulkIntake({ service: options.cases, client: options.client }, caller, request.body, options.intakeConcurrency ?? BULK_START_CONCURRENCY);
        },
      );
    });
  };
}
