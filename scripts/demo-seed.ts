/**
 * Demo data for `npm start` with HANDOVER_DEMO=true: a few cases at different stages, created through the
 * public API only (HTTP + minted tokens), exactly as officers and supervisors would:
 *
 * - Myanmar → Thailand (transit) → China, arrests of one Mae Sot round: in screening, in identity
 *   verification, waiting only on Thailand's transit consent, and waiting on every approval; all four on
 *   the manifest of a demo operation when the server has the operations API;
 * - Cambodia → China: one in screening (the first to go overdue: screening has the shortest working SLA),
 *   one waiting on China's acceptance, one approved and waiting to be scheduled, one screened out as a
 *   trafficking victim (closed as referred-as-victim).
 *
 * With compressed clocks (HANDOVER_DAY_SECONDS=60: a clock day is a minute) the screening case is
 * overdue within minutes and legal clocks run out within the hour, so a newcomer sees timers fire.
 * Seeding twice is harmless: each registration carries a fixed Idempotency-Key, and a case that exists
 * already is left as it is. Names are invented; no real person is in here.
 */
import { randomUUID } from 'node:crypto';
import type { Country, Role } from '../domain/people';

/** One HTTP call to the API; `token` is a bearer token. */
export type ApiCall = (method: 'GET' | 'POST', path: string, token: string, body?: unknown, headers?: Record<string, string>) => Promise<{ status: number; body: unknown }>;

/** A bearer token for a role in a country (minted for the configured secret). */
export type TokenFor = (role: Role, country: Country) => Promise<string> | string;

/** An ApiCall over fetch against a running API, e.g. http://127.0.0.1:3000. */
export function fetchApi(baseUrl: string): ApiCall {
  const base = baseUrl.replace(/\/$/, '');
  return async (method, path, token, body, headers = {}) => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        accept: 'application/json',
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as unknown) : undefined };
  };
}

const RETRY_STATUSES = new Set([429, 503]);
const MAX_ATTEMPTS = 6;

/**
 * Retries what the API asks to be retried (429, 503), backing off up to 5 s, as any client should. Safe here:
 * registrations carry an Idempotency-Key and actions a request id, so a repeat is answered, not re-done.
 */
export function politely(api: ApiCall, sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))): ApiCall {
  return async (method, path, token, body, headers) => {
    for (let attempt = 1; ; attempt++) {
      const res = await api(method, path, token, body, headers);
      if (!RETRY_STATUSES.has(res.status) || attempt >= MAX_ATTEMPTS) return res;
      await sleep(Math.min(500 * 2 ** (attempt - 1), 5_000));
    }
  };
}

export class DemoApiError extends Error {
  constructor(
    readonly step: string,
    readonly status: number,
    readonly detail: unknown,
  ) {
    super(`${step}: HTTP ${status}${typeof detail === 'string' ? ` (${detail})` : ''}`);
    this.name = 'DemoApiError';
  }
}

export interface WalkOptions {
  externalReference: string;
  custodial: Country;
  receiving: Country;
  transit?: Country[];
  track?: 'deportation' | 'extradition';
  operation?: string;
  /** Display name of the invented person. */
  name?: string;
}

/**
 * Moves cases through the API the way people would: the custodial officer registers and screens, the
 * receiving officer verifies, each country's supervisor decides its approval slot.
 */
export class CaseWalker {
  private readonly api: ApiCall;

  constructor(
    api: ApiCall,
    private readonly tokenFor: TokenFor,
  ) {
    this.api = politely(api);
  }

  private async call(step: string, method: 'GET' | 'POST', path: string, role: Role, country: Country, body?: unknown, headers?: Record<string, string>) {
    const res = await this.api(method, path, await this.tokenFor(role, country), body, headers);
    if (res.status >= 300) throw new DemoApiError(step, res.status, (res.body as { detail?: string } | undefined)?.detail);
    return res.body as { caseId: string; stage: string };
  }

