/**
 * The case list's filters as they live in the URL. The URL is the one source of truth, so a view can be
 * bookmarked or sent to a colleague; the values are checked with the API's own CaseListQuerySchema, so
 * a hand-edited link is refused here with the filter it names instead of as a broken page.
 */
import type { z } from 'zod';
import { CaseListQuerySchema, DEFAULT_PAGE_SIZE } from '../../../../contracts/list';
import type { CaseListParams } from '../../queries/cases-list';

type QueryInput = z.input<typeof CaseListQuerySchema>;

/** Every filter of GET /cases; paging (pageSize, pageToken) is not a filter. */
export type FilterKey = Exclude<keyof QueryInput, 'pageSize' | 'pageToken'>;

export const FILTER_KEYS = Object.keys(CaseListQuerySchema.shape).filter(
  (key) => key !== 'pageSize' && key !== 'pageToken',
) as FilterKey[];

export const FILTER_KEY_SET: ReadonlySet<string> = new Set(FILTER_KEYS);

/** The filter form's values: each filter as the text the URL carries, '' for "any". */
export type FilterValues = Record<FilterKey, string>;

export const PAGE_SIZES = [20, 50, 100] as const;

export function emptyFilters(): FilterValues {
  return Object.fromEntries(FILTER_KEYS.map((key) => [key, ''])) as FilterValues;
}

/** The filters in a URL; parameters that are not filters are ignored. */
export function readFilters(params: URLSearchParams): FilterValues {
  const values = emptyFilters();
  for (const key of FILTER_KEYS) values[key] = params.get(key) ?? '';
  return values;
}

/** The page size in a URL as written there ('' when absent), checked with the rest in validateQuery. */
export function readPageSize(params: URLSearchParams): string {
  return params.get('pageSize') ?? '';
}

/** The non-empty filters, trimmed: what is written to the URL and sent to the API. */
export function activeFilters(values: Partial<FilterValues>): CaseListParams {
  const params: CaseListParams = {};
  for (const key of FILTER_KEYS) {
    const value = values[key]?.trim();
    if (value) params[key] = value;
  }
  return params;
}

/** The URL search params of a view: the filters in a fixed order, the page size unless it is the default. */
export function toSearchParams(values: Partial<FilterValues>, pageSize?: string): URLSearchParams {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(activeFilters(values))) params.set(key, value);
  if (pageSize && pageSize !== String(DEFAULT_PAGE_SIZE)) params.set('pageSize', pageSize);
  return params;
}

/** One identity per set of filters: paging and the selection start over when it changes. */
export function filterIdentity(values: Partial<FilterValues>): string {
  return toSearchParams(values).toString();
}

export function countActiveFilters(values: Partial<FilterValues>): number {
  return Object.keys(activeFilters(values)).length;
}

/**
 * Which of the well-known messages a refused value gets (translated on the page); `other` shows the
 * contract's own message.
 */
export type FilterErrorKind = 'option' | 'days' | 'date' | 'dateOrder' | 'search' | 'operation' | 'pageSize' | 'other';

export interface FilterError {
  field: FilterKey | 'pageSize';
  kind: FilterErrorKind;
  /** The contract's message, shown when no translated one fits. */
  message: string;
}

const FIELD_KINDS: Partial<Record<FilterKey | 'pageSize', FilterErrorKind>> = {
  legalDeadlineWithinDays: 'days',
  registeredFrom: 'date',
  registeredTo: 'date',
  search: 'search',
  operation: 'operation',
  pageSize: 'pageSize',
};

function kindOf(field: FilterKey | 'pageSize', code: string): FilterErrorKind {
  if (field === 'pageSize') return 'pageSize';
  if (code === 'invalid_value') return 'option';
  if (field === 'registeredTo' && code === 'custom') return 'dateOrder';
  return FIELD_KINDS[field] ?? 'other';
}

export type QueryCheck = { ok: true; params: CaseListParams } | { ok: false; errors: FilterError[] };

/**
 * The filters and page size checked with CaseListQuerySchema. When they pass, `params` is the query
 * string to send, exactly as written (the API applies the schema's transforms itself).
 */
export function validateQuery(values: Partial<FilterValues>, pageSize = ''): QueryCheck {
  const params = activeFilters(values);
  if (pageSize.trim() !== '') params.pageSize = pageSize.trim();
  const result = CaseListQuerySchema.safeParse(params);
  if (result.success) return { ok: true, params };
  const issues = [...result.error.issues];
  // The schema checks the dates against each other only once every field passes; a person correcting
  // a link should hear of all its problems at once.
  if (params.registeredFrom && params.registeredTo) {
    const dates = CaseListQuerySchema.safeParse({ registeredFrom: params.registeredFrom, registeredTo: params.registeredTo });
    if (!dates.success) issues.push(...dates.error.issues);
  }
  const errors: FilterError[] = [];
  const seen = new Set<string>();
  for (const issue of issues) {
    const field = String(issue.path[0] ?? '');
    if (!(FILTER_KEY_SET.has(field) || field === 'pageSize') || seen.has(field)) continue;
    seen.add(field);
    const key = field as FilterKey | 'pageSize';
    errors.push({ field: key, kind: kindOf(key, issue.code), message: issue.message });
  }
  return { ok: false, errors };
}

/** The page size a valid URL asks for, as a number (the default when absent). */
export function pageSizeNumber(pageSize: string): number {
  const n = Number(pageSize);
  return Number.isInteger(n) && n > 0 ? n : DEFAULT_PAGE_SIZE;
}
