/** How the deploy check runs Slack's hooks: resolution, command lines and responses, as the CLI. */
import assert from "node:assert/strict";
import {
  hookCommandLine,
  hookResponse,
  newBoundary,
  parseHooksFile,
  resolveHooks,
  shellQuote,
} from "./slack_hooks.ts";

const GET_HOOKS = {
  runtime: "deno",
  hooks: {
    "get-manifest": "deno run -q --config=deno.jsonc get_manifest.ts",
    "build": "deno run -q --config=deno.jsonc build.ts",
  },
  config: { "protocol-version": ["message-boundaries"] },
};

Deno.test("parseHooksFile() reads the project's hooks.json and names what is wrong with a bad one", async () => {
  const own = parseHooksFile(
    await Deno.readTextFile(new URL("../.slack/hooks.json", import.meta.url)),
  );
  assert.match(own["get-hooks"]!, /deno_slack_hooks@1\.5\.0\/mod\.ts$/);
  assert.throws(() => parseHooksFile("{"), /^SyntaxError: Cannot read \.slack\/hooks\.json: /);
  assert.throws(
    () => parseHooksFile('{"hooks": []}'),
    /Cannot read \.slack\/hooks\.json: it needs \{ "hooks": \{ "get-hooks": "<command>" \} \}/,
  );
  assert.throws(() => parseHooksFile('{"hooks": {}}'), /it has no "get-hooks" command/);
});

Deno.test("resolveHooks(): get-hooks' commands, overridden by the project's own, and the protocol", () => {
  const plain = resolveHooks(GET_HOOKS, { "get-hooks": "x" });
  assert.deepEqual(plain.commands, GET_HOOKS.hooks);
  assert.equal(plain.boundaries, true);
  const overridden = resolveHooks(GET_HOOKS, { "get-hooks": "x", "build": "./my_build.sh" });
  assert.equal(overridden.commands.build, "./my_build.sh");
  assert.equal(overridden.commands["get-hooks"], undefined);
  assert.equal(resolveHooks({ hooks: {} }, {}).boundaries, false);
  assert.throws(() => resolveHooks({ runtime: "deno" }, {}), /Cannot read the get-hooks answer/);
});

Deno.test("hookCommandLine() appends the protocol flags, then the hook's own", () => {
  assert.equal(
    hookCommandLine("deno run build.ts", {
      boundary: "B",
      args: ["--source", shellQuote("/a b"), "--output", shellQuote("/it's")],
    }),
    "deno run build.ts --protocol=message-boundaries --boundary=B --source '/a b' --output '/it'\\''s'",
  );
  assert.equal(hookCommandLine("deno run x.ts", {}), "deno run x.ts");
});

Deno.test("hookResponse() takes what lies between the boundaries and ignores the logs around it", () => {
  const b = newBoundary();
  assert.notEqual(b, newBoundary());
  assert.equal(hookResponse(`a log line\n${b}{"ok":true}${b}\nmore log\n`, b), '{"ok":true}');
  assert.equal(hookResponse('  {"ok":true}\n', undefined), '{"ok":true}');
  assert.throws(() => hookResponse("no boundary here", b), /not between message boundaries/);
  assert.throws(() => hookResponse(`${b}half`, b), /not between message boundaries/);
});
