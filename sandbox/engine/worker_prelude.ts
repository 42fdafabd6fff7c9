/**
 * Runs first in every function worker, before the app's module is evaluated: puts `Date` and the
 * timers on the sandbox clock (Slack time: offset by the page's "move the clock", and `scale` times
 * faster when tests compress time, so the app's own waits and budgets shrink alike without the app
 * knowing), and forwards console output to the engine (which plays the part of `slack activity`).
 * Settings arrive in the worker's name, the only value a worker has before its first message.
 */
/// <reference lib="deno.worker" />

type Settings = { clock?: { originMs: number; scale: number; offsetMs: number } };
const settings: Settings = JSON.parse(self.name || "{}");
const clock = settings.clock;

if (clock && (clock.offsetMs !== 0 || clock.scale !== 1)) {
  const RealDate = Date;
  const slackNow = () =>
    clock.originMs + (RealDate.now() - clock.originMs) * clock.scale + clock.offsetMs;
  class SandboxDate extends RealDate {
    constructor(...args: unknown[]) {
      super(...((args.length === 0 ? [slackNow()] : args) as [string | number | Date]));
    }
    static override now(): number {
      return slackNow();
    }
  }
  globalThis.Date = SandboxDate as DateConstructor;
}

if (clock && clock.scale !== 1) {
  const realSetTimeout = globalThis.setTimeout;
  const realSetInterval = globalThis.setInterval;
  const shrink = (ms: unknown) => Math.max(0, Number(ms ?? 0) / clock.scale);
  type Callback = (...args: unknown[]) => void;
  globalThis.setTimeout = ((fn: Callback, ms?: number, ...rest: unknown[]) =>
    realSetTimeout(fn, shrink(ms), ...rest)) as typeof setTimeout;
  globalThis.setInterval = ((fn: Callback, ms?: number, ...rest: unknown[]) =>
    realSetInterval(fn, shrink(ms), ...rest)) as typeof setInterval;
  const realTimeout = AbortSignal.timeout.bind(AbortSignal);
  AbortSignal.timeout = (ms: number) =>
    realTimeout(shrink(ms));
}

const forward = (level: string) => (...args: unknown[]) => {
  const line = args.map((a) =>
    typeof a === "string" ? a : (() => {
      try {
        return JSON.stringify(a);
      } catch {
        return String(a);
      }
    })()
  ).join(" ");
  self.postMessage({ kind: "log", level, line });
};
for (const level of ["log", "info", "warn", "error", "debug"] as const) {
  (console as unknown as Record<string, unknown>)[level] = forward(level);
}
