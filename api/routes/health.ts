/**
 * Liveness and readiness. /healthz says the process answers; /readyz says the Temporal namespace
 * answers too. Neither needs a token, neither is rate limited, and /readyz recovers by itself once
 * Temporal is back (the gRPC channel reconnects; nothing here is cached).
 */
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { CaseService } from '../case-service';
import { ProblemSchema } from '../../contracts/problem';
import { HttpProblem } from '../problem';
import { unavailableReason } from '../temporal-errors';

export const HealthSchema = z.object({ status: z.literal('ok') });
export const ReadySchema = z.object({ status: z.literal('ready'), namespace: z.string() });

export function healthRoutes(service: CaseService, namespace: string): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/healthz',
      {
        config: { rateLimit: false },
        schema: {
          operationId: 'getHealth',
          tags: ['health'],
          summary: 'The process is alive',
          description: 'Liveness: answers 200 while the process serves HTTP, whatever Temporal does. No token, not rate limited.',
          security: [],
          response: { 200: HealthSchema },
        },
      },
      async () => ({ status: 'ok' as const }),
    );

    app.get(
      '/readyz',
      {
        config: { rateLimit: false },
        schema: {
          operationId: 'getReadiness',
          tags: ['health'],
          summary: 'The Temporal namespace answers',
          description: 'Readiness: 200 when the Temporal namespace answers within the probe deadline, else 503 temporal-unavailable. No token, not rate limited.',
          security: [],
          response: { 200: ReadySchema, 503: ProblemSchema },
        },
      },
      async (request) => {
        try {
          await service.checkReady();
        } catch (err) {
          const reason = unavailableReason(err);
          request.log.warn({ reason }, 'not ready: Temporal namespace does not answer');
          throw new HttpProblem('temporal-unavailable', `Temporal namespace ${namespace} does not answer (${reason})`);
        }
        return { status: 'ready' as const, namespace };
      },
    );
  };
}
