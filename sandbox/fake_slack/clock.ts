/**
 * The sandbox clock: Slack time. Real time, optionally running `scale` times faster from the moment
 * the clock was made (tests and the bench compress minutes into seconds), plus an offset that tests
 * and the sandbox page can advance. Function workers run on the same clock (engine/worker_prelude.ts).
 */
export type ClockReading = { originMs: number; scale: number; offsetMs: number };

export class Clock {
  #offsetMs = 0;
  readonly #originMs: number;
  readonly #scale: number;
  readonly #listeners = new Set<(nowMs: number) => void>();

  constructor(offsetMs = 0, options: { scale?: number } = {}) {
    const scale = options.scale ?? 1;
    if (!Number.isFinite(scale) || scale <= 0) {
      throw new RangeError(`Cannot make a clock: scale "${scale}" is not a positive number`);
    }
    this.#offsetMs = offsetMs;
    this.#scale = scale;
    this.#originMs = Date.now();
  }

  now(): number {
    return this.#originMs + (Date.now() - this.#originMs) * this.#scale + this.#offsetMs;
  }

  get offsetMs(): number {
    return this.#offsetMs;
  }

  /** How many times faster than real time the clock runs. */
  get scale(): number {
    return this.#scale;
  }

  /** What a worker needs to run on this clock. */
  reading(): ClockReading {
    return { originMs: this.#originMs, scale: this.#scale, offsetMs: this.#offsetMs };
  }

  /** A duration on this clock, in real milliseconds. */
  realMs(clockMs: number): number {
    return clockMs / this.#scale;
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
