/**
 * Clock names and the resolved durations a case carries. Treaty profiles (treaty-profiles.ts) give
 * durations in days; `resolveClocks` turns them into milliseconds with the configured day length,
 * so tests run the same code with a day of a few hundred milliseconds.
 *
 * Workflow code imports this module: no Node built-ins, zod or pino.
 */
import type { Track } from './case';

export const LEGAL_CLOCKS = ['provisional-detention', 'immigration-detention', 'take-over', 'transit-stop'] as const;
export type LegalClockName = (typeof LEGAL_CLOCKS)[number];

/** Stages that carry a working SLA. */
export const SLA_STAGES = ['screening', 'identity-verification', 'legal-review', 'approvals', 'scheduling'] as const;
export type SlaStage = (typeof SLA_STAGES)[number];

export interface LegalClockRule {
  days: number;
  /** Total extension allowed by law, in days (0: cannot be extended). */
  maxExtensionDays: number;
  /** Where the number comes from, shown on the timeline when the clock acts. */
  source: string;
}

export interface TreatyProfile {
  id: string;
  track: Track;
  /** Unordered pair of countries, or '*' for the fallback profile of a track. */
  countries: [string, string] | '*';
  legalClocks: Partial<Record<LegalClockName, LegalClockRule>>;
  /** Working SLAs in days; they escalate, never close a case. */
  workingSlaDays: Record<SlaStage, number>;
  /** Fractions of an SLA at which reminders go out; 1.0 (overdue) is implied. */
  reminderFractions: number[];
}

export interface ResolvedLegalClock {
  durationMs: number;
  maxExtensionMs: number;
  source: string;
}

export interface CaseClocks {
  /** Length of one clock day in ms at registration (86,400,000 in production). */
  dayMs: number;
  legal: Partial<Record<LegalClockName, ResolvedLegalClock>>;
  workingSlaMs: Record<SlaStage, number>;
  reminderFractions: number[];
}

export function resolveClocks(profile: TreatyProfile, dayMs: number): CaseClocks {
  const legal: CaseClocks['legal'] = {};
  for (const [name, rule] of Object.entries(profile.legalClocks) as [LegalClockName, LegalClockRule][]) {
    legal[name] = {
      durationMs: Math.round(rule.days * dayMs),
      maxExtensionMs: Math.round(rule.maxExtensionDays * dayMs),
      source: rule.source,
    };
  }
  const workingSlaMs = {} as Record<SlaStage, number>;
  for (const stage of Object.keys(profile.workingSlaDays) as SlaStage[]) {
    workingSlaMs[stage] = Math.round(profile.workingSlaDays[stage] * dayMs);
  }
  return { dayMs, legal, workingSlaMs, reminderFractions: [...profile.reminderFractions] };
}

/** What each legal clock does when it runs out, in the domain's words. */
export const LEGAL_CLOCK_CONSEQUENCE: Record<LegalClockName, string> = {
  'provisional-detention': 'person released (released-custody-expired); a later request is still possible',
  'immigration-detention': 'person released (released-custody-expired)',
  'take-over': 'request deemed abandoned, person released (deemed-abandoned)',
  'transit-stop': 'escalated to the transit and receiving countries',
};
