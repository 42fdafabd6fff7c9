/**
 * The manifest as Slack receives it validates against Slack's own schema; scopes match what the code
 * calls; datastores match their row schemas; the two import maps agree; the import rules hold.
 */
import assert from "node:assert/strict";
import Ajv from "ajv";
import addFormats from "ajv-formats";
import manifest, {
  outgoingDomains,
  requireWebinarApiDomain,
  webinarApiDomain,
} from "./manifest.ts";
import {
  type AppManifest,
  asSlackReceivesIt,
  withoutTtl,
} from "./sandbox/engine/manifest_types.ts";
import * as specs from "./adapters/datastore/specs.ts";
import { readDenoConfig } from "./testing/deno_config.ts";

const SCHEMA = JSON.parse(
  await Deno.readTextFile(
    new URL("./testing/slack-reference/manifest.schema.2.0.0.json", import.meta.url),
  ),
);

function validator() {
  // deno-lint-ignore no-explicit-any -- ajv's CommonJS default export has no usable type under Deno
  const AjvClass = Ajv as any;
  const ajv = new AjvClass({ allErrors: true, strict: false });
  // deno-lint-ignore no-explicit-any
  (addFormats as any)(ajv);
  return ajv.compile(SCHEMA);
}

Deno.test("manifest: as Slack receives it (no source_file, no icon) it validates against manifest.schema.2.0.0.json", () => {
  const received = asSlackReceivesIt(manifest as unknown as AppManifest);
  assert.ok(!JSON.stringify(received).includes("source_file"));
  assert.ok(!("icon" in received));
  const validate = validator();
  const ok = validate(withoutTtl(received));
  assert.ok(ok, JSON.stringify(validate.errors, null, 2));
  // Only the TTL field was set aside: anything else unknown in a datastore is still refused.
  const datastores = received.datastores as Record<string, Record<string, unknown>>;
  const [first] = Object.keys(datastores);
  assert.equal(
    validate(withoutTtl({
      ...received,
      datastores: { ...datastores, [first!]: { ...datastores[first!], ttl_seconds: 60 } },
    })),
    false,
  );
  // As deployed, with the webinar API's host among the outgoing domains.
  const deployed = { ...received, outgoing_domains: outgoingDomains("api.webinars.example") };
  assert.ok(validate(withoutTtl(deployed)), JSON.stringify(validate.errors, null, 2));
});

Deno.test("manifest: the schema check fails for what Slack would refuse (the validator is real)", () => {
  const validate = validator();
  const received = asSlackReceivesIt(manifest as unknown as AppManifest);
  assert.equal(
    validate({ ...received, outgoing_domains: ["https://api.example.com/path"] }),
    false,
  );
  assert.equal(validate({ ...received, display_information: {} }), false);
  const tooMany = Object.fromEntries(
    Array.from(
      { length: 11 },
      (_, i) => [`d${i}`, Object.values(received.datastores as object)[0]],
    ),
  );
  assert.equal(validate({ ...received, datastores: tooMany }), false, "at most 10 datastores");
});

Deno.test("manifest: outgoing domains are host names only, the webinar API's included when given", () => {
  assert.deepEqual(outgoingDomains(null), ["hooks.slack.com"]);
  assert.deepEqual(outgoingDomains("api.webinars.example"), [
    "hooks.slack.com",
    "api.webinars.example",
  ]);
  for (const d of manifest.outgoing_domains ?? []) assert.match(d, /^(?![.-])[-a-z0-9.]+[a-z0-9]$/);
});

Deno.test("manifest: the webinar API's host comes from deploy_config.json, WEBINAR_API_DOMAIN winning", async () => {
  const committed = JSON.parse(
    await Deno.readTextFile(new URL("./deploy_config.json", import.meta.url)),
  ) as { webinarApiDomain: string | null };
  assert.ok("webinarApiDomain" in committed, "deploy_config.json names the setting");
  assert.equal(webinarApiDomain({ webinarApiDomain: null }, undefined), null);
  assert.equal(webinarApiDomain({ webinarApiDomain: " " }, ""), null);
  assert.equal(
    webinarApiDomain({ webinarApiDomain: "API.Webinars.Example" }, undefined),
    "api.webinars.example",
  );
  assert.equal(webinarApiDomain({ webinarApiDomain: "a.example" }, " b.example "), "b.example");
  for (
    const bad of [
      "https://api.example.com",
      "api.example.com/v1",
      "api.example.com:8443",
      "*.example.com",
      `${"a".repeat(48)}.io`,
    ]
  ) {
    assert.throws(
      () => webinarApiDomain({ webinarApiDomain: bad }, undefined),
      (err: Error) =>
        err.message.startsWith(
          `Cannot build the manifest: webinarApiDomain "${bad}" is not a host name`,
        ),
      bad,
    );
  }
});

