/**
 * The codec endpoint the Temporal UI (and `temporal ... --codec-endpoint`) calls to show encrypted
 * payloads to an authorised person: POST /codec/encode and POST /codec/decode in the codec-server format
 * `{ "payloads": [{ "metadata": { key: base64 }, "data": base64 }] }`, with an `X-Namespace` header.
 *
 * - Every POST passes `authorize` (the API's Bearer-token check, plugged in by the app).
 * - CORS only for the configured Temporal UI origin; the preflight is answered here, without auth
 *   (browsers send no credentials on a preflight). No global CORS plugin: the rest of the API keeps its own.
 * - Decoded payloads are personal data: responses are `Cache-Control: no-store`, bodies are never logged,
 *   and errors name a key id or a rule, never payload content.
 *
 * Register once: `app.register(codecPlugin({ codec, authorize, allowedOrigin }))`. The plugin is
 * encapsulated, so its hooks touch only its own routes.
 */
import type { PayloadCodec, Payload } from '@temporalio/common';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { PayloadDecryptionError } from '../security/codec';

export interface CodecPluginOptions {
  codec: PayloadCodec;
  /** True when the caller may read (decode) and write (encode) payloads; typically a Bearer-token check. */
  authorize: (request: FastifyRequest) => Promise<boolean>;
  /** The Temporal UI's origin (scheme://host[:port]); without it no CORS header is ever sent. */
  allowedOrigin?: string;
  /** Largest request body in bytes (a page of history); default 4 MiB. */
  bodyLimit?: number;
}

export const CODEC_ROUTES = ['/codec/encode', '/codec/decode'] as const;
const MAX_PAYLOADS = 10_000;
const ALLOWED_HEADERS = 'authorization, content-type, x-namespace';

const base64 = z
  .string()
  .max(16 * 1024 * 1024)
  .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'must be base64');

const jsonPayload = z.object({
  metadata: z.record(z.string().min(1).max(256), base64).nullish(),
  data: base64.nullish(),
});
const codecRequest = z.object({ payloads: z.array(jsonPayload).max(MAX_PAYLOADS) });
type JsonPayload = z.infer<typeof jsonPayload>;

function fromJson(p: JsonPayload): Payload {
  // Object.fromEntries defines own properties, so a `__proto__` metadata key stays a plain key.
  const metadata = Object.fromEntries(
    Object.entries(p.metadata ?? {}).map(([k, v]): [string, Uint8Array] => [k, Buffer.from(v, 'base64')]),
  );
  return { metadata, data: p.data != null ? Buffer.from(p.data, 'base64') : undefined };
}

function toJson(p: Payload): { metadata: Record<string, string>; data?: string } {
  const metadata = Object.fromEntries(
    Object.entries(p.metadata ?? {}).map(([k, v]): [string, string] => [k, Buffer.from(v).toString('base64')]),
  );
  return p.data != null ? { metadata, data: Buffer.from(p.data).toString('base64') } : { metadata };
}

export function codecPlugin(options: CodecPluginOptions): FastifyPluginAsync {
  const { codec, authorize, allowedOrigin } = options;
  const bodyLimit = options.bodyLimit ?? 4 * 1024 * 1024;

  const originAllowed = (request: FastifyRequest): string | undefined => {
    const origin = request.headers.origin;
    return allowedOrigin !== undefined && origin === allowedOrigin ? origin : undefined;
  };

  return async (app) => {
    app.addHook('onRequest', async (request, reply) => {
      reply.header('Cache-Control', 'no-store');
      if (allowedOrigin !== undefined) reply.header('Vary', 'Origin');
      const origin = originAllowed(request);
      if (origin) {
        reply.header('Access-Control-Allow-Origin', origin);
        reply.header('Access-Control-Allow-Credentials', 'true');
      }
    });

    const preflight = async (request: FastifyRequest, reply: FastifyReply) => {
      if (!originAllowed(request)) return reply.code(403).send({ error: 'origin-not-allowed' });
      return reply
        .code(204)
        .header('Access-Control-Allow-Methods', 'POST, OPTIONS')
        .header('Access-Control-Allow-Headers', ALLOWED_HEADERS)
        .header('Access-Control-Max-Age', '600')
        .send();
    };

    const handle = (direction: 'encode' | 'decode') => async (request: FastifyRequest, reply: FastifyReply) => {
      let allowed = false;
      try {
        allowed = await authorize(request);
      } catch (err) {
        request.log.warn({ err }, 'codec authorization check failed');
      }
      if (!allowed) {
        return reply.code(401).header('WWW-Authenticate', 'Bearer').send({ error: 'unauthorized' });
      }
      const parsed = codecRequest.safeParse(request.body);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        const where = issue ? issue.path.join('.') : '';
        return reply.code(400).send({ error: 'invalid-request', message: `${where || 'body'}: ${issue?.message ?? 'invalid'}` });
      }
      const input = parsed.data.payloads.map(fromJson);
      try {
        const output = direction === 'encode' ? await codec.encode(input) : await codec.decode(input);
        return reply.code(200).send({ payloads: output.map(toJson) });
      } catch (err) {
        if (err instanceof PayloadDecryptionError) {
          return reply.code(400).send({ error: 'payload-not-decodable', message: err.message });
        }
        throw err;
      }
    };

    // Documentation only (no body or response schema: the handler validates and answers in the codec-server
    // shape itself); the browser's preflights are not part of the API.
    const documented = (operationId: string, summary: string, description: string) => ({
      operationId,
      summary,
      description: `${description} Body and answer: \`{ "payloads": [{ "metadata": { "<key>": "<base64>" }, "data": "<base64>" }] }\`, at most ${MAX_PAYLOADS} payloads. Admin token only; 400 and 401 answer \`{ "error": "..." }\`.`,
      tags: ['codec'],
      security: [{ bearerAuth: [] }],
    });
    for (const route of CODEC_ROUTES) {
      app.options(route, { schema: { hide: true } }, preflight);
    }
    app.post(
      '/codec/encode',
      { bodyLimit, schema: documented('encodePayloads', 'Encrypt Temporal payloads (Temporal UI codec endpoint)', 'Encrypts payloads with the newest payload key.') },
      handle('encode'),
    );
    app.post(
      '/codec/decode',
      { bodyLimit, schema: documented('decodePayloads', 'Decrypt Temporal payloads (Temporal UI codec endpoint)', 'Decrypts payloads encrypted with any configured key; the answer holds personal data and is never cached.') },
      handle('decode'),
    );
  };
}
