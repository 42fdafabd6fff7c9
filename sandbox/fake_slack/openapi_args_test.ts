/**
 * Checks the fake against Slack's own OpenAPI description (2020 snapshot): every argument it declares
 * and every error code it can answer must be Slack's, or listed below as a known later addition.
 */
import assert from "node:assert/strict";
import { ALL_METHODS } from "./methods/mod.ts";

const OPENAPI_URL = new URL(
  "../../testing/slack-reference/slack_web_openapi_v2.json",
  import.meta.url,
);
/** Slack's file, kept unchanged in the repository (testing/slack-reference/README.md). */
async function loadOpenApi(): Promise<Record<string, unknown>> {
  return JSON.parse(await Deno.readTextFile(OPENAPI_URL));
}

type Operation = {
  parameters?: Array<{ name: string }>;
  responses?: { default?: { schema?: { properties?: { error?: { enum?: string[] } } } } };
};

function operation(spec: Record<string, unknown>, method: string): Operation | undefined {
  const paths = spec.paths as Record<string, Record<string, Operation>>;
  const item = paths[`/${method}`];
  return item ? Object.values(item)[0] : undefined;
}

/**
 * Arguments Slack added after the 2020 snapshot. Each is on the method's current page on
 * docs.slack.dev (mirrored in slack-ruby/slack-api-ref `methods/<group>/<method>.json`).
 */
const KNOWN_ARG_ADDITIONS: Record<string, Record<string, string>> = {
  "chat.postMessage": { metadata: "message metadata (event_type, event_payload), 2022" },
  "chat.update": { metadata: "message metadata can be replaced on update, 2022" },
  "conversations.create": { team_id: "org-wide apps name the workspace to create in" },
  "conversations.list": { team_id: "org-wide apps name the workspace to list" },
  "users.list": { team_id: "org-wide apps name the workspace to list" },
  "conversations.invite": { force: "invite the valid users even when some fail, 2022" },
  "conversations.open": { prevent_creation: "only return an existing DM, never create one" },
  "conversations.history": { include_all_metadata: "return message metadata, 2022" },
  "conversations.replies": { include_all_metadata: "return message metadata, 2022" },
  "views.open": { interactivity_pointer: "Run-on-Slack name for trigger_id" },
  "views.push": { interactivity_pointer: "Run-on-Slack name for trigger_id" },
};

/**
 * Codes the fake's shared HTTP pipeline may answer for any method. Most are in the common "Errors"
 * table every docs.slack.dev method page ends with; invalid_arguments, invalid_json,
 * json_not_object and internal_error are Slack's generic answers, listed on many methods' pages.
 */
const GENERIC_ERRORS: Record<string, string> = {
  not_authed: "no token",
  invalid_auth: "unknown token",
  token_revoked: "token revoked (function tokens after completion)",
  token_expired: "token expired (function tokens after 15 minutes)",
  missing_scope: "the token lacks a scope; carries needed and provided",
  not_allowed_token_type: "the token type may not call this method",
  invalid_arguments: "schema validation of arguments; details in response_metadata.messages",
  invalid_form_data: "the form body could not be read",
  invalid_json: "the JSON body could not be parsed",
  json_not_object: "the JSON body is not an object",
  ratelimited: "HTTP 429 with Retry-After",
  fatal_error: "Slack's own failure (fault injection default)",
  internal_error: "Slack's transient failure (the fake's answer when a handler crashes)",
  service_unavailable: "Slack's transient failure",
};

/**
 * Method codes missing from the 2020 enum. "docs" ones are on the method's current docs.slack.dev
 * page; "fake" ones are the fake's choice where Slack documents nothing (README: departures).
 */
