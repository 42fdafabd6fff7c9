/**
 * The sandbox's one HTTP server, on 127.0.0.1 only: the page and its assets, the demo images, the
 * page's JSON API (/ui, /sim) with live updates (server-sent events), and, for everything else,
 * the fake Slack (Web API, control endpoints, webhook trigger URLs), so every URL the app and the
 * platforms use is on this one port. Requests from other sites are refused (Host, Origin and
 * content-type checks), and an error in one request never stops the server.
 */
import { sandboxLog } from "../log.ts";
import type { FakeSlack } from "../fake_slack/mod.ts";
import { problem, type SandboxApi } from "./api.ts";
import { refusal, refused } from "../http_guard.ts";
import { emojiCss, emojiData, SHEET } from "./emoji_data.ts";

export const HOSTNAME = "127.0.0.1";

const ASSETS = new URL("./assets/", import.meta.url);
const IMAGES = new URL("../demo/images/", import.meta.url);
const APP_ICON = new URL("../../assets/icon.png", import.meta.url);

const TYPES: Record<string, string> = {
  html: "text/html; charset=utf-8",
  js: "text/javascript; charset=utf-8",
  css: "text/css; charset=utf-8",
  png: "image/png",
  svg: "image/svg+xml",
};

const PAGE_CSP = [
  "default-src 'self'",
  "img-src 'self' data:",
  "style-src 'self'",
  "script-src 'self'",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join("; ");

/** Live updates: each connected page gets `event: version` when anything changes. */
export class EventHub {
  readonly #clients = new Set<ReadableStreamDefaultController<Uint8Array>>();
  readonly #encoder = new TextEncoder();
  #pending: ReturnType<typeof setTimeout> | undefined;
  #ping: ReturnType<typeof setInterval> | undefined;
  #closed = false;

  get size(): number {
    return this.#clients.size;
  }

  connect(version: () => number): Response {
    if (this.#closed) return problem(503, "The sandbox is stopping");
    let self: ReadableStreamDefaultController<Uint8Array> | null = null;
    const stream = new ReadableStream<Uint8Array>({
      start: (controller) => {
        self = controller;
        this.#clients.add(controller);
        controller.enqueue(
          this.#encoder.encode(`retry: 1000\nevent: version\ndata: ${version()}\n\n`),
        );
        this.#ping ??= setInterval(() => this.#send(": ping\n\n"), 15_000);
      },
      cancel: () => {
        if (self) this.#clients.delete(self);
      },
    });
    return new Response(stream, {
      headers: {
        "Content-Type": "text/event-stream",
        "Cache-Control": "no-store",
        "X-Content-Type-Options": "nosniff",
      },
    });
  }

  /** Tells every page the version changed (at most every 50 ms). */
  bump(version: () => number): void {
    if (this.#closed || this.#pending !== undefined) return;
    this.#pending = setTimeout(() => {
      this.#pending = undefined;
      this.#send(`event: version\ndata: ${version()}\n\n`);
    }, 50);
  }

  #send(text: string): void {
    const bytes = this.#encoder.encode(text);
    for (const c of this.#clients) {
      try {
        c.enqueue(bytes);
      } catch {
        this.#clients.delete(c);
      }
    }
  }

  close(): void {
    this.#closed = true;
    clearTimeout(this.#pending);
    clearInterval(this.#ping);
    for (const c of this.#clients) {
      try {
        c.close();
      } catch {
        // already closed by the page
      }
    }
    this.#clients.clear();
  }
}

export type RouterOptions = {
  fake: FakeSlack;
  /** Null until the sandbox has finished starting. */
  api: () => SandboxApi | null;
  hub: EventHub;
  version: () => number;
};

const STATIC_HEADERS = (type: string): HeadersInit => ({
  "Content-Type": type,
  "Cache-Control": "max-age=3600",
  "X-Content-Type-Options": "nosniff",
});

async function file(url: URL, type: string, extra: HeadersInit = {}): Promise<Response> {
  try {
    const body = await Deno.readFile(url);
    return new Response(body, {
      headers: {
        "Content-Type": type,
        "Cache-Control": "no-cache",
        "X-Content-Type-Options": "nosniff",
        ...extra,
      },
    });
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) return problem(404, "Not found");
    throw err;
  }
}

/** The page's API also takes only JSON bodies, so no HTML form from anywhere can post to it. */
function jsonOnly(req: Request): string | null {
  if (
    req.method === "POST" && !(req.headers.get("content-type") ?? "").startsWith("application/json")
  ) {
    return "The body must be JSON (Content-Type: application/json)";
  }
  return null;
}

export function createRouter(options: RouterOptions): (req: Request) => Promise<Response> {
  const { fake } = options;
  return async (req: Request): Promise<Response> => {
    const url = new URL(req.url);
    const path = url.pathname;
    // Every URL answers the developer's machine only; a link from elsewhere may still open the
    // page or a link trigger in a tab, as a pinned Slack link would.
    const navigable = req.method === "GET" &&
      (path === "/" || path === "/index.html" || path.startsWith("/shortcuts/"));
    const foreign = refusal(req, { navigable });
    if (foreign) return refused(foreign);
    try {
      if (req.method === "GET" && (path === "/" || path === "/index.html")) {
        return await file(new URL("index.html", ASSETS), TYPES.html!, {
          "Content-Security-Policy": PAGE_CSP,
          "Referrer-Policy": "no-referrer",
        });
      }
      if (req.method === "GET" && path.startsWith("/assets/")) {
        const m = /^\/assets\/([a-z_]+)\.(js|css)$/.exec(path);
        if (!m) return problem(404, "Not found");
        return await file(new URL(`${m[1]}.${m[2]}`, ASSETS), TYPES[m[2]!]!);
      }
      if (req.method === "GET" && path.startsWith("/demo/")) {
        if (path === "/demo/app-icon.png") return await file(APP_ICON, TYPES.png!);
        const m = /^\/demo\/images\/([a-z0-9-]+)\.(png|svg)$/.exec(path);
        if (!m) return problem(404, "Not found");
        return await file(new URL(`${m[1]}.${m[2]}`, IMAGES), TYPES[m[2]!]!, {
          "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'",
        });
      }
      if (req.method === "GET" && path === "/favicon.ico") return await file(APP_ICON, TYPES.png!);
      // Slack's emoji, drawn by the sandbox itself (sandbox/web/emoji_data.ts).
      if (req.method === "GET" && path === "/emoji/sheet.png") return await file(SHEET, TYPES.png!);
      if (req.method === "GET" && path === "/emoji/sheet.css") {
        return new Response(emojiCss(), { headers: STATIC_HEADERS(TYPES.css!) });
      }
      if (req.method === "GET" && path === "/emoji/data.json") {
        return Response.json(emojiData(), { headers: STATIC_HEADERS("application/json") });
      }
      if (path.startsWith("/ui/") || path.startsWith("/sim/")) {
        const notJson = jsonOnly(req);
        if (notJson) return problem(403, notJson);
        if (req.method === "GET" && path === "/ui/events") {
          return options.hub.connect(options.version);
        }
        const api = options.api();
        if (!api) return problem(503, "The sandbox is still starting");
        return (await api.handle(req, url)) ??
          problem(404, `No such endpoint: ${req.method} ${path}`);
      }
      // A link trigger's URL, opened in a browser: run it in the page as the person using it.
      const shortcut = /^\/shortcuts\/([A-Za-z0-9]+)\/[A-Za-z0-9]+$/.exec(path);
      if (req.method === "GET" && shortcut) {
        return new Response(null, {
          status: 302,
          headers: { Location: `/#shortcut=${shortcut[1]}` },
        });
      }
      return await fake.handle(req);
    } catch (err) {
      sandboxLog("error", `sandbox: ${req.method} ${path} failed:`, err);
      return problem(
        500,
        `The sandbox could not answer: ${err instanceof Error ? err.message : String(err)}`,
      );
    }
  };
}

/**
 * Listens on 127.0.0.1:`port`; when that port is taken and `fallback` is on, tries the next nine,
 * then any free port. Port 0 picks a free port.
 */
export async function listen(
  port: number,
  handler: (req: Request) => Promise<Response>,
  options: { fallback?: boolean } = {},
): Promise<{ server: Deno.HttpServer; hostname: string; port: number; requested: number }> {
  const candidates = port === 0
    ? [0]
    : options.fallback === false
    ? [port]
    : [...Array.from({ length: 10 }, (_, i) => port + i).filter((p) => p <= 65535), 0];
  let last: unknown = null;
  for (const candidate of candidates) {
    try {
      const ready = Promise.withResolvers<Deno.NetAddr>();
      const server = Deno.serve({
        hostname: HOSTNAME,
        port: candidate,
        onListen: (addr) => ready.resolve(addr as Deno.NetAddr),
        onError: (err) => {
          sandboxLog("error", "sandbox: request failed:", err);
          return problem(500, "The sandbox could not answer");
        },
      }, handler);
      const addr = await ready.promise;
      return { server, hostname: addr.hostname, port: addr.port, requested: port };
    } catch (err) {
      if (!(err instanceof Deno.errors.AddrInUse)) throw err;
      last = err;
    }
  }
  throw new Error(
    `Cannot listen on 127.0.0.1:${port}: ${last instanceof Error ? last.message : "in use"}`,
  );
}