Deno.test("manifest: Slack's hooks refuse to build it without the webinar API's host, saying what to set", () => {
  const hook = "https://deno.land/x/deno_slack_hooks@1.5.0/get_manifest.ts";
  assert.throws(
    () => requireWebinarApiDomain(null, hook),
    (err: Error) =>
      /^Cannot build the manifest for Slack: /.test(err.message) &&
      err.message.includes('"webinarApiDomain" in deploy_config.json') &&
      err.message.includes("WEBINAR_API_DOMAIN=<host> slack deploy"),
  );
  assert.throws(() =>
    requireWebinarApiDomain(null, "https://deno.land/x/deno_slack_hooks@1.5.0/build.ts")
  );
  requireWebinarApiDomain("api.webinars.example", hook); // set: fine
  requireWebinarApiDomain(null, import.meta.url); // tests and the sandbox build it either way
});

Deno.test("manifest: every function's source_file exists and default-exports a handler (as the get-manifest hook checks)", async () => {
  for (const [id, fn] of Object.entries(manifest.functions ?? {})) {
    const file = (fn as { source_file: string }).source_file;
    // A URL built at run time, so the type checker does not pull in every file under "./".
    const mod = await import(new URL(file, import.meta.url).href);
    assert.equal(typeof mod.default, "function", `${id}: ${file}`);
  }
});

/** Web API methods the app's code calls, and the bot scope each needs (Slack's method docs). */
const METHOD_SCOPES: Record<string, string[]> = {
  "chat.postMessage": ["chat:write"],
  "chat.update": ["chat:write"],
  "chat.scheduleMessage": ["chat:write"],
  "chat.deleteScheduledMessage": ["chat:write"],
  "chat.scheduledMessages.list": [], // needs no scope (docs.slack.dev/reference/methods)
  "conversations.info": ["channels:read", "groups:read"],
  "conversations.list": ["channels:read"],
  "conversations.join": ["channels:join"],
  "conversations.create": ["channels:manage"],
  "conversations.invite": ["channels:manage"],
  "conversations.history": ["channels:history", "groups:history", "im:history"],
  "conversations.replies": ["channels:history", "groups:history", "im:history"],
  "conversations.open": ["im:write"],
  "users.info": ["users:read"],
  "users.lookupByEmail": ["users:read.email", "users:read"],
  "reactions.add": ["reactions:write"],
  "reactions.remove": ["reactions:write"],
  "workflows.triggers.create": ["triggers:write"],
  "workflows.triggers.update": ["triggers:write"],
  "workflows.triggers.delete": ["triggers:write"],
  "workflows.triggers.list": ["triggers:read"],
  "apps.datastore.get": ["datastore:read"],
  "apps.datastore.put": ["datastore:write"],
};

async function sourceFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for await (const entry of Deno.readDir(new URL(dir, import.meta.url))) {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory) out.push(...await sourceFiles(path));
    else if (entry.name.endsWith(".ts") && !entry.name.endsWith("_test.ts")) out.push(path);
  }
  return out;
}

const APP_DIRS = ["adapters", "domain", "functions", "datastores", "workflows", "triggers"];

Deno.test("manifest: bot scopes are exactly what the code's Slack calls need", async () => {
  const called = new Set<string>();
  for (const dir of APP_DIRS) {
    for (const file of await sourceFiles(dir)) {
      const text = await Deno.readTextFile(new URL(file, import.meta.url));
      for (
        const m of text.matchAll(
          /"((?:chat|conversations|users|reactions|workflows\.triggers|apps\.datastore|views|functions|auth)\.[A-Za-z.]+)"/g,
        )
      ) {
        called.add(m[1]!);
      }
    }
  }
  const scopes = new Set((manifest.oauth_config?.scopes?.bot ?? []) as string[]);
  for (const method of called) {
    const needed = METHOD_SCOPES[method];
    if (method.startsWith("views.") || method.startsWith("functions.") || method === "auth.test") {
      continue;
    }
    if (method.startsWith("apps.datastore.")) continue; // datastore:read/write are checked below
    assert.ok(needed, `add ${method} to METHOD_SCOPES`);
    for (const s of needed) assert.ok(scopes.has(s), `${method} needs ${s}`);
  }
  assert.ok(scopes.has("datastore:read") && scopes.has("datastore:write"));
  // Every scope asked for is needed by some call (chat:write.customize by the sender overrides).
  const used = new Set([...called].flatMap((m) => METHOD_SCOPES[m] ?? []));
  for (const s of ["chat:write.customize", "datastore:read", "datastore:write"]) used.add(s);
  for (const s of scopes) assert.ok(used.has(s), `scope ${s} is not used by any call`);
});

