/**
 * /api/v1/inbox, /api/v1/monitor/overdue and /api/v1/monitor/summary: what waits on whom, from search
 * attributes only. Registered inside the authenticated /api/v1 scope; every answer is limited to cases
 * that involve the caller's country.
 */
import type { Client } from '@temporalio/client';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Config } from '../../config/env';
import { callerOf } from '../auth/authenticate';
import { MonitorService } from '../monitor-service';
import { ProblemSchema } from '../../contracts/problem';
import { HttpProblem } from '../problem';
import {
  InboxQuerySchema,
  InboxResponseSchema,
  OverdueQuerySchema,
  OverdueResponseSchema,
  SummaryQuerySchema,
  SummaryResponseSchema,
} from '../../contracts/monitor';

const security = [{ bearerAuth: [] }];
const problems = { 400: ProblemSchema, 401: ProblemSchema, 429: ProblemSchema, 503: ProblemSchema };

export interface MonitorRoutesOptions {
  client: Client;
  namespace: string;
  config: Pick<Config, 'HANDOVER_DAY_SECONDS' | 'HANDOVER_MONITOR_HORIZON_DAYS'>;
  deadlineMs?: number;
  now?: () => Date;
}

export function monitorRoutes(options: MonitorRoutesOptions): FastifyPluginAsyncZod {
  const monitor = new MonitorService({
    client: options.client,
    namespace: options.namespace,
    dayMs: options.config.HANDOVER_DAY_SECONDS * 1000,
    horizonDays: options.config.HANDOVER_MONITOR_HORIZON_DAYS,
    deadlineMs: options.deadlineMs ?? 10_000,
    now: options.now,
  });

  return async (app) => {
    app.get(
      '/inbox',
      {
        schema: {
          operationId: 'getInbox',
          tags: ['monitoring'],
          summary: 'What waits on you: open cases waiting on your role in your country',
          description:
            'Cases whose HandoverWaitingOn holds `<your role>:<your country>` (e.g. the approvals of your country ' +
            'for a supervisor), overdue first, then the nearest deadline.',
          security,
          querystring: InboxQuerySchema,
          response: { 200: InboxResponseSchema, ...problems },
        },
      },
      async (request) => monitor.inbox(callerOf(request), request.query.limit, request.query.assigned),
    );

    app.get(
      '/monitor/overdue',
      {
        schema: {
          operationId: 'listOverdueCases',
          tags: ['monitoring'],
          summary: 'Open cases past a working SLA or close to a legal deadline',
          description:
            'Open cases involving your country with HandoverOverdue = true or a legal deadline within `horizonDays` clock ' +
            'days, overdue first, then the nearest deadline, with what each waits on and any activity being retried.',
          security,
          querystring: OverdueQuerySchema,
          response: { 200: OverdueResponseSchema, ...problems },
        },
      },
      async (request) => monitor.overdue(callerOf(request), request.query),
    );

    app.get(
      '/monitor/summary',
      {
        schema: {
          operationId: 'getMonitorSummary',
          tags: ['monitoring'],
          summary: 'Counts: open cases by stage and country, overdue, outcomes and legal-clock releases in a period',
          description:
            'Open cases by stage and country and the overdue count now; outcomes and legal-clock releases of the cases closed ' +
            'in [closedSince, closedBefore). Only cases involving your country are counted.',
          security,
          querystring: SummaryQuerySchema,
          response: { 200: SummaryResponseSchema, ...problems },
        },
      },
      async (request) => {
        const closedSince = request.query.closedSince ? new Date(request.query.closedSince) : undefined;
        const closedBefore = request.query.closedBefore ? new Date(request.query.closedBefore) : undefined;
        if (closedSince && closedBefore && closedSince >= closedBefore) {
          throw new HttpProblem('validation-error', 'closedSince must be before closedBefore', {
            errors: [{ field: 'closedSince', message: 'must be before closedBefore' }],
          });
        }
        return monitor.summary(callerOf(request), { closedSince, closedBefore });
      },
    );
  };
}
