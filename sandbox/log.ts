/** The sandbox's own diagnostics (not the app's logs): one place that writes to the terminal. */
export function sandboxLog(level: "info" | "warn" | "error", ...parts: unknown[]): void {
  // deno-lint-ignore no-console
  console[level === "info" ? "log" : level](...parts);
}
