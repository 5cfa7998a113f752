/** GET /me: the caller as authenticated, so the workbench never decodes a token itself. */
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ProblemSchema } from '../../contracts/problem';
import { MeSchema } from '../../contracts/session';
import { HttpProblem } from '../problem';

export function meRoutes(): FastifyPluginAsync {
  return async (root) => {
    const app = root.withTypeProvider<ZodTypeProvider>();
    app.get(
      '/me',
      {
        schema: {
          operationId: 'getMe',
          summary: 'Who the caller is: subject, display name, role and country',
          description: 'The identity the API took from the token; use it to check a token before calling anything else.',
          tags: ['session'],
          security: [{ bearerAuth: [] }],
          response: { 200: MeSchema, 401: ProblemSchema },
        },
      },
      async (request) => {
        const caller = request.caller;
        if (!caller) throw new HttpProblem('unauthenticated');
        return { id: caller.id, name: caller.name, role: caller.role, country: caller.country };
      },
    );
  };
}
