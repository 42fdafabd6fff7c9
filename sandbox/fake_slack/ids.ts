/** Slack-shaped identifiers for the fake: a prefix and upper-case base-32 characters, as Slack's look. */
const ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

export function slackId(prefix: string, length = 10): string {
  const bytes = crypto.getRandomValues(new Uint8Array(length));
  let out = prefix;
  for (const b of bytes) out += ALPHABET[b % ALPHABET.length];
  return out;
}

export function secretToken(prefix: string): string {
  const bytes = crypto.getRandomValues(new Uint8Array(18));
  return `${prefix}-${Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("")}`;
}

/** Message timestamps: "seconds.microseconds", strictly increasing within one fake. */
export class TsSequence {
  #lastMicros = 0n;

  next(nowMs: number): string {
    let micros = BigInt(Math.floor(nowMs)) * 1000n;
    if (micros <= this.#lastMicros) micros = this.#lastMicros + 1n;
    this.#lastMicros = micros;
    const s = micros.toString().padStart(7, "0");
    return `${s.slice(0, -6)}.${s.slice(-6)}`;
  }
}

export function tsToMs(ts: string): number {
  return Math.floor(Number(ts) * 1000);
}
