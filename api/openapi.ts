/**
 * The OpenAPI document as a contract: what @fastify/swagger builds from the routes' zod schemas, finished
 * here with what the routes cannot say one by one. Routes carry their operationId, summary, description,
 * tags, security and the problems only they answer; this module adds the problems every route can answer
 * (429, 500, 503, and 400/401/413/415 where they apply) as application/problem+json with examples and
 * Retry-After, the problem type catalogue, the examples of contracts/openapi-examples.ts, the webhooks,
 * and drops components no operation uses.
 *
 * Whoever changes a route runs `npm run openapi`: docs/openapi.json is held against this document.
 */
import type { OpenAPIV3_1 } from 'openapi-types';
import { jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import { OPERATION_EXAMPLES } from '../contracts/openapi-examples';
import { PROBLEM_KINDS, type ProblemKind } from '../contracts/problem';
import { exampleProblem, problemTypeCatalogue } from '../contracts/problem-types';
import { WEBHOOK_HEADERS, WEBHOOK_NOTIFICATION_SCHEMAS, WEBHOOK_SIGNATURE } from '../contracts/webhooks';
import { WEBHOOK_EXAMPLES } from '../contracts/openapi-examples';

type Doc = OpenAPIV3_1.Document;
type Operation = OpenAPIV3_1.OperationObject;
type Responses = OpenAPIV3_1.ResponsesObject;

const PROBLEM_JSON = 'application/problem+json';
const PROBLEM_REF = '#/components/schemas/Problem';

/** Routes fastify-rate-limit skips (config.rateLimit false): they never answer 429. */
const NOT_RATE_LIMITED = new Set(['getHealth', 'getReadiness', 'getMetrics']);
/** Routes the codec plugin answers itself on 400/401, in the codec-server shape rather than problem+json. */
const CODEC_OPERATIONS = new Set(['encodePayloads', 'decodePayloads']);

export const OPENAPI_TAGS: OpenAPIV3_1.TagObject[] = [
  { name: 'cases', description: 'Register arrests (one or in bulk), list and read cases and their timelines. Every caller sees only cases that involve their own country.' },
  { name: 'case actions', description: 'One POST per workflow action on a case. Idempotent per caller and `requestId`; refused before anything is written when the role, country or stage is wrong.' },
  { name: 'monitoring', description: 'What waits on whom, what is overdue or near a legal deadline, counts by stage and outcome.' },
  { name: 'operations', description: 'Mass transfers: manifests of cases, flight or convoy plans, custody events for everyone on board.' },
  { name: 'session', description: 'The caller as the API authenticated them.' },
  { name: 'auth', description: 'Workbench sign-in through the identity provider (browser sessions); machine clients use Bearer tokens instead.' },
  { name: 'health', description: 'Liveness, readiness and Prometheus metrics for operators and orchestrators; no token.' },
  { name: 'codec', description: 'The Temporal UI codec endpoint: encrypts and decrypts workflow payloads for an admin. Not for case systems.' },
  { name: 'webhooks', description: 'Notifications Handover POSTs to the receiver configured by HANDOVER_WEBHOOK_URL.' },
];

export const OPENAPI_INFO: OpenAPIV3_1.InfoObject = {
  title: 'Handover API',
  version: '1.0.0',
  summary: 'Cross-border custody handover cases between China, Cambodia, Laos, Myanmar, Thailand and Vietnam',
  license: { name: 'Proprietary: use by the participating agencies under their data-sharing agreement', identifier: 'LicenseRef-Handover' },
  contact: { name: 'Handover operations desk', email: 'handover-ops@handover.internal' },
  description: [
    'Cross-border custody handover cases. Every error is application/problem+json (RFC 9457); the `type` of each',
    'problem is one of the types listed under **Problem types** below.',
    '',
    'Scope: every caller, admin included, sees and acts only on cases that involve their own country',
    '(custodial, receiving or transit); any other case answers 404, exactly like a case that does not exist.',
    'Roles: officer, supervisor and legal act as each action allows; monitor and admin only read.',
    'Registration answers 201 for a new case; a repeat (same Idempotency-Key and body, or the same arrest',
    'with an identical body) answers 200 with the current view and `Idempotent-Replayed: true`.',
    'Actions are idempotent per caller and `requestId`. Paths under /api/v1 keep their meaning for the life of v1;',
    'see docs/integrators.md for authentication, paging, rate limits and the deprecation policy.',
  ].join('\n'),
};

export const OPENAPI_SERVERS: OpenAPIV3_1.ServerObject[] = [
  { url: 'https://{host}', description: "Your country's Handover deployment", variables: { host: { default: 'handover.internal', description: 'Host name of the deployment' } } },
  { url: 'http://127.0.0.1:3000', description: 'A development instance (`npm start`)' },
];

/** The kinds a status can stand for, in the order a reader meets them. */
function kindsOf(status: number): ProblemKind[] {
  return (Object.keys(PROBLEM_KINDS) as ProblemKind[]).filter((k) => PROBLEM_KINDS[k].status === status);
}

const EXAMPLE_DETAIL: Record<ProblemKind, string> & Record<string, string> = {
  'validation-error': 'The body has 1 invalid field(s): person.birthDate',
  'malformed-json': 'The body could not be parsed as JSON',
  unauthenticated: 'The token has expired',
  forbidden: 'an officer of KH registers arrests in KH only',
  'csrf-refused': 'The request comes from another site',
  'not-found': 'No such case',
  conflict: 'the case is in approvals; screening is recorded in screening',
  'idempotency-conflict': 'Idempotency-Key reused with a different body',
  'payload-too-large': 'The body is larger than the configured limit',
  'unsupported-media-type': 'Send the body as application/json',
  'unprocessable-action': 'the extension exceeds the treaty maximum of 30 days',
  'rate-limited': 'At most 600 requests per minute; retry in 42 seconds',
  internal: 'Something went wrong; quote the requestId when reporting it',
  'temporal-unavailable': 'Temporal did not answer (deadline exceeded); retry later',
  overloaded: 'The API is overloaded; retry later',
  'worker-unavailable': 'No worker has polled the case task queue recently; the case is safe, retry later',
};

function problemResponse(status: number, path: string, original?: OpenAPIV3_1.ResponseObject): OpenAPIV3_1.ResponseObject {
  const kinds = kindsOf(status);
  const examples = Object.fromEntries(
    kinds.map((kind) => [
      kind,
      {
        summary: PROBLEM_KINDS[kind].title,
        value: exampleProblem(kind, EXAMPLE_DETAIL[kind] ?? PROBLEM_KINDS[kind].title, path.replace(/\{(\w+)\}/g, (_m, p: string) => (p === 'caseId' ? 'case-KH-2026-7QX2M4RD9A' : `example-${p}`)), kind === 'validation-error' ? { errors: [{ field: 'person.birthDate', message: 'must be a date between 1900-01-01 and today' }] } : {}),
      },
    ]),
  );
  const described = original?.description && original.description !== 'Default Response' ? `${original.description}. ` : '';
  const response: OpenAPIV3_1.ResponseObject = {
    description: `${described}${kinds.map((k) => `\`/problems/${k}\`: ${PROBLEM_KINDS[k].title}`).join('; ')}`,
    headers: { 'X-Request-Id': { $ref: '#/components/headers/RequestId' } },
    content: { [PROBLEM_JSON]: { schema: { $ref: PROBLEM_REF }, examples } },
  };
  if (status === 429 || status === 503) response.headers!['Retry-After'] = { $ref: '#/components/headers/RetryAfter' };
  if (status === 401) response.headers!['WWW-Authenticate'] = { $ref: '#/components/headers/WwwAuthenticate' };
  return response;
}

const SUCCESS_DESCRIPTION: Record<string, string> = { '200': 'OK', '201': 'Created', '202': 'Accepted: the work goes on; read the result later', '204': 'No content' };

/** Plain JSON Schema 2020-12 (contentEncoding is not in openapi-types' schema type). */
const CODEC_SCHEMAS: Record<string, object> = {
  CodecPayloads: {
    type: 'object',
    required: ['payloads'],
    properties: {
      payloads: {
        type: 'array',
        maxItems: 10_000,
        items: {
          type: 'object',
          properties: {
            metadata: { type: 'object', additionalProperties: { type: 'string', contentEncoding: 'base64' } },
            data: { type: 'string', contentEncoding: 'base64' },
          },
        },
      },
    },
  },
  CodecError: {
    type: 'object',
    required: ['error'],
    properties: { error: { type: 'string', enum: ['unauthorized', 'invalid-request', 'payload-not-decodable'] }, message: { type: 'string' } },
  },
};

/** The codec routes validate and answer in the codec-server format themselves; their shapes are stated here. */
function documentCodecOperation(op: Operation): void {
  const json = (name: string) => ({ 'application/json': { schema: { $ref: `#/components/schemas/${name}` } } });
  op.parameters = [{ name: 'X-Namespace', in: 'header', required: false, description: 'The Temporal namespace of the payloads', schema: { type: 'string' } }];
  op.requestBody = { required: true, content: json('CodecPayloads') };
  op.responses = {
    '200': { description: 'The payloads, encoded or decoded, in the same order', content: json('CodecPayloads') },
    '400': { description: 'Not the codec-server format, or a payload no configured key decrypts', content: json('CodecError') },
    '401': { description: 'No admin Bearer token', content: json('CodecError') },
  };
}

