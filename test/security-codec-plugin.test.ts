/**
 * The codec endpoint on a bare fastify instance: auth, CORS for the Temporal UI origin only, the
 * codec-server JSON format, and errors that carry no payload content.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import { defaultPayloadConverter, METADATA_ENCODING_KEY } from '@temporalio/common';
import { codecPlugin } from '../api/codec-plugin';
import { EncryptionCodec, ENCRYPTED_ENCODING, METADATA_KEY_ID } from '../security/codec';
import { generateKey, type PayloadKeyring } from '../security/keys';

const UI_ORIGIN = 'http://localhost:8233';
const TOKEN = 'Bearer test-token';
const CANARY = 'CANARY-Sok-Dara-ID-998877';

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
const unb64 = (s: string) => Buffer.from(s, 'base64').toString('utf8');

function jsonPayload(value: unknown) {
  const p = defaultPayloadConverter.toPayload(value);
  return {
    metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v).toString('base64')])),
    data: Buffer.from(p.data ?? []).toString('base64'),
  };
}

async function buildApp(codec: EncryptionCodec, allowedOrigin: string | undefined): Promise<FastifyInstance> {
  const app = Fastify({ logger: false });
  await app.register(
    codecPlugin({
      codec,
      allowedOrigin,
      authorize: async (request) => request.headers.authorization === TOKEN,
    }),
  );
  await app.ready();
  return app;
}

describe('codec endpoint', () => {
  const k1 = { ...generateKey(), id: 'k1' };
  const k2 = { ...generateKey(), id: 'k2' };
  const codec = new EncryptionCodec([k1] as unknown as PayloadKeyring);
  let app: FastifyInstance;

  beforeAll(async () => {
    app = await buildApp(codec, UI_ORIGIN);
  });
  afterAll(async () => {
    await app.close();
  });

  const post = (url: string, body: unknown, headers: Record<string, string> = {}) =>
    app.inject({
      method: 'POST',
      url,
      headers: { authorization: TOKEN, 'x-namespace': 'handover', 'content-type': 'application/json', ...headers },
      payload: typeof body === 'string' ? body : JSON.stringify(body),
    });

  it('encodes and decodes in the codec-server format', async () => {
    const original = { payloads: [jsonPayload({ fullName: CANARY }), jsonPayload(null)] };
    const encoded = await post('/codec/encode', original);
    expect(encoded.statusCode).toBe(200);
    expect(encoded.headers['cache-control']).toBe('no-store');
    const encodedBody = encoded.json<{ payloads: { metadata: Record<string, string>; data: string }[] }>();
    expect(encodedBody.payloads).toHaveLength(2);
    for (const p of encodedBody.payloads) {
      expect(unb64(p.metadata[METADATA_ENCODING_KEY])).toBe(ENCRYPTED_ENCODING);
      expect(unb64(p.metadata[METADATA_KEY_ID])).toBe('k1');
    }
    expect(encoded.body).not.toContain(b64(CANARY).slice(0, 12));

    const decoded = await post('/codec/decode', encodedBody);
    expect(decoded.statusCode).toBe(200);
    expect(decoded.json()).toEqual(original);
  });

  it('requires the token on encode and decode', async () => {
    for (const url of ['/codec/encode', '/codec/decode']) {
      const res = await post(url, { payloads: [] }, { authorization: 'Bearer wrong' });
      expect(res.statusCode).toBe(401);
      expect(res.headers['www-authenticate']).toBe('Bearer');
      const none = await app.inject({ method: 'POST', url, payload: { payloads: [] } });
      expect(none.statusCode).toBe(401);
    }
  });

  it('treats a failing authorization check as a refusal', async () => {
    const failing = Fastify({ logger: false });
    await failing.register(codecPlugin({ codec, authorize: async () => Promise.reject(new Error('JWKS down')) }));
    const res = await failing.inject({ method: 'POST', url: '/codec/decode', payload: { payloads: [] } });
    expect(res.statusCode).toBe(401);
    await failing.close();
  });

  it('answers the preflight of the Temporal UI origin, without a token', async () => {
    const res = await app.inject({
      method: 'OPTIONS',
      url: '/codec/decode',
      headers: { origin: UI_ORIGIN, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,x-namespace,content-type' },
    });
    expect(res.statusCode).toBe(204);
    expect(res.headers['access-control-allow-origin']).toBe(UI_ORIGIN);
    expect(res.headers['access-control-allow-credentials']).toBe('true');
    expect(res.headers['access-control-allow-methods']).toContain('POST');
    expect(String(res.headers['access-control-allow-headers'])).toMatch(/authorization.*content-type.*x-namespace/);
    expect(res.headers.vary).toContain('Origin');

    const post2 = await post('/codec/decode', { payloads: [] }, { origin: UI_ORIGIN });
    expect(post2.statusCode).toBe(200);
    expect(post2.headers['access-control-allow-origin']).toBe(UI_ORIGIN);
  });

  it('gives no CORS headers to any other origin', async () => {
    const pre = await app.inject({
      method: 'OPTIONS',
      url: '/codec/encode',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(pre.statusCode).toBe(403);
    expect(pre.headers['access-control-allow-origin']).toBeUndefined();
    const res = await post('/codec/decode', { payloads: [] }, { origin: 'https://evil.example' });
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('without a configured origin, no CORS at all', async () => {
    const noCors = await buildApp(codec, undefined);
    try {
      const pre = await noCors.inject({ method: 'OPTIONS', url: '/codec/decode', headers: { origin: UI_ORIGIN } });
      expect(pre.statusCode).toBe(403);
      expect(pre.headers['access-control-allow-origin']).toBeUndefined();
      const res = await noCors.inject({ method: 'POST', url: '/codec/decode', headers: { origin: UI_ORIGIN, authorization: TOKEN }, payload: { payloads: [] } });
      expect(res.statusCode).toBe(200);
      expect(res.headers['access-control-allow-origin']).toBeUndefined();
    } finally {
      await noCors.close();
    }
  });

  it('rejects malformed bodies with 400 and no echo', async () => {
    const cases: unknown[] = [
      {},
      { payloads: 'x' },
      { payloads: [{ data: 'not base64 !!' }] },
      { payloads: [{ metadata: { encoding: 42 } }] },
      { payloads: [{ metadata: { '': b64('x') } }] },
      '{"payloads": [',
      `{"payloads": [{"metadata": {"__proto__": "${b64('x')}"}}]}`,
      `{"payloads": [{"metadata": {"constructor": "${b64(CANARY)}"}, "data": "${b64(CANARY)}"}]}`,
    ];
    for (const body of cases) {
      const res = await post('/codec/decode', body);
      if (res.statusCode === 200) {
        // `constructor` is a legal metadata key: it must come back as a plain key, nothing more.
        expect(res.json().payloads[0].metadata).toEqual({ constructor: b64(CANARY) });
        continue;
      }
      expect(res.statusCode).toBe(400);
      expect(res.body).not.toContain(CANARY);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('reports undecodable payloads by key id only', async () => {
    const otherCodec = new EncryptionCodec([k2] as unknown as PayloadKeyring);
    const [foreign] = await otherCodec.encode([defaultPayloadConverter.toPayload({ fullName: CANARY })]);
    const asJson = {
      metadata: Object.fromEntries(Object.entries(foreign.metadata!).map(([k, v]) => [k, Buffer.from(v).toString('base64')])),
      data: Buffer.from(foreign.data!).toString('base64'),
    };
    const unknownKey = await post('/codec/decode', { payloads: [asJson] });
    expect(unknownKey.statusCode).toBe(400);
    expect(unknownKey.json()).toEqual({
      error: 'payload-not-decodable',
      message: 'Payload was encrypted with key id k2, which is not configured (add it to HANDOVER_KEYS)',
    });

    const [mine] = await codec.encode([defaultPayloadConverter.toPayload({ fullName: CANARY })]);
    const data = Buffer.from(mine.data!);
    data[15] = data[15] ^ 0xff;
    const tampered = await post('/codec/decode', {
      payloads: [
        {
          metadata: Object.fromEntries(Object.entries(mine.metadata!).map(([k, v]) => [k, Buffer.from(v).toString('base64')])),
          data: data.toString('base64'),
        },
      ],
    });
    expect(tampered.statusCode).toBe(400);
    expect(tampered.json().message).toBe('Encrypted payload (key id k1) failed authentication: it was altered or the key is wrong');
  });

  it('passes unencrypted payloads through decode', async () => {
    const plain = { payloads: [jsonPayload({ stage: 'screening' })] };
    const res = await post('/codec/decode', plain);
    expect(res.json()).toEqual(plain);
  });
});
