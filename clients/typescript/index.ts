/**
 * Handover's HTTP API for case systems, typed from docs/openapi.json (schema.d.ts, generated) over
 * openapi-fetch: every path, parameter, body and answer is checked by the compiler, and every 4xx/5xx
 * arrives as `error`, a typed RFC 9457 problem.
 */
import createClient, { type Client, type ClientOptions } from 'openapi-fetch';
import type { components, operations, paths } from './schema';

export type { components, operations, paths };

/** A Bearer token, or a function answering the current one (asked before every request, so it may rotate). */
export type HandoverToken = string | (() => string | Promise<string>);

export interface HandoverClientOptions extends Omit<ClientOptions, 'baseUrl'> {
  token: HandoverToken;
}

export type HandoverClient = Client<paths>;

export type CaseRegistration = components['schemas']['CaseRegistration'];
export type CaseView = components['schemas']['CaseView'];
export type CaseList = components['schemas']['CaseList'];
export type CaseListQuery = NonNullable<operations['listCases']['parameters']['query']>;
export type Problem = components['schemas']['Problem'];
/** `/problems/<kind>`: decide on it, never on `detail` (docs/integrators.md, Problems). */
export type ProblemType = Problem['type'];

/**
 * A client for the Handover deployment at `baseUrl` (its origin, e.g. `https://handover.example`; the
 * paths carry `/api/v1`) that sends `Authorization: Bearer <token>` with every request.
 */
export function createHandoverClient(baseUrl: string, { token, ...options }: HandoverClientOptions): HandoverClient {
  const client = createClient<paths>({ ...options, baseUrl });
  client.use({
    async onRequest({ request }) {
      const current = typeof token === 'function' ? await token() : token;
      request.headers.set('Authorization', `Bearer ${current}`);
      return request;
    },
  });
  return client;
}
