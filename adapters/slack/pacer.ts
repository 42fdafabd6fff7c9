/**
 * Keeps posts to one channel about a second apart (Slack's chat.postMessage limit is about one
 * message per second per channel), so a burst is paced instead of answered with 429s.
 */
export class Pacer {
  readonly #next = new Map<string, number>();
  readonly #intervalMs: number;

  constructor(intervalMs: number) {
    this.#intervalMs = intervalMs;
  }

  /** Resolves when a post to `channel` may go; reserves the slot at once, so callers queue fairly. */
  async slot(channel: string): Promise<void> {
    const now = Date.now();
    const at = Math.max(now, this.#next.get(channel) ?? 0);
    this.#next.set(channel, at + this.#intervalMs);
    if (at > now) await new Promise((r) => setTimeout(r, at - now));
  }

  /** After a 429, nothing more goes to that channel before Slack's Retry-After. */
  pushBack(channel: string, ms: number): void {
    this.#next.set(channel, Math.max(this.#next.get(channel) ?? 0, Date.now() + ms));
  }
}