const KNOWN_ERROR_ADDITIONS: Record<string, Record<string, string>> = {
  "chat.postMessage": {
    invalid_blocks: "docs: blocks fail validation",
    invalid_blocks_format: "docs: blocks is not an array",
    invalid_metadata_format: "docs: metadata is not {event_type, event_payload}",
    invalid_metadata_schema: "docs: event_type does not match the schema",
    cannot_reply_to_message: "docs: thread_ts names a message that cannot have replies",
    invalid_thread_ts: "fake: thread_ts is not a Slack timestamp (undocumented)",
    thread_not_found: "fake: thread_ts names no message (undocumented)",
  },
  "chat.update": {
    invalid_blocks: "docs",
    invalid_blocks_format: "docs",
    invalid_metadata_format: "docs",
    invalid_metadata_schema: "docs",
  },
  "chat.scheduleMessage": {
    invalid_blocks: "docs",
    invalid_blocks_format: "docs",
    invalid_metadata_format: "docs (shared draft checks; metadata is not accepted here)",
    invalid_metadata_schema: "docs (shared draft checks; metadata is not accepted here)",
    restricted_too_many: "docs: more than 30 messages in one channel's 5-minute window",
  },
  "chat.scheduledMessages.list": {
    invalid_cursor: "docs",
    invalid_limit: "fake: limit below 1 (undocumented for this method)",
  },
  "conversations.list": {
    invalid_types: "docs",
    invalid_cursor: "docs",
    invalid_limit: "docs",
  },
  "conversations.history": {
    not_in_channel: "docs: the caller is not a member",
    invalid_cursor: "docs",
    invalid_limit: "fake: limit below 1 (undocumented for this method)",
  },
  "conversations.replies": {
    not_in_channel: "fake: same rule as conversations.history (undocumented for replies)",
    invalid_ts_latest: "docs",
    invalid_ts_oldest: "docs",
    invalid_cursor: "docs",
    invalid_limit: "fake: limit below 1 (undocumented for this method)",
  },
  "users.list": {
    invalid_limit: "fake: limit below 1 (Slack documents limit_required)",
  },
  "reactions.add": { channel_not_found: "docs", is_archived: "docs" },
  "reactions.remove": { channel_not_found: "docs" },
  "reactions.get": { channel_not_found: "docs" },
  // The 2020 file has no error schema for views.*; these are on the current docs pages.
  "views.open": {
    invalid_trigger_id: "docs",
    exchanged_trigger_id: "docs",
    expired_trigger_id: "docs",
    view_too_large: "docs",
  },
  "views.push": {
    invalid_trigger_id: "docs",
    exchanged_trigger_id: "docs",
    expired_trigger_id: "docs",
    view_too_large: "docs",
    push_limit_reached: "docs: at most 3 views stacked",
    not_found: "docs: no view is open to push onto",
  },
  "views.update": {
    not_found: "docs",
    hash_conflict: "docs",
    view_too_large: "docs",
  },
};

// ---------- a small static reader of the fake's sources ----------

