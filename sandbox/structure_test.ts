/**
 * How the sandbox is built, checked on its source: no import cycle in sandbox/; the fake's storage
 * (sandbox/fake_slack/storage/) is the only code that knows Deno KV keys; everything outside the
 * fake goes through its mod.ts. The imports are read with a regular expression rather than
 * `deno info`, so the test needs no subprocess permission; it covers every static, re-export and
 * dynamic import written with a relative path, which is the only kind the sandbox uses for its own
 * files.
 */
import assert from "node:assert/strict";

const ROOT = new URL("../", import.meta.url);
const STORAGE = "sandbox/fake_slack/storage/";
const FAKE = "sandbox/fake_slack/";
const SELF = "sandbox/structure_test.ts";

async function tsFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for await (const entry of Deno.readDir(new URL(dir, ROOT))) {
    const path = `${dir}${entry.name}`;
    if (entry.isDirectory) {
      if (entry.name === "node_modules" || entry.name.startsWith(".")) continue;
      out.push(...await tsFiles(`${path}/`));
    } else if (entry.isFile && entry.name.endsWith(".ts")) out.push(path);
  }
  return out;
}

const IMPORT =
  /\b(?:import|export)\s+(?:type\s+)?[^;"'`]*?\bfrom\s*"([^"]+)"|\bimport\s*\(\s*"([^"]+)"\s*\)|\bimport\s+"([^"]+)"/g;

/** The project files `file` imports (relative specifiers only), as paths from the root. */
function importsOf(file: string, text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(IMPORT)) {
    const spec = m[1] ?? m[2] ?? m[3]!;
    if (!spec.startsWith(".")) continue;
    out.push(new URL(spec, new URL(file, ROOT)).href.slice(ROOT.href.length));
  }
  return out;
}

/** One import cycle among `graph`'s nodes, as a path that ends where it starts, or null. */
function findCycle(graph: Map<string, string[]>): string[] | null {
  const state = new Map<string, "open" | "done">();
  const path: string[] = [];
  const visit = (node: string): string[] | null => {
    state.set(node, "open");
    path.push(node);
    for (const next of graph.get(node) ?? []) {
      if (!graph.has(next)) continue;
      if (state.get(next) === "open") return [...path.slice(path.indexOf(next)), next];
      if (!state.has(next)) {
        const found = visit(next);
        if (found) return found;
      }
    }
    path.pop();
    state.set(node, "done");
    return null;
  };
  for (const node of [...graph.keys()].sort()) {
    if (!state.has(node)) {
      const found = visit(node);
      if (found) return found;
    }
  }
  return null;
}

Deno.test("findCycle() finds a cycle through type-only and re-export edges, and none in a tree", () => {
  assert.deepEqual(
    findCycle(new Map([["a", ["b"]], ["b", ["c"]], ["c", ["a"]], ["d", ["a"]]])),
    ["a", "b", "c", "a"],
  );
  assert.equal(findCycle(new Map([["a", ["b", "c"]], ["b", ["c"]], ["c", []]])), null);
  const text =
    `import type { X } from "./x.ts";\nexport { Y } from "../y.ts";\nawait import("./z.ts");`;
  assert.deepEqual(importsOf("sandbox/a/b.ts", text), [
    "sandbox/a/x.ts",
    "sandbox/y.ts",
    "sandbox/a/z.ts",
  ]);
});

Deno.test("No import cycle in sandbox/, type-only imports included", async () => {
  const graph = new Map<string, string[]>();
  for (const file of await tsFiles("sandbox/")) {
    graph.set(file, importsOf(file, await Deno.readTextFile(new URL(file, ROOT))));
  }
  assert.ok(graph.size > 50, `read ${graph.size} files`);
  const cycle = findCycle(graph);
  assert.equal(cycle, null, `import cycle: ${cycle?.join(" → ")}`);
});

/** A Deno KV key written out: `.get(["user", id])`, `.list<T>([\n "ds", …])`, `Deno.openKv`. */
const RAW_KV =
  /\.(?:get|set|delete|list|listEntries|atomic|check)\s*(?:<[^()]*>)?\(\s*\[\s*["'`]|Deno\.openKv|\bDeno\.Kv\b/;

Deno.test("No raw KV key outside the fake's storage module, and the fake reached only through its mod.ts", async () => {
  const files = [
    ...await tsFiles("sandbox/"),
    ...await tsFiles("testing/"),
    ...await tsFiles("tests/"),
    ...await tsFiles("adapters/"),
    ...await tsFiles("functions/"),
    ...await tsFiles("domain/"),
    ...await tsFiles("e2e/"),
    ...await tsFiles("bench/"),
    ...await tsFiles("tools/"),
  ];
  assert.ok(files.length > 200, `read ${files.length} files`);
  const rawKeys: string[] = [];
  const pastTheDoor: string[] = [];
  for (const file of files) {
    if (file === SELF) continue;
    const text = await Deno.readTextFile(new URL(file, ROOT));
    if (!file.startsWith(STORAGE)) {
      text.split("\n").forEach((line, i) => {
        if (RAW_KV.test(line)) rawKeys.push(`${file}:${i + 1}: ${line.trim()}`);
      });
      // A key may start on the next line: `.get<T>([` then `"ds",`.
      for (
        const m of text.matchAll(
          /\.(?:get|set|delete|list|listEntries)\s*(?:<[^()]*>)?\(\s*\[\s*\n\s*["'`]/g,
        )
      ) {
        rawKeys.push(`${file}:${text.slice(0, m.index).split("\n").length}: ${m[0].trim()}`);
      }
    }
    for (const target of importsOf(file, text)) {
      const intoStorage = target.startsWith(STORAGE) && !file.startsWith(STORAGE) &&
        !(file.startsWith(FAKE) && target === `${STORAGE}mod.ts`);
      const intoFake = target.startsWith(FAKE) && !file.startsWith(FAKE) &&
        target !== `${FAKE}mod.ts`;
      if (intoStorage || intoFake) pastTheDoor.push(`${file} imports ${target}`);
    }
  }
  assert.deepEqual(rawKeys, [], "KV keys belong in sandbox/fake_slack/storage/records.ts");
  assert.deepEqual(pastTheDoor, [], "outside the fake, import sandbox/fake_slack/mod.ts");
});

Deno.test("The scan catches a raw KV key, on one line or two", () => {
  assert.ok(RAW_KV.test(`await fake.store.get<User>(["user", id]);`));
  assert.ok(RAW_KV.test(`await store.set(['sandbox', "env"], env);`));
  assert.ok(RAW_KV.test(`const kv = await Deno.openKv(path);`));
  assert.ok(!RAW_KV.test(`await fake.workspace.records.user(id);`));
  assert.ok(!RAW_KV.test(`const m = new Map<string, string[]>(); m.get(key);`));
});
