/**
 * A webhook receiver written from the OpenAPI document alone: header names, the signature scheme and the
 * body schemas come from docs/openapi.json's text, not from Handover's code. It verifies real
 * notifications that the real worker's case workflow produced and the real WebhookNotifier sent to it
 * over HTTP, and refuses a body that someone changed on the way.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import { WebhookNotifier } from '../activities/webhook-notifier';
import { CaseWalker } from '../scripts/demo-seed';
import { tokenFor } from './helpers/api';
import { eventually, injectApi, startIsolatedApi, type IsolatedApi } from './helpers/isolated-api';

const SECRET = 'webhook-contract-secret-0123456789abcdefghij';

/** What the receiver knows: only what the document says. */
interface Contract {
  signatureHeader: string;
  eventIdHeader: string;
  kindHeader: string;
  hmac: string;
  prefix: string;
  encoding: 'hex' | 'base64';
  validate(kind: string, body: unknown): boolean;
}

function contractFromDocument(text: string): Contract {
  const doc = JSON.parse(text) as {
    'x-webhook-signature': { header: string; algorithm: string; encoding: string; prefix: string };
    webhooks: Record<string, { post: { parameters: { name: string; in: string; description: string; schema: { enum?: string[] } }[]; requestBody: { content: { 'application/json': { schema: { $ref: string } } } } } }>;
    components: { schemas: Record<string, object> };
  };
  const scheme = doc['x-webhook-signature'];
  const [hash] = /^HMAC-(SHA\d+)$/.exec(scheme.algorithm)?.slice(1) ?? [];
  if (!hash) throw new Error(`unknown algorithm ${scheme.algorithm}`);
  const any = Object.values(doc.webhooks)[0].post.parameters.filter((p) => p.in === 'header');
  const ajv = new Ajv2020({ strict: false });
  const validators = new Map(
    Object.entries(doc.webhooks).map(([kind, item]) => {
      const ref = item.post.requestBody.content['application/json'].schema.$ref.split('/').pop()!;
      return [kind, ajv.compile(doc.components.schemas[ref])];
    }),
  );
  return {
    signatureHeader: scheme.header,
    eventIdHeader: any.find((p) => /idempotency key/.test(p.description))!.name,
    kindHeader: any.find((p) => p.schema.enum !== undefined)!.name,
    hmac: hash.toLowerCase(),
    prefix: scheme.prefix,
    encoding: scheme.encoding === 'base64' ? 'base64' : 'hex',
    validate: (kind, body) => validators.get(kind)?.(body) === true,
  };
}

interface Received {
  eventId: string;
  kind: string;
  verified: boolean;
  valid: boolean;
  body: Record<string, unknown>;
}

/** The integrator's receiver: verify, check the body against the document, remember event ids. */
class DocumentReceiver {
  readonly received: Received[] = [];
  readonly seen = new Set<string>();
  private readonly server: http.Server;

