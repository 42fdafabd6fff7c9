import { SlackFunction } from "deno-slack-sdk/mod.ts";
import { Probe } from "../manifest.ts";

// Module state: a fresh module per invocation means this is 1 every time.
let calls = 0;

export default SlackFunction(Probe, async ({ inputs }) => {
  calls++;
  let fs = "allowed";
  try {
    await Deno.readTextFile("/etc/hostname");
  } catch (err) {
    fs = `denied: ${(err as Error).name}`;
  }
  if (inputs.sleep_ms) await new Promise((r) => setTimeout(r, inputs.sleep_ms));
  if (inputs.throw) throw new Error("probe asked to throw");
  return { outputs: { calls, fs, now: Date.now() } };
});
