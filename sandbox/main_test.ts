/** The sandbox command line: `deno task sandbox [--port N] [--reset] [--verbose]`, PORT and SANDBOX_RESET. */
import assert from "node:assert/strict";
import { DEFAULT_KV_PATH, DEFAULT_PORT, parseArgs, UsageError } from "./main.ts";

const noEnv = () => undefined;

Deno.test("parseArgs() defaults to port 8787 and the KV file under .sandbox/", () => {
  assert.deepEqual(parseArgs([], noEnv), {
    port: DEFAULT_PORT,
    reset: false,
    verbose: false,
    kvPath: DEFAULT_KV_PATH,
  });
  assert.equal(DEFAULT_PORT, 8787);
  assert.ok(DEFAULT_KV_PATH.startsWith(".sandbox/"), "the task may only write there");
});

Deno.test("parseArgs() reads --port, --reset and --verbose, and PORT / SANDBOX_RESET", () => {
  assert.equal(parseArgs(["--port", "9000"], noEnv).port, 9000);
  assert.equal(parseArgs(["--port=0"], noEnv).port, 0);
  assert.equal(parseArgs([], (n) => (n === "PORT" ? "9100" : undefined)).port, 9100);
  assert.equal(
    parseArgs(["--port", "9000"], (n) => (n === "PORT" ? "9100" : undefined)).port,
    9000,
  );
  assert.equal(parseArgs(["--reset"], noEnv).reset, true);
  assert.equal(parseArgs([], (n) => (n === "SANDBOX_RESET" ? "1" : undefined)).reset, true);
  assert.equal(parseArgs([], (n) => (n === "SANDBOX_RESET" ? "0" : undefined)).reset, false);
  assert.equal(parseArgs(["--verbose"], noEnv).verbose, true);
});

Deno.test("parseArgs() refuses a bad port or an unknown option with a usage error", () => {
  assert.throws(
    () => parseArgs(["--port", "http"], noEnv),
    (e) =>
      e instanceof UsageError &&
      /--port must be a port number from 0 to 65535, not "http"/.test(e.message),
  );
  assert.throws(() => parseArgs(["--port"], noEnv), UsageError);
  assert.throws(
    () => parseArgs([], (n) => (n === "PORT" ? "70000" : undefined)),
    /PORT must be a port number/,
  );
  assert.throws(() => parseArgs(["--rest"], noEnv), /Unknown option "--rest"/);
});
