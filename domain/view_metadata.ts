/**
 * `private_metadata` codecs (STYLE 2.5): what a modal carries back to the app, versioned and
 * validated on the way in. A value that does not parse, has another version or belongs to another
 * kind of modal decodes to null, and the caller refuses the interaction.
 */
import * as z from "zod/mini";

export const METADATA_VERSION = 1;
/** Slack's limit on private_metadata. */
export const METADATA_MAX = 3000;

export type MetadataCodec<T> = {
  encode(value: T): string;
  /** null when the metadata is missing, malformed, of another version or of another kind. */
  decode(raw: unknown): T | null;
};

const Envelope = z.object({ version: z.number(), kind: z.string(), data: z.unknown() });

export function metadataCodec<T>(kind: string, schema: z.ZodMiniType<T>): MetadataCodec<T> {
  return {
    encode(value) {
      const text = JSON.stringify({ version: METADATA_VERSION, kind, data: value });
      if (text.length > METADATA_MAX) {
        throw new RangeError(`Cannot encode "${kind}" metadata: ${text.length} characters`);
      }
      return text;
    },
    decode(raw) {
      if (typeof raw !== "string" || raw.length === 0 || raw.length > METADATA_MAX) return null;
      let json: unknown;
      try {
        json = JSON.parse(raw);
      } catch {
        return null;
      }
      const envelope = Envelope.safeParse(json);
      if (!envelope.success) return null;
      if (envelope.data.version !== METADATA_VERSION || envelope.data.kind !== kind) return null;
      const data = schema.safeParse(envelope.data.data);
      return data.success ? data.data : null;
    },
  };
}
