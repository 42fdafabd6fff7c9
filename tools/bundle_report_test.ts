/** Reading a bundle's make-up from the module lines `deno bundle` writes. */
import assert from "node:assert/strict";
import {
  bundleModules,
  composition,
  describeGroups,
  moduleGroup,
  otherFunctions,
} from "./bundle_report.ts";

const BUNDLE = [
  "// deno-fmt-ignore-file",
  "// deno:https://deno.land/x/deno_slack_sdk@2.15.1/mod.ts",
  "const sdk = 1;",
  "// deno:https://deno.land/std@0.67.0/path/win32.ts",
  "const win32 = 'a long module body';",
  "// node_modules/.deno/zod@4.6.7/node_modules/zod/v4/core/schemas.js",
  "// @__NO_SIDE_EFFECTS__",
  "function schema() {}",
  "// node_modules/.deno/@slack+types@3.2.0/node_modules/@slack/types/dist/index.js",
  "// domain/webinar/event.ts",
  "const event = 2;",
  "// functions/relay_moderator_reply/handler.ts",
  "// functions/ingest_webinar_events/definition.ts",
  "",
].join("\n");

Deno.test("bundleModules() counts every byte once, under the module that precedes it", () => {
  const modules = bundleModules(BUNDLE);
  assert.equal(
    modules.reduce((sum, m) => sum + m.bytes, 0),
    new TextEncoder().encode(BUNDLE).length,
  );
  const ids = modules.map((m) => m.id);
  assert.ok(ids.includes("(runtime)"), "what comes before the first module");
  assert.ok(ids.includes("node_modules/.deno/zod@4.6.7/node_modules/zod/v4/core/schemas.js"));
  assert.ok(!ids.includes("@__NO_SIDE_EFFECTS__"), "annotations are not modules");
  assert.equal(modules[0]!.bytes >= modules.at(-1)!.bytes, true, "biggest first");
});

Deno.test("moduleGroup() names the package or the app folder", () => {
  assert.equal(
    moduleGroup("https://deno.land/x/deno_slack_sdk@2.15.1/functions/mod.ts"),
    "deno.land/x/deno_slack_sdk@2.15.1",
  );
  assert.equal(moduleGroup("https://deno.land/std@0.67.0/path/win32.ts"), "deno.land/std@0.67.0");
  assert.equal(moduleGroup("https://esm.sh/x@1/mod.js"), "esm.sh");
  assert.equal(
    moduleGroup("node_modules/.deno/zod@4.6.7/node_modules/zod/v4/core/schemas.js"),
    "npm:zod@4.6.7",
  );
  assert.equal(
    moduleGroup("node_modules/.deno/@slack+types@3.2.0/node_modules/@slack/types/dist/index.js"),
    "npm:@slack/types@3.2.0",
  );
  assert.equal(moduleGroup("domain/webinar/event.ts"), "domain/webinar");
  assert.equal(moduleGroup("manifest.ts"), ".");
});

Deno.test("composition() totals groups, and otherFunctions() finds code of another function", () => {
  const c = composition(BUNDLE);
  assert.equal(c.total, c.groups.reduce((sum, g) => sum + g.bytes, 0));
  assert.ok(c.groups.some((g) => g.id === "npm:zod@4.6.7"));
  assert.deepEqual(otherFunctions(c, "relay_moderator_reply"), ["functions/ingest_webinar_events"]);
  assert.deepEqual(otherFunctions(c, "nothing_here").sort(), [
    "functions/ingest_webinar_events",
    "functions/relay_moderator_reply",
  ]);
  const lines = describeGroups(c, 2);
  assert.equal(lines.length, 2);
  assert.match(lines[0]!, /^\S+ \d+\.\d KB \(\d+%\)$/);
});
