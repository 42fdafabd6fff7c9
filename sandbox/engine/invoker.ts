/**
 * Runs one function invocation in a fresh worker, as Slack runs each invocation in a fresh isolate:
 * new module state every time, no file-system access, network to loopback only, a time limit.
 */
import type { ClockReading } from "../fake_slack/mod.ts";

export type InvocationResult =
  | { ok: true; response: unknown; durationMs: number }
  | { ok: false; error: string; timedOut: boolean; durationMs: number };

export type LogLine = { at: number; level: string; line: string; function: string };

const PRELUDE = new URL("./worker_prelude.ts", import.meta.url).href;
const RUNTIME = new URL("./worker_runtime.ts", import.meta.url).href;
const LOAD_TIMEOUT_MS = 120_000;

export async function invoke(options: {
  sourceUrl: string;
  callbackId: string;
  payload: unknown;
  timeoutMs: number;
  /** The sandbox clock the worker's Date and timers run on (worker_prelude.ts). */
  clock: ClockReading;
  onLog: (line: LogLine) => void;
  /** Runs once the module is loaded, just before the handler gets its payload. */
  onReady?: () => Promise<void>;
  /** Stops the invocation at once, as Slack stops a function (tests: a run that dies mid-way). */
  signal?: AbortSignal;
}): Promise<InvocationResult> {
  const started = performance.now();
  // Plain JavaScript, so Deno does not type-check a new module for every invocation.
  const code = `import ${JSON.stringify(PRELUDE)};\n` +
    `import * as mod from ${JSON.stringify(options.sourceUrl)};\n` +
    `import { serve } from ${JSON.stringify(RUNTIME)};\n` +
    `serve(mod);\n`;
  const url = URL.createObjectURL(new Blob([code], { type: "application/javascript" }));
  const worker = new Worker(url, {
    type: "module",
    name: JSON.stringify({ clock: options.clock }),
    deno: {
      permissions: {
        env: true, // the npm SDK reads process.env when it loads (PLATFORM.md 1.5)
        net: ["127.0.0.1"],
        read: false,
        write: false,
        run: false,
        ffi: false,
        sys: false,
        import: false,
      },
    },
  });
  const done = Promise.withResolvers<InvocationResult>();
  const fail = (error: string, timedOut: boolean) =>
    done.resolve({ ok: false, error, timedOut, durationMs: performance.now() - started });
  // Slack's time limit applies to running the handler. Loading the module is timed apart: a fresh
  // worker type-checks and loads the app on a busy machine far slower than Slack's warm isolates.
  let timer = setTimeout(() => fail("module load timed out", true), LOAD_TIMEOUT_MS);
  worker.onmessage = (e: MessageEvent) => {
    const msg = e.data as { kind: string; [k: string]: unknown };
    if (msg.kind === "ready") {
      clearTimeout(timer);
      timer = setTimeout(() => fail("function timed out", true), options.timeoutMs);
      Promise.resolve(options.onReady?.()).finally(() => worker.postMessage(options.payload));
    } else if (msg.kind === "log") {
      options.onLog({
        at: Date.now(),
        level: String(msg.level),
        line: String(msg.line),
        function: options.callbackId,
      });
    } else if (msg.kind === "result") {
      if (msg.ok) {
        done.resolve({ ok: true, response: msg.response, durationMs: performance.now() - started });
      } else fail(String(msg.error), false);
    }
  };
  options.signal?.addEventListener("abort", () => fail("function stopped", true), { once: true });
  worker.onerror = (e: ErrorEvent) => {
    e.preventDefault();
    done.resolve({
      ok: false,
      error: `module error: ${e.message}`,
      timedOut: false,
      durationMs: performance.now() - started,
    });
  };
  try {
    return await done.promise;
  } finally {
    clearTimeout(timer);
    worker.terminate();
    URL.revokeObjectURL(url);
  }
}
