/**
 * What a case tells people, and the port it goes out through. Workflow code imports these types only
 * (`import type`), so this module stays free of Node built-ins.
 *
 * A notification names the case id, never the person: whoever receives it opens the case through the
 * API, where access to personal data is checked.
 */
import type { Outcome, Stage } from '../domain/case';

export const NOTIFICATION_KINDS = [
  /** A country's approval slot is waiting for its supervisor. */
  'approval-requested',
  /** A working SLA passed one of its reminder fractions (about 50% and 80%). */
  'reminder',
  /** A working SLA ran out: escalated to the supervisors of the country that has to act. */
  'overdue',
  /** A legal clock without a closing consequence ran out (unscheduled transit stop). */
  'escalation',
  /** A legal clock ran out and the case reached its legal outcome by itself. */
  'legal-clock-expired',
  /** The case closed. */
  'outcome',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export interface CaseNotification {
  /** Deterministic (`<caseId>:<n>`), so an activity retry or a replay never sends twice. */
  eventId: string;
  caseId: string;
  kind: NotificationKind;
  /** Who should read it: `supervisor:KH`, `legal:CN`, `officer:TH`. */
  audience: string[];
  stage: Stage;
  /** The clock that triggered it: a legal clock name or `sla:<stage>`. */
  clock?: string;
  outcome?: Outcome;
  /** For reminders: the fraction of the SLA that has passed. */
  fraction?: number;
  /** The deadline the notification is about (ISO 8601). */
  deadline?: string;
  /** Workflow time when the case produced it (ISO 8601). */
  createdAt: string;
}

/** The port notifications go out through; a webhook sink comes later. */
export interface Notifier {
  send(notification: CaseNotification): Promise<void>;
}
