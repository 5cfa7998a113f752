/**
 * POST /api/v1/schedules/bulk: one schedule (agreed date, handover point, transport, escort, flight) for
 * many cases, each scheduled or rescheduled through its own scheduleHandover as POST /cases/{id}/schedule.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { callerOf } from '../auth/authenticate';
import { bulkSchedule } from '../bulk/schedules';
import type { CaseService } from '../case-service';
import { BulkScheduleBodySchema, BulkScheduleResultSchema, MAX_BULK_SCHEDULES } from '../../contracts/bulk';
import { ProblemSchema } from '../../contracts/problem';

const security = [{ bearerAuth: [] }];

export function bulkScheduleRoutes(cases: CaseService): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/schedules/bulk',
      {
        schema: {
          operationId: 'scheduleHandoversInBulk',
          tags: ['case actions'],
          summary: 'Schedule or reschedule the handover of many cases at once (officer or supervisor of the custodial country)',
          description:
            'Each case gets its own validated scheduleHandover, exactly as POST /cases/{caseId}/schedule with the same body and requestId, ' +
            `so repeating the request repeats nothing and answers what each case recorded. At most ${MAX_BULK_SCHEDULES} cases per request; ` +
            'answers per case: scheduled, rescheduled, refused (with the problem), not-found or failed (repeat the request).',
          security,
          body: BulkScheduleBodySchema,
          response: {
            200: BulkScheduleResultSchema,
            400: ProblemSchema,
            401: ProblemSchema,
            403: ProblemSchema,
            404: ProblemSchema,
            409: ProblemSchema,
            413: ProblemSchema,
            415: ProblemSchema,
            422: ProblemSchema,
            429: ProblemSchema,
            503: ProblemSchema,
          },
        },
      },
      async (request) => bulkSchedule(cases, callerOf(request), request.body),
    );
  };
}
