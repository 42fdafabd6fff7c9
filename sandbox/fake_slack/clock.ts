/** The sandbox clock: real time plus an offset that tests and the sandbox page can advance. */
export class Clock {
  #offsetMs = 0;
  readonly #listeners = new Set<(nowMs: number) => void>();

  constructor(offsetMs = 0) {
    this.#offsetMs = offsetMs;
  }

  now(): number {
    return Date.now() + this.#offsetMs;
  }

  get offsetMs(): number {
    return this.#offsetMs;
  }

  /** Moves the clock forward and tells listeners (scheduled messages, scheduled triggers). */
  advance(ms: number): number {
    if (!Number.isFinite(ms) || ms < 0) {
      throw new RangeError(`Cannot advance the clock: "${ms}" is not a non-negative number`);
    }
    this.#offsetMs += ms;
    const now = this.now();
    for (const listener of this.#listeners) listener(now);
    return now;
  }

  onAdvance(listener: (nowMs: number) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}
