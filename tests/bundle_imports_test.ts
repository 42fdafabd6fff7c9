/**
 * What a function's bundle may load (issue 12): the SDK's mod.ts builds Schema.slack.functions when
 * it loads (~30 KB of every bundle that imports it, which no bundler can drop), so code a handler
 * reaches imports the SDK's parts from their own files. deploy:check measures the bundles; this
 * keeps the rule where every test run sees it, without deno.land.
 */
import assert from "node:assert/strict";
import { readDenoConfig } from "../testing/deno_config.ts";

const ROOT = new URL("../", import.meta.url);

/** Value imports and re-exports of a module's text (`import type` and `export type` left out). */
export function valueImports(text: string): string[] {
  const out: string[] = [];
  const re = /^\s*(import|export)\s+(type\s+)?([^;]*?)\s*from\s*["']([^"']+)["']/gms;
  for (const m of text.matchAll(re)) {
    if (m[2]) continue;
    out.push(m[4]!);
  }
  for (const m of text.matchAll(/^\s*import\s+["']([^"']+)["']/gm)) out.push(m[1]!);
  return out;
}

/** Every bare specifier a module reaches through value imports of the project's own files. */
async function reachedSpecifiers(entry: string): Promise<Map<string, string>> {
  const seen = new Set<string>();
  const bare = new Map<string, string>(); // specifier → the first file importing it
  const queue = [new URL(entry, ROOT).href];
  while (queue.length > 0) {
    const href = queue.pop()!;
    if (seen.has(href)) continue;
    seen.add(href);
    const text = await Deno.readTextFile(new URL(href));
    for (const spec of valueImports(text)) {
      if (spec.startsWith(".")) queue.push(new URL(spec, href).href);
      else if (!bare.has(spec)) bare.set(spec, href.slice(ROOT.href.length));
    }
  }
  return bare;
}

async function handlers(): Promise<string[]> {
  const out: string[] = [];
  for await (const dir of Deno.readDir(new URL("functions/", ROOT))) {
    if (dir.isDirectory) out.push(`functions/${dir.name}/handler.ts`);
  }
  return out.sort();
}

Deno.test("bundle imports: the import reader sees value imports and leaves type-only ones", () => {
  const text = [
    'import { SlackFunction } from "deno-slack-sdk/mod.ts";',
    'import type { Trigger } from "deno-slack-sdk/types.ts";',
    "import {\n  a,\n  type B,\n} from './a.ts';",
    'export { c } from "../c.ts";',
    'export type { D } from "./d.ts";',
  ].join("\n");
  assert.deepEqual(valueImports(text), ["deno-slack-sdk/mod.ts", "./a.ts", "../c.ts"]);
});

Deno.test("bundle imports: no function's code loads the SDK's mod.ts", async () => {
  const all = await handlers();
  assert.equal(all.length, 8, "the eight functions");
  for (const handler of all) {
    const reached = await reachedSpecifiers(handler);
    // The walk reaches a Web API client and zod through the project's own files.
    assert.ok(
      reached.has("deno-slack-sdk/functions/slack-function.ts") ||
        reached.has("deno-slack-api/base-client.ts"),
      handler,
    );
    assert.ok(reached.has("zod/mini"), `${handler} reaches zod/mini`);
    assert.equal(
      reached.get("deno-slack-sdk/mod.ts"),
      undefined,
      `${handler} reaches deno-slack-sdk/mod.ts; import the SDK part from its own file`,
    );
  }
});

Deno.test("bundle imports: a function without interactivity loads neither SlackFunction nor the proxy client", async () => {
  const plain: string[] = [];
  for (const handler of await handlers()) {
    const dir = handler.slice(0, -"handler.ts".length);
    const interactive = await Deno.stat(new URL(`${dir}interactions.ts`, ROOT)).then(
      () => true,
      () => false,
    );
    const reached = await reachedSpecifiers(handler);
    if (interactive) {
      // Its buttons and modals go through SlackFunction's routers.
      assert.ok(reached.has("deno-slack-sdk/functions/slack-function.ts"), handler);
      continue;
    }
    plain.push(handler);
    // SlackFunction's routers and the proxy client (whose module defines the trigger-context
    // constants at load) are ~49 KB of a bundle such a function never runs (adapters/main_handler.ts).
    for (const heavy of ["deno-slack-sdk/functions/slack-function.ts", "deno-slack-api/mod.ts"]) {
      assert.equal(reached.get(heavy), undefined, `${handler} reaches ${heavy}`);
    }
    assert.ok(reached.has("deno-slack-api/base-client.ts"), handler);
  }
  assert.deepEqual(plain, [
    "functions/drain_outbox/handler.ts",
    "functions/ingest_learning_events/handler.ts",
    "functions/ingest_webinar_events/handler.ts",
    "functions/relay_moderator_reply/handler.ts",
    "functions/run_maintenance/handler.ts",
  ]);
});

const STD_FS = "https://deno.land/std@0.67.0/fs/mod.ts";
const FS_STAND_IN = "./shims/deno_slack_api_std_fs.ts";
const STD_HTTP_ERRORS = "https://deno.land/std@0.182.0/http/http_errors.ts";
const HTTP_ERRORS_STAND_IN = "./shims/deno_slack_api_std_http_errors.ts";
/** The deno-slack-api sources, compiled, in the SDK's npm build (PLATFORM.md 1.4). */
const API_NPM_DIR = new URL(
  "node_modules/@slack/deno-slack-sdk/esm/deps/deno.land/x/deno_slack_api@2.8.0/",
  ROOT,
);

