/**
 * What running one case against our gateway gave: the same behaviour as
 * prom-label-proxy, a difference (with what differed), or nothing to run
 * because the case tests an option the gateway does not have.
 */
export type CaseOutcome =
  | { result: 'same' }
  | { result: 'different'; differences: string[] }
  | { result: 'not-applicable'; why: string };

/** Collects the differences of one case; `same` when there are none. */
export class OutcomeBuilder {
  private readonly differences: string[] = [];

  /** Notes a difference unless `a` and `b` are equal (as JSON). */
  expectEqual(what: string, ours: unknown, theirs: unknown) {
    if (JSON.stringify(ours) !== JSON.stringify(theirs)) {
      this.differences.push(
        `${what}: ours ${JSON.stringify(
          ours,
        )}, prom-label-proxy ${JSON.stringify(theirs)}`,
      );
    }
  }

  /** Notes a difference described in words. */
  differ(what: string) {
    this.differences.push(what);
  }

  build(): CaseOutcome {
    return this.differences.length === 0
      ? { result: 'same' }
      : { result: 'different', differences: [...this.differences] };
  }
}
