/**
 * Every endpoint of the sandbox (the page and its assets, the page API, the Web API, the control
 * endpoints, webhook and link trigger URLs) refuses a foreign Host (DNS rebinding) and a request
 * from another site, and still answers the same request from the developer's own machine.
 */
import assert from "node:assert/strict";
import { startSandbox } from "./main.ts";
import { CONTROL_ENDPOINTS, FakeSlack } from "./fake_slack/mod.ts";
import { refusal } from "./http_guard.ts";

/** Speaks HTTP/1.1 by hand: fetch() cannot forge a Host header, a DNS-rebinding page can. */
async function rawStatus(
  port: number,
  method: string,
  path: string,
  headers: Record<string, string>,
): Promise<number> {
  const conn = await Deno.connect({ hostname: "127.0.0.1", port });
  const body = method === "GET" || method === "DELETE" ? "" : "{}";
  const lines = [
    `${method} ${path} HTTP/1.1`,
    ...Object.entries({
      "Content-Type": "application/json",
      "Content-Length": String(body.length),
      Connection: "close",
      ...headers,
    }).map(([k, v]) => `${k}: ${v}`),
  ];
  await conn.write(new TextEncoder().encode(`${lines.join("\r\n")}\r\n\r\n${body}`));
  let answer = "";
  const buf = new Uint8Array(4096);
  // The status line is enough (an event stream would never end).
  while (!answer.includes("\r\n")) {
    const n = await conn.read(buf);
    if (n === null) break;
    answer += new TextDecoder().decode(buf.subarray(0, n));
  }
  conn.close();
  return Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1] ?? 0);
}

Deno.test("every sandbox endpoint refuses a foreign Host and other sites, and answers its own machine", async () => {
  const sb = await startSandbox({ port: 0 });
  try {
    const hook = await sb.webhook("webinar");
    assert.ok(hook);
    const shortcut = (await sb.engine.triggers()).find((t) => t.type === "shortcut");
    assert.ok(shortcut?.shortcut_url);
    const page = [
      "GET /",
      "GET /index.html",
      "GET /assets/app.js",
      "GET /assets/style.css",
      "GET /demo/images/academy-logo.png",
      "GET /demo/app-icon.png",
      "GET /favicon.ico",
      `GET ${new URL(shortcut.shortcut_url).pathname}`,
    ];
    const pageApi = sb.apiRoutes;
    assert.ok(pageApi.length >= 25, `${pageApi.length} page API routes`);
    const web = ["POST /api/auth.test", "POST /api/chat.postMessage", "GET /api/users.list"];
    const control = CONTROL_ENDPOINTS.map((e) => e.replace(" ", " /_control/"));
    const triggers = [`POST ${new URL(hook.url).pathname}`];
    const all = [...page, ...pageApi, ...web, ...control, ...triggers];
    const host = `127.0.0.1:${sb.port}`;
    const problems: string[] = [];
    for (const route of all) {
      const [method, path] = route.split(" ") as [string, string];
      const rebinding = await rawStatus(sb.port, method, path, {
        Host: `attacker.example:${sb.port}`,
      });
      if (rebinding !== 403) problems.push(`${route} with a foreign Host: ${rebinding}`);
      const crossSite = await rawStatus(sb.port, method, path, {
        Host: host,
        Origin: "https://attacker.example",
      });
      if (crossSite !== 403) problems.push(`${route} from another origin: ${crossSite}`);
      const otherPort = await rawStatus(sb.port, method, path, {
        Host: host,
        Origin: `http://127.0.0.1:${sb.port + 1}`,
      });
      if (otherPort !== 403) problems.push(`${route} from another local port: ${otherPort}`);
      const noCors = await rawStatus(sb.port, method, path, {
        Host: host,
        "Sec-Fetch-Site": "cross-site",
        "Sec-Fetch-Mode": "no-cors",
      });
      if (noCors !== 403) problems.push(`${route} as a cross-site no-cors fetch: ${noCors}`);
    }
    assert.deepEqual(problems, [], "requests that should have been refused");

    // The same requests from the developer's machine are not refused (so the 403s above mean something).
    const allowed: string[] = [];
    for (const route of [...page, "GET /ui/state", "GET /api/auth.test", "GET /_control/health"]) {
      const [method, path] = route.split(" ") as [string, string];
      const status = await rawStatus(sb.port, method, path, { Host: host });
      if (status === 403) allowed.push(`${route}: 403`);
      const sameOrigin = await rawStatus(sb.port, method, path, {
        Host: `localhost:${sb.port}`,
        Origin: `http://localhost:${sb.port}`,
        "Sec-Fetch-Site": "same-origin",
      });
      if (sameOrigin === 403) allowed.push(`${route} same origin: 403`);
    }
    assert.deepEqual(allowed, [], "requests from the developer's own machine");
    // A link on another site may still open the page or a link trigger in a tab.
    const navigation = {
      Host: host,
      "Sec-Fetch-Site": "cross-site",
      "Sec-Fetch-Mode": "navigate",
      "Sec-Fetch-Dest": "document",
    };
    assert.equal(await rawStatus(sb.port, "GET", "/", navigation), 200);
    assert.equal(
      await rawStatus(sb.port, "GET", new URL(shortcut.shortcut_url).pathname, navigation),
      302,
    );
    assert.equal(await rawStatus(sb.port, "GET", "/ui/state", navigation), 403);
    assert.equal(sb.fake.clock.offsetMs, 0, "no refused request moved the clock");
  } finally {
    await sb.close();
  }
});

Deno.test("the fake Slack on its own port refuses a foreign Host and other sites too", async () => {
  const fake = await FakeSlack.start({ rateLimits: false });
  try {
    const port = Number(new URL(fake.url).port);
    for (const path of ["/api/auth.test", "/_control/token", "/_control/rate_limits"]) {
      assert.equal(await rawStatus(port, "POST", path, { Host: "attacker.example" }), 403, path);
      assert.equal(
        await rawStatus(port, "POST", path, { Host: `127.0.0.1:${port}`, Origin: "null" }),
        403,
        path,
      );
    }
    assert.equal(await rawStatus(port, "GET", "/_control/health", { Host: `[::1]:${port}` }), 200);
  } finally {
    await fake.close();
  }
});

Deno.test("refusal() names what is wrong", () => {
  const req = (headers: Record<string, string>) =>
    new Request("http://127.0.0.1:8787/ui/state", { headers });
  assert.equal(refusal(req({})), null);
  assert.match(String(refusal(req({ host: "evil.example:8787" }))), /Host "evil\.example:8787"/);
  assert.match(String(refusal(req({ origin: "http://evil.example" }))), /evil\.example/);
  assert.match(String(refusal(req({ "sec-fetch-site": "same-site" }))), /another site/);
  assert.equal(refusal(req({ origin: "http://127.0.0.1:8787" })), null);
});
