/**
 * The one error handler: every failure becomes an RFC 9457 problem. It logs what an operator needs
 * (kind, status, the error for 5xx) and answers only what the caller should see; no body, name or
 * document number ever reaches a log line or a problem detail.
 */
import type { IncomingMessage } from 'node:http';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { PROBLEM_CONTENT_TYPE, type FieldError } from '../contracts/problem';
import { HttpProblem, isHttpProblem } from './problem';
import { isWorkflowTaskFailing, problemFromTemporalError } from './temporal-errors';

interface ValidationEntry {
  instancePath: string;
  message?: string;
  keyword?: string;
  params?: Record<string, unknown>;
}

const CONTEXT_LABEL: Record<string, string> = {
  body: 'body',
  querystring: 'query',
  params: 'path',
  headers: 'header',
};

/** `/person/birthDate` → `person.birthDate`; unknown keys are named one by one. */
export function fieldErrors(entries: ValidationEntry[], context: string | undefined): FieldError[] {
  const root = context === 'body' || context === undefined ? 'body' : CONTEXT_LABEL[context] ?? context;
  return entries.flatMap((entry) => {
    const path = entry.instancePath.split('/').filter((p) => p !== '').join('.');
    const keys = entry.keyword === 'unrecognized_keys' ? entry.params?.keys : undefined;
    if (Array.isArray(keys) && keys.length > 0) {
      return keys.map((key) => ({ field: path ? `${path}.${String(key)}` : String(key), message: 'is not a known field' }));
    }
    return [{ field: path || root, message: entry.message ?? 'is not valid' }];
  });
}

function problemOf(err: FastifyError): HttpProblem {
  if (isHttpProblem(err)) return err;
  if (hasZodFastifySchemaValidationErrors(err)) {
    const errors = fieldErrors(err.validation, err.validationContext);
    const where = CONTEXT_LABEL[err.validationContext ?? 'body'] ?? 'request';
    return new HttpProblem('validation-error', `The ${where} has ${errors.length} invalid field(s): ${[...new Set(errors.map((e) => e.field))].join(', ')}`, { errors });
  }
  switch (err.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      // The parser's own message can quote part of the body; it is not passed on.
      return new HttpProblem('malformed-json', 'The body could not be parsed as JSON', {
        errors: [{ field: 'body', message: 'is not valid JSON' }],
      });
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new HttpProblem('validation-error', 'The body is empty', { errors: [{ field: 'body', message: 'is required' }] });
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new HttpProblem('payload-too-large', 'The body is larger than the configured limit');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new HttpProblem('unsupported-media-type', 'Send the body as application/json');
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new HttpProblem('validation-error', 'Content-Length does not match the body');
  }
  const temporal = problemFromTemporalError(err);
  if (temporal) return temporal;
  const status = err.statusCode ?? 500;
  if (status === 404) return new HttpProblem('not-found', 'Not found');
  if (status === 413) return new HttpProblem('payload-too-large', 'The body is larger than the configured limit');
  if (status === 415) return new HttpProblem('unsupported-media-type', 'Send the body as application/json');
  if (status >= 400 && status < 500) return new HttpProblem('validation-error', err.code ? `Rejected (${err.code})` : 'The request is not valid');
  if (isResponseSerializationError(err)) return new HttpProblem('internal', 'The answer did not match its schema');
  return new HttpProblem('internal', 'Something went wrong; quote the requestId when reporting it');
}

export function sendProblem(problem: HttpProblem, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (problem.retryAfterSeconds !== undefined) void reply.header('retry-after', String(problem.retryAfterSeconds));
  if (problem.status === 401) void reply.header('www-authenticate', 'Bearer realm="handover"');
  const instance = request.url.split('?')[0] ?? request.url;
  return reply
    .code(problem.status)
    .type(PROBLEM_CONTENT_TYPE)
    .send(JSON.stringify(problem.toProblem(instance, String(request.id))));
}

/** Most of a refused body read and dropped before the 413 is sent, and for how long at most. */
export const DRAIN_MAX_BYTES = 64 * 1024 * 1024;
export const DRAIN_MAX_MS = 10_000;

/**
 * Reads and drops the rest of a request body. Fastify answers a body over the limit before reading it and
 * closes the connection; a client still writing its body then gets a reset (EPIPE) instead of the 413.
 * Reading the rest first (bounded in bytes and time) lets the client finish and read the answer.
 */
export function drainRequest(raw: IncomingMessage, maxBytes = DRAIN_MAX_BYTES, maxMs = DRAIN_MAX_MS): Promise<void> {
  if (raw.complete || raw.readableEnded || raw.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    let bytes = 0;
    const finish = () => {
      clearTimeout(timer);
      raw.off('data', onData);
      raw.off('end', finish);
      raw.off('error', finish);
      raw.off('close', finish);
      resolve();
    };
    const onData = (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes > maxBytes) {
        raw.pause();
        finish();
      }
    };
    const timer = setTimeout(finish, maxMs);
    raw.on('data', onData);
    raw.once('end', finish);
    raw.once('error', finish);
    raw.once('close', finish);
    raw.resume();
  });
}

export async function errorHandler(err: FastifyError, request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
  const problem = problemOf(err);
  if (problem.kind === 'payload-too-large') await drainRequest(request.raw);
  if (problem.status >= 500) {
    if (isResponseSerializationError(err)) {
      // Issue paths and codes only: the values are case data.
      const issues = (err.cause as { issues?: { path: PropertyKey[]; code: string }[] } | undefined)?.issues ?? [];
      request.log.error({ problem: problem.kind, issues: issues.map((i) => ({ path: i.path.map(String).join('.'), code: i.code })) }, 'response schema violation');
    } else if (problem.kind === 'internal') {
      request.log.error({ err, problem: problem.kind }, 'request failed');
    } else if (isWorkflowTaskFailing(err)) {
      // Answered 503 (retry later), but it may never clear without an operator: logged as an error.
      request.log.error({ problem: problem.kind }, "the case's workflow task is failing on the workers");
    } else {
      request.log.warn({ problem: problem.kind, detail: problem.detail }, 'request failed');
    }
  } else {
    request.log.debug({ problem: problem.kind }, 'request rejected');
  }
  return sendProblem(problem, request, reply);
}
