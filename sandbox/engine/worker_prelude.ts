/**
 * Runs first in every function worker, before the app's module is evaluated: moves `Date` to the
 * sandbox clock and forwards console output to the engine (which plays the part of `slack activity`).
 * Settings arrive in the worker's name, the only value a worker has before its first message.
 */
/// <reference lib="deno.worker" />

type Settings = { clockOffsetMs: number };
const settings: Settings = JSON.parse(self.name || "{}");

if (settings.clockOffsetMs) {
  const RealDate = Date;
  const offset = settings.clockOffsetMs;
  class SandboxDate extends RealDate {
    constructor(...args: unknown[]) {
      super(
        ...((args.length === 0 ? [RealDate.now() + offset] : args) as [string | number | Date]),
      );
    }
    static override now(): number {
      return RealDate.now() + offset;
    }
  }
  globalThis.Date = SandboxDate as DateConstructor;
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
