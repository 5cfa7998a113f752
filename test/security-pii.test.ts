/**
 * PII canaries. 100 cases whose person records carry canary strings run on a real worker with the
 * encrypting data converter and the production workflow bundle; some move through actions, some are
 * refused, some close on a legal clock, some fail their notifications with a canary in the error.
 * Then every history is read raw, as whoever runs the Temporal cluster would: no canary anywhere (payloads,
 * ids, search attributes, memo, failures). Through the codec every canary is back, and a rotated keyring
 * still reads the old cases.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure, defaultPayloadConverter, METADATA_ENCODING_KEY, type Payload } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { CaseNotification, Notifier } from '../activities';
import {
  CASE_WORKFLOW_TYPE,
  type CaseInput,
  type Track,
} from '../domain/case';
import { caseViewQuery, recordScreeningUpdate, recordVerificationUpdate, withdrawCaseUpdate } from '../domain/case-messages';
import type { Country } from '../domain/people';
import { bundleHandoverWorkflows } from '../scripts/bundle-workflows';
import type { caseWorkflow } from '../workflows';
import { ENCRYPTED_ENCODING, METADATA_KEY_ID, PayloadDecryptionError } from '../security/codec';
import { createDataConverter, payloadCodecOf, type HandoverDataConverter } from '../security/data-converter';
import { formatKeys, generateKey, parseKeys } from '../security/keys';
import { actor, CaseDriver, newCaseId, testClocks, type CaseHandle } from './helpers/case';
import { connectTestEnv, startTestWorker, testNamespace, type TestWorker } from './helpers/temporal';

const CASES = 100;
/** Every canary starts with this; it must never appear in clear. */
const MARK = 'PIICANARY';
const ENCRYPTED_FAILURE_MESSAGE = 'Encoded failure';

type Group = 'clock-expiry' | 'actions' | 'withdrawn' | 'refused' | 'failing-notifications' | 'registered';
function groupOf(i: number): Group {
  const g = i % 10;
  if (g === 0) return 'clock-expiry';
  if (g <= 4) return 'actions';
  if (g === 5) return 'withdrawn';
  if (g === 6) return 'refused';
  if (g === 7) return 'failing-notifications';
  return 'registered';
}

interface Canaries {
  name: string;
  alias: string;
  document: string;
  biometric: string;
  memo: string;
  /** Written by an accepted action, so it must be in the (encrypted) history. */
  action?: string;
  /** In a notification failure's message. */
  failure?: string;
  /** Sent with a refused action: must never reach the history at all. */
  refused?: string;
}

interface TestCase {
  i: number;
  group: Group;
  input: CaseInput;
  canaries: Canaries;
  driver: CaseDriver;
}

const ROUTES: { track: Track; custodial: Country; receiving: Country; transit: Country[] }[] = [
  { track: 'deportation', custodial: 'KH', receiving: 'CN', transit: [] },
  { track: 'deportation', custodial: 'MM', receiving: 'CN', transit: ['TH'] },
  { track: 'extradition', custodial: 'TH', receiving: 'CN', transit: [] },
  { track: 'deportation', custodial: 'LA', receiving: 'CN', transit: [] },
  { track: 'extradition', custodial: 'KH', receiving: 'CN', transit: [] },
];

function canariesFor(i: number, group: Group): Canaries {
  const c = (what: string) => `${MARK}-${i}-${what}`;
  const canaries: Canaries = { name: c('NAME'), alias: c('ALIAS'), document: c('DOC'), biometric: c('BIO'), memo: c('MEMO') };
  if (group === 'actions' || group === 'failing-notifications') canaries.action = c('NOTES');
  if (group === 'withdrawn') canaries.action = c('REASON');
  if (group === 'failing-notifications') canaries.failure = c('FAIL');
  if (group === 'refused') canaries.refused = c('REFUSED');
  return canaries;
}