type Block = { file: string; name: string; text: string };
const SOURCE_DIR = new URL("./", import.meta.url);
const ERROR_LITERAL = /SlackApiError\(\s*"([a-z_]+)"/g;
const ERROR_OTHER = /SlackApiError\(\s*(?!")/g;

/** Top-level functions (`function x(` … `}` at column 0) and method entries (`  "a.b": {` … `  },`). */
function blocksOf(file: string, src: string): Block[] {
  const lines = src.split("\n");
  const out: Block[] = [];
  for (let i = 0; i < lines.length; i++) {
    const fn = /^(?:export )?(?:async )?function (\w+)/.exec(lines[i]!);
    const method = /^ {2}"([\w.]+)": \{$/.exec(lines[i]!);
    const classMethod = /^ {2}(?:static )?(?:async )?(#?\w+)(?:<[^>]*>)?\(/.exec(lines[i]!);
    const name = fn?.[1] ?? method?.[1] ?? classMethod?.[1];
    if (!name) continue;
    const end = fn ? "}" : method ? "  }," : "  }";
    let j = i;
    while (j < lines.length && lines[j] !== end) j++;
    out.push({ file, name, text: lines.slice(i, j + 1).join("\n") });
    if (fn || method) i = j;
  }
  return out;
}

/**
 * Codes thrown through a variable; each listed code must appear as a literal in that block, so the
 * table cannot claim codes the code does not hold.
 */
const INDIRECT_CODES: Record<string, string[]> = {
  "conversations.ts:timeWindow": ["invalid_ts_oldest", "invalid_ts_latest"],
  "conversations.ts:conversations.invite": [
    "cant_invite_self",
    "user_not_found",
    "already_in_channel",
  ],
};

async function readSources(): Promise<Map<string, Block[]>> {
  const files = new Map<string, Block[]>();
  for (const name of ["errors.ts", "methods/common.ts"]) {
    files.set(name, blocksOf(name, await Deno.readTextFile(new URL(name, SOURCE_DIR))));
  }
  for await (const entry of Deno.readDir(new URL("methods/", SOURCE_DIR))) {
    if (!entry.name.endsWith(".ts") || entry.name.endsWith("_test.ts")) continue;
    const name = `methods/${entry.name}`;
    files.set(name, blocksOf(entry.name, await Deno.readTextFile(new URL(name, SOURCE_DIR))));
  }
  return files;
}

function literalCodes(text: string): string[] {
  return [...text.matchAll(ERROR_LITERAL)].map((m) => m[1]!);
}

/** Codes a method can answer: its own block plus every helper it calls, transitively. */
function codesOf(method: string, files: Map<string, Block[]>): Set<string> {
  const all = [...files.values()].flat();
  const root = all.find((b) => b.name === method);
  assert.ok(root, `no source block found for ${method}`);
  const helpers = new Map<string, Block[]>();
  for (const b of all) {
    if (b.name.includes(".")) continue;
    helpers.set(b.name, [...(helpers.get(b.name) ?? []), b]);
  }
  const seen = new Set<Block>();
  const codes = new Set<string>();
  const visit = (b: Block) => {
    if (seen.has(b)) return;
    seen.add(b);
    for (const c of literalCodes(b.text)) codes.add(c);
    for (const c of INDIRECT_CODES[`${b.file}:${b.name}`] ?? []) codes.add(c);
    for (const m of b.text.matchAll(/\b([A-Za-z_]\w*)\s*\(/g)) {
      // A helper of the same file wins over a same-named one elsewhere.
      const candidates = helpers.get(m[1]!) ?? [];
      const local = candidates.filter((c) => c.file === b.file);
      for (const h of local.length > 0 ? local : candidates) visit(h);
    }
  };
  visit(root);
  return codes;
}

/** Codes the HTTP pipeline in fake.ts answers for every method. */
async function pipelineCodes(): Promise<Set<string>> {
  const src = await Deno.readTextFile(new URL("fake.ts", SOURCE_DIR));
  const codes = new Set<string>();
  for (const b of blocksOf("fake.ts", src)) {
    if (!["#api", "#readArgs", "#faultAnswer", "parseArgs", "start"].includes(b.name)) continue;
    for (const c of literalCodes(b.text)) codes.add(c);
    for (const m of b.text.matchAll(/error: "([a-z_]+)"/g)) codes.add(m[1]!);
  }
  return codes;
}

Deno.test("every argument the fake declares is in Slack's OpenAPI file or a known addition", async () => {
  const spec = await loadOpenApi();
  let checked = 0;
  const problems: string[] = [];
  for (const [method, def] of Object.entries(ALL_METHODS)) {
    const op = operation(spec, method);
    if (!op) continue;
    checked++;
    const declared = new Set((op.parameters ?? []).map((p) => p.name));
    const additions = KNOWN_ARG_ADDITIONS[method] ?? {};
    for (const arg of Object.keys(def.args)) {
      if (!declared.has(arg) && !(arg in additions)) problems.push(`${method}: ${arg}`);
    }
    for (const arg of Object.keys(additions)) {
      assert.ok(
        !declared.has(arg),
        `${method}: ${arg} is in the OpenAPI file; drop it from KNOWN_ARG_ADDITIONS`,
      );
      assert.ok(arg in def.args, `${method}: known addition ${arg} is not declared by the fake`);
    }
  }
  assert.deepEqual(problems, [], "arguments Slack does not declare");
  assert.ok(checked >= 20, `only ${checked} methods found in the OpenAPI file`);
});

Deno.test("every error code the fake answers is in Slack's OpenAPI enum or a documented list", async () => {
  const spec = await loadOpenApi();
  const files = await readSources();
  const pipeline = await pipelineCodes();
  // The reader must find the pipeline's codes, or the check below proves nothing.
  for (const c of ["not_authed", "invalid_auth", "invalid_json", "missing_scope", "ratelimited"]) {
    assert.ok(pipeline.has(c), `pipeline reader missed ${c}`);
  }
  for (const c of pipeline) {
    if (c === "unknown_method") continue; // only for methods the fake does not know
    assert.ok(c in GENERIC_ERRORS, `fake.ts answers ${c}, which is not in GENERIC_ERRORS`);
  }
  const problems: string[] = [];
  let checked = 0;
  for (const method of Object.keys(ALL_METHODS)) {
    const op = operation(spec, method);
    if (!op) continue;
    checked++;
    const enumCodes = new Set(op.responses?.default?.schema?.properties?.error?.enum ?? []);
    const additions = KNOWN_ERROR_ADDITIONS[method] ?? {};
    const codes = codesOf(method, files);
    for (const code of codes) {
      if (!enumCodes.has(code) && !(code in additions) && !(code in GENERIC_ERRORS)) {
        problems.push(`${method}: ${code}`);
      }
    }
    for (const code of Object.keys(additions)) {
      assert.ok(!enumCodes.has(code), `${method}: ${code} is in the OpenAPI enum; drop it`);
      assert.ok(codes.has(code), `${method}: listed addition ${code} is never answered`);
    }
  }
  assert.deepEqual(problems, [], "error codes Slack does not document for the method");
  assert.ok(checked >= 20);
  // Spot checks that the reader follows helpers across files.
  const post = codesOf("chat.postMessage", files);
  for (const c of ["channel_not_found", "not_in_channel", "is_archived", "invalid_blocks"]) {
    assert.ok(post.has(c), `reader missed ${c} for chat.postMessage`);
  }
  assert.ok(codesOf("conversations.history", files).has("invalid_ts_latest"));
});

Deno.test("the source reader sees every SlackApiError in the method files", async () => {
  const files = await readSources();
  for (const [name, blocks] of files) {
    const src = await Deno.readTextFile(new URL(name, SOURCE_DIR));
    const total = [...src.matchAll(/SlackApiError\(/g)].length;
    const inBlocks = blocks.reduce(
      (n, b) => n + [...b.text.matchAll(/SlackApiError\(/g)].length,
      0,
    );
    assert.equal(inBlocks, total, `${name}: a SlackApiError sits outside any function or method`);
    for (const b of blocks) {
      const indirect = [...b.text.matchAll(ERROR_OTHER)].length;
      const key = `${b.file}:${b.name}`;
      if (indirect === 0) continue;
      assert.ok(key in INDIRECT_CODES, `${key} throws a computed code; list it in INDIRECT_CODES`);
      for (const code of INDIRECT_CODES[key]!) {
        assert.ok(b.text.includes(`"${code}"`), `${key} holds no literal "${code}"`);
      }
    }
  }
});
