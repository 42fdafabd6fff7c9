/**
 * Slack's published rate limits as token buckets (docs.slack.dev/apis/web-api/rate-limits):
 * tiers 1-4 at 1+, 20+, 50+, 100+ calls a minute per method, app and workspace, with a burst of one
 * minute's allowance; chat.postMessage at about one message a second per channel with short bursts;
 * webhook triggers at 10 a minute. Time can be scaled (bench), and the whole thing switched off.
 */
export type Bucket = { perMinute: number; burst: number };

export type RateLimitConfig = {
  enabled: boolean;
  /** 1 = Slack's speed; 20 = every limit refills 20 times faster (Retry-After stays in Slack seconds). */
  timeScale: number;
  tiers: { 1: Bucket; 2: Bucket; 3: Bucket; 4: Bucket };
  postMessagePerChannel: Bucket;
  /** Slack keeps a workspace-wide posting cap without publishing it; null leaves it out. */
  postMessageWorkspace: Bucket | null;
  webhookPerTrigger: Bucket;
};

export type Tier = 1 | 2 | 3 | 4 | "post";

export const SLACK_RATE_LIMITS: RateLimitConfig = {
  enabled: true,
  timeScale: 1,
  tiers: {
    1: { perMinute: 1, burst: 2 },
    2: { perMinute: 20, burst: 20 },
    3: { perMinute: 50, burst: 50 },
    4: { perMinute: 100, burst: 100 },
  },
  postMessagePerChannel: { perMinute: 60, burst: 3 },
  postMessageWorkspace: null,
  webhookPerTrigger: { perMinute: 10, burst: 10 },
};

type State = { tokens: number; at: number };

export class RateLimiter {
  #config: RateLimitConfig;
  readonly #buckets = new Map<string, State>();
  readonly #now: () => number;

  constructor(
    config: RateLimitConfig = SLACK_RATE_LIMITS,
    now: () => number = () => performance.now(),
  ) {
    this.#config = structuredClone(config);
    this.#now = now;
  }

  get config(): RateLimitConfig {
    return structuredClone(this.#config);
  }

  configure(patch: Partial<RateLimitConfig>): RateLimitConfig {
    this.#config = { ...this.#config, ...structuredClone(patch) };
    this.#buckets.clear();
    return this.config;
  }

  /**
   * Takes one token from every bucket the call draws on, or none of them. Returns 0 when the call may
   * go ahead, else the Retry-After value in (unscaled) Slack seconds.
   */
  take(keys: ReadonlyArray<{ key: string; bucket: Bucket }>): number {
    if (!this.#config.enabled) return 0;
    const now = this.#now();
    let waitMs = 0;
    const states = keys.map(({ key, bucket }) => {
      const ratePerMs = (bucket.perMinute * this.#config.timeScale) / 60_000;
      const prev = this.#buckets.get(key) ?? { tokens: bucket.burst, at: now };
      const tokens = Math.min(bucket.burst, prev.tokens + (now - prev.at) * ratePerMs);
      if (tokens < 1) waitMs = Math.max(waitMs, (1 - tokens) / ratePerMs);
      return { key, tokens };
    });
    if (waitMs > 0) {
      for (const s of states) this.#buckets.set(s.key, { tokens: s.tokens, at: now });
      return Math.max(1, Math.ceil((waitMs * this.#config.timeScale) / 1000));
    }
    for (const s of states) this.#buckets.set(s.key, { tokens: s.tokens - 1, at: now });
    return 0;
  }

  bucketsFor(method: string, tier: Tier, channel?: string): Array<{ key: string; bucket: Bucket }> {
    const c = this.#config;
    if (tier === "post") {
      const out = [{ key: `post:${channel ?? "?"}`, bucket: c.postMessagePerChannel }];
      if (c.postMessageWorkspace) out.push({ key: "post:*", bucket: c.postMessageWorkspace });
      return out;
    }
    return [{ key: `method:${method}`, bucket: c.tiers[tier] }];
  }
}