function finishOperation(op: Operation, path: string, method: string): void {
  const id = op.operationId ?? `${method} ${path}`;
  if (CODEC_OPERATIONS.has(id)) documentCodecOperation(op);
  const responses: Responses = op.responses ?? {};
  const bearer = (op.security ?? []).some((s) => 'bearerAuth' in s);
  const statuses = new Set(Object.keys(responses));
  if (bearer) statuses.add('401');
  if (op.parameters?.length || op.requestBody) statuses.add('400');
  if (op.requestBody) ['413', '415'].forEach((s) => statuses.add(s));
  if (!NOT_RATE_LIMITED.has(id)) statuses.add('429');
  statuses.add('500');
  statuses.add('503');

  const finished: Responses = {};
  for (const status of [...statuses].sort()) {
    const original = responses[status] as OpenAPIV3_1.ResponseObject | undefined;
    const code = Number(status);
    if (code >= 400 && !(CODEC_OPERATIONS.has(id) && (code === 400 || code === 401))) {
      finished[status] = problemResponse(code, path, original);
      continue;
    }
    const response: OpenAPIV3_1.ResponseObject = original ?? { description: SUCCESS_DESCRIPTION[status] ?? status };
    if (response.description === 'Default Response') response.description = SUCCESS_DESCRIPTION[status] ?? status;
    response.headers = { 'X-Request-Id': { $ref: '#/components/headers/RequestId' }, ...response.headers };
    const named = OPERATION_EXAMPLES[id]?.responses?.[status];
    const media = response.content?.['application/json'];
    if (named && media) media.examples = named;
    finished[status] = response;
  }
  op.responses = finished;

  const requestExamples = OPERATION_EXAMPLES[id]?.request;
  const requestMedia = (op.requestBody as OpenAPIV3_1.RequestBodyObject | undefined)?.content['application/json'];
  if (requestExamples && requestMedia) requestMedia.examples = requestExamples;
}

