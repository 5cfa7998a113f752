/**
 * What monitors and supervisors ask of Temporal's visibility store: the inbox (what waits on the caller),
 * the overdue list and the summary counts. Everything comes from search attributes through list and
 * count queries, never from scanning workflows, and every query carries the caller's country.
 *
 * The SQL visibility store (dev server, PostgreSQL) supports `GROUP BY` only on ExecutionStatus and no
 * `ORDER BY`, so the summary runs one count per (stage, country) cell it needs, skipping empty rows and
 * columns, and lists are sorted here after a bounded fetch.
 */
import type { Client } from '@temporalio/client';
import { decodeTypedSearchAttributes } from '@temporalio/common/lib/converter/payload-search-attributes';
import { optionalTsToDate } from '@temporalio/common/lib/time';
import type { temporal } from '@temporalio/proto';
import { CASE_WORKFLOW_TYPE, OUTCOMES, STAGES, waitingOnKeyword, type CaseActionName, type Outcome, type Stage } from '../domain/case';
import { COUNTRIES, type Country, type Role } from '../domain/people';
import { SA } from '../domain/search-attributes';
import type { Caller } from './auth/claims';
import { assignedClause, summaryOf } from './case-service';
import type { CaseSummary } from '../contracts/case-view';
import type { InboxItem, InboxResponse, OverdueCase, OverdueResponse, StageCount, SummaryResponse } from '../contracts/monitor';

export interface MonitorServiceOptions {
  client: Client;
  namespace: string;
  /** Length of one clock day in ms (HANDOVER_DAY_SECONDS * 1000): the overdue horizon is in clock days. */
  dayMs: number;
  /** Default horizon of the overdue list, in clock days (HANDOVER_MONITOR_HORIZON_DAYS). */
  horizonDays: number;
  /** Deadline of one Temporal call made for a request. */
  deadlineMs: number;
  now?: () => Date;
}

/** Stages in which a case is still open. */
export const OPEN_STAGES = STAGES.filter((s): s is Exclude<Stage, 'closed'> => s !== 'closed');
/** Outcomes a legal clock reaches by itself. */
export const LEGAL_CLOCK_OUTCOMES = ['released-custody-expired', 'deemed-abandoned'] as const satisfies readonly Outcome[];

const PAGE_SIZE = 200;
/** The HandoverWaitingOn keyword of a case whose notification failed its first tries. */
const RETRYING_NOTIFICATION = waitingOnKeyword({ kind: 'activity', activity: 'notify' });
/** What a flagged case shows when the describe cannot say more. */
const FLAG_ONLY: OverdueCase['retryingActivities'] = [{ activity: 'notify' }];
const PARALLEL_QUERIES = 8;
const DEFAULT_OUTCOME_PERIOD_MS = 30 * 86_400_000;

/**
 * The action a stage expects from a role, mirroring workflows/case/status.ts `waitingOn`. A role that the
 * stage does not expect is waited on only during a legal hold (resumeFromHold).
 */
const STAGE_ACTIONS: Partial<Record<Stage, Partial<Record<Role, CaseActionName>>>> = {
  screening: { officer: 'recordScreening', legal: 'decideRefoulement' },
  'identity-verification': { officer: 'recordVerification' },
  'legal-review': { legal: 'recordLegalReview' },
  approvals: { supervisor: 'decideApproval' },
  scheduling: { officer: 'scheduleHandover' },
  'in-transfer': { officer: 'recordCustodyEvent' },
};

export function expectedAction(summary: Pick<CaseSummary, 'stage' | 'waitingOn'>, role: Role): CaseActionName | undefined {
  if (summary.stage === 'closed' || summary.stage === 'registered') return undefined;
  // Scheduled: the take-over clock runs and the custodial officer records the release.
  if (summary.stage === 'scheduling' && role === 'officer' && summary.waitingOn.includes('timer:take-over')) return 'recordCustodyEvent';
  return STAGE_ACTIONS[summary.stage]?.[role] ?? 'resumeFromHold';
}

