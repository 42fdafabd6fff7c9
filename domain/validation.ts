/**
 * Precise, human-readable reasons for rejected input, from zod issues (zod/mini has no messages).
 * A reason names the field by its path and says the rule; it never quotes the value sent, which may
 * be anything (an email, a token) and ends up where admins read it.
 */
type Issue = {
  code: string;
  path: PropertyKey[];
  message: string;
  expected?: string;
  format?: string;
  maximum?: number | bigint;
  minimum?: number | bigint;
  origin?: string;
  values?: unknown[];
  keys?: string[];
};

export function pathOf(path: readonly PropertyKey[], root = ""): string {
  let out = root;
  for (const p of path) out += typeof p === "number" ? `[${p}]` : out ? `.${String(p)}` : String(p);
  return out || "(payload)";
}

export function describeIssue(issue: Issue, root = ""): string {
  const where = pathOf(issue.path, root);
  if (issue.message && issue.message !== "Invalid input") return `${where}: ${issue.message}`;
  switch (issue.code) {
    case "invalid_type":
      return issue.expected === "int"
        ? `${where}: must be a whole number`
        : `${where}: must be ${article(issue.expected)}`;
    case "too_big":
      return issue.origin === "string"
        ? `${where}: must be at most ${issue.maximum} characters`
        : issue.origin === "array"
        ? `${where}: must hold at most ${issue.maximum} items`
        : `${where}: must be at most ${issue.maximum}`;
    case "too_small":
      return issue.origin === "string"
        ? issue.minimum === 1
          ? `${where}: must not be empty`
          : `${where}: must be at least ${issue.minimum} characters`
        : issue.origin === "array"
        ? `${where}: must hold at least ${issue.minimum} items`
        : `${where}: must be at least ${issue.minimum}`;
    case "invalid_format":
      return `${where}: must be ${FORMATS[issue.format ?? ""] ?? `in ${issue.format} format`}`;
    case "invalid_value":
      return `${where}: must be one of ${
        (issue.values ?? []).map((v) => JSON.stringify(v)).join(", ")
      }`;
    case "unrecognized_keys": {
      // Field names come from the payload too: only name-shaped ones are quoted.
      const keys = issue.keys ?? [];
      const named = keys.filter((k) => /^[A-Za-z0-9_.-]{1,64}$/.test(k)).slice(0, 5);
      const rest = keys.length - named.length;
      return `${where}: unknown field${keys.length > 1 ? "s" : ""} ${
        [...named.map((k) => `"${k}"`), ...(rest > 0 ? [`${rest} more`] : [])].join(", ")
      }`;
    }
    case "invalid_union":
      return `${where}: does not match any allowed shape`;
    default:
      return `${where}: is not valid`;
  }
}

const FORMATS: Record<string, string> = {
  email: "an email address",
  url: "an http(s) URL",
  datetime: "an ISO 8601 date-time with a time zone (e.g. 2026-05-01T14:00:00Z)",
  regex: "in the expected format",
};

function article(type = "value"): string {
  const a = /^[aeiou]/.test(type) ? "an" : "a";
  return `${a} ${type}`;
}

/** The first few issues as one line: enough to fix the payload, short enough for a log entry. */
export function describeIssues(issues: readonly Issue[], root = "", max = 5): string {
  const lines = issues.slice(0, max).map((i) => describeIssue(i, root));
  if (issues.length > max) lines.push(`and ${issues.length - max} more`);
  return lines.join("; ");
}