function webhooks(): Record<string, OpenAPIV3_1.PathItemObject> {
  const signature = WEBHOOK_SIGNATURE;
  const verify = [
    `Verify every delivery before trusting it: compute ${signature.algorithm} over ${signature.signedContent}, keyed with ${signature.key};`,
    `the header \`${signature.header}\` is \`${signature.prefix}\` followed by the ${signature.encoding} digest. Compare in constant time.`,
    `Delivery is at least once: any answer but 2xx, no answer within HANDOVER_WEBHOOK_TIMEOUT_MS (5 s by default) or a network error`,
    'is retried with the same body and event id, 1 s apart doubling up to 1 min between attempts, for at most 10 minutes after the first;',
    `\`${WEBHOOK_HEADERS.eventId}\` (= \`eventId\` in the body) is the same on every retry: store it and answer 2xx to a repeat without acting twice.`,
    'Redirects are not followed. The body carries no personal data: read the case with GET /api/v1/cases/{caseId}.',
  ].join(' ');
  return Object.fromEntries(
    Object.entries(WEBHOOK_NOTIFICATION_SCHEMAS).map(([kind, schema]) => {
      const name = (schema.meta() as { id: string }).id;
      const description = (schema.meta() as { description: string }).description;
      const operationId = `on${name}`;
      const post: Operation = {
        operationId,
        summary: description.split(/[:(;]/)[0].trim(),
        description: `${description}. ${verify}`,
        tags: ['webhooks'],
        security: [],
        parameters: [
          { name: WEBHOOK_HEADERS.signature, in: 'header', required: true, description: `\`${signature.prefix}\` + ${signature.encoding} ${signature.algorithm} of the raw body`, schema: { type: 'string', pattern: '^sha256=[0-9a-f]{64}$' } },
          { name: WEBHOOK_HEADERS.eventId, in: 'header', required: true, description: 'The event id, the same on every retry: the idempotency key of the receiver', schema: { type: 'string' } },
          { name: WEBHOOK_HEADERS.kind, in: 'header', required: true, description: 'The notification kind, as `kind` in the body', schema: { type: 'string', enum: [kind] } },
        ],
        requestBody: {
          required: true,
          content: { 'application/json': { schema: { $ref: `#/components/schemas/${name}` }, examples: { [kind]: { summary: description.split(/[:(;]/)[0].trim(), value: WEBHOOK_EXAMPLES[kind as keyof typeof WEBHOOK_EXAMPLES] } } } },
        },
        responses: {
          '2XX': { description: 'Received (any 2xx; the body is ignored). A repeat of a known event id must also answer 2xx.' },
          '4XX': { description: 'Refused, e.g. a bad signature: retried like any answer that is not 2xx, until the retries run out' },
          '5XX': { description: 'The receiver failed: retried with the same body and event id' },
        },
      };
      return [kind, { post } as OpenAPIV3_1.PathItemObject];
    }),
  );
}

function refsIn(value: unknown, out: Set<string>): void {
  if (Array.isArray(value)) value.forEach((v) => refsIn(v, out));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === '$ref' && typeof v === 'string' && v.startsWith('#/components/schemas/')) out.add(v.slice('#/components/schemas/'.length));
      else refsIn(v, out);
    }
  }
}