/** The caller's scope: case workflows that involve the caller's country. Values are enum members only. */
function scope(caller: Pick<Caller, 'country'>): string[] {
  return [`WorkflowType = '${CASE_WORKFLOW_TYPE}'`, `${SA.countries.name} = '${caller.country}'`];
}

const OPEN = [`ExecutionStatus = 'Running'`, `${SA.stage.name} != 'closed'`];

/** RFC 3339 in UTC, the form visibility queries compare datetimes in. */
function datetime(d: Date): string {
  return d.toISOString();
}

function nearestDeadline(c: Pick<CaseSummary, 'nextDeadline' | 'nextLegalDeadline'>): number {
  const times = [c.nextDeadline, c.nextLegalDeadline].filter((v): v is string => v !== undefined).map((v) => Date.parse(v));
  return times.length > 0 ? Math.min(...times) : Number.POSITIVE_INFINITY;
}

/**
 * Most urgent first: overdue cases (their SLA deadline has passed, so their next deadline is a later
 * one), then the nearest upcoming deadline, working or legal.
 */
function byUrgency(a: CaseSummary, b: CaseSummary): number {
  return Number(b.overdue) - Number(a.overdue) || nearestDeadline(a) - nearestDeadline(b) || a.caseId.localeCompare(b.caseId);
}

/** Runs `tasks` with at most `width` in flight, keeping their order. */
async function inParallel<T>(tasks: (() => Promise<T>)[], width = PARALLEL_QUERIES): Promise<T[]> {
  const results: T[] = new Array<T>(tasks.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(width, tasks.length) }, async () => {
    while (next < tasks.length) {
      const i = next++;
      results[i] = await tasks[i]();
    }
  });
  await Promise.all(lanes);
  return results;
}

export class MonitorService {
  private readonly now: () => Date;

  constructor(private readonly options: MonitorServiceOptions) {
    this.now = options.now ?? (() => new Date());
  }

  private get client(): Client {
    return this.options.client;
  }

  private withDeadline<T>(fn: () => Promise<T>): Promise<T> {
    return this.client.withDeadline(Date.now() + this.options.deadlineMs, fn);
  }

  async count(clauses: string[]): Promise<number> {
    const { count } = await this.withDeadline(() => this.client.workflow.count(clauses.join(' AND ')));
    return count;
  }

  /** Up to `limit` case summaries matching the query, and whether there were more. */
  async listSummaries(clauses: string[], limit: number): Promise<{ cases: CaseSummary[]; truncated: boolean }> {
    const query = clauses.join(' AND ');
    const cases: CaseSummary[] = [];
    let token: Uint8Array | undefined;
    do {
      const page: temporal.api.workflowservice.v1.IListWorkflowExecutionsResponse = await this.withDeadline(() =>
        this.client.workflowService.listWorkflowExecutions({
          namespace: this.options.namespace,
          query,
          pageSize: Math.min(PAGE_SIZE, limit - cases.length + 1),
          nextPageToken: token,
        }),
      );
      for (const execution of page.executions ?? []) {
        const summary = summaryOf(
          execution.execution?.workflowId ?? '',
          decodeTypedSearchAttributes(execution.searchAttributes?.indexedFields),
          optionalTsToDate(execution.startTime),
          optionalTsToDate(execution.closeTime),
        );
        if (summary) cases.push(summary);
      }
      token = page.nextPageToken && page.nextPageToken.length > 0 ? page.nextPageToken : undefined;
    } while (token && cases.length <= limit);
    const truncated = cases.length > limit || token !== undefined;
    return { cases: cases.slice(0, limit), truncated };
  }

  // -------------------------------------------------------------------------------------------
  // GET /inbox
  // -------------------------------------------------------------------------------------------

  /**
   * Open cases whose HandoverWaitingOn holds `<role>:<country>` of the caller, most urgent first; `assigned`
   * keeps those the caller claimed (`me`) or nobody claimed (`unassigned`).
   */
  async inbox(caller: Caller, limit: number, assigned?: 'me' | 'unassigned'): Promise<InboxResponse> {
    const keyword = `${caller.role}:${caller.country}`;
    const clauses = [...scope(caller), ...OPEN, `${SA.waitingOn.name} = '${keyword}'`];
    if (assigned) clauses.push(assignedClause(caller, assigned));
    const { cases, truncated } = await this.listSummaries(clauses, limit);
    const items: InboxItem[] = cases.sort(byUrgency).map((c) => {
      const action = expectedAction(c, caller.role);
      return action ? { ...c, action } : c;
    });
    return { waitingOn: keyword, items, truncated };
  }

