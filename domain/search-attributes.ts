/**
 * Custom search attributes: what monitors and lists filter on. No personal data ever goes here.
 * The SQL visibility store of the dev server allows 10 Keyword, 3 KeywordList, 3 Datetime and 3 Bool
 * custom attributes; this list stays inside those limits.
 */
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import type { SearchAttributeKey } from '@temporalio/common/lib/search-attributes';

export const SA = {
  stage: defineSearchAttributeKey('HandoverStage', SearchAttributeType.KEYWORD),
  outcome: defineSearchAttributeKey('HandoverOutcome', SearchAttributeType.KEYWORD),
  track: defineSearchAttributeKey('HandoverTrack', SearchAttributeType.KEYWORD),
  custodialCountry: defineSearchAttributeKey('HandoverCustodialCountry', SearchAttributeType.KEYWORD),
  receivingCountry: defineSearchAttributeKey('HandoverReceivingCountry', SearchAttributeType.KEYWORD),
  operationId: defineSearchAttributeKey('HandoverOperationId', SearchAttributeType.KEYWORD),
  /** sha256 of caller + Idempotency-Key: lets the API find a registration by its key. */
  requestKey: defineSearchAttributeKey('HandoverRequestKey', SearchAttributeType.KEYWORD),
  /**
   * The hash part of the case id (of custodial country + external reference), set by the API at start:
   * finds a case by its external reference without the reference itself in visibility.
   */
  referenceKey: defineSearchAttributeKey('HandoverReferenceKey', SearchAttributeType.KEYWORD),
  /** Subject (token `sub`) of whoever works the waiting step; upserted only by the assignCase update. */
  assignee: defineSearchAttributeKey('HandoverAssignee', SearchAttributeType.KEYWORD),
  transitCountries: defineSearchAttributeKey('HandoverTransitCountries', SearchAttributeType.KEYWORD_LIST),
  /** Custodial, receiving and transit countries in one list, for per-country filtering. */
  countries: defineSearchAttributeKey('HandoverCountries', SearchAttributeType.KEYWORD_LIST),
  /** e.g. `supervisor:TH`, `officer:CN`, `timer:take-over`. */
  waitingOn: defineSearchAttributeKey('HandoverWaitingOn', SearchAttributeType.KEYWORD_LIST),
  nextDeadline: defineSearchAttributeKey('HandoverNextDeadline', SearchAttributeType.DATETIME),
  nextLegalDeadline: defineSearchAttributeKey('HandoverNextLegalDeadline', SearchAttributeType.DATETIME),
  overdue: defineSearchAttributeKey('HandoverOverdue', SearchAttributeType.BOOL),
} as const;

export const ALL_SEARCH_ATTRIBUTES: SearchAttributeKey<SearchAttributeType>[] = Object.values(SA);
