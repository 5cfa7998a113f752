/**
 * Legal clocks and working SLAs as plain data. The workflow's scheduler asks `nextDueAt` when to wake
 * and `dueOccurrences` what is due; every change to a clock is a `ClockChange` applied by the one
 * status function of the workflow, so deadlines and search attributes cannot drift apart.
 *
 * Durations come only from the case input (resolved from the treaty profile at registration): tests run
 * the same code with milliseconds.
 */
import type { ClockView } from '../../domain/case';
import { LEGAL_CLOCK_CONSEQUENCE, LEGAL_CLOCKS, SLA_STAGES, type LegalClockName, type SlaStage } from '../../domain/clocks';
import type { Country } from '../../domain/people';
import { iso, type CaseState, type LegalClockState, type SlaState } from './state';

export type ClockChange =
  /** Starts (or restarts, e.g. on reschedule) a legal clock counting from `from`. */
  | { op: 'start-legal'; clock: LegalClockName; from: number; country?: Country }
  | { op: 'stop-legal'; clock: LegalClockName }
  | { op: 'extend-legal'; clock: LegalClockName; ms: number }
  | { op: 'expire-legal'; clock: LegalClockName }
  | { op: 'pause-sla' }
  | { op: 'resume-sla' }
  | { op: 'complete-sla' }
  /** The stage's working SLA starts again (its work is to be done again, e.g. a new date after did-not-board). */
  | { op: 'restart-sla' }
  | { op: 'sla-reminder' }
  | { op: 'sla-overdue' };

export type DueOccurrence =
  | { kind: 'legal-expired'; at: number; clock: LegalClockName }
  | { kind: 'sla-reminder'; at: number; stage: SlaStage; fraction: number }
  | { kind: 'sla-overdue'; at: number; stage: SlaStage };

export function isSlaStage(stage: string): stage is SlaStage {
  return (SLA_STAGES as readonly string[]).includes(stage);
}

export function slaName(stage: SlaStage): string {
  return `sla:${stage}`;
}

// ---------------------------------------------------------------------------------------------
// Changes
// ---------------------------------------------------------------------------------------------

export function applyClockChange(state: CaseState, change: ClockChange, now: number): void {
  switch (change.op) {
    case 'start-legal': {
      const clock = state.legalClocks[change.clock];
      const rule = state.input.clocks.legal[change.clock];
      if (!clock || !rule) return; // the treaty profile has no such clock for this case
      // A restart for another transit country is a new stop; a reschedule keeps granted extensions.
      if (change.country !== undefined && clock.country !== change.country) clock.extendedMs = 0;
      clock.status = 'running';
      clock.startedAt = change.from;
      clock.country = change.country;
      clock.deadline = change.from + rule.durationMs + clock.extendedMs;
      return;
    }
    case 'stop-legal': {
      const clock = state.legalClocks[change.clock];
      if (clock && (clock.status === 'running' || clock.status === 'expired')) clock.status = 'stopped';
      return;
    }
    case 'extend-legal': {
      const clock = state.legalClocks[change.clock];
      if (!clock || clock.deadline === undefined) return;
      clock.extendedMs += change.ms;
      clock.deadline += change.ms;
      return;
    }
    case 'expire-legal': {
      const clock = state.legalClocks[change.clock];
      if (clock) clock.status = 'expired';
      return;
    }
    case 'restart-sla':
      startStageSla(state, now);
      return;
    case 'pause-sla':
      if (state.sla && state.sla.pausedSince === undefined) state.sla.pausedSince = now;
      return;
    case 'resume-sla':
      if (state.sla?.pausedSince !== undefined) {
        state.sla.pausedMs += now - state.sla.pausedSince;
        state.sla.pausedSince = undefined;
      }
      return;
    case 'complete-sla':
      if (state.sla) state.sla.completed = true;
      return;
    case 'sla-reminder':
      if (state.sla) state.sla.remindersSent += 1;
      return;
    case 'sla-overdue':
      if (state.sla) state.sla.overdue = true;
      return;
  }
}

/** A new stage drops the old SLA and starts its own (if it has one); a legal hold carries over. */
export function startStageSla(state: CaseState, now: number): void {
  const stage = state.stage;
  const durationMs = isSlaStage(stage) ? state.input.clocks.workingSlaMs[stage] : undefined;
  if (!isSlaStage(stage) || !durationMs || durationMs <= 0) {
    state.sla = undefined;
    return;
  }
  state.sla = {
    stage,
    startedAt: now,
    durationMs,
    pausedMs: 0,
    pausedSince: state.hold ? now : undefined,
    remindersSent: 0,
    overdue: false,
    completed: false,
  };
}

export function stopAllClocks(state: CaseState): void {
  for (const clock of Object.values(state.legalClocks)) {
    if (clock.status === 'running') clock.status = 'stopped';
  }
  state.sla = undefined;
}

// ---------------------------------------------------------------------------------------------
// What is due
// ---------------------------------------------------------------------------------------------

function reminderFractions(state: CaseState): number[] {
  return [...state.input.clocks.reminderFractions].filter((f) => f > 0 && f < 1).sort((a, b) => a - b);
}