Deno.test("manifest: each datastore's attributes equal its row schema's keys", () => {
  const datastores = manifest.datastores as Record<
    string,
    { primary_key: string; attributes: Record<string, unknown>; time_to_live_attribute?: string }
  >;
  assert.ok(Object.keys(datastores).length <= 10);
  for (const spec of Object.values(specs)) {
    const ds = datastores[spec.name];
    assert.ok(ds, `datastore ${spec.name} is in the manifest`);
    const shape = (spec.schema as unknown as { def: { shape: Record<string, unknown> } }).def.shape;
    assert.deepEqual(Object.keys(ds.attributes).sort(), Object.keys(shape).sort(), spec.name);
    assert.equal(ds.primary_key, spec.key);
    // Rows that expire name their expiry to Slack (it deletes them, lazily: readers still filter).
    assert.equal(ds.time_to_live_attribute, spec.ttl, `${spec.name}: time_to_live_attribute`);
    if (spec.ttl) {
      assert.deepEqual(
        ds.attributes[spec.ttl],
        { type: "slack#/types/timestamp" },
        `${spec.name}: the TTL attribute is a timestamp`,
      );
    }
  }
});

Deno.test("deno.jsonc, import_map.npm.json and import_map.sandbox.json map every non-SDK specifier identically", async () => {
  const config = await readDenoConfig(new URL("./deno.jsonc", import.meta.url));
  const readMap = async (name: string) =>
    JSON.parse(await Deno.readTextFile(new URL(`./${name}`, import.meta.url))) as {
      imports: Record<string, string>;
    };
  const npm = await readMap("import_map.npm.json");
  const sandbox = await readMap("import_map.sandbox.json");
  assert.equal(config.imports["deno-slack-sdk/"], "https://deno.land/x/deno_slack_sdk@2.15.1/");
  assert.equal(config.imports["deno-slack-api/"], "https://deno.land/x/deno_slack_api@2.8.0/");
  const maps = { "import_map.npm.json": npm, "import_map.sandbox.json": sandbox };
  for (const [name, map] of Object.entries(maps)) {
    for (const [k, v] of Object.entries(config.imports)) {
      if (k.startsWith("deno-slack-")) continue;
      assert.equal(map.imports[k], v, `${k} differs between deno.jsonc and ${name}`);
    }
    assert.match(map.imports["deno-slack-sdk/mod.ts"]!, /@slack\/deno-slack-sdk@2\.15\.1$/);
  }
  // The sandbox's map is the test map less the test libraries: nothing of its own, nothing different.
  for (const [k, v] of Object.entries(sandbox.imports)) {
    assert.equal(npm.imports[k], v, `${k} differs between import_map.npm.json and the sandbox map`);
  }
  assert.ok(!("playwright-core" in sandbox.imports), "the sandbox map leaves out test libraries");
  // Every bare specifier app code imports resolves in the deploy map too.
  for (const dir of APP_DIRS) {
    for (const file of await sourceFiles(dir)) {
      const text = await Deno.readTextFile(new URL(file, import.meta.url));
      for (const m of text.matchAll(/from "([^."][^"]*)"/g)) {
        const spec = m[1]!;
        const known = spec in config.imports ||
          Object.keys(config.imports).some((p) => p.endsWith("/") && spec.startsWith(p));
        assert.ok(known, `${file} imports "${spec}", which the deploy map cannot resolve`);
      }
    }
  }
});

Deno.test("import rules: domain stays pure, functions never import each other, app code never imports the sandbox", async () => {
  const problems: string[] = [];
  for (const dir of APP_DIRS) {
    for (const file of await sourceFiles(dir)) {
      const text = await Deno.readTextFile(new URL(file, import.meta.url));
      const imports = [...text.matchAll(/(?:from|import)\s+"([^"]+)"/g)].map((m) => m[1]!);
      for (const spec of imports) {
        if (/(^|\/)(sandbox|testing|shims)\//.test(spec)) problems.push(`${file} imports ${spec}`);
        if (
          file.startsWith("domain/") &&
          !(spec.startsWith(".") || spec === "zod/mini" || spec === "@slack/types")
        ) {
          problems.push(`${file} (domain) imports ${spec}`);
        }
        if (
          file.startsWith("domain/") &&
          /\.\.\/(\.\.\/)?(adapters|functions|datastores)\//.test(spec)
        ) problems.push(`${file} (domain) imports ${spec}`);
        if (file.startsWith("functions/")) {
          const own = file.split("/")[1];
          const other = /^\.\.\/([a-z_]+)\//.exec(spec)?.[1];
          if (
            other && other !== own && !["adapters", "domain", "datastores", "types"].includes(other)
          ) {
            problems.push(`${file} imports another function: ${spec}`);
          }
        }
        if (
          file.startsWith("workflows/") && spec.includes("/functions/") &&
          !spec.endsWith("/definition.ts")
        ) {
          problems.push(`${file} imports a handler: ${spec}`);
        }
      }
      if (file.startsWith("domain/") && /\bfetch\(/.test(text)) {
        problems.push(`${file} (domain) calls fetch`);
      }
      if (/Deno\.env\.(get|toObject|has)\(/.test(text)) {
        problems.push(`${file} reads Deno.env (hosted functions cannot)`);
      }
    }
  }
  assert.deepEqual(problems, []);
});