  /** Registers an arrest; `created` is false when the same registration existed already. */
  async register(o: WalkOptions): Promise<{ caseId: string; created: boolean }> {
    const body = {
      track: o.track ?? 'deportation',
      person: {
        fullName: o.name ?? `Demo Person ${o.externalReference}`,
        otherNames: [],
        sex: 'unknown',
        claimedNationality: o.receiving,
        documents: [],
      },
      custodialCountry: o.custodial,
      receivingCountry: o.receiving,
      transitCountries: o.transit ?? [],
      arrest: {
        time: new Date(Date.now() - 2 * 3_600_000).toISOString(),
        place: o.custodial === 'MM' ? 'Myawaddy compound (demo)' : 'Sihanoukville compound (demo)',
        agency: 'Demo immigration police',
        ...(o.operation ? { operation: o.operation } : {}),
      },
      custodyStatus: 'detention',
      charges: ['telecom fraud'],
      externalReference: o.externalReference,
    };
    const res = await this.api('POST', '/api/v1/cases', await this.tokenFor('officer', o.custodial), body, {
      'idempotency-key': `demo-${o.externalReference}`,
    });
    // 409: seeded before with another arrest time; the case is there, leave it alone.
    if (res.status === 409) return { caseId: '', created: false };
    if (res.status !== 201 && res.status !== 200) throw new DemoApiError('register', res.status, (res.body as { detail?: string } | undefined)?.detail);
    return { caseId: (res.body as { caseId: string }).caseId, created: res.status === 201 };
  }

  screen(caseId: string, custodial: Country, result: 'cleared' | 'victim' = 'cleared') {
    return this.call('screening', 'POST', `/api/v1/cases/${caseId}/screening`, 'officer', custodial, { requestId: newRequestId(), result });
  }

  verify(caseId: string, receiving: Country) {
    return this.call('verification', 'POST', `/api/v1/cases/${caseId}/verification`, 'officer', receiving, {
      requestId: newRequestId(),
      result: 'confirmed',
      reference: `CONSULAR-${receiving}-DEMO`,
    });
  }

  approve(caseId: string, country: Country) {
    return this.call('approval', 'POST', `/api/v1/cases/${caseId}/approvals`, 'supervisor', country, { requestId: newRequestId(), decision: 'approve' });
  }

  view(caseId: string, country: Country) {
    return this.call('view', 'GET', `/api/v1/cases/${caseId}`, 'monitor', country);
  }

  /**
   * Creates the demo operation and puts `caseIds` on its manifest. Undefined when this server has no
   * operations API yet (404 from the router) or the operation exists from an earlier seeding (409).
   */
  async operation(caseIds: string[]): Promise<string | undefined> {
    const now = Date.now();
    const res = await this.api('POST', '/api/v1/operations', await this.tokenFor('officer', 'MM'), {
      requestId: 'demo-operation-maesot',
      name: 'Mae Sot airlift (demo)',
      custodialCountry: 'MM',
      receivingCountry: 'CN',
      transitCountries: ['TH'],
      handoverPoint: 'Mae Sot airport (demo)',
      transport: 'air',
      escort: 'Receiving-country police escort (demo)',
      window: { start: new Date(now + 3_600_000).toISOString(), end: new Date(now + 5 * 3_600_000).toISOString() },
      capacity: 50,
    });
    if (res.status === 404 || res.status === 409) return undefined;
    if (res.status !== 201 && res.status !== 200) throw new DemoApiError('operation', res.status, (res.body as { detail?: string } | undefined)?.detail);
    const operationId = (res.body as { operationId: string }).operationId;
    if (caseIds.length > 0) {
      await this.call('manifest', 'POST', `/api/v1/operations/${operationId}/cases`, 'officer', 'MM', {
        requestId: newRequestId(),
        action: 'add',
        caseIds,
      });
    }
    return operationId;
  }

