/** Faults the fake injects into Web API calls, as tests and the page ask (POST /_control/faults). */
export type FaultRule = {
  id: string;
  /** A method name, or "*" for every method. */
  method: string;
  /** HTTP status to answer with: 429, 500, 503... (200 with `error` for a Slack error). */
  status?: number;
  error?: string;
  retryAfter?: number;
  /** How many more calls it hits; unlimited when absent. */
  remaining?: number;
  /**
   * How many matching calls it lets through first: the second write of a run fails, not the first.
   */
  skip?: number;
  /** Probability (0-1) that a matching call is hit. */
  probability?: number;
  /** "before": nothing happens; "after": the call takes effect, then the answer is lost. */
  when?: "before" | "after";
  /**
   * A slow call: it takes effect this many ms (Slack time) late, then answers as usual. Such a rule
   * has no status or error of its own.
   */
  delayMs?: number;
};

export class Faults {
  #rules: FaultRule[] = [];

  constructor(readonly random: () => number) {}

  add(rule: Omit<FaultRule, "id">): FaultRule {
    const full = { id: crypto.randomUUID(), ...rule };
    this.#rules.push(full);
    return full;
  }

  clear(): void {
    this.#rules = [];
  }

  get rules(): FaultRule[] {
    return structuredClone(this.#rules);
  }

  /** The rule that hits this call, if any (spending one of its `remaining`). */
  draw(method: string): FaultRule | null {
    for (const rule of this.#rules) {
      if (rule.method !== "*" && rule.method !== method) continue;
      if (rule.remaining !== undefined && rule.remaining <= 0) continue;
      if (rule.probability !== undefined && this.random() >= rule.probability) continue;
      if (rule.skip !== undefined && rule.skip > 0) {
        rule.skip--;
        continue;
      }
      if (rule.remaining !== undefined) rule.remaining--;
      return rule;
    }
    return null;
  }
}
