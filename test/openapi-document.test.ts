/**
 * The OpenAPI document as a contract: the one the server serves passes `redocly lint` (recommended rules,
 * with the committed exceptions only), docs/openapi.json and the generated TypeScript client are what it
 * serves now, every operation is named, described and secured, and every example fits its zod schema.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { z } from 'zod';
import { CaseListResponseSchema, CaseViewSchema } from '../contracts/case-view';
import { ApprovalBodySchema, ScreeningBodySchema } from '../contracts/actions';
import { BulkApprovalBodySchema, BulkScheduleBodySchema } from '../contracts/bulk';
import { OPERATION_EXAMPLES } from '../contracts/openapi-examples';
import { RegistrationBodySchema } from '../contracts/registration';
import { OPENAPI_FILE, servedOpenApiText } from '../scripts/openapi';

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '..');
const REDOCLY = path.join(ROOT, 'node_modules', '.bin', 'redocly');

interface Operation {
  operationId?: string;
  summary?: string;
  description?: string;
  tags?: string[];
  security?: Record<string, string[]>[];
  requestBody?: { content: Record<string, { examples?: Record<string, { value: unknown }> }> };
  responses: Record<string, { content?: Record<string, { schema?: { $ref?: string }; examples?: Record<string, { value: unknown }> }>; headers?: Record<string, unknown> }>;
}
interface Doc {
  info: { license?: unknown; contact?: unknown };
  servers?: unknown[];
  tags: { name: string; description?: string }[];
  paths: Record<string, Record<string, Operation>>;
  webhooks: Record<string, Record<string, Operation>>;
}

function operations(doc: Doc): { method: string; path: string; op: Operation }[] {
  return Object.entries(doc.paths).flatMap(([p, methods]) => Object.entries(methods).map(([method, op]) => ({ method, path: p, op })));
}

let served: string;
let doc: Doc;

beforeAll(async () => {
  served = await servedOpenApiText();
  doc = JSON.parse(served) as Doc;
});

describe('the served OpenAPI document', () => {
  it('passes redocly lint with the recommended rules: 0 errors, 0 warnings', async () => {
    // The committed config and its exceptions beside the served document, in the repository's layout.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'handover-lint-'));
    fs.mkdirSync(path.join(dir, 'docs'));
    fs.writeFileSync(path.join(dir, 'docs', 'openapi.json'), served);
    for (const file of ['redocly.yaml', '.redocly.lint-ignore.yaml']) fs.copyFileSync(path.join(ROOT, file), path.join(dir, file));
    const result = await run(REDOCLY, ['lint', 'docs/openapi.json', '--format=json'], {
      cwd: dir,
      env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', NO_COLOR: '1' },
      maxBuffer: 32 * 1024 * 1024,
    }).catch((err: { stdout?: string }) => ({ stdout: err.stdout ?? '' }));
    const report = JSON.parse(result.stdout) as { totals: { errors: number; warnings: number }; problems: { ruleId: string; message: string; location: { pointer: string }[] }[] };
    const problems = report.problems.map((p) => `${p.ruleId} ${p.location[0]?.pointer}: ${p.message}`);
    expect(problems).toEqual([]);
    expect(report.totals).toMatchObject({ errors: 0, warnings: 0 });
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('is the committed docs/openapi.json (run `npm run openapi` after changing a route)', () => {
    expect(fs.readFileSync(OPENAPI_FILE, 'utf8')).toBe(served);
  });

  it('names, describes, tags and secures every operation, with unique operationIds', () => {
    const all = [...operations(doc), ...Object.entries(doc.webhooks).flatMap(([name, m]) => Object.entries(m).map(([method, op]) => ({ method, path: `webhook ${name}`, op })))];
    const ids = all.map((o) => o.op.operationId);
    expect(ids.every((id) => typeof id === 'string' && /^[a-z][A-Za-z]+$/.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    const tags = new Map(doc.tags.map((t) => [t.name, t.description]));
    for (const { method, path: p, op } of all) {
      const where = `${method} ${p}`;
      expect({ where, summary: Boolean(op.summary), description: Boolean(op.description), security: Array.isArray(op.security) }).toEqual({ where, summary: true, description: true, security: true });
      for (const tag of op.tags ?? []) expect({ where, tag, described: Boolean(tags.get(tag)) }).toEqual({ where, tag, described: true });
      expect(op.tags?.length).toBeGreaterThan(0);
    }
    expect(doc.info.license).toBeDefined();
    expect(doc.info.contact).toBeDefined();
    expect(doc.servers?.length).toBeGreaterThan(0);
    // Public endpoints say so; everything under /api/v1 needs a token.
    for (const { path: p, op } of operations(doc)) {
      if (p.startsWith('/api/v1/')) expect({ p, security: op.security }).toEqual({ p, security: [{ bearerAuth: [] }] });
      if (['/healthz', '/readyz', '/metrics'].includes(p) || p.startsWith('/auth/')) expect({ p, security: op.security }).toEqual({ p, security: [] });
    }
    expect(operations(doc).map((o) => o.op.operationId)).toEqual(expect.arrayContaining(['registerArrest', 'recordScreening', 'listCases', 'getCase', 'getHealth', 'getReadiness', 'getMetrics']));
  });

  it('answers every 4xx and 5xx as problem+json with examples, and 429/503 with Retry-After', () => {
    for (const { method, path: p, op } of operations(doc)) {
      const codec = p.startsWith('/codec/');
      for (const [status, response] of Object.entries(op.responses)) {
        const code = Number(status);
        if (code < 400 || (codec && (code === 400 || code === 401))) continue;
        const media = response.content?.['application/problem+json'];
        const where = `${method} ${p} ${status}`;
        expect({ where, schema: media?.schema?.$ref, examples: Object.keys(media?.examples ?? {}).length > 0 }).toEqual({ where, schema: '#/components/schemas/Problem', examples: true });
        for (const example of Object.values(media?.examples ?? {})) expect((example.value as { status: number }).status).toBe(code);
        if (code === 429 || code === 503) expect({ where, retryAfter: Boolean(response.headers?.['Retry-After']) }).toEqual({ where, retryAfter: true });
      }
      expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['500', '503']));
    }
  });

  it('carries request and response examples on the main operations, each valid for its zod schema', () => {
    const schemas: Record<string, { request?: z.ZodType; response?: z.ZodType }> = {
      registerArrest: { request: RegistrationBodySchema, response: CaseViewSchema },
      listCases: { response: CaseListResponseSchema },
      getCase: { response: CaseViewSchema },
      recordScreening: { request: ScreeningBodySchema, response: CaseViewSchema },
      decideApproval: { request: ApprovalBodySchema, response: CaseViewSchema },
      decideApprovalsInBulk: { request: BulkApprovalBodySchema },
      scheduleHandoversInBulk: { request: BulkScheduleBodySchema },
    };
    expect(Object.keys(OPERATION_EXAMPLES).sort()).toEqual(Object.keys(schemas).sort());
    const byId = new Map(operations(doc).map((o) => [o.op.operationId, o.op]));
    for (const [id, { request, response }] of Object.entries(schemas)) {
      const op = byId.get(id)!;
      const requestExamples = op.requestBody?.content['application/json']?.examples ?? {};
      if (request) {
        expect({ id, requestExamples: Object.keys(requestExamples).length > 0 }).toEqual({ id, requestExamples: true });
        for (const [name, e] of Object.entries(requestExamples)) expect({ id, name, issues: request.safeParse(e.value).error?.issues }).toEqual({ id, name, issues: undefined });
      }
      if (response) {
        const answered = Object.entries(op.responses).filter(([s]) => s.startsWith('2')).flatMap(([, r]) => Object.entries(r.content?.['application/json']?.examples ?? {}));
        expect({ id, responseExamples: answered.length > 0 }).toEqual({ id, responseExamples: true });
        for (const [name, e] of answered) expect({ id, name, issues: response.safeParse(e.value).error?.issues }).toEqual({ id, name, issues: undefined });
      }
    }
  });
});
