/**
 * docs/schemas/ is what `deno task schemas` generates from the zod source, and says what the app
 * says: docs/events.md's examples, the test fixtures and a real reply request validate against it
 * with an independent validator (ajv), and it refuses what the app refuses.
 */
import assert from "node:assert/strict";
import Ajv from "ajv";
import addFormats from "ajv-formats";
import {
  MAX_EVENTS_PER_REQUEST,
  parseWebinarEvent,
  WEBINAR_EVENT_TYPES,
} from "../domain/webinar/event.ts";
import { parseLearningEvent } from "../domain/learning/event.ts";
import { readBatch } from "../domain/batch.ts";
import { Budget } from "../adapters/context.ts";
import { createLogger } from "../adapters/log.ts";
import { sendReply } from "../adapters/upstream/webinar_api.ts";
import { attendee, chat, joined, registered, WEBINAR } from "../testing/webinar_fixtures.ts";
import { assignment, pathStep } from "../testing/learning_fixtures.ts";
import { contractSchemas, SCHEMA_DIR, schemaText } from "./contract_schemas.ts";

type Validate = ((data: unknown) => boolean) & { errors?: unknown };

async function committed(name: string): Promise<string> {
  return await Deno.readTextFile(new URL(`${name}.json`, SCHEMA_DIR));
}

async function validator(name: string): Promise<Validate> {
  // deno-lint-ignore no-explicit-any -- ajv's CommonJS default export has no usable type under Deno
  const ajv = new (Ajv as any)({ allErrors: true, strict: true });
  // deno-lint-ignore no-explicit-any
  (addFormats as any)(ajv);
  return ajv.compile(JSON.parse(await committed(name)));
}

/** Asserts `data` is valid, naming the example and ajv's errors when it is not. */
function assertValid(validate: Validate, data: unknown, label: string): void {
  assert.ok(validate(data), `${label}\n${JSON.stringify(validate.errors)}`);
}

Deno.test("docs/schemas/ holds exactly what `deno task schemas` generates from the zod schemas", async () => {
  const generated = contractSchemas();
  const names = Object.keys(generated).sort();
  assert.deepEqual(names, [
    "learning_webhook_request",
    "reply_api_request",
    "reply_api_response",
    "webinar_webhook_request",
  ]);
  const files: string[] = [];
  for await (const e of Deno.readDir(SCHEMA_DIR)) files.push(e.name);
  assert.deepEqual(files.sort(), names.map((n) => `${n}.json`), "no stale schema files");
  for (const name of names) {
    assert.equal(
      await committed(name),
      schemaText(generated[name]!),
      `docs/schemas/${name}.json is out of date: run \`deno task schemas\``,
    );
  }
});

Deno.test("the generated schemas carry the zod source's own limits and patterns", () => {
  const webinar = contractSchemas().webinar_webhook_request as {
    properties: {
      events: { maxItems: number; minItems: number; items: { oneOf: unknown[] } };
    };
  };
  assert.equal(webinar.properties.events.maxItems, MAX_EVENTS_PER_REQUEST);
  assert.equal(webinar.properties.events.minItems, 1);
  assert.equal(webinar.properties.events.items.oneOf.length, WEBINAR_EVENT_TYPES.length);
  const text = JSON.stringify(webinar);
  for (const type of WEBINAR_EVENT_TYPES) assert.ok(text.includes(`"const":"${type}"`), type);
});

/** The ```json and ```http blocks of docs/events.md, with the "## " section each sits in. */
async function docExamples(): Promise<Array<{ section: string; lang: string; text: string }>> {
  const md = await Deno.readTextFile(new URL("../docs/events.md", import.meta.url));
  const out: Array<{ section: string; lang: string; text: string }> = [];
  let section = "";
  let block: { lang: string; lines: string[] } | null = null;
  for (const line of md.split("\n")) {
    if (block) {
      if (line.startsWith("```")) {
        out.push({ section, lang: block.lang, text: block.lines.join("\n") });
        block = null;
      } else block.lines.push(line);
    } else if (line.startsWith("## ")) section = line.slice(3);
    else if (line.startsWith("```")) block = { lang: line.slice(3).trim(), lines: [] };
  }
  return out;
}

Deno.test("every example in docs/events.md validates against its schema", async () => {
  const examples = await docExamples();
  const webinar = await validator("webinar_webhook_request");
  const learning = await validator("learning_webhook_request");
  const request = await validator("reply_api_request");
  const counted = { webinar: 0, learning: 0, request: 0 };
  for (const ex of examples) {
    if (ex.lang === "json" && ex.section === "Webinar events") {
      assertValid(webinar, { secret: "s", events: [JSON.parse(ex.text)] }, ex.text);
      counted.webinar++;
    } else if (ex.lang === "json" && ex.section === "Learning events") {
      assertValid(learning, { secret: "s", events: [JSON.parse(ex.text)] }, ex.text);
      counted.learning++;
    } else if (ex.lang === "http" && ex.section.startsWith("Reply delivery API")) {
      const body = ex.text.slice(ex.text.indexOf("\n\n") + 2);
      assertValid(request, JSON.parse(body), body);
      counted.request++;
    }
  }
  assert.deepEqual(counted, { webinar: 5, learning: 3, request: 1 });
});

