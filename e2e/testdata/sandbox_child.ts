/**
 * The sandbox in a process of its own, for the crash test: starts on a KV file given as the first
 * argument, prints one JSON line with its URL and the webinar webhook, and runs until it is killed.
 */
import { startSandbox } from "../../sandbox/main.ts";

const kvPath = Deno.args[0];
if (!kvPath) throw new Error("Cannot start the sandbox: give the KV file as the first argument");
const sandbox = await startSandbox({ port: 0, kvPath });
const hook = await sandbox.webhook("webinar");
await Deno.stdout.write(
  new TextEncoder().encode(`${JSON.stringify({ url: sandbox.url, webhook: hook })}\n`),
);
