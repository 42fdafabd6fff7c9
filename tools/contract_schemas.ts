/**
 * The contract as data: JSON Schema (draft-07) of each webhook request body and of the reply API,
 * generated with zod's own z.toJSONSchema from the schemas the app validates with.
 * `deno task schemas` writes them to docs/schemas/; contract_schemas_test.ts fails when they drift.
 */
import * as z from "zod/mini";
import {
  MAX_EVENTS_PER_REQUEST as MAX_WEBINAR_EVENTS,
  WebinarEventSchema,
} from "../domain/webinar/event.ts";
import {
  LearningEventSchema,
  MAX_EVENTS_PER_REQUEST as MAX_LEARNING_EVENTS,
} from "../domain/learning/event.ts";
import { ReplyApiAnswer, ReplyApiRequest } from "../adapters/upstream/webinar_api.ts";

export const SCHEMA_DIR = new URL("../docs/schemas/", import.meta.url);

/**
 * A webhook request body, `{ secret, events }`: the same rules readBatch() applies by hand
 * (domain/batch.ts: the secret first, compared in constant time, then 1 to `max` events), around the
 * lane's own event schema.
 */
export function webhookBody(event: z.ZodMiniType, max: number): z.ZodMiniType {
  return z.object({
    secret: z.string().check(z.minLength(1)),
    events: z.array(event).check(z.minLength(1), z.maxLength(max)),
  });
}

type Entry = { title: string; description: string; schema: z.ZodMiniType; io: "input" | "output" };

const RULES_ONLY_THE_APP_CHECKS =
  "A few rules are checked by Session Bridge but not said by this schema: URLs must be http or https and carry no user name or password, an email address must also be well formed beyond the pattern given here (a local part of letters in any script, digits and _ ' + - in dot-separated words; a domain name, internationalised ones included), a learning session's ends_at must not be before its starts_at, and a path step's send_at must be in the future. Events of a type not listed here are ignored and noted, not refused.";

const ENTRIES: Record<string, Entry> = {
  webinar_webhook_request: {
    title: "Session Bridge: webinar webhook request",
    description:
      `The JSON body a webinar platform POSTs to Session Bridge's webinar webhook trigger (docs/events.md). ${RULES_ONLY_THE_APP_CHECKS}`,
    schema: webhookBody(WebinarEventSchema, MAX_WEBINAR_EVENTS),
    io: "input",
  },
  learning_webhook_request: {
    title: "Session Bridge: learning webhook request",
    description:
      `The JSON body a learning platform POSTs to Session Bridge's learning webhook trigger (docs/events.md). ${RULES_ONLY_THE_APP_CHECKS}`,
    schema: webhookBody(LearningEventSchema, MAX_LEARNING_EVENTS),
    io: "input",
  },
  reply_api_request: {
    title: "Session Bridge: reply API request",
    description:
      'The JSON body Session Bridge POSTs to {WEBINAR_API_URL}/v1/replies when someone answers in an attendee\'s thread (docs/events.md, "Reply delivery API").',
    schema: ReplyApiRequest,
    io: "output",
  },
  reply_api_response: {
    title: "Session Bridge: reply API response",
    description:
      'The JSON body of the platform\'s 200 answer to POST /v1/replies: "chat" when the attendee got the reply in the live chat, "email" when it was emailed. Any other 200 body fails the reply.',
    schema: ReplyApiAnswer,
    io: "input",
  },
};

/** Every schema, by file name (without .json). */
export function contractSchemas(): Record<string, Record<string, unknown>> {
  return Object.fromEntries(
    Object.entries(ENTRIES).map(([name, entry]) => {
      const { $schema, ...rest } = z.toJSONSchema(entry.schema, {
        target: "draft-7",
        io: entry.io,
        unrepresentable: "throw",
      }) as Record<string, unknown>;
      return [name, { $schema, title: entry.title, description: entry.description, ...rest }];
    }),
  );
}

/** The file's text: two-space JSON, as `deno fmt` leaves it. */
export function schemaText(schema: Record<string, unknown>): string {
  return `${JSON.stringify(schema, null, 2)}\n`;
}

if (import.meta.main) {
  await Deno.mkdir(SCHEMA_DIR, { recursive: true });
  for (const [name, schema] of Object.entries(contractSchemas())) {
    const file = new URL(`${name}.json`, SCHEMA_DIR);
    await Deno.writeTextFile(file, schemaText(schema));
    // deno-lint-ignore no-console -- a command-line tool reports what it wrote
    console.log(`wrote docs/schemas/${name}.json`);
  }
}