function renameRefs(value: unknown, from: string, to: string): void {
  if (Array.isArray(value)) value.forEach((v) => renameRefs(v, from, to));
  else if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    for (const [k, v] of Object.entries(o)) {
      if (k === '$ref' && v === `#/components/schemas/${from}`) o[k] = `#/components/schemas/${to}`;
      else renameRefs(v, from, to);
    }
  }
}

/**
 * Keeps the schemas the operations and webhooks reach (the zod registry holds every schema with an id,
 * used or not), and names a request-only schema without the `Input` suffix the transform gives it, or
 * merges it into its output twin when both are the same.
 */
function pruneSchemas(doc: Doc): void {
  const schemas = doc.components?.schemas ?? {};
  const reached = new Set<string>();
  refsIn({ paths: doc.paths, webhooks: doc.webhooks }, reached);
  for (let grew = true; grew; ) {
    grew = false;
    for (const name of [...reached]) {
      const before = reached.size;
      refsIn(schemas[name], reached);
      if (reached.size > before) grew = true;
    }
  }
  for (const name of Object.keys(schemas)) if (!reached.has(name)) delete schemas[name];
  for (const name of Object.keys(schemas)) {
    if (!name.endsWith('Input')) continue;
    const base = name.slice(0, -'Input'.length);
    if (schemas[base] && JSON.stringify(schemas[base]) !== JSON.stringify(schemas[name])) continue;
    schemas[base] = schemas[name];
    delete schemas[name];
    renameRefs(doc, name, base);
  }
  doc.components!.schemas = Object.fromEntries(Object.entries(schemas).sort(([a], [b]) => a.localeCompare(b)));
}

function problemTypesMarkdown(): string {
  const rows = problemTypeCatalogue().map((p) => `| \`${p.type}\` | ${p.status} | ${p.title} | ${p.when.replace(/\|/g, '\\|')} |`);
  return ['', '## Problem types', '', '| type | status | title | when |', '|---|---|---|---|', ...rows].join('\n');
}

/** transformObject of @fastify/swagger: the zod components, then the finishing above. */
export function finishOpenApiDocument(input: Parameters<typeof jsonSchemaTransformObject>[0]): Doc {
  const doc = structuredClone(jsonSchemaTransformObject(input)) as unknown as Doc;
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const [method, op] of Object.entries(item ?? {})) if (op && typeof op === 'object' && 'responses' in op) finishOperation(op, path, method);
  }
  doc.webhooks = webhooks();
  doc.components = { ...doc.components, schemas: { ...doc.components?.schemas, ...(CODEC_SCHEMAS as Record<string, OpenAPIV3_1.SchemaObject>) } };
  doc.info = { ...doc.info, description: `${doc.info.description ?? ''}\n${problemTypesMarkdown()}` };
  doc.components = {
    ...doc.components,
    headers: {
      RequestId: { description: 'The request id: the X-Request-Id sent (1-100 of A-Z a-z 0-9 . _ : -) or one Handover made; quote it when reporting a problem', schema: { type: 'string' } },
      RetryAfter: { description: 'Seconds to wait before retrying', schema: { type: 'integer', minimum: 1 } },
      WwwAuthenticate: { description: 'Bearer challenge', schema: { type: 'string', enum: ['Bearer realm="handover"'] } },
    },
  };
  const schemas: Record<string, unknown> = doc.components.schemas ?? {};
  const problem = schemas.Problem as { properties?: Record<string, { enum?: string[]; description?: string }> } | undefined;
  const typeProperty = problem?.properties?.type;
  if (typeProperty) {
    typeProperty.enum = problemTypeCatalogue().map((p) => p.type);
    typeProperty.description = 'The kind of problem, one of the problem types in the API description (title, status and when each is answered)';
  }
  pruneSchemas(doc);
  (doc as unknown as Record<string, unknown>)['x-webhook-signature'] = { ...WEBHOOK_SIGNATURE };
  return doc;
}