  constructor(contract: Contract) {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const raw = Buffer.concat(chunks);
        const given = String(req.headers[contract.signatureHeader.toLowerCase()] ?? '');
        const expected = Buffer.from(`${contract.prefix}${createHmac(contract.hmac, SECRET).update(raw).digest(contract.encoding)}`);
        const verified = given.length === expected.length && timingSafeEqual(Buffer.from(given), expected);
        if (!verified) return void res.writeHead(401).end();
        const body = JSON.parse(raw.toString('utf8')) as Record<string, unknown>;
        const kind = String(req.headers[contract.kindHeader.toLowerCase()]);
        const eventId = String(req.headers[contract.eventIdHeader.toLowerCase()]);
        if (!this.seen.has(eventId)) {
          this.seen.add(eventId);
          this.received.push({ eventId, kind, verified, valid: contract.validate(kind, body), body });
        }
        res.writeHead(204).end();
      });
    });
  }

  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/handover`;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

describe('a receiver written from the OpenAPI document', () => {
  let receiver: DocumentReceiver;
  let iso: IsolatedApi;
  let url: string;
  let contract: Contract;

  beforeAll(async () => {
    contract = contractFromDocument(fs.readFileSync(path.resolve(__dirname, '../docs/openapi.json'), 'utf8'));
    receiver = new DocumentReceiver(contract);
    url = await receiver.listen();
    iso = await startIsolatedApi({ prefix: 'handover-webhook-doc', activityDeps: { notifier: new WebhookNotifier({ url, secret: SECRET, timeoutMs: 2_000 }) } });
  });

  afterAll(async () => {
    await iso?.stop();
    await receiver?.close();
  });

  it('reads the signature scheme and the headers from the document', () => {
    expect(contract).toMatchObject({ hmac: 'sha256', prefix: 'sha256=', encoding: 'hex' });
    expect([contract.signatureHeader, contract.eventIdHeader, contract.kindHeader].every((h) => /^X-[A-Za-z-]+$/.test(h))).toBe(true);
  });

  it('verifies the approval requests and the outcome a real case sent, and finds each body as documented', async () => {
    const app = await iso.app();
    const walk = new CaseWalker(injectApi(app), (role, country) => tokenFor(role, country));
    const inApprovals = await walk.toApprovals({ custodial: 'KH', receiving: 'CN', externalReference: `DOC-A-${Date.now()}` });
    const victim = await walk.register({ custodial: 'KH', receiving: 'CN', externalReference: `DOC-B-${Date.now()}` });
    await walk.screen(victim.caseId, 'KH', 'victim');

    await eventually(
      async () =>
        receiver.received.filter((r) => r.body.caseId === inApprovals && r.kind === 'approval-requested').length === 2 &&
        receiver.received.some((r) => r.body.caseId === victim.caseId && r.kind === 'outcome'),
      'two approval requests and an outcome at the receiver',
      30_000,
    );
    const ours = receiver.received.filter((r) => r.body.caseId === inApprovals || r.body.caseId === victim.caseId);
    expect(ours.length).toBeGreaterThanOrEqual(3);
    for (const r of ours) {
      expect({ eventId: r.eventId, verified: r.verified, valid: r.valid, kind: r.body.kind, id: r.body.eventId }).toEqual({ eventId: r.eventId, verified: true, valid: true, kind: r.kind, id: r.eventId });
    }
  });

  it('refuses a body changed after signing, and accepts each documented kind once per event id', async () => {
    const notifier = new WebhookNotifier({ url, secret: SECRET });
    const doc = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../docs/openapi.json'), 'utf8')) as {
      webhooks: Record<string, { post: { requestBody: { content: { 'application/json': { examples: Record<string, { value: Record<string, unknown> }> } } } } }>;
    };
    const kinds = Object.keys(doc.webhooks);
    expect(kinds.sort()).toEqual(['approval-requested', 'escalation', 'legal-clock-expired', 'outcome', 'overdue', 'reminder']);
    for (const kind of kinds) {
      const example = Object.values(doc.webhooks[kind].post.requestBody.content['application/json'].examples)[0].value;
      const { version: _version, ...notification } = { ...example, eventId: `${String(example.eventId)}-${Date.now()}` } as Record<string, unknown> & { eventId: string };
      // Twice: the second delivery is a retry the receiver recognises by its event id.
      await notifier.send(notification as never);
      await notifier.send(notification as never);
      const got = receiver.received.filter((r) => r.eventId === notification.eventId);
      expect({ kind, count: got.length, verified: got[0]?.verified, valid: got[0]?.valid }).toEqual({ kind, count: 1, verified: true, valid: true });
    }

    const raw = JSON.stringify({ version: 1, eventId: 'x:1', caseId: 'case-KH-2026-ABCDEFGHIJ', kind: 'outcome', audience: [], stage: 'closed', outcome: 'refused', createdAt: new Date().toISOString() });
    const signature = `${contract.prefix}${createHmac(contract.hmac, SECRET).update(raw).digest('hex')}`;
    const tampered = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [contract.signatureHeader]: signature, [contract.eventIdHeader]: 'x:1', [contract.kindHeader]: 'outcome' },
      body: raw.replace('refused', 'handed-over'),
    });
    expect(tampered.status).toBe(401);
  });
});