Deno.test("bundle imports: the deploy map gives the API client's std fs and http errors stand-ins, for the client's own version", async () => {
  const config = await readDenoConfig(new URL("deno.jsonc", ROOT));
  const api = config.imports["deno-slack-api/"];
  assert.equal(api, "https://deno.land/x/deno_slack_api@2.8.0/");
  // A scope keyed by another version would do nothing, and the bundles would grow back quietly.
  assert.deepEqual(config.scopes, {
    [api!]: { [STD_FS]: FS_STAND_IN, [STD_HTTP_ERRORS]: HTTP_ERRORS_STAND_IN },
  });
});

Deno.test("bundle imports: the API client imports std fs in deps.ts only, and never calls what it imports", async () => {
  const dir = API_NPM_DIR;
  const deps = await Deno.readTextFile(new URL("deps.js", dir));
  const fromFs = /export\s*\{([^}]*)\}\s*from\s*"[^"]*std@0\.67\.0\/fs\/mod\.js"/.exec(deps);
  assert.ok(fromFs, "deps.js re-exports from std@0.67.0/fs");
  const names = fromFs[1]!.split(",").map((s) => s.trim()).filter(Boolean).sort();
  const standIn = await import(new URL(FS_STAND_IN, ROOT).href);
  assert.deepEqual(Object.keys(standIn).sort(), names, "the stand-in exports what deps.js takes");

  const users: string[] = [];
  const walk = async (at: URL, rel: string): Promise<void> => {
    for await (const entry of Deno.readDir(at)) {
      if (entry.isDirectory) await walk(new URL(`${entry.name}/`, at), `${rel}${entry.name}/`);
      else if (entry.name.endsWith(".js") && `${rel}${entry.name}` !== "deps.js") {
        const body = await Deno.readTextFile(new URL(entry.name, at));
        if (names.some((n) => body.includes(n))) users.push(`${rel}${entry.name}`);
      }
    }
  };
  await walk(dir, "");
  assert.deepEqual(users, [], "files of the API client that use std fs");
});

Deno.test("bundle imports: the std fs stand-in fails loudly if anything calls it", async () => {
  const { emptyDir, ensureDir } = await import(new URL(FS_STAND_IN, ROOT).href);
  await assert.rejects(() => emptyDir("/tmp/x"), /emptyDir is not available in a function bundle/);
  await assert.rejects(
    () => ensureDir("/tmp/x"),
    /ensureDir is not available in a function bundle/,
  );
});

Deno.test("bundle imports: the API client takes std's http errors in deps.ts, and makes them with a message only in base-client", async () => {
  const deps = await Deno.readTextFile(new URL("deps.js", API_NPM_DIR));
  const fromHttp = /export\s*\{([^}]*)\}\s*from\s*"[^"]*std@0\.182\.0\/http\/http_errors\.js"/
    .exec(deps);
  assert.ok(fromHttp, "deps.js re-exports from std@0.182.0/http/http_errors");
  const names = fromHttp[1]!.split(",").map((s) => s.trim()).filter(Boolean).sort();
  const standIn = await import(new URL(HTTP_ERRORS_STAND_IN, ROOT).href);
  for (const n of names) assert.equal(typeof standIn[n], "function", `the stand-in exports ${n}`);
  // The stand-in's one difference from std (a missing message) must stay out of reach: every call
  // passes one.
  const client = await Deno.readTextFile(new URL("base-client.js", API_NPM_DIR));
  const calls = [...client.matchAll(/(?<![.\w])createHttpError\(([^,)]*),\s*([^,)]*)/g)];
  assert.equal(calls.length, 1, "base-client.js calls createHttpError once");
  assert.equal(calls[0]![1], "response.status");
  assert.match(calls[0]![2]!, /^`/, "with a message");
});

Deno.test("bundle imports: the std http errors stand-in behaves as std's for every status", async () => {
  const std = await import(
    new URL("../../std@0.182.0/http/http_errors.js", API_NPM_DIR).href
  );
  const standIn = await import(new URL(HTTP_ERRORS_STAND_IN, ROOT).href);
  const seen = (make: () => Error) => {
    try {
      const e = make() as Error & { status: number; expose: boolean; headers?: Headers };
      return {
        name: e.name,
        message: e.message,
        status: e.status,
        expose: e.expose,
        headers: e.headers ? [...e.headers.entries()] : null,
        httpError: e instanceof Error,
      };
    } catch (err) {
      return { throws: err instanceof TypeError };
    }
  };
  let errors = 0;
  for (let status = 100; status < 600; status++) {
    const headers = { "retry-after": "7" };
    for (
      const args of [
        [status, `${status}: {"ok":false}`, { headers }],
        [status, "no headers"],
        [status, "exposed", { expose: status >= 500 }],
      ] as const
    ) {
      const ours = seen(() => standIn.createHttpError(...args));
      assert.deepEqual(ours, seen(() => std.createHttpError(...args)), `status ${status}`);
      if (!("throws" in ours)) {
        assert.ok(
          standIn.createHttpError(...args) instanceof standIn.HttpError,
          `status ${status} is an HttpError`,
        );
      }
    }
    if (!("throws" in seen(() => std.createHttpError(status, "x")))) errors++;
  }
  assert.equal(errors, 39, "std makes an error for 39 statuses");
  // The base class on its own, as std's.
  assert.deepEqual(seen(() => new standIn.HttpError()), seen(() => new std.HttpError()));
});