  // -------------------------------------------------------------------------------------------
  // GET /monitor/overdue
  // -------------------------------------------------------------------------------------------

  async overdue(caller: Caller, opts: { horizonDays?: number; limit: number }): Promise<OverdueResponse> {
    const horizonDays = opts.horizonDays ?? this.options.horizonDays;
    const horizonUntil = new Date(this.now().getTime() + horizonDays * this.options.dayMs);
    const { cases, truncated } = await this.listSummaries(
      [
        ...scope(caller),
        ...OPEN,
        `(${SA.overdue.name} = true OR ${SA.nextLegalDeadline.name} <= '${datetime(horizonUntil)}')`,
      ],
      opts.limit,
    );
    cases.sort(byUrgency);
    // Visibility says which cases retry a notification (HandoverWaitingOn holds activity:notify); only
    // those are described, for the attempt and the next try.
    const retrying = await inParallel(
      cases.map((c) => async () => (c.waitingOn.includes(RETRYING_NOTIFICATION) ? this.retryingActivities(c.caseId) : [])),
    );
    const listed: OverdueCase[] = cases.map((c, i) => ({
      ...c,
      reasons: [
        ...(c.overdue ? (['overdue'] as const) : []),
        ...(c.nextLegalDeadline !== undefined && Date.parse(c.nextLegalDeadline) <= horizonUntil.getTime() ? (['legal-deadline'] as const) : []),
      ],
      retryingActivities: retrying[i] ?? [],
    }));
    return { horizonDays, horizonUntil: horizonUntil.toISOString(), cases: listed, truncated };
  }

  /**
   * Activities that failed and wait for their next attempt (a notification sink that is down, say).
   * Visibility does not index pending activities, so a case flagged as retrying is described; when the
   * describe finds none pending (the retry succeeded in between) the flag alone is shown.
   */
  private async retryingActivities(workflowId: string): Promise<OverdueCase['retryingActivities']> {
    try {
      const description = await this.withDeadline(() =>
        this.client.workflowService.describeWorkflowExecution({ namespace: this.options.namespace, execution: { workflowId } }),
      );
      const retrying = (description.pendingActivities ?? [])
        .filter((a) => (a.attempt ?? 1) > 1 || a.lastFailure)
        .map((a) => {
          const next = optionalTsToDate(a.nextAttemptScheduleTime);
          return { activity: a.activityType?.name ?? 'unknown', attempt: a.attempt ?? 1, ...(next ? { nextAttemptAt: next.toISOString() } : {}) };
        });
      // Between the first tries and the retries a fresh attempt has not failed yet: the flag stands for it.
      return retrying.length > 0 ? retrying : FLAG_ONLY;
    } catch {
      // Visibility's flag is still worth showing without the attempt detail.
      return FLAG_ONLY;
    }
  }

  // -------------------------------------------------------------------------------------------
  // GET /monitor/summary
  // -------------------------------------------------------------------------------------------

