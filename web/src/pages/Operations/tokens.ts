/**
 * Server paging by tokens: the tokens of the pages already seen, so "previous" needs no token from the
 * server. Page 1 has none.
 */
export interface TokenTrail {
  tokens: (string | undefined)[];
}

export const FIRST_PAGE: TokenTrail = { tokens: [undefined] };

export function currentToken(trail: TokenTrail): string | undefined {
  return trail.tokens[trail.tokens.length - 1];
}

export function pageNumber(trail: TokenTrail): number {
  return trail.tokens.length;
}

export function forward(trail: TokenTrail, nextPageToken: string): TokenTrail {
  return { tokens: [...trail.tokens, nextPageToken] };
}

export function back(trail: TokenTrail): TokenTrail {
  return trail.tokens.length > 1 ? { tokens: trail.tokens.slice(0, -1) } : trail;
}
