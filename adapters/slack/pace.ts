/**
 * Keeps a long-running caller (the drainer) to at most half of each Web API method's published tier
 * in any minute: a token bucket refilled at 40% of the tier, holding at most 10% of it (a minute's
 * calls never exceed 10% + 40%). The other half is left to the runs that must not wait (an ingest
 * storing what Slack already acknowledged, a moderator's reply). A 429 stops a method until its
 * Retry-After, then it resumes at the steady pace with an empty bucket. The state rides in the drain
 * lease (lease.ts), so a chain of drainers, one at a time, keeps one pace. Tiers: Slack's method
 * pages (PLATFORM.md §7.2); chat.postMessage is paced per channel elsewhere (pacer.ts).
 */

/** Calls a minute Slack publishes per method (tiers 2, 3, 4: 20, 50, 100). */
const TIER_PER_MINUTE: Record<string, number> = {
  "apps.datastore.bulkPut": 50,
  "apps.datastore.bulkGet": 50,
  "apps.datastore.bulkDelete": 50,
  "apps.datastore.count": 50,
  "apps.datastore.get": 100,
  "apps.datastore.put": 100,
  "apps.datastore.update": 100,
  "apps.datastore.delete": 100,
  "apps.datastore.query": 100,
  "conversations.history": 50,
  "conversations.replies": 50,
  "conversations.create": 20,
  "conversations.list": 20,
  "conversations.invite": 50,
  "conversations.join": 50,
  "conversations.info": 50,
  "conversations.open": 50,
  "users.lookupByEmail": 50,
  "users.info": 100,
  "workflows.triggers.create": 50,
  "workflows.triggers.update": 50,
  "workflows.triggers.delete": 50,
  "workflows.triggers.list": 50,
  "chat.scheduleMessage": 50,
  "chat.scheduledMessages.list": 50,
  "chat.deleteScheduledMessage": 50,
  "reactions.add": 50,
  "reactions.remove": 20,
};

/** What a pace carries from one invocation to the next (kept in the drain lease). */
export type PaceState = Record<string, { tokens: number; at: number }>;

/** The share of a tier the bucket refills at, and how much of a tier it holds. */
const RATE_SHARE = 0.4;
const BURST_SHARE = 0.1;

export class MethodPace {
  /** Per method: tokens left and when they were counted (a bucket of a tenth of a tier). */
  readonly #buckets = new Map<string, { tokens: number; at: number }>();

  /** Starts from what the previous holder left, so a chain of invocations keeps one pace. */
  constructor(state: PaceState = {}) {
    for (const [method, b] of Object.entries(state)) {
      if (TIER_PER_MINUTE[method] && Number.isFinite(b.tokens) && Number.isFinite(b.at)) {
        this.#buckets.set(method, { tokens: b.tokens, at: b.at });
      }
    }
  }

  /** The buckets that are not full (a full one is the default). */
  state(): PaceState {
    return Object.fromEntries(this.#buckets);
  }
  /** No call to a method before this (a 429's Retry-After). */
  readonly #notBefore = new Map<string, number>();

  /** Resolves when `method` may be called, and takes its token. */
  async before(method: string): Promise<void> {
    const perMinute = TIER_PER_MINUTE[method];
    if (!perMinute) return;
    for (;;) {
      const now = Date.now();
      const blocked = (this.#notBefore.get(method) ?? 0) - now;
      if (blocked > 0) {
        await new Promise((r) => setTimeout(r, blocked));
        continue;
      }
      const capacity = Math.max(1, perMinute * BURST_SHARE);
      const perMs = (perMinute * RATE_SHARE) / 60_000;
      const b = this.#buckets.get(method) ?? { tokens: capacity, at: now };
      const tokens = Math.min(capacity, b.tokens + (now - b.at) * perMs);
      if (tokens >= 1) {
        this.#buckets.set(method, { tokens: tokens - 1, at: now });
        return;
      }
      this.#buckets.set(method, { tokens, at: now });
      await new Promise((r) => setTimeout(r, Math.ceil((1 - tokens) / perMs)));
    }
  }

  /**
   * Slack answered 429: nothing more on that method before Retry-After, and its bucket starts empty
   * again (calls come back at the steady pace, not in a burst).
   */
  limited(method: string, retryAfterS: number): void {
    const now = Date.now();
    this.#notBefore.set(
      method,
      Math.max(this.#notBefore.get(method) ?? 0, now + retryAfterS * 1000),
    );
    this.#buckets.set(method, { tokens: 0, at: now });
  }
}
