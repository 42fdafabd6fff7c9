/**
 * The app's one logger: one JSON line per record, on the function's console (what `slack activity`
 * shows). Emails, tokens and secrets never reach a line: values are scrubbed before printing.
 */
export type LogFields = Record<string, unknown>;

/** Any address, internationalised ones included ("zoë@exämple.example", "用户@例子.广告"). */
const EMAIL = /[\p{L}\p{M}\p{N}._%+'-]+@[\p{L}\p{M}\p{N}.-]+\.[\p{L}\p{M}]{2,}/gu;
const TOKEN = /\bx(?:ox[abposr]|wfp|app)-[A-Za-z0-9-]+/g;
const SECRET_KEYS = /(secret|token|password|authorization|email|signature)/i;

export function scrub(value: unknown, key = ""): unknown {
  if (
    SECRET_KEYS.test(key) && value !== null && value !== undefined && typeof value !== "boolean"
  ) return "[redacted]";
  if (typeof value === "string") return value.replace(EMAIL, "[email]").replace(TOKEN, "[token]");
  if (Array.isArray(value)) return value.map((v) => scrub(v));
  if (value && typeof value === "object") {
    if (value instanceof Error) return scrub(`${value.name}: ${value.message}`);
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, scrub(v, k)]));
  }
  return value;
}

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
