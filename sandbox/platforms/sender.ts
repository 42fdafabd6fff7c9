/**
 * A platform's outgoing webhook queue: events pile up while a request is in flight or while Slack
 * says 429, and go out together (up to 100 a request) through sendEvents(), as docs/events.md asks
 * a platform to do. Keeps a short log of requests for the simulator panels.
 */

export type SendTarget = { url: string; secret: string };

export type SentRequest = {
  at: number;
  events: number;
  types: string[];
  /** HTTP statuses of the requests (429s included), or "error" when nothing answered. */
  statuses: Array<number | "error">;
  rateLimited: number;
  detail?: string;
};

export type SenderStatus = {
  queued: number;
  sending: boolean;
  /** Set while waiting out a 429: when the next try happens (epoch ms, real time). */
  retryAt: number | null;
  lastError: string | null;
  log: SentRequest[];
};

export type EventSenderOptions = {
  /** Where to send: the webhook trigger's URL and the shared secret; null when there is none. */
  target: () => Promise<SendTarget | null> | SendTarget | null;
  /** Clock for the log (the sandbox clock). */
  now?: () => number;
  batchSize?: number;
  /** Wait before retrying after a network error; doubles up to 3 tries, then the batch is dropped. */
  retryDelayMs?: number;
  /** Called after each request (the sandbox bumps its page version). */
  onChange?: () => void;
};

const LOG_SIZE = 50;

export class EventSender {
  readonly #options: EventSenderOptions;
  #queue: Array<Record<string, unknown>> = [];
  #running: Promise<void> | null = null;
  #abort = new AbortController();
  #retryAt: number | null = null;
  #lastError: string | null = null;
  #log: SentRequest[] = [];

  constructor(options: EventSenderOptions) {
    this.#options = options;
  }

