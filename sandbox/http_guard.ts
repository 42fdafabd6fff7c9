/**
 * Who may reach the sandbox over HTTP: only the developer's own machine. Every server of the sandbox
 * (the fake Slack's, the page's) asks this first: the Host must be a loopback name (a page whose
 * DNS name was rebound to 127.0.0.1 still sends its own name), and a browser request must come from
 * the same origin (its Origin header, or Sec-Fetch-Site when a browser sends no Origin). Clients
 * that are not browsers (curl, the SDK, a platform's server) send neither and pass.
 */
const LOOPBACK_NAMES = new Set(["127.0.0.1", "localhost", "[::1]"]);

export type GuardOptions = {
  /** A link from another site may open this URL in a tab (the page, a link trigger's URL). */
  navigable?: boolean;
};

/** Why the request is refused, or null when it may go on. */
export function refusal(req: Request, options: GuardOptions = {}): string | null {
  const host = req.headers.get("host") ?? new URL(req.url).host;
  let hostname: string;
  try {
    hostname = new URL(`http://${host}`).hostname;
  } catch {
    return `Host "${host}" is not this sandbox`;
  }
  if (!LOOPBACK_NAMES.has(hostname)) return `Host "${host}" is not this sandbox`;
  const origin = req.headers.get("origin");
  if (origin !== null && origin !== `http://${host}`) {
    return `Requests from "${origin}" are not accepted`;
  }
  const site = req.headers.get("sec-fetch-site");
  if (site !== null && site !== "same-origin" && site !== "none") {
    const topLevel = req.method === "GET" && req.headers.get("sec-fetch-mode") === "navigate" &&
      req.headers.get("sec-fetch-dest") === "document";
    if (!(options.navigable && topLevel)) {
      return `Requests from another site (${site}) are not accepted`;
    }
  }
  return null;
}

/** The answer to a refused request: 403 with the reason, in the sandbox's JSON shape. */
export function refused(reason: string): Response {
  return Response.json({ ok: false, error: reason }, {
    status: 403,
    headers: { "X-Content-Type-Options": "nosniff" },
  });
}
