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

/** A change to the limits: any field, and any part of a bucket; the rest stays as it was. */
export type RateLimitPatch = {
  enabled?: boolean;
  timeScale?: number;
  tiers?: Partial<Record<1 | 2 | 3 | 4, Partial<Bucket>>>;
  postMessagePerChannel?: Partial<Bucket>;
  postMessageWorkspace?: Partial<Bucket> | null;
  webhookPerTrigger?: Partial<Bucket>;
};

function mergeBucket(base: Bucket | null, patch: unknown, name: string): Bucket {
  if (typeof patch !== "object" || patch === null || Array.isArray(patch)) {
    throw new RangeError(`${name} must be an object with perMinute and burst`);
  }
  const p = patch as Partial<Bucket>;
  const bucket = { perMinute: p.perMinute ?? base?.perMinute, burst: p.burst ?? base?.burst };
  if (typeof bucket.perMinute !== "number" || !(bucket.perMinute > 0)) {
    throw new RangeError(`${name}.perMinute must be a number above 0`);
  }
  if (typeof bucket.burst !== "number" || !(bucket.burst >= 1)) {
    throw new RangeError(`${name}.burst must be a number of at least 1`);
  }
  return { perMinute: bucket.perMinute, burst: bucket.burst };
}

/** Applies a patch field by field (a partial bucket keeps its other number); throws RangeError. */
export function mergeRateLimits(base: RateLimitConfig, patch: RateLimitPatch): RateLimitConfig {
  if (typeof patch !== "object" || patch === null || Array.isArray(patch)) {
    throw new RangeError("the rate limits must be an object");
  }
  const next = structuredClone(base);
  for (const [key, value] of Object.entries(patch)) {
    switch (key) {
      case "enabled":
        if (typeof value !== "boolean") throw new RangeError("enabled must be a boolean");
        next.enabled = value;
        break;
      case "timeScale":
        if (typeof value !== "number" || !(value > 0) || !Number.isFinite(value)) {
          throw new RangeError("timeScale must be a number above 0");
        }
        next.timeScale = value;
        break;
      case "tiers":
        if (typeof value !== "object" || value === null || Array.isArray(value)) {
          throw new RangeError("tiers must be an object keyed 1 to 4");
        }
        for (const [tier, bucket] of Object.entries(value)) {
          if (!["1", "2", "3", "4"].includes(tier)) {
            throw new RangeError(`tiers.${tier} is not a tier (1 to 4)`);
          }
          const t = Number(tier) as 1 | 2 | 3 | 4;
          next.tiers[t] = mergeBucket(next.tiers[t], bucket, `tiers.${tier}`);
        }
        break;
      case "postMessageWorkspace":
        next.postMessageWorkspace = value === null
          ? null
          : mergeBucket(next.postMessageWorkspace, value, key);
        break;
      case "postMessagePerChannel":
      case "webhookPerTrigger":
        next[key] = mergeBucket(next[key], value, key);
        break;
      default:
        throw new RangeError(`unknown rate limit setting "${key}"`);
    }
  }
  return next;
}

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

  /** Changes some limits (see mergeRateLimits) and refills every bucket. */
  configure(patch: RateLimitPatch): RateLimitConfig {
    this.#config = mergeRateLimits(this.#config, patch);
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