  async summary(caller: Caller, period: { closedSince?: Date; closedBefore?: Date }): Promise<SummaryResponse> {
    const now = this.now();
    const closedBefore = period.closedBefore ?? now;
    const closedSince = period.closedSince ?? new Date(closedBefore.getTime() - DEFAULT_OUTCOME_PERIOD_MS);
    const base = [...scope(caller), ...OPEN];
    const others = COUNTRIES.filter((c) => c !== caller.country);

    // Totals first, so the stage × country cells are counted only where a row and a column are not empty.
    const [open, overdue, ...firstCounts] = await inParallel([
      () => this.count(base),
      () => this.count([...base, `${SA.overdue.name} = true`]),
      ...OPEN_STAGES.map((stage) => () => this.count([...base, `${SA.stage.name} = '${stage}'`])),
      ...others.map((country) => () => this.count([...base, `${SA.countries.name} = '${country}'`])),
    ]);
    const stageTotals = new Map(OPEN_STAGES.map((stage, i) => [stage, firstCounts[i] ?? 0]));
    const countryTotals = new Map(others.map((country, i) => [country, firstCounts[OPEN_STAGES.length + i] ?? 0]));

    const cells: { stage: Stage; country: Country | 'overdue' }[] = [];
    for (const stage of OPEN_STAGES) {
      if ((stageTotals.get(stage) ?? 0) === 0) continue;
      if ((overdue ?? 0) > 0) cells.push({ stage, country: 'overdue' });
      for (const country of others) if ((countryTotals.get(country) ?? 0) > 0) cells.push({ stage, country });
    }
    const cellCounts = await inParallel(
      cells.map(({ stage, country }) => () =>
        this.count([
          ...base,
          `${SA.stage.name} = '${stage}'`,
          country === 'overdue' ? `${SA.overdue.name} = true` : `${SA.countries.name} = '${country}'`,
        ]),
      ),
    );

    const byStage: StageCount[] = OPEN_STAGES.map((stage) => {
      const total = stageTotals.get(stage) ?? 0;
      const byCountry = Object.fromEntries(COUNTRIES.map((c) => [c, c === caller.country ? total : 0])) as Record<Country, number>;
      let stageOverdue = 0;
      cells.forEach((cell, i) => {
        if (cell.stage !== stage) return;
        if (cell.country === 'overdue') stageOverdue = cellCounts[i] ?? 0;
        else byCountry[cell.country] = cellCounts[i] ?? 0;
      });
      return { stage, total, overdue: stageOverdue, byCountry };
    });

    const closedIn = [
      ...scope(caller),
      `CloseTime >= '${datetime(closedSince)}'`,
      `CloseTime < '${datetime(closedBefore)}'`,
    ];
    const outcomeCounts = await inParallel(OUTCOMES.map((outcome) => () => this.count([...closedIn, `${SA.outcome.name} = '${outcome}'`])));
    const outcomes = OUTCOMES.map((outcome, i) => ({ outcome, count: outcomeCounts[i] ?? 0 }));
    const released = outcomes.find((o) => o.outcome === 'released-custody-expired')?.count ?? 0;
    const abandoned = outcomes.find((o) => o.outcome === 'deemed-abandoned')?.count ?? 0;

    return {
      country: caller.country,
      countries: [...COUNTRIES],
      open: open ?? 0,
      overdue: overdue ?? 0,
      byStage,
      closedSince: closedSince.toISOString(),
      closedBefore: closedBefore.toISOString(),
      outcomes,
      legalClockReleases: { 'released-custody-expired': released, 'deemed-abandoned': abandoned, total: released + abandoned },
      generatedAt: now.toISOString(),
    };
  }

  // -------------------------------------------------------------------------------------------
  // GET /metrics (all countries: the scrape is an operator's view, labels carry no country)
  // -------------------------------------------------------------------------------------------

  async metricCounts(): Promise<{ openByStage: Record<string, number>; overdue: number; legalClockReleases: Record<string, number> }> {
    const all = [`WorkflowType = '${CASE_WORKFLOW_TYPE}'`];
    const open = [...all, ...OPEN];
    const counts = await inParallel([
      () => this.count([...open, `${SA.overdue.name} = true`]),
      ...OPEN_STAGES.map((stage) => () => this.count([...open, `${SA.stage.name} = '${stage}'`])),
      ...LEGAL_CLOCK_OUTCOMES.map((outcome) => () => this.count([...all, `${SA.outcome.name} = '${outcome}'`])),
    ]);
    const [overdue, ...rest] = counts;
    return {
      overdue: overdue ?? 0,
      openByStage: Object.fromEntries(OPEN_STAGES.map((stage, i) => [stage, rest[i] ?? 0])),
      legalClockReleases: Object.fromEntries(LEGAL_CLOCK_OUTCOMES.map((outcome, i) => [outcome, rest[OPEN_STAGES.length + i] ?? 0])),
    };
  }
}
