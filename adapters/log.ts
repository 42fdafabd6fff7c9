/**
 * The app's one logger: one JSON line per record, on the function's console (what `slack activity`
 * shows). Emails, tokens and secrets never reach a line: values are scrubbed before printing.
 */
import { scrub } from "../domain/scrub.ts";

export type LogFields = Record<string, unknown>;

/** The scrubber lives in domain/scrub.ts, shared with the activity rows admins read. */
export { scrub };

export type Logger = {
  debug(event: string, fields?: LogFields): void;
  info(event: string, fields?: LogFields): void;
  warn(event: string, fields?: LogFields): void;
  error(event: string, fields?: LogFields): void;
};

export function createLogger(step: string, level: "debug" | "info" = "info"): Logger {
  const write = (lvl: string, event: string, fields: LogFields = {}) => {
    const line = JSON.stringify(scrub({ level: lvl, step, event, ...fields }));
    // deno-lint-ignore no-console -- this module is the app's only console writer
    (lvl === "error" ? console.error : lvl === "warn" ? console.warn : console.log)(line);
  };
  return {
    debug: (e, f) => level === "debug" && write("debug", e, f),
    info: (e, f) => write("info", e, f),
    warn: (e, f) => write("warn", e, f),
    error: (e, f) => write("error", e, f),
  };
}