  /** Registers, screens and verifies: the case waits on every country's approval. */
  async toApprovals(o: WalkOptions): Promise<string | undefined> {
    const { caseId, created } = await this.register(o);
    if (!created) return undefined;
    await this.screen(caseId, o.custodial);
    await this.verify(caseId, o.receiving);
    return caseId;
  }
}

function newRequestId(): string {
  return `demo-${randomUUID()}`;
}

export interface SeededCase {
  caseId: string;
  route: string;
  state: string;
}

export interface SeededDemo {
  cases: SeededCase[];
  /** The Mae Sot operation holding the MM→TH→CN cases, when the server has operations. */
  operationId?: string;
}

/** Seeds the demo through the API at `target` (a base URL or an ApiCall); returns what it created. */
export async function seedDemo(target: string | ApiCall, tokenFor: TokenFor): Promise<SeededDemo> {
  const api = typeof target === 'string' ? fetchApi(target) : target;
  const walk = new CaseWalker(api, tokenFor);
  const seeded: SeededCase[] = [];
  const note = (caseId: string | undefined, route: string, state: string) => {
    if (caseId) seeded.push({ caseId, route, state });
  };

  // Myanmar → Thailand → China: one Mae Sot round.
  const viaThailand = { custodial: 'MM', receiving: 'CN', transit: ['TH'], operation: 'OP-MAESOT-DEMO' } as const;
  const mm = (n: number): WalkOptions => ({ ...viaThailand, transit: [...viaThailand.transit], externalReference: `DEMO-MM-${n}`, name: `Demo Person MM-${n}` });

  const inScreening = await walk.register(mm(1));
  note(inScreening.created ? inScreening.caseId : undefined, 'MM→TH→CN', 'screening: waits on a Myanmar officer');

  const inVerification = await walk.register(mm(2));
  if (inVerification.created) {
    await walk.screen(inVerification.caseId, 'MM');
    note(inVerification.caseId, 'MM→TH→CN', 'identity verification: waits on a Chinese officer');
  }

  const thaiConsentOnly = await walk.toApprovals(mm(3));
  if (thaiConsentOnly) {
    await walk.approve(thaiConsentOnly, 'MM');
    await walk.approve(thaiConsentOnly, 'CN');
    note(thaiConsentOnly, 'MM→TH→CN', "approvals: waits only on Thailand's transit consent");
  }

  note(await walk.toApprovals(mm(4)), 'MM→TH→CN', 'approvals: waits on Myanmar, Thailand and China');
  const operationId = await walk.operation(seeded.filter((c) => c.route === 'MM→TH→CN').map((c) => c.caseId));

  // Cambodia → China.
  const kh = (n: number): WalkOptions => ({ custodial: 'KH', receiving: 'CN', externalReference: `DEMO-KH-${n}`, name: `Demo Person KH-${n}` });

  const soonOverdue = await walk.register(kh(1));
  note(soonOverdue.created ? soonOverdue.caseId : undefined, 'KH→CN', 'screening: the first to go overdue (shortest working SLA)');

  const chinaAccept = await walk.toApprovals(kh(2));
  if (chinaAccept) {
    await walk.approve(chinaAccept, 'KH');
    note(chinaAccept, 'KH→CN', "approvals: waits on China's acceptance");
  }

  const toSchedule = await walk.toApprovals(kh(3));
  if (toSchedule) {
    await walk.approve(toSchedule, 'KH');
    await walk.approve(toSchedule, 'CN');
    note(toSchedule, 'KH→CN', 'scheduling: both countries approved');
  }

  const victim = await walk.register(kh(4));
  if (victim.created) {
    await walk.screen(victim.caseId, 'KH', 'victim');
    note(victim.caseId, 'KH→CN', 'closed: referred as a trafficking victim');
  }

  return { cases: seeded, ...(operationId ? { operationId } : {}) };
}