function caseInputFor(i: number, group: Group, canaries: Canaries): CaseInput {
  const route = ROUTES[i % ROUTES.length];
  // Clock-expiry cases: the deportation detention limit (60 clock days) runs out in 3 s. The others get
  // a one-minute day, so no clock acts on them during the test, however loaded the machine is.
  // Failing-notification cases take a deportation route: verification leads straight to approvals,
  // whose approval requests the receiver rejects.
  const r = group === 'clock-expiry' || group === 'failing-notifications' ? ROUTES[0] : route;
  const dayMs = group === 'clock-expiry' ? 50 : 60_000;
  const { clocks, profileId } = testClocks(r.track, r.custodial, r.receiving, { dayMs });
  return {
    caseId: newCaseId(r.custodial),
    registration: {
      track: r.track,
      person: {
        fullName: canaries.name,
        otherNames: [canaries.alias],
        birthDate: '1990-01-01',
        sex: 'male',
        claimedNationality: r.receiving,
        documents: [{ type: 'passport', number: canaries.document, issuingCountry: r.receiving }],
        biometricReference: canaries.biometric,
      },
      custodialCountry: r.custodial,
      receivingCountry: r.receiving,
      transitCountries: r.transit,
      arrest: { time: new Date().toISOString(), place: 'compound raid', agency: 'immigration police', operation: 'op-pii-test' },
      custodyStatus: 'detention',
      charges: ['telecom fraud'],
      externalReference: `EXT-${i}`,
    },
    registeredBy: actor('officer', r.custodial, 0),
    registeredAt: new Date().toISOString(),
    clocks,
    profileId,
  };
}

/** Runs `fn` over `items`, at most `limit` at a time. */
async function pool<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const runners = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index]);
    }
  });
  await Promise.all(runners);
  return results;
}

