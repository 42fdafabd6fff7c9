/**
 * The attendee → thread anchors (W2, W8). Each thread has two rows: `att:<webinar>:<attendee>` to
 * find the thread for an event, and `msg:<channel>:<ts>` to find the attendee for a reply.
 */
import { DefineDatastore, Schema } from "deno-slack-sdk/mod.ts";
import * as z from "zod/mini";

const ThreadsDatastore = DefineDatastore({
  name: "threads",
  primary_key: "id",
  attributes: {
    id: { type: Schema.types.string },
    webinar_id: { type: Schema.types.string },
    attendee_id: { type: Schema.types.string },
    attendee_name: { type: Schema.types.string },
    channel_id: { type: Schema.types.string },
    thread_ts: { type: Schema.types.string },
    created_at: { type: Schema.types.number },
  },
});

export const ThreadRow = z.object({
  id: z.string(),
  webinar_id: z.string(),
  attendee_id: z.string(),
  attendee_name: z.string(),
  channel_id: z.string(),
  thread_ts: z.string(),
  created_at: z.number(),
});
export type ThreadRow = z.infer<typeof ThreadRow>;

export const attendeeKey = (webinarId: string, attendeeId: string): string =>
  `att:${webinarId}:${attendeeId}`;
export const messageKey = (channelId: string, ts: string): string => `msg:${channelId}:${ts}`;

export default ThreadsDatastore;
