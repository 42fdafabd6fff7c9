/** A Slack error answer: HTTP 200 with `{ ok: false, error }` plus optional extra fields. */
export class SlackApiError extends Error {
  readonly code: string;
  readonly extra: Record<string, unknown>;

  constructor(code: string, extra: Record<string, unknown> = {}) {
    super(code);
    this.name = "SlackApiError";
    this.code = code;
    this.extra = extra;
  }
}

/** Shorthand for `invalid_arguments` with Slack's `[ERROR] …` lines in `response_metadata.messages`. */
export function invalidArguments(...messages: string[]): SlackApiError {
  return new SlackApiError("invalid_arguments", {
    response_metadata: { messages: messages.map((m) => `[ERROR] ${m}`) },
  });
}
