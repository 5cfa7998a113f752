/**
 * Which countries each case involves, remembered by the API. Registration fixes a case's custodial,
 * receiving and transit countries for good, so an entry never goes stale; the cache only saves the
 * describe call that country scoping would otherwise make before every read and action. Bounded:
 * the oldest entries go first, and a forgotten case is simply described again.
 */
export const DEFAULT_SCOPE_CACHE_SIZE = 100_000;

export class CaseScopes {
  // A Map iterates in insertion order, which makes it a small LRU.
  private readonly entries = new Map<string, readonly string[]>();

  constructor(private readonly maxEntries = DEFAULT_SCOPE_CACHE_SIZE) {}

  countriesOf(caseId: string): readonly string[] | undefined {
    const countries = this.entries.get(caseId);
    if (countries !== undefined) {
      this.entries.delete(caseId);
      this.entries.set(caseId, countries);
    }
    return countries;
  }

  remember(caseId: string, countries: readonly string[]): void {
    if (this.maxEntries <= 0) return;
    this.entries.delete(caseId);
    this.entries.set(caseId, [...countries]);
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (oldest.done) break;
      this.entries.delete(oldest.value);
    }
  }

  get size(): number {
    return this.entries.size;
  }
}
