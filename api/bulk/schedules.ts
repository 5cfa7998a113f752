/**
 * Bulk schedules: an officer schedules (or reschedules) the handover of many cases with one agreed date,
 * handover point, transport, escort and flight. Each case gets its own validated, audited
 * scheduleHandover, exactly as POST /cases/{caseId}/schedule with the same body.
 */
import type { Caller } from '../auth/claims';
import { CASE_ACTION_ROUTES } from '../case-actions';
import type { CaseService } from '../case-service';
import type { BulkScheduleBody, BulkScheduleResult } from '../../contracts/bulk';
import { actionRoute, actOnEach, assertRole, countOf } from './each-case';

const SCHEDULE = actionRoute('schedule', CASE_ACTION_ROUTES);

export async function bulkSchedule(service: CaseService, caller: Caller, body: BulkScheduleBody): Promise<BulkScheduleResult> {
  assertRole(SCHEDULE, caller, 'schedules');
  const results = await actOnEach(service, caller, SCHEDULE, body.caseIds, body.schedule, (view) => {
    // The view the update answered: a repeated request id answers the first request's version again.
    const version = view.schedule?.version ?? 1;
    return {
      status: version > 1 ? ('rescheduled' as const) : ('scheduled' as const),
      version,
      stage: view.stage,
      ...(view.outcome ? { outcome: view.outcome } : {}),
    };
  });
  const count = countOf(results);
  return {
    requested: results.length,
    scheduled: count('scheduled'),
    rescheduled: count('rescheduled'),
    refused: count('refused'),
    notFound: count('not-found'),
    failed: count('failed'),
    results,
  };
}
