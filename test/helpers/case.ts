/**
 * Helpers for the case-workflow suites: actors, registrations with small clocks, and a driver that
 * runs actions against a real workflow and checks rejections leave history untouched.
 */
import { WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import fs from 'node:fs';
import path from 'node:path';
import { MemoryOutbox, LogAndOutboxNotifier, type CaseNotification } from '../../activities';
import {
  CASE_WORKFLOW_TYPE,
  type ActionResult,
  type CaseInput,
  type CaseView,
  type TimelineEvent,
  type Track,
} from '../../domain/case';
import { caseViewQuery, timelineQuery } from '../../domain/case-messages';
import { resolveClocks, type CaseClocks, type LegalClockName, type SlaStage } from '../../domain/clocks';
import type { Actor, Country, Role } from '../../domain/people';
import { SA } from '../../domain/search-attributes';
import { findTreatyProfile } from '../../domain/treaty-profiles';
import type { caseWorkflow } from '../../workflows';
import { SpawnedOutbox, spawnedGroup, spawnedOutboxDeps } from './spawned';

export type CaseHandle = WorkflowHandle<typeof caseWorkflow>;

export function actor(role: Role, country: Country, n = 1): Actor {
  return { id: `u-${role}-${country}-${n}`, role, country };
}

let caseCounter = 0;
export function newCaseId(country: Country): string {
  caseCounter += 1;
  const suffix = `${Date.now().toString(36)}${caseCounter.toString(36)}${Math.random().toString(36).slice(2, 6)}`.toUpperCase();
  return `case-${country}-2026-${suffix.slice(-16)}`;
}

/**
 * Clocks from the real treaty profile with a one-minute day (no clock fires during a path test),
 * then per-test overrides in milliseconds.
 */
export function testClocks(
  track: Track,
  custodial: Country,
  receiving: Country,
  overrides: {
    legalMs?: Partial<Record<LegalClockName, number>>;
    maxExtensionMs?: Partial<Record<LegalClockName, number>>;
    slaMs?: Partial<Record<SlaStage, number>>;
    dayMs?: number;
  } = {},
): { clocks: CaseClocks; profileId: string } {
  const profile = findTreatyProfile(track, custodial, receiving);
  const clocks = resolveClocks(profile, overrides.dayMs ?? 60_000);
  for (const [name, ms] of Object.entries(overrides.legalMs ?? {}) as [LegalClockName, number][]) {
    const rule = clocks.legal[name];
    if (rule) rule.durationMs = ms;
  }
  for (const [name, ms] of Object.entries(overrides.maxExtensionMs ?? {}) as [LegalClockName, number][]) {
    const rule = clocks.legal[name];
    if (rule) rule.maxExtensionMs = ms;
  }
  Object.assign(clocks.workingSlaMs, overrides.slaMs ?? {});
  return { clocks, profileId: profile.id };
}

export function caseInput(opts: {
  track: Track;
  custodial: Country;
  receiving: Country;
  transit?: Country[];
  clocks?: { clocks: CaseClocks; profileId: string };
  operationId?: string;
}): CaseInput {
  const { clocks, profileId } = opts.clocks ?? testClocks(opts.track, opts.custodial, opts.receiving);
  return {
    caseId: newCaseId(opts.custodial),
    registration: {
      track: opts.track,
      person: {
        fullName: 'Test Person',
        otherNames: [],
        sex: 'unknown',
        claimedNationality: opts.receiving,
        documents: [{ type: 'passport', number: 'X0000000', issuingCountry: opts.receiving }],
      },
      custodialCountry: opts.custodial,
      receivingCountry: opts.receiving,
      transitCountries: opts.transit ?? [],
      arrest: { time: new Date().toISOString(), place: 'test place', agency: 'test agency' },
      custodyStatus: 'detention',
      charges: ['telecom fraud'],
      externalReference: 'EXT-TEST',
    },
    registeredBy: actor('officer', opts.custodial, 0),
    registeredAt: new Date().toISOString(),
    clocks,
    profileId,
    operationId: opts.operationId,
  };
}

/** Rejection prefixes as the API sees them. */
export type RejectionCode = 'FORBIDDEN' | 'CONFLICT' | 'INVALID';

let requestCounter = 0;
export function requestId(): string {
  requestCounter += 1;
  return `req-${Date.now().toString(36)}-${requestCounter}`;
}

/** An action's body without the actor (the driver adds it); distributive, so unions keep their variants. */
type Body<P> = P extends unknown ? Omit<P, 'requestId' | 'actor'> & { requestId?: string } : never;

export class CaseDriver {
  constructor(
    readonly handle: CaseHandle,
    readonly input: CaseInput,
  ) {}

  get caseId(): string {
    return this.input.caseId;
  }

  /** Runs an action as `who`, with a fresh request id unless the body names one. */
  act<P extends { requestId: string; actor: Actor }>(
    update: UpdateDefinition<ActionResult, [P]>,
    who: Actor,
    body: Body<P>,
    opts: { updateId?: string } = {},
  ): Promise<ActionResult> {
    const payload = { requestId: body.requestId ?? requestId(), ...body, actor: who } as unknown as P;
    // The API's update id: Temporal itself answers a repeated one with the stored outcome.
    const updateId = opts.updateId ?? `${update.name}:${payload.requestId}`;
    return this.handle.executeUpdate(update, { args: [payload], updateId });
  }

  /** The action must be refused with `code`, and the workflow history must not grow. */
  async refused<P extends { requestId: string; actor: Actor }>(
    update: UpdateDefinition<ActionResult, [P]>,
    who: Actor,
    body: Body<P>,
    code: RejectionCode,
    opts: { updateId?: string } = {},
  ): Promise<string> {
    const before = await this.settledHistoryLength();
    const err = await this.act(update, who, body, opts).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
    const message = (err as WorkflowUpdateFailedError).cause?.message ?? '';
    expect(message.startsWith(`${code}: `)).toBe(true);
    expect(await this.historyLength()).toBe(before);
    return message;
  }

  /** Waits until the worker has completed the first workflow task (registration is recorded). */
  async firstTaskDone(timeoutMs = 20_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const history = await this.handle.fetchHistory();
      if (history.events?.some((e) => e.workflowTaskCompletedEventAttributes)) return;
      if (Date.now() > deadline) throw new Error('the first workflow task did not complete');
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /**
   * History length once nothing is in flight (notification activities, a workflow task), so a
   * comparison before/after an action sees only what that action wrote.
   */
  async settledHistoryLength(timeoutMs = 20_000): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const { raw } = await this.handle.describe();
      const busy = (raw.pendingActivities?.length ?? 0) > 0 || raw.pendingWorkflowTask != null;
      if (!busy) return this.historyLength();
      if (Date.now() > deadline) throw new Error('the case did not settle');
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  async historyLength(): Promise<number> {
    const history = await this.handle.fetchHistory();
    return history.events?.length ?? 0;
  }

  view(): Promise<CaseView> {
    return this.handle.query(caseViewQuery);
  }

  timeline(): Promise<TimelineEvent[]> {
    return this.handle.query(timelineQuery);
  }

  async actions(): Promise<string[]> {
    return (await this.timeline()).map((e) => e.action);
  }

  /** The workflow's own search attributes, as visibility would index them. */
  async searchAttributes(): Promise<Record<string, unknown>> {
    const { typedSearchAttributes } = await this.handle.describe();
    const out: Record<string, unknown> = {};
    for (const [name, key] of Object.entries(SA)) out[name] = typedSearchAttributes.get(key);
    return out;
  }

  /** Polls the case view until `predicate` holds (for clock-driven transitions). */
  async waitForView(predicate: (view: CaseView) => boolean, timeoutMs = 20_000): Promise<CaseView> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const view = await this.view();
      if (predicate(view)) return view;
      if (Date.now() > deadline) throw new Error(`timed out waiting; stage ${view.stage}, outcome ${view.outcome ?? '-'}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** Writes the history as a replay fixture when HANDOVER_SAVE_HISTORIES=1. */
  async saveHistory(name: string): Promise<void> {
    if (process.env.HANDOVER_SAVE_HISTORIES !== '1') return;
    const history = await this.handle.fetchHistory();
    const file = path.join(__dirname, '..', 'fixtures', 'histories', `${name}.json`);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    // protobufjs' toJSON: proto3 JSON (enum names, int64 as strings, bytes as base64), what
    // historyFromJSON reads back.
    fs.writeFileSync(file, `${JSON.stringify(history)}\n`);
  }
}

export async function startCase(env: TestWorkflowEnvironment, taskQueue: string, input: CaseInput): Promise<CaseDriver> {
  const handle = await env.client.workflow.start<typeof caseWorkflow>(CASE_WORKFLOW_TYPE, {
    taskQueue,
    workflowId: input.caseId,
    args: [input],
  });
  const driver = new CaseDriver(handle, input);
  await driver.firstTaskDone();
  return driver;
}

/** An in-memory outbox behind the default notifier, so tests read what was sent. */
export function testNotifications(): { outbox: MemoryOutbox; activityDeps: { notifier: LogAndOutboxNotifier } } {
  // In the cluster tier a suite on the worker processes reads what they sent (test/helpers/spawned.ts).
  const spawned = spawnedGroup('shared');
  const outbox = spawned ? new SpawnedOutbox(spawned.outboxFiles) : new MemoryOutbox();
  const activityDeps = { notifier: new LogAndOutboxNotifier(outbox) };
  if (spawned) spawnedOutboxDeps.add(activityDeps);
  return { outbox, activityDeps };
}

/** Waits until the outbox holds a notification of the case matching `predicate`. */
export async function waitForNotification(
  outbox: MemoryOutbox,
  caseId: string,
  predicate: (n: CaseNotification) => boolean,
  timeoutMs = 20_000,
): Promise<CaseNotification> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = outbox.forCase(caseId).find(predicate);
    if (found) return found;
    if (Date.now() > deadline) throw new Error('timed out waiting for a notification');
    await new Promise((r) => setTimeout(r, 100));
  }
}
