/**
 * Treaty profiles: which clocks run for a pair of countries and a track, and how long, with the source
 * of every number. Where sources disagree the number belongs here, not in workflow code.
 * A case keeps the durations it was registered with (they travel in its input), so editing this file
 * changes new cases only.
 */
import type { Track } from './case';
import type { TreatyProfile } from './clocks';

/** Working SLAs are operational targets agreed in the joint operations, not law. */
const WORKING_SLA_DAYS = {
  screening: 3,
  'identity-verification': 10,
  'legal-review': 30,
  approvals: 5,
  scheduling: 7,
};
/** Reminders at about 50% and 80% of a working SLA (domain brief); overdue at 100%. */
const REMINDERS = [0.5, 0.8];

/**
 * Take-over after the agreed surrender date: PRC Extradition Law art. 40 — 15 days, extendable up to
 * 30 in total for reasons beyond the parties' control.
 */
const TAKE_OVER = { days: 15, maxExtensionDays: 15, source: 'PRC Extradition Law art. 40' };

/** Unscheduled stop in a transit country: US–Thailand extradition treaty, 96 hours. */
const TRANSIT_STOP = { days: 4, maxExtensionDays: 0, source: 'US–Thailand Extradition Treaty (96 hours)' };

/**
 * Deportation: no treaty deadline governs immigration detention pending removal; the joint operations
 * work to a policy limit. 60 days is a policy value set per operation, not a statutory number.
 */
const IMMIGRATION_DETENTION = {
  days: 60,
  maxExtensionDays: 30,
  source: 'Joint-operation policy limit for immigration detention pending removal (not statutory)',
};

export const TREATY_PROFILES: TreatyProfile[] = [
  {
    id: 'extradition-CN-TH',
    track: 'extradition',
    countries: ['CN', 'TH'],
    legalClocks: {
      // China–Thailand Extradition Treaty (1993) art. 9: provisional arrest, 60 days for the formal request.
      'provisional-detention': { days: 60, maxExtensionDays: 0, source: 'China–Thailand Extradition Treaty art. 9' },
      'take-over': TAKE_OVER,
      'transit-stop': TRANSIT_STOP,
    },
    workingSlaDays: WORKING_SLA_DAYS,
    reminderFractions: REMINDERS,
  },
  {
    id: 'extradition-CN-KH',
    track: 'extradition',
    countries: ['CN', 'KH'],
    legalClocks: {
      // China–Cambodia Extradition Treaty (1999): 30 days plus 15 on request, as PRC law art. 31.
      'provisional-detention': { days: 30, maxExtensionDays: 15, source: 'China–Cambodia Extradition Treaty; PRC Extradition Law art. 31' },
      'take-over': TAKE_OVER,
      'transit-stop': TRANSIT_STOP,
    },
    workingSlaDays: WORKING_SLA_DAYS,
    reminderFractions: REMINDERS,
  },
  {
    id: 'extradition-default',
    track: 'extradition',
    countries: '*',
    legalClocks: {
      // PRC Extradition Law art. 31: 30 days from provisional arrest, 15 more on request.
      'provisional-detention': { days: 30, maxExtensionDays: 15, source: 'PRC Extradition Law art. 31' },
      'take-over': TAKE_OVER,
      'transit-stop': TRANSIT_STOP,
    },
    workingSlaDays: WORKING_SLA_DAYS,
    reminderFractions: REMINDERS,
  },
  {
    id: 'deportation-default',
    track: 'deportation',
    countries: '*',
    legalClocks: {
      'immigration-detention': IMMIGRATION_DETENTION,
      'take-over': TAKE_OVER,
      'transit-stop': TRANSIT_STOP,
    },
    workingSlaDays: WORKING_SLA_DAYS,
    reminderFractions: REMINDERS,
  },
];

/** The profile for a pair of countries and a track: the pair's own if it has one, else the track's fallback. */
export function findTreatyProfile(track: Track, custodial: string, receiving: string): TreatyProfile {
  const own = TREATY_PROFILES.find(
    (p) => p.track === track && p.countries !== '*' && p.countries.includes(custodial) && p.countries.includes(receiving),
  );
  const fallback = TREATY_PROFILES.find((p) => p.track === track && p.countries === '*');
  const profile = own ?? fallback;
  if (!profile) throw new Error(`No treaty profile for track ${track}`);
  return profile;
}
