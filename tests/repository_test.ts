/**
 * Rules for the repository as a whole: a clone stands alone (nothing but .ci/run looks beside it),
 * zod/mini is imported as a namespace, and the top-level slack.json mirrors .slack/hooks.json.
 */
import assert from "node:assert/strict";

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