  enqueue(events: Array<Record<string, unknown>>): void {
    if (this.#abort.signal.aborted) throw new Error("Cannot send events: the sender is closed");
    this.#queue.push(...events);
    this.#running ??= this.#run().finally(() => {
      this.#running = null;
    });
    this.#options.onChange?.();
  }

  get status(): SenderStatus {
    return {
      queued: this.#queue.length,
      sending: this.#running !== null,
      retryAt: this.#retryAt,
      lastError: this.#lastError,
      log: structuredClone(this.#log),
    };
  }

  /** Resolves once every queued event has been sent (or dropped after failures). */
  async idle(): Promise<void> {
    while (this.#running) await this.#running;
  }

  async close(): Promise<void> {
    this.#abort.abort();
    await this.#running?.catch(() => undefined);
  }

  #record(entry: SentRequest): void {
    this.#log.unshift(entry);
    this.#log.length = Math.min(this.#log.length, LOG_SIZE);
    this.#options.onChange?.();
  }

  async #run(): Promise<void> {
    const now = this.#options.now ?? Date.now;
    const size = this.#options.batchSize ?? 100;
    while (this.#queue.length > 0 && !this.#abort.signal.aborted) {
      const batch = this.#queue.splice(0, size);
      const types = [...new Set(batch.map((e) => String(e.type)))];
      const target = await this.#options.target();
      if (!target) {
        this.#lastError = "no webhook trigger to send to: the events were dropped";
        this.#record({
          at: now(),
          events: batch.length,
          types,
          statuses: ["error"],
          rateLimited: 0,
          detail: this.#lastError,
        });
        continue;
      }
      let delay = this.#options.retryDelayMs ?? 1000;
      for (let attempt = 1;; attempt++) {
        try {
          const result = await sendEvents(target.url, target.secret, batch, {
            batchSize: size,
            signal: this.#abort.signal,
            onRateLimited: (waitMs) => {
              this.#retryAt = Date.now() + waitMs;
              this.#options.onChange?.();
            },
          });
          this.#retryAt = null;
          const last = result.statuses.at(-1) ?? 0;
          this.#lastError = last >= 400
            ? `the webhook answered ${last}: ${result.errors.at(-1) ?? ""}`
            : null;
          this.#record({
            at: now(),
            events: batch.length,
            types,
            statuses: result.statuses,
            rateLimited: result.rateLimited,
            ...(result.errors.length ? { detail: result.errors.join("; ") } : {}),
          });
          break;
        } catch (err) {
          this.#retryAt = null;
          if (this.#abort.signal.aborted) return;
          this.#lastError = `Cannot send events: ${
            err instanceof Error ? err.message : String(err)
          }`;
          if (attempt >= 3) {
            this.#record({
              at: now(),
              events: batch.length,
              types,
              statuses: ["error"],
              rateLimited: 0,
              detail: this.#lastError,
            });
            break;
          }
          await abortableSleep(delay, this.#abort.signal).catch(() => undefined);
          delay *= 2;
        }
      }
    }
  }
}

/** setTimeout as a promise that rejects (and clears its timer) when the signal aborts. */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/** docs/events.md: a request body is at most 1 MiB of JSON (sandbox/README.md says why). */
export const MAX_BODY_BYTES = 1_048_576;

/**
 * Splits events into requests of at most `size` events and `maxBytes` of JSON body. An event too
 * large to go in any request goes alone (the webhook refuses it, and the sender says so).
 */
export function batches(
  secret: string,
  events: unknown[],
  size: number,
  maxBytes: number,
): unknown[][] {
  const encoder = new TextEncoder();
  const overhead = encoder.encode(JSON.stringify({ secret, events: [] })).length;
  const out: unknown[][] = [];
  let current: unknown[] = [];
  let bytes = overhead;
  for (const e of events) {
    const n = encoder.encode(JSON.stringify(e)).length;
    if (current.length > 0 && (current.length >= size || bytes + 1 + n > maxBytes)) {
      out.push(current);
      current = [];
      bytes = overhead;
    }
    bytes += (current.length > 0 ? 1 : 0) + n; // a comma between events
    current.push(e);
  }
  if (current.length > 0) out.push(current);
  return out;
}

/**
 * Sends events to a webhook trigger the way a well-behaved platform does: in batches of at most
 * `batchSize` events and 1 MiB, waiting out 429s (Slack allows 10 webhook requests a minute per
 * trigger).
 */
export async function sendEvents(
  webhookUrl: string,
  secret: string,
  events: unknown[],
  options: {
    batchSize?: number;
    /** Largest request body, in bytes (default: the contract's 1 MiB). */
    maxBodyBytes?: number;
    maxWaitMs?: number;
    timeScale?: number;
    /** Stops waiting (a 429's Retry-After) and rejects. */
    signal?: AbortSignal;
    /** Told how long it waits after each 429. */
    onRateLimited?: (waitMs: number) => void;
  } = {},
): Promise<{ requests: number; rateLimited: number; statuses: number[]; errors: string[] }> {
  const size = options.batchSize ?? 100;
  const scale = options.timeScale ?? 1;
  let requests = 0;
  let rateLimited = 0;
  const statuses: number[] = [];
  const errors: string[] = [];
  const until = Date.now() + (options.maxWaitMs ?? 600_000);
  for (const batch of batches(secret, events, size, options.maxBodyBytes ?? MAX_BODY_BYTES)) {
    for (;;) {
      requests++;
      const res = await fetch(webhookUrl, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ secret, events: batch }),
        ...(options.signal ? { signal: options.signal } : {}),
      });
      statuses.push(res.status);
      if (res.status >= 400 && res.status !== 429) {
        errors.push((await res.text()).slice(0, 500));
      } else await res.body?.cancel();
      if (res.status !== 429) break;
      rateLimited++;
      const wait = Number(res.headers.get("retry-after") ?? "1") * 1000 / scale;
      if (Date.now() + wait > until) {
        throw new Error("Cannot send events: still rate limited at the deadline");
      }
      options.onRateLimited?.(wait);
      await abortableSleep(wait, options.signal);
    }
  }
  return { requests, rateLimited, statuses, errors };
}
