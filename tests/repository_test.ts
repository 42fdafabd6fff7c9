/**
 * Rules for the repository as a whole: a clone stands alone (nothing but .ci/run looks beside it),
 * zod/mini is imported as a namespace, and the top-level slack.json mirrors .slack/hooks.json.
 */
import assert from "node:assert/strict";
import { readDenoConfig } from "../testing/deno_config.ts";

const ROOT = new URL("../", import.meta.url);
/** Built, not written out, so this file does not match its own search. */
const SHARED = ".." + "/shared";
/** The one file allowed to look for the workplace's deno.land mirror, and only when it is there. */
const MAY_REFERENCE_SHARED = new Set([".ci/run"]);
const BINARY = /\.(png|jpe?g|gif|ico|woff2?|wasm|lock)$/;

/** The .gitignore entries, which are plain names and folders (no globs): a clone has none of them. */
async function ignored(): Promise<string[]> {
  const text = await Deno.readTextFile(new URL(".gitignore", ROOT));
  return text.split("\n").map((l) => l.trim().replace(/^\/|\/$/g, "")).filter((l) =>
    l && !l.startsWith("#")
  );
}

/** Every file a clone has, as a path from the project root (git is not run: tests read only). */
async function repositoryFiles(): Promise<string[]> {
  const skip = new Set([".git", ...await ignored()]);
  const out: string[] = [];
  async function walk(dir: string): Promise<void> {
    for await (const entry of Deno.readDir(new URL(dir || ".", ROOT))) {
      const path = dir ? `${dir}/${entry.name}` : entry.name;
      if (skip.has(path) || skip.has(entry.name)) continue;
      if (entry.isDirectory) await walk(path);
      else if (entry.isFile) out.push(path);
    }
  }
  await walk("");
  return out;
}

/** Files whose text contains `needle`, binaries aside. */
async function filesContaining(needle: string): Promise<string[]> {
  const hits: string[] = [];
  for (const path of await repositoryFiles()) {
    if (BINARY.test(path)) continue;
    if ((await Deno.readTextFile(new URL(path, ROOT))).includes(needle)) hits.push(path);
  }
  return hits.sort();
}

Deno.test("repository: nothing but .ci/run references the workplace's shared folder beside the clone", async () => {
  const files = await repositoryFiles();
  assert.ok(files.includes("manifest_test.ts") && files.includes(".ci/run"), "the walk sees files");
  const offenders = (await filesContaining(SHARED)).filter((p) => !MAY_REFERENCE_SHARED.has(p));
  assert.deepEqual(offenders, [], `these files reach outside the clone: ${offenders.join(", ")}`);
});

Deno.test("repository: the search for the shared folder finds a reference when there is one", async () => {
  // The check above passes on an empty result; show the same search does find a real reference.
  const ci = await filesContaining(SHARED);
  assert.ok(ci.includes(".ci/run"), ".ci/run looks for the mirror, and the search sees it");
});

/** The named import of `z` from zod or zod/mini: it keeps all of zod in every bundle. */
const NAMED_ZOD =
  /import\s*(?:type\s*)?\{[^}]*\bz\b[^}]*\}\s*from\s*["'](?:npm:)?zod(?:@[^/"']+)?(?:\/mini)?["']/;

/** An import line, assembled so that this file's own text holds no real named zod import. */
const line = (clause: string, from: string) => `import ${clause} from ${from};`;

Deno.test("repository: the zod import check recognises the named form and accepts the namespace form", () => {
  assert.match(line("{ z }", '"zod/mini"'), NAMED_ZOD);
  assert.match(line("{z, type ZodType}", "'zod'"), NAMED_ZOD);
  assert.match(line("{ z }", '"npm:zod@4.6.7/mini"'), NAMED_ZOD);
  assert.doesNotMatch(line("* as z", '"zod/mini"'), NAMED_ZOD);
  assert.doesNotMatch(line("{ zip }", '"./zip.ts"'), NAMED_ZOD);
});

Deno.test("repository: no file imports zod/mini in the named form, only as a namespace", async () => {
  const offenders: string[] = [];
  for (const path of await repositoryFiles()) {
    if (!/\.(ts|tsx|js|mjs)$/.test(path)) continue;
    const text = await Deno.readTextFile(new URL(path, ROOT));
    if (NAMED_ZOD.test(text)) offenders.push(path);
  }
  assert.deepEqual(offenders, [], 'use `import * as z from "zod/mini"`');
});

