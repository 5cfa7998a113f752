/**
 * Server paging by tokens: the tokens of the pages already seen, so "previous" goes back without the
 * server, and a change of filters (a new identity) starts again at page 1.
 */
export interface PageTrail {
  identity: string;
  /** tokens[i] fetches page i + 1; the first page has no token. */
  tokens: readonly (string | undefined)[];
}

export function startTrail(identity: string): PageTrail {
  return { identity, tokens: [undefined] };
}

/** The trail for the current identity: the one kept, or a fresh one when the filters changed. */
export function trailFor(trail: PageTrail, identity: string): PageTrail {
  return trail.identity === identity ? trail : startTrail(identity);
}

export function nextPage(trail: PageTrail, token: string): PageTrail {
  return { identity: trail.identity, tokens: [...trail.tokens, token] };
}

export function previousPage(trail: PageTrail): PageTrail {
  return trail.tokens.length > 1 ? { identity: trail.identity, tokens: trail.tokens.slice(0, -1) } : trail;
}

export function pageNumber(trail: PageTrail): number {
  return trail.tokens.length;
}

export function currentToken(trail: PageTrail): string | undefined {
  return trail.tokens[trail.tokens.length - 1];
}

/** The rows' positions in the whole list ("21–40"), from the page number and page size. */
export function rowRange(page: number, pageSize: number, rows: number): { from: number; to: number } {
  const from = (page - 1) * pageSize + 1;
  return { from, to: from + rows - 1 };
}
