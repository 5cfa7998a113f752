/**
 * The payload codec and its keys: round trip, rotation, tampering, unknown key ids, key loading.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defaultPayloadConverter, METADATA_ENCODING_KEY, type Payload } from '@temporalio/common';
import { ConfigError, loadConfig } from '../config/env';
import { ENCRYPTED_ENCODING, EncryptionCodec, METADATA_KEY_ID, PayloadDecryptionError } from '../security/codec';
import { createDataConverter, FAILURE_CONVERTER_PATH, payloadCodecOf } from '../security/data-converter';
import { formatKeys, generateKey, KEY_FILE_NAME, loadOrCreateKeys, parseKeys, type PayloadKeyring } from '../security/keys';

const CANARY = 'CANARY-Nguyen-Van-A-passport-C1234567';
const text = (bytes: Uint8Array | null | undefined) => Buffer.from(bytes ?? []).toString('utf8');
const keyIdOf = (p: Payload) => text(p.metadata?.[METADATA_KEY_ID]);
const ring = (...keys: ReturnType<typeof generateKey>[]) => keys as unknown as PayloadKeyring;

function personPayload(): Payload {
  return defaultPayloadConverter.toPayload({ fullName: CANARY, documents: [{ number: 'C1234567' }] });
}

describe('EncryptionCodec', () => {
  const k1 = { ...generateKey(), id: 'k1' };
  const k2 = { ...generateKey(), id: 'k2' };

  it('round-trips payloads and leaves no plaintext in the encoded bytes', async () => {
    const codec = new EncryptionCodec(ring(k1));
    const original = [personPayload(), defaultPayloadConverter.toPayload(undefined), defaultPayloadConverter.toPayload(42)];
    const encoded = await codec.encode(original);
    for (const p of encoded) {
      expect(text(p.metadata?.[METADATA_ENCODING_KEY])).toBe(ENCRYPTED_ENCODING);
      expect(keyIdOf(p)).toBe('k1');
      expect(Object.keys(p.metadata ?? {}).sort()).toEqual([METADATA_ENCODING_KEY, METADATA_KEY_ID].sort());
      expect(Buffer.from(p.data ?? []).includes(Buffer.from('CANARY'))).toBe(false);
    }
    const decoded = await codec.decode(encoded);
    expect(decoded.map((p) => defaultPayloadConverter.fromPayload(p))).toEqual([
      { fullName: CANARY, documents: [{ number: 'C1234567' }] },
      undefined,
      42,
    ]);
  });

  it('uses a fresh IV: the same payload encrypts differently each time', async () => {
    const codec = new EncryptionCodec(ring(k1));
    const [a, b] = await codec.encode([personPayload(), personPayload()]);
    expect(Buffer.from(a.data!).equals(Buffer.from(b.data!))).toBe(false);
  });

  it('rotation: new payloads use the newest key, payloads of the old key still decode', async () => {
    const before = new EncryptionCodec(ring(k1));
    const [old] = await before.encode([personPayload()]);
    const after = new EncryptionCodec(ring(k2, k1));
    expect(after.currentKeyId).toBe('k2');
    const [fresh] = await after.encode([personPayload()]);
    expect(keyIdOf(old)).toBe('k1');
    expect(keyIdOf(fresh)).toBe('k2');
    const decoded = await after.decode([old, fresh]);
    expect(decoded.map((p) => defaultPayloadConverter.fromPayload<{ fullName: string }>(p).fullName)).toEqual([CANARY, CANARY]);
  });

  it('rejects tampered ciphertext, tag, IV and a relabelled key id', async () => {
    const codec = new EncryptionCodec(ring(k2, k1));
    const [good] = await codec.encode([personPayload()]);
    const data = Buffer.from(good.data!);
    const flip = (i: number) => {
      const copy = Buffer.from(data);
      copy[i] = copy[i] ^ 0x01;
      return { metadata: good.metadata, data: copy };
    };
    const tampered: Payload[] = [
      flip(20), // ciphertext
      flip(data.length - 1), // tag
      flip(0), // IV
      { metadata: { ...good.metadata, [METADATA_KEY_ID]: Buffer.from('k1') }, data }, // relabelled
      { metadata: good.metadata, data: data.subarray(0, 10) }, // truncated
    ];
    for (const payload of tampered) {
      const error = await codec.decode([payload]).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(PayloadDecryptionError);
      expect(String((error as Error).message)).not.toContain('CANARY');
    }
  });

  it('an unknown key id names the key id only', async () => {
    const [payload] = await new EncryptionCodec(ring(k2)).encode([personPayload()]);
    const reader = new EncryptionCodec(ring(k1));
    const error = (await reader.decode([payload]).catch((e: unknown) => e)) as PayloadDecryptionError;
    expect(error).toBeInstanceOf(PayloadDecryptionError);
    expect(error.keyId).toBe('k2');
    expect(error.message).toBe('Payload was encrypted with key id k2, which is not configured (add it to HANDOVER_KEYS)');
    // A hostile key id is not echoed.
    const hostile = { metadata: { ...payload.metadata, [METADATA_KEY_ID]: Buffer.from(`${CANARY} <script>`) }, data: payload.data };
    const error2 = (await reader.decode([hostile]).catch((e: unknown) => e)) as Error;
    expect(error2.message).toContain('(malformed key id)');
    expect(error2.message).not.toContain('CANARY');
  });

  it('passes unencrypted payloads through (histories written before encryption)', async () => {
    const plain = personPayload();
    const [out] = await new EncryptionCodec(ring(k1)).decode([plain]);
    expect(out).toBe(plain);
  });
});

describe('HANDOVER_KEYS', () => {
  const a = generateKey();
  const b = generateKey();

  it('parses newest-first pairs and formats them back', () => {
    const spec = formatKeys([a, b]);
    const keys = parseKeys(spec);
    expect(keys.map((k) => k.id)).toEqual([a.id, b.id]);
    expect(keys[0].material.equals(a.material)).toBe(true);
    expect(formatKeys(keys)).toBe(spec);
  });

  it.each([
    { spec: '', reason: 'no key given' },
    { spec: 'k1', reason: 'entry 1 is not keyId:base64Key' },
    { spec: `k1:${a.material.toString('base64').slice(0, 20)}`, reason: 'key k1 is not 32 bytes in base64' },
    { spec: `bad id:${a.material.toString('base64')}`, reason: 'entry 1 has an invalid key id' },
    { spec: `k1:${a.material.toString('base64')},k1:${b.material.toString('base64')}`, reason: 'key id k1 appears twice' },
  ])('rejects a bad value ($reason) without echoing key material', ({ spec, reason }) => {
    expect(() => parseKeys(spec)).toThrow(reason);
    try {
      parseKeys(spec);
    } catch (err) {
      expect((err as Error).message).not.toContain(a.material.toString('base64').slice(0, 20));
    }
  });

  it('a malformed value stops configuration with one line naming the variable, not the value', () => {
    const secret = a.material.toString('base64').slice(0, 30);
    expect(() => loadConfig({ HANDOVER_KEYS: `k1:${secret}` })).toThrow(ConfigError);
    try {
      loadConfig({ HANDOVER_KEYS: `k1:${secret}` });
    } catch (err) {
      expect((err as ConfigError).variable).toBe('HANDOVER_KEYS');
      expect((err as Error).message).not.toContain(secret);
      expect((err as Error).message).not.toContain('\n');
    }
    expect(loadConfig({ HANDOVER_KEYS: formatKeys([a]) }).HANDOVER_KEYS).toBe(formatKeys([a]));
  });

  it('HANDOVER_CODEC_CORS_ORIGIN takes an origin only', () => {
    expect(loadConfig({ HANDOVER_CODEC_CORS_ORIGIN: 'http://localhost:8233' }).HANDOVER_CODEC_CORS_ORIGIN).toBe('http://localhost:8233');
    expect(() => loadConfig({ HANDOVER_CODEC_CORS_ORIGIN: 'http://localhost:8233/path' })).toThrow('HANDOVER_CODEC_CORS_ORIGIN');
  });
});

describe('loadOrCreateKeys', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'handover-keys-'));
  });
  afterEach(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('HANDOVER_KEYS wins over any key file', () => {
    const key = generateKey();
    const loaded = loadOrCreateKeys({ HANDOVER_KEYS: formatKeys([key]), TEMPORAL_ADDRESS: undefined, dataDir });
    expect(loaded.source).toBe('HANDOVER_KEYS');
    expect(loaded.keys[0].id).toBe(key.id);
    expect(fs.existsSync(path.join(dataDir, KEY_FILE_NAME))).toBe(false);
  });

  it('embedded mode generates a key file once (mode 0600) and reuses it', () => {
    const first = loadOrCreateKeys({ HANDOVER_KEYS: undefined, TEMPORAL_ADDRESS: undefined, dataDir });
    expect(first.source).toBe('generated');
    const file = path.join(dataDir, KEY_FILE_NAME);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const second = loadOrCreateKeys({ HANDOVER_KEYS: undefined, TEMPORAL_ADDRESS: undefined, dataDir });
    expect(second.source).toBe('key-file');
    expect(formatKeys(second.keys)).toBe(formatKeys(first.keys));
    expect(fs.readdirSync(dataDir)).toEqual([KEY_FILE_NAME]);
  });

  it('against an external cluster it never generates a key', () => {
    expect(() => loadOrCreateKeys({ HANDOVER_KEYS: undefined, TEMPORAL_ADDRESS: 'temporal:7233', dataDir })).toThrow(
      /HANDOVER_KEYS must be set when TEMPORAL_ADDRESS is set/,
    );
    expect(fs.existsSync(path.join(dataDir, KEY_FILE_NAME))).toBe(false);
  });
});

describe('createDataConverter', () => {
  it('is memoised per keyring and encodes failures through the codec', () => {
    const key = generateKey();
    const one = createDataConverter(parseKeys(formatKeys([key])));
    const two = createDataConverter(parseKeys(formatKeys([key])));
    expect(two).toBe(one);
    expect(createDataConverter(parseKeys(formatKeys([generateKey()])))).not.toBe(one);
    expect(payloadCodecOf(one).currentKeyId).toBe(key.id);
    expect(one.failureConverterPath).toBe(FAILURE_CONVERTER_PATH);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { failureConverter } = require(FAILURE_CONVERTER_PATH);
    expect(failureConverter.options.encodeCommonAttributes).toBe(true);
  });
});