async function waitUntil(what: string, check: () => Promise<boolean>, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** @temporalio/proto's message types are reflection objects; decoded messages are instances of `.ctor`. */
const ctorOf = (type: unknown) => (type as { ctor: abstract new (...args: never[]) => unknown }).ctor;
const PAYLOAD = ctorOf(temporal.api.common.v1.Payload);
const FAILURE = ctorOf(temporal.api.failure.v1.Failure);
const PATCH_MARKER = 'core_patch';

/** Every Payload and Failure inside a protobuf message, with whether it sits under search attributes. */
function collect(
  node: unknown,
  out: { payloads: Payload[]; searchAttributePayloads: Payload[]; failures: temporal.api.failure.v1.IFailure[]; patchIds?: string[] },
  underSearchAttributes = false,
): void {
  if (node === null || typeof node !== 'object' || node instanceof Uint8Array) return;
  if (node instanceof PAYLOAD) {
    (underSearchAttributes ? out.searchAttributePayloads : out.payloads).push(node);
    return;
  }
  if (node instanceof FAILURE) out.failures.push(node);
  // patched() markers are written by the SDK's core, outside the data converter: their one payload is the
  // patch id, a constant of the workflow code (checked below), never case data.
  if ((node as { markerName?: unknown }).markerName === PATCH_MARKER) {
    out.patchIds?.push(...Object.values((node as { details?: Record<string, { payloads?: Payload[] }> }).details ?? {}).flatMap((d) => d.payloads ?? []).map((p) => Buffer.from(p.data ?? []).toString()));
    return;
  }
  for (const [key, value] of Object.entries(node)) {
    collect(value, out, underSearchAttributes || key === 'searchAttributes');
  }
}

function countMark(bytes: Buffer): number {
  let count = 0;
  for (let at = bytes.indexOf(MARK); at >= 0; at = bytes.indexOf(MARK, at + 1)) count += 1;
  return count;
}

let env: TestWorkflowEnvironment;
let worker: TestWorker;
let converter: HandoverDataConverter;
let client: Client;
let rawClient: Client;
let bundleDir: string;
const cases: TestCase[] = [];
const byCaseId = new Map<string, TestCase>();
const delivered: CaseNotification[] = [];

/** The notification sink: for some cases the receiver rejects with an error that echoes a canary. */
const notifier: Notifier = {
  async send(n) {
    const c = byCaseId.get(n.caseId);
    if (c?.canaries.failure) {
      throw ApplicationFailure.nonRetryable(`receiver rejected the notification about ${c.canaries.failure}`, 'ReceiverRejected');
    }
    delivered.push(n);
  },
};

const oldKey = { ...generateKey(), id: 'pii-k1' };
const newKey = { ...generateKey(), id: 'pii-k2' };

beforeAll(async () => {
  env = await connectTestEnv();
  converter = createDataConverter(parseKeys(formatKeys([oldKey])));
  // The production bundle: the same function the image build runs, with the encrypting failure converter.
  bundleDir = fs.mkdtempSync(path.join(os.tmpdir(), 'handover-pii-'));
  const codePath = path.join(bundleDir, 'workflow-bundle.js');
  fs.writeFileSync(codePath, await bundleHandoverWorkflows());
  worker = await startTestWorker(env, { activityDeps: { notifier }, dataConverter: converter, workflowBundle: { codePath } });
  client = new Client({ connection: env.connection, namespace: testNamespace(), dataConverter: converter });
  // What the cluster's operator sees: no codec at all.
  rawClient = new Client({ connection: env.connection, namespace: testNamespace() });
});

afterAll(async () => {
  await Promise.all(
    cases.map((c) => c.driver.handle.terminate('pii canary test finished').catch(() => undefined)),
  );
  await worker?.stop();
  await env?.teardown();
  if (bundleDir) fs.rmSync(bundleDir, { recursive: true, force: true });
});

describe('PII canaries', () => {
  it(`${CASES} cases leave no personal data in Temporal, and the codec gets all of it back`, async () => {
    // ---- register 100 cases ----------------------------------------------------------------------
    for (let i = 0; i < CASES; i++) {
      const group = groupOf(i);
      const canaries = canariesFor(i, group);
      const input = caseInputFor(i, group, canaries);
      const handle: CaseHandle = client.workflow.getHandle<typeof caseWorkflow>(input.caseId);
      const c: TestCase = { i, group, input, canaries, driver: new CaseDriver(handle, input) };
      cases.push(c);
      byCaseId.set(input.caseId, c);
    }
    await pool(cases, 20, async (c) => {
      await client.workflow.start(CASE_WORKFLOW_TYPE, {
        taskQueue: worker.taskQueue,
        workflowId: c.input.caseId,
        args: [c.input],
        memo: { intakeNote: c.canaries.memo },
      });
    });

    // ---- drive them --------------------------------------------------------------------------------
    let refusedCount = 0;
    const grown: string[] = [];
    await pool(cases, 10, async (c) => {
      const { custodialCountry, receivingCountry } = c.input.registration;
      switch (c.group) {
        case 'actions':
          await c.driver.act(recordScreeningUpdate, actor('officer', custodialCountry), { result: 'cleared', notes: c.canaries.action });
          await c.driver.act(recordVerificationUpdate, actor('officer', receivingCountry), { result: 'confirmed', reference: 'CONSULAR-1' });
          break;
        case 'failing-notifications':
          // Entering approvals sends approval requests, which this receiver rejects.
          await c.driver.act(recordScreeningUpdate, actor('officer', custodialCountry), { result: 'cleared', notes: c.canaries.action });
          await c.driver.act(recordVerificationUpdate, actor('officer', receivingCountry), { result: 'confirmed', reference: 'CONSULAR-1' });
          break;
        case 'withdrawn':
          await c.driver.act(withdrawCaseUpdate, actor('supervisor', receivingCountry), { reason: c.canaries.action! });
          break;
        case 'refused': {
          // Refused actions carry a canary; the scan below proves it never reaches the history.
          await c.driver.firstTaskDone();
          const notes = c.canaries.refused;
          const attempts = [
            () => c.driver.act(recordScreeningUpdate, actor('monitor', custodialCountry), { result: 'cleared', notes }),
            () => c.driver.act(recordScreeningUpdate, actor('officer', receivingCountry), { result: 'cleared', notes }),
            () => c.driver.act(recordVerificationUpdate, actor('officer', receivingCountry), { result: 'confirmed', reference: notes }),
          ];
          for (const attempt of attempts) {
            const before = (await c.driver.handle.fetchHistory()).events ?? [];
            const refusal = await attempt().then(
              () => undefined,
              (e: unknown) => e,
            );
            expect(refusal).toBeInstanceOf(WorkflowUpdateFailedError);
            const message = (refusal as WorkflowUpdateFailedError).cause?.message ?? '';
            expect(message).toMatch(/^(FORBIDDEN|CONFLICT): /);
            expect(message).not.toContain(MARK);
            const after = (await c.driver.handle.fetchHistory()).events ?? [];
            if (after.length !== before.length) {
              grown.push(after.slice(before.length).map((e) => temporal.api.enums.v1.EventType[e.eventType ?? 0]).join(','));
            }
            refusedCount += 1;
          }
          break;
        }
        default:
          break;
      }
    });

    // Clock-expiry cases close by themselves; failing notifications leave ActivityTaskFailed events.
    for (const c of cases.filter((x) => x.group === 'clock-expiry')) {
      await c.driver.waitForView((v) => v.outcome === 'released-custody-expired', 120_000);
    }
    for (const c of cases.filter((x) => x.group === 'failing-notifications')) {
      await waitUntil(`a failed notification of case ${c.i}`, async () => {
        const h = await rawClient.workflowService.getWorkflowExecutionHistory({ namespace: testNamespace(), execution: { workflowId: c.input.caseId } });
        return (h.history?.events ?? []).some((e) => e.activityTaskFailedEventAttributes);
      });
    }
    const err = await cases
      .find((c) => c.group === 'refused')!
      .driver.act(recordScreeningUpdate, actor('monitor', 'KH'), { result: 'cleared' })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WorkflowUpdateFailedError);

    // ---- read everything raw, without the codec ---------------------------------------------------
    const svc = rawClient.workflowService;
    const namespace = testNamespace();
    let rawBytes = 0;
    let events = 0;
    let leaks = 0;
    let failureCount = 0;
    let patchMarkerCount = 0;
    let saPayloadCount = 0;
    let memoCount = 0;
    const payloadsByCase = new Map<string, Payload[]>();
    const leakWhere: string[] = [];
    const scan = (where: string, bytes: Buffer) => {
      rawBytes += bytes.length;
      const n = countMark(bytes);
      if (n > 0) leakWhere.push(`${where} (${n})`);
      leaks += n;
    };

    for (const c of cases) {
      const collected = { payloads: [] as Payload[], searchAttributePayloads: [] as Payload[], failures: [] as temporal.api.failure.v1.IFailure[], patchIds: [] as string[] };
      let nextPageToken: Uint8Array | undefined;
      do {
        const page = await svc.getWorkflowExecutionHistory({
          namespace,
          execution: { workflowId: c.input.caseId },
          nextPageToken,
          maximumPageSize: 500,
        });
        scan(`history of case ${c.i}`, Buffer.from(temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryResponse.encode(page).finish()));
        scan(`history JSON of case ${c.i}`, Buffer.from(JSON.stringify(page.toJSON())));
        events += page.history?.events?.length ?? 0;
        collect(page.history, collected);
        nextPageToken = page.nextPageToken?.length ? page.nextPageToken : undefined;
      } while (nextPageToken);

      const described = await svc.describeWorkflowExecution({ namespace, execution: { workflowId: c.input.caseId } });
      scan(`description of case ${c.i}`, Buffer.from(temporal.api.workflowservice.v1.DescribeWorkflowExecutionResponse.encode(described).finish()));
      const describedPayloads: Payload[] = [];
      collect(described, { payloads: describedPayloads, searchAttributePayloads: [], failures: collected.failures });
      memoCount += Object.keys(described.workflowExecutionInfo?.memo?.fields ?? {}).length;

      // Every payload is encrypted with the current key; search attributes are plain by design.
      for (const p of [...collected.payloads, ...describedPayloads]) {
        expect(Buffer.from(p.metadata![METADATA_ENCODING_KEY]).toString()).toBe(ENCRYPTED_ENCODING);
        expect(Buffer.from(p.metadata![METADATA_KEY_ID]).toString()).toBe('pii-k1');
      }
      for (const id of collected.patchIds) expect(JSON.parse(id)).toEqual({ id: expect.stringMatching(/^[a-z-]+$/), deprecated: false });
      patchMarkerCount += collected.patchIds.length;
      // Failure messages and stack traces went into the encrypted attributes.
      for (const f of collected.failures) {
        // Failures the server writes itself (timeouts) name no data; everything the SDK converts is encoded.
        if (f.timeoutFailureInfo || f.serverFailureInfo) continue;
        expect(f.message).toBe(ENCRYPTED_FAILURE_MESSAGE);
        expect(f.stackTrace ?? '').toBe('');
      }
      failureCount += collected.failures.length;
      saPayloadCount += collected.searchAttributePayloads.length;
      expect(c.input.caseId).not.toContain(MARK);
      payloadsByCase.set(c.input.caseId, collected.payloads);
    }

    // Visibility: what lists and monitors read (search attributes and memo of every case).
    let listed = 0;
    let listToken: Uint8Array | undefined;
    do {
      const page = await svc.listWorkflowExecutions({ namespace, query: `TaskQueue = '${worker.taskQueue}'`, pageSize: 200, nextPageToken: listToken });
      scan('visibility list', Buffer.from(temporal.api.workflowservice.v1.ListWorkflowExecutionsResponse.encode(page).finish()));
      listed += page.executions?.length ?? 0;
      listToken = page.nextPageToken?.length ? page.nextPageToken : undefined;
    } while (listToken);

    // The scanner itself sees canaries where they are in clear: one registration without the codec.
    const plain = Buffer.from(temporal.api.common.v1.Payload.encode(defaultPayloadConverter.toPayload(cases[0].input)).finish());
    expect(countMark(plain)).toBe(4);

    const payloadCount = [...payloadsByCase.values()].reduce((n, p) => n + p.length, 0);
    process.stdout.write(
      `[pii] raw scan: ${CASES} histories, ${events} events, ${payloadCount} payloads (all ${ENCRYPTED_ENCODING}), ` +
        `${failureCount} failures (all encoded), ${patchMarkerCount} patch markers (patch ids only), ${saPayloadCount} search-attribute values, ${memoCount} memo fields, ` +
        `${listed} visibility rows, ${refusedCount} refused actions, ${(rawBytes / 1024).toFixed(0)} KiB scanned: ${leaks} canaries\n`,
    );
    if (grown.length > 0) process.stdout.write(`[pii] refused actions that added history events (load): ${grown.length}: ${grown.join(' | ')}\n`);
    expect(leakWhere).toEqual([]);
    expect(leaks).toBe(0);
    expect(failureCount).toBeGreaterThan(0);
    expect(memoCount).toBe(CASES);

    // ---- through the codec: every canary is there ---------------------------------------------------
    const expectedCanaries = (c: TestCase) =>
      [c.canaries.name, c.canaries.alias, c.canaries.document, c.canaries.biometric, c.canaries.memo, c.canaries.action, c.canaries.failure].filter(
        (x): x is string => x !== undefined,
      );
    const decodeAll = async (converterToUse: HandoverDataConverter) => {
      const codec = payloadCodecOf(converterToUse);
      let expected = 0;
      let found = 0;
      let refusedFound = 0;
      for (const c of cases) {
        const decoded = await codec.decode(payloadsByCase.get(c.input.caseId)!);
        const text = decoded.map((p) => Buffer.from(p.data ?? []).toString('utf8')).join('\n');
        for (const canary of expectedCanaries(c)) {
          expected += 1;
          if (text.includes(canary)) found += 1;
        }
        if (c.canaries.refused && text.includes(c.canaries.refused)) refusedFound += 1;
      }
      return { expected, found, refusedFound };
    };

    const withCodec = await decodeAll(converter);
    process.stdout.write(`[pii] decoded with the codec: ${withCodec.found}/${withCodec.expected} canaries; refused actions in history: ${withCodec.refusedFound}\n`);
    expect(withCodec.found).toBe(withCodec.expected);
    expect(withCodec.refusedFound).toBe(0);

    // ---- rotation: a keyring with a new key in front still reads the old cases ----------------------
    const rotated = createDataConverter(parseKeys(formatKeys([newKey, oldKey])));
    expect(payloadCodecOf(rotated).currentKeyId).toBe('pii-k2');
    const afterRotation = await decodeAll(rotated);
    process.stdout.write(`[pii] decoded after rotation (pii-k2, pii-k1): ${afterRotation.found}/${afterRotation.expected} canaries\n`);
    expect(afterRotation.found).toBe(afterRotation.expected);

    const rotatedClient = new Client({ connection: env.connection, namespace, dataConverter: rotated });
    const sample = cases.find((c) => c.group === 'actions')!;
    const view = await rotatedClient.workflow.getHandle(sample.input.caseId).query(caseViewQuery);
    expect(view.person.fullName).toBe(sample.canaries.name);
    const withdrawn = cases.find((c) => c.group === 'withdrawn')!;
    const result = (await rotatedClient.workflow.getHandle(withdrawn.input.caseId).result()) as { person: { documents: { number: string }[] } };
    expect(result.person.documents[0].number).toBe(withdrawn.canaries.document);

    // Without the old key the same payloads cannot be read, and the error names the key id only.
    const newOnly = payloadCodecOf(createDataConverter(parseKeys(formatKeys([newKey]))));
    const error = await newOnly.decode(payloadsByCase.get(sample.input.caseId)!.slice(0, 1)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PayloadDecryptionError);
    expect((error as PayloadDecryptionError).keyId).toBe('pii-k1');
    expect((error as Error).message).not.toContain(MARK);
  }, 300_000);
});