Deno.test("the webhook schemas accept and refuse what the app accepts and refuses", async () => {
  const webinar = await validator("webinar_webhook_request");
  const learning = await validator("learning_webhook_request");
  const a = attendee(1);
  const webinarCases: Array<[string, Record<string, unknown>]> = [
    ["registered", registered(a)],
    ["joined", joined(a)],
    ["chat", chat(a, "Hello")],
    ["bad email", registered({ ...a, email: "not-an-email" })],
    ["id with a space", { ...registered(a), id: "evt 1" }],
    ["unknown attribution", registered(a, { webinar: { ...WEBINAR, reply_attribution: "x" } })],
    ["no session", { ...registered(a), session: undefined }],
    ["bad time", { ...registered(a), occurred_at: "yesterday" }],
  ];
  for (const [label, event] of webinarCases) {
    const app = parseWebinarEvent(JSON.parse(JSON.stringify(event))).kind === "valid";
    assert.equal(webinar({ secret: "s", events: [event] }), app, label);
  }
  // Rules zod does not put into JSON Schema: the app refuses, the schema's description says so.
  const appOnly: Array<[string, Record<string, unknown>, RegExp]> = [
    ["ftp chat url", registered({ ...a, chat_url: "ftp://webinar.example/chat" }), /http or https/],
    [
      "url with credentials",
      registered({ ...a, chat_url: "https://u:p@webinar.example/" }),
      /no user name or password/,
    ],
    [
      "email of the right shape, badly formed",
      registered({ ...a, email: "a..b@example.org" }),
      /well formed/,
    ],
  ];
  const description = String(contractSchemas().webinar_webhook_request!.description);
  for (const [label, event, said] of appOnly) {
    assert.equal(parseWebinarEvent(event).kind, "invalid", label);
    assert.ok(webinar({ secret: "s", events: [event] }), label);
    assert.match(description, said, label);
  }
  const learningCases: Array<[string, Record<string, unknown>]> = [
    ["assignment", assignment("lea@example.com")],
    ["path step", pathStep("lea@example.com", Date.UTC(2030, 0, 1))],
    ["bad email", assignment("lea")],
    ["no session url", assignment("lea@example.com", { session: { title: "t" } })],
  ];
  for (const [label, event] of learningCases) {
    const app = parseLearningEvent(JSON.parse(JSON.stringify(event))).kind === "valid";
    assert.equal(learning({ secret: "s", events: [event] }), app, label);
  }
  // The envelope: readBatch() and the schema agree on the number of events and the secret.
  const one = registered(a);
  for (const count of [0, 1, 100, 101]) {
    const events = Array.from({ length: count }, () => one);
    const app = readBatch({ secret: "s", events }, "s", 100, () => null).ok;
    assert.equal(webinar({ secret: "s", events }), app, `${count} events`);
  }
  assert.equal(webinar({ events: [one] }), false, "the secret is required");
  assert.equal(readBatch({ events: [one] }, "s", 100, () => null).ok, false);
});

Deno.test("a reply request the app really sends, and the answers it reads, match the reply API schemas", async () => {
  const request = await validator("reply_api_request");
  const response = await validator("reply_api_response");
  let received: unknown = null;
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, async (req) => {
    received = await req.json();
    return Response.json({ delivery: "chat" });
  });
  try {
    const result = await sendReply({
      config: {
        webinarEventSecret: "s",
        learningEventSecret: "s",
        webinarApiUrl: `http://127.0.0.1:${server.addr.port}`,
        webinarApiToken: "token",
        webinarApiSigningSecret: "signing",
        logLevel: "info",
      },
      budget: new Budget(60_000),
      sleep: () => Promise.resolve(),
      log: createLogger("contract_schemas_test"),
    }, {
      replyId: "C1-1700000000.000100",
      webinarId: "web_1",
      attendeeId: "att_1",
      text: "Yes: we email the slides tomorrow.",
      sender: { name: "Mo Moderator", email: "mo@example.com" },
      sentAt: 1_700_000_000_000,
    });
    assert.deepEqual(result, { outcome: "chat" });
  } finally {
    await server.shutdown();
  }
  assertValid(request, received, "the request sent");
  assert.equal(request({ ...(received as object), sent_at: "now" }), false);
  assert.ok(response({ delivery: "email" }));
  assert.equal(response({ delivery: "sms" }), false);
  assert.equal(response({}), false);
});