Deno.test("repository: slack.json (for CLIs that still read it) is identical to .slack/hooks.json", async () => {
  const hooks = await Deno.readTextFile(new URL(".slack/hooks.json", ROOT));
  const legacy = await Deno.readTextFile(new URL("slack.json", ROOT));
  assert.equal(legacy, hooks, "copy .slack/hooks.json to slack.json");
  const getHooks = (JSON.parse(hooks) as { hooks: Record<string, string> }).hooks["get-hooks"];
  assert.match(getHooks ?? "", /deno_slack_hooks@1\.5\.0\/mod\.ts$/);
});

Deno.test("repository: .slack/.gitignore keeps the CLI's local app ids and cache out of git", async () => {
  const lines = (await Deno.readTextFile(new URL(".slack/.gitignore", ROOT))).split("\n");
  for (const entry of ["apps.dev.json", "cache/"]) assert.ok(lines.includes(entry), entry);
});

type Lock = {
  specifiers?: Record<string, string>;
  npm?: Record<string, { integrity: string }>;
  remote?: Record<string, string>;
  jsr?: Record<string, unknown>;
};

/** "npm:@slack/types@3.2.0/sub" → "npm:@slack/types@3.2.0", as a lockfile's specifiers name it. */
function npmPackage(target: string): string | null {
  // "npm:/pkg@1.0.0/" (a prefix mapping for a package's files) names the package as "npm:pkg@1.0.0".
  const name = /^npm:\/?((?:@[^/@]+\/)?[^/@]+@[^/]+)/.exec(target)?.[1];
  return name ? `npm:${name}` : null;
}

async function readJson<T>(name: string): Promise<T> {
  return JSON.parse(await Deno.readTextFile(new URL(name, ROOT))) as T;
}

Deno.test("lockfiles: the config writes none (hooks leave the tree alone) and every task names the one for its map", async () => {
  const config = await readDenoConfig(new URL("deno.jsonc", ROOT));
  assert.equal(config.lock, false);
  const expected: Record<string, string> = {
    "import_map.npm.json": "deno.lock",
    "import_map.sandbox.json": "deno.sandbox.lock",
  };
  let commands = 0;
  for (const [task, line] of Object.entries(config.tasks)) {
    for (const command of line.split("&&")) {
      const map = /--import-map=(\S+)/.exec(command)?.[1];
      if (!map) continue;
      commands++;
      assert.ok(map in expected, `task ${task} uses an unknown map ${map}`);
      assert.match(
        command,
        new RegExp(`--lock=${expected[map]!.replace(".", "\\.")}(\\s|$)`),
        task,
      );
    }
  }
  assert.ok(commands >= 6, "the tasks were read");
});

Deno.test("lockfiles: each holds exactly its map's npm packages, and the sandbox's pins what the tests pin", async () => {
  const full = await readJson<Lock>("deno.lock");
  const sandbox = await readJson<Lock>("deno.sandbox.lock");
  for (
    const [lockName, lock, mapName] of [
      ["deno.lock", full, "import_map.npm.json"],
      ["deno.sandbox.lock", sandbox, "import_map.sandbox.json"],
    ] as const
  ) {
    const map = await readJson<{ imports: Record<string, string> }>(mapName);
    const wanted = new Set(Object.values(map.imports).map(npmPackage).filter((p) => p !== null));
    assert.deepEqual(Object.keys(lock.specifiers ?? {}).sort(), [...wanted].sort(), lockName);
    // No deno.land or JSR entries: those come from Slack's hooks, which must not touch the lock.
    assert.equal(lock.remote, undefined, `${lockName} has no remote modules`);
    assert.equal(lock.jsr, undefined, `${lockName} has no JSR packages`);
  }
  for (const [pkg, entry] of Object.entries(sandbox.npm ?? {})) {
    assert.equal(full.npm?.[pkg]?.integrity, entry.integrity, `${pkg}: the two locks disagree`);
  }
  assert.ok(Object.keys(sandbox.npm ?? {}).length < Object.keys(full.npm ?? {}).length);
});