function slaActive(sla: SlaState | undefined): sla is SlaState {
  return sla !== undefined && !sla.completed && !sla.overdue && sla.pausedSince === undefined;
}

/** When the SLA runs out, counting paused time (undefined while paused, done or already overdue). */
export function slaDeadline(sla: SlaState | undefined): number | undefined {
  return slaActive(sla) ? sla.startedAt + sla.pausedMs + sla.durationMs : undefined;
}

function nextSlaOccurrence(state: CaseState): DueOccurrence | undefined {
  const sla = state.sla;
  if (!slaActive(sla)) return undefined;
  const base = sla.startedAt + sla.pausedMs;
  const fraction = reminderFractions(state)[sla.remindersSent];
  if (fraction !== undefined) {
    return { kind: 'sla-reminder', at: base + Math.round(sla.durationMs * fraction), stage: sla.stage, fraction };
  }
  return { kind: 'sla-overdue', at: base + sla.durationMs, stage: sla.stage };
}

function runningLegalClocks(state: CaseState): LegalClockState[] {
  return LEGAL_CLOCKS.map((name) => state.legalClocks[name]).filter(
    (c): c is LegalClockState => c !== undefined && c.status === 'running' && c.deadline !== undefined,
  );
}

function nextOccurrences(state: CaseState): DueOccurrence[] {
  const list: DueOccurrence[] = runningLegalClocks(state).map((c) => ({ kind: 'legal-expired', at: c.deadline!, clock: c.name }));
  const sla = nextSlaOccurrence(state);
  if (sla) list.push(sla);
  return list;
}

/** The earliest instant something is due, or undefined when only people can move the case. */
export function nextDueAt(state: CaseState): number | undefined {
  const ats = nextOccurrences(state).map((o) => o.at);
  return ats.length > 0 ? Math.min(...ats) : undefined;
}

/**
 * The earliest occurrence due at `now`. Legal clocks go first on a tie: a legal consequence outranks
 * a reminder. The caller processes it and asks again, since processing may change what is due.
 */
export function firstDue(state: CaseState, now: number): DueOccurrence | undefined {
  const due = nextOccurrences(state)
    .filter((o) => o.at <= now)
    .sort((a, b) => a.at - b.at || (a.kind === 'legal-expired' ? -1 : 0) - (b.kind === 'legal-expired' ? -1 : 0));
  return due[0];
}

// ---------------------------------------------------------------------------------------------
// Deadlines for search attributes and the view
// ---------------------------------------------------------------------------------------------

export function nextLegalDeadline(state: CaseState): number | undefined {
  const ds = runningLegalClocks(state).map((c) => c.deadline!);
  return ds.length > 0 ? Math.min(...ds) : undefined;
}

export function nextDeadline(state: CaseState): number | undefined {
  const ds = [nextLegalDeadline(state), slaDeadline(state.sla)].filter((d): d is number => d !== undefined);
  return ds.length > 0 ? Math.min(...ds) : undefined;
}

/** Overdue: the stage's SLA ran out, or a transit stop outlasted its legal limit. */
export function isOverdue(state: CaseState): boolean {
  return state.sla?.overdue === true || state.legalClocks['transit-stop']?.status === 'expired';
}

export function clockViews(state: CaseState, now: number): ClockView[] {
  const views: ClockView[] = [];
  for (const name of LEGAL_CLOCKS) {
    const clock = state.legalClocks[name];
    const rule = state.input.clocks.legal[name];
    if (!clock || !rule) continue;
    const view: ClockView = {
      name: clock.country ? `${name}:${clock.country}` : name,
      kind: 'legal',
      status: clock.status,
      consequence: LEGAL_CLOCK_CONSEQUENCE[name],
      legalBasis: rule.source,
    };
    if (clock.startedAt !== undefined) view.startedAt = iso(clock.startedAt);
    if (clock.deadline !== undefined) view.deadline = iso(clock.deadline);
    if (clock.status === 'running' && clock.deadline !== undefined) view.remainingMs = Math.max(0, clock.deadline - now);
    if (clock.extendedMs > 0) view.extendedByDays = clock.extendedMs / state.input.clocks.dayMs;
    views.push(view);
  }
  const sla = state.sla;
  if (sla && !sla.completed) {
    const paused = sla.pausedSince !== undefined;
    const pausedMs = sla.pausedMs + (paused ? now - sla.pausedSince! : 0);
    const deadline = sla.startedAt + pausedMs + sla.durationMs;
    const percents = reminderFractions(state).map((f) => `${Math.round(f * 100)}%`);
    views.push({
      name: slaName(sla.stage),
      kind: 'working',
      status: sla.overdue ? 'overdue' : paused ? 'paused' : 'running',
      startedAt: iso(sla.startedAt),
      deadline: iso(deadline),
      remainingMs: Math.max(0, deadline - now),
      consequence: `reminders at ${percents.join(' and ') || 'no fraction'}, overdue escalated to supervisors; never closes the case`,
      remindersSent: sla.remindersSent,
    });
  }
  return views;
}
