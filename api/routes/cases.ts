/**
 * /api/v1/cases: register, list, read, timeline, and one POST per case action. Handlers are thin: the
 * schemas validate, CaseService talks to Temporal, the error handler answers problems.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { callerOf } from '../auth/authenticate';
import { CASE_ACTION_ROUTES } from '../case-actions';
import type { CaseService } from '../case-service';
import { ProblemSchema } from '../../contracts/problem';
import { HttpProblem } from '../problem';
import { CaseParamsSchema } from '../../contracts/common';
import { CaseListResponseSchema, CaseViewSchema, TimelineResponseSchema } from '../../contracts/case-view';
import { CaseListQuerySchema } from '../../contracts/list';
import { IdempotencyHeadersSchema, RegistrationBodySchema } from '../../contracts/registration';

const security = [{ bearerAuth: [] }];

/** Problems every authenticated route may answer. */
const problems = {
  400: ProblemSchema,
  401: ProblemSchema,
  404: ProblemSchema,
  429: ProblemSchema,
  503: ProblemSchema,
};

export function caseRoutes(service: CaseService): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/cases',
      {
        schema: {
          operationId: 'registerArrest',
          tags: ['cases'],
          summary: 'Register an arrest (officer of the custodial country)',
          description:
            'Starts the case. 201 with the case view. A repeat answers 200 with the current view of the same case ' +
            '(header Idempotent-Replayed: true): the same Idempotency-Key with the same body, or the same arrest ' +
            '(custodial country + externalReference) with an identical body. The same key with a different body is 409.',
          security,
          headers: IdempotencyHeadersSchema,
          body: RegistrationBodySchema,
          response: {
            200: CaseViewSchema,
            201: CaseViewSchema,
            ...problems,
            403: ProblemSchema,
            409: ProblemSchema,
            413: ProblemSchema,
            415: ProblemSchema,
          },
        },
      },
      async (request, reply) => {
        const caller = callerOf(request);
        if (caller.role !== 'officer') throw new HttpProblem('forbidden', 'registering an arrest needs the officer role');
        if (request.body.custodialCountry !== caller.country) {
          throw new HttpProblem('forbidden', `an officer of ${caller.country} registers arrests in ${caller.country} only`);
        }
        const { view, created } = await service.register(caller, request.body, request.headers['idempotency-key']);
        request.auditCaseId = view.caseId;
        void reply.header('location', `/api/v1/cases/${view.caseId}`);
        if (!created) void reply.header('idempotent-replayed', 'true');
        return reply.code(created ? 201 : 200).send(view);
      },
    );

    app.get(
      '/cases',
      {
        schema: {
          operationId: 'listCases',
          tags: ['cases'],
          summary: 'List cases involving your country',
          description:
            'Summaries from search attributes only (no personal data). Always limited to cases whose custodial, ' +
            'receiving or transit country is the caller\'s country. Filters combine with AND; page with `pageSize` and ' +
            'the `nextPageToken` of the previous page (opaque, bound to the same filters and caller).',
          security,
          querystring: CaseListQuerySchema,
          response: { 200: CaseListResponseSchema, ...problems },
        },
      },
      async (request) => service.list(callerOf(request), request.query),
    );

    app.get(
      '/cases/:caseId',
      {
        schema: {
          operationId: 'getCase',
          tags: ['cases'],
          summary: 'The case view',
          description:
            'Everything the case holds: person, arrest, screening, verification, legal review, approvals, schedule, custody ' +
            'events, clocks, what it waits on and `allowedActions` (what the caller may do now). 404 for a case that does not ' +
            "involve the caller's country.",
          security,
          params: CaseParamsSchema,
          response: { 200: CaseViewSchema, ...problems },
        },
      },
      async (request) => {
        const caller = callerOf(request);
        const visible = await service.findVisible(caller, request.params.caseId);
        return service.view(visible.handle, caller);
      },
    );

    app.get(
      '/cases/:caseId/timeline',
      {
        schema: {
          operationId: 'getCaseTimeline',
          tags: ['cases'],
          summary: 'Every event of the case: time, actor, action, legal basis',
          description: 'The chain of custody and decisions in order, oldest first, including clock events by `system`.',
          security,
          params: CaseParamsSchema,
          response: { 200: TimelineResponseSchema, ...problems },
        },
      },
      async (request) => {
        const visible = await service.findVisible(callerOf(request), request.params.caseId);
        return { caseId: visible.caseId, events: await service.timeline(visible.handle) };
      },
    );

    for (const action of CASE_ACTION_ROUTES) {
      app.post(
        `/cases/:caseId/${action.segment}`,
        {
          schema: {
            operationId: action.updateName,
            tags: ['case actions'],
            summary: action.summary,
            description:
              `Allowed roles: ${action.roles.join(', ')}. The actor is the caller. Returns the updated case view. ` +
              'A refusal by the case answers 403 (role, country, four eyes), 409 (stage, duplicate, closed) or 422.',
            security,
            params: CaseParamsSchema,
            body: action.body,
            response: {
              200: CaseViewSchema,
              ...problems,
              403: ProblemSchema,
              409: ProblemSchema,
              413: ProblemSchema,
              415: ProblemSchema,
              422: ProblemSchema,
            },
          },
        },
        async (request) => {
          const body = request.body as { requestId: string };
          return service.act(callerOf(request), request.params.caseId, action, body);
        },
      );
    }
  };
}
