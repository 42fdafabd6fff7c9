/**
 * The sandbox's server and page API, started in-process with its state in memory: loopback only,
 * a strict page CSP, requests from other sites refused, bad input answered with a clear 400 that
 * changes nothing, and people acting through the Web API with their own token.
 */
import assert from "node:assert/strict";
import { type Sandbox, startSandbox } from "../main.ts";
import { escapeTyped } from "./api.ts";

async function withSandbox(fn: (sb: Sandbox) => Promise<void>): Promise<void> {
  const sb = await startSandbox({ port: 0 });
  try {
    await fn(sb);
  } finally {
    await sb.close();
  }
}

async function post(
  sb: Sandbox,
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
) {
  const res = await fetch(`${sb.url}${path}`, {
    method: "POST",
    headers: { "Content-Type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() as Record<string, unknown> };
}

Deno.test("startSandbox() listens on 127.0.0.1 only and serves the page with a strict CSP", async () => {
  await withSandbox(async (sb) => {
    assert.equal(sb.hostname, "127.0.0.1");
    assert.match(sb.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    const page = await fetch(`${sb.url}/`);
    assert.equal(page.status, 200);
    assert.match(page.headers.get("content-security-policy") ?? "", /script-src 'self'/);
    assert.match(await page.text(), /<script type="module" src="\/assets\/app.js">/);
    const script = await fetch(`${sb.url}/assets/app.js`);
    assert.equal(script.headers.get("content-type"), "text/javascript; charset=utf-8");
    await script.body?.cancel();
    for (const path of ["/assets/../main.ts", "/assets/nope.js", "/demo/images/../../main.ts"]) {
      const res = await fetch(`${sb.url}${path}`);
      assert.equal(res.status, 404, path);
      await res.body?.cancel();
    }
    const svg = await fetch(`${sb.url}/demo/images/cover-metrics.svg`);
    assert.equal(svg.headers.get("content-type"), "image/svg+xml");
    assert.match(svg.headers.get("content-security-policy") ?? "", /default-src 'none'/);
    await svg.body?.cancel();
  });
});

Deno.test("startSandbox() seeds the demo workspace once, with settings and the triggers of triggers/*.ts", async () => {
  await withSandbox(async (sb) => {
    assert.equal(sb.seeded, true);
    for (const who of ["amelie", "jordan", "priya", "marcus", "sofia", "lea", "liam", "yuki"]) {
      assert.ok(sb.users[who], `${who} is in the workspace`);
    }
    const triggers = await sb.engine.triggers();
    const files = [...Deno.readDirSync(new URL("../../triggers/", import.meta.url))]
      .filter((f) => f.name.endsWith(".ts") && !f.name.endsWith("_test.ts"));
    assert.equal(triggers.length, files.length, "one trigger per file in triggers/");
    const hook = await sb.webhook("webinar");
    assert.ok(hook?.url.startsWith(`${sb.url}/triggers/`), "webhook URLs are on the page's port");
    const state = await (await fetch(`${sb.url}/ui/state?user=${sb.users.amelie}`)).json();
    assert.deepEqual(
      state.shortcuts.map((s: { name: string }) => s.name).sort(),
      triggers.filter((t) => t.type === "shortcut").map((t) => t.name).sort(),
    );
    assert.ok(!state.people.some((p: { handle: string }) => p.handle === "sandbox-developer"));
    const names = state.conversations.map((c: { name: string }) => c.name);
    assert.ok(names.includes("general") && names.includes("webinar-attendees"));
  });
});

Deno.test("the page API refuses requests from other sites", async () => {
  await withSandbox(async (sb) => {
    const foreign = await post(sb, "/ui/clock", { advance_ms: 60_000 }, {
      Origin: "https://evil.example",
    });
    assert.equal(foreign.status, 403);
    assert.match(String(foreign.body.error), /evil\.example/);
    const plain = await post(sb, "/ui/clock", JSON.stringify({ advance_ms: 60_000 }), {
      "Content-Type": "text/plain",
    });
    assert.equal(plain.status, 403, "a form-like POST (no CORS preflight) is refused");
    // fetch() cannot forge Host, so speak HTTP/1.1 by hand, as a DNS-rebinding page would reach us.
    const conn = await Deno.connect({ hostname: "127.0.0.1", port: sb.port });
    await conn.write(
      new TextEncoder().encode(
        "GET /ui/state HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n",
      ),
    );
    let answer = "";
    const buf = new Uint8Array(4096);
    for (let n = await conn.read(buf); n !== null; n = await conn.read(buf)) {
      answer += new TextDecoder().decode(buf.subarray(0, n));
    }
    conn.close();
    assert.match(answer, /^HTTP\/1\.1 403/, "a DNS-rebinding Host is refused");
    assert.equal(sb.fake.clock.offsetMs, 0, "the clock did not move");
  });
});

Deno.test("bad page API input gets a 400 saying what is wrong, and changes nothing", async () => {
  await withSandbox(async (sb) => {
    const general = sb.channels.general!;
    const before = (await sb.fake.workspace.topLevelMessages(general)).length;
    const cases: Array<[string, unknown, RegExp]> = [
      ["/ui/post", "{not json", /not JSON/],
      ["/ui/post", [1, 2], /must be a JSON object/],
      ["/ui/post", { user: sb.users.amelie, channel: general }, /"text" is required/],
      [
        "/ui/post",
        { user: "U_NOBODY", channel: general, text: "hi" },
        /"U_NOBODY" is not a person/,
      ],
      [
        "/ui/post",
        { user: sb.users.amelie, channel: general, text: "hi", thread_ts: "yesterday" },
        /Slack timestamp/,
      ],
      [
        "/ui/post",
        { user: sb.users.amelie, channel: "C_NONE", text: "hi" },
        /No conversation "C_NONE"/,
      ],
      ["/ui/clock", { advance_ms: -5 }, /"advance_ms" must be at least 0/],
      [
        "/ui/view/submit",
        { user: sb.users.amelie, view_id: "V1", values: { b: "x" } },
        /"values.b" must be an object/,
      ],
      [
        "/sim/webinar/register",
        { webinar_id: "web_scaling", name: "Ada", email: "nope" },
        /"nope" is not an email address/,
      ],
      [
        "/sim/webinar/chat",
        { webinar_id: "web_scaling", attendee_id: "att_x", text: "hi" },
        /Unknown attendee "att_x"/,
      ],
      ["/sim/learning/path-step", {
        learner_id: "lrn_lea",
        session_id: "ses_listening",
        title: "x",
      }, /"delay_minutes" or "send_at" is required/],
    ];
    for (const [path, body, reason] of cases) {
      const res = await post(sb, path, body);
      assert.equal(res.status, 400, `${path} ${JSON.stringify(body)}`);
      assert.match(String(res.body.error), reason);
    }
    const missing = await post(sb, "/ui/nothing", {});
    assert.equal(missing.status, 404);
    assert.equal(
      (await sb.fake.workspace.topLevelMessages(general)).length,
      before,
      "nothing was posted",
    );
    assert.equal(sb.webinar.attendees.size, 0, "nobody was registered");
    assert.equal(sb.fake.clock.offsetMs, 0);
  });
});

Deno.test("a person's post goes through the Web API with their token; typed markup stays text", async () => {
  await withSandbox(async (sb) => {
    const channel = sb.channels["webinar-attendees"]!;
    const res = await post(sb, "/ui/post", {
      user: sb.users.priya,
      channel,
      text: "<b>hi</b> & <@U123> <!here>",
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const posted = await sb.fake.workspace.getMessage(channel, String(res.body.ts));
    assert.equal(posted?.user, sb.users.priya);
    assert.equal(posted?.text, "&lt;b&gt;hi&lt;/b&gt; &amp; <@U123> <!here>");
    const call = sb.fake.calls({ method: "chat.postMessage" }).at(-1);
    assert.deepEqual([call?.token_kind, call?.actor], ["user", sb.users.priya]);
    const outsider = await post(sb, "/ui/post", { user: sb.users.lea, channel, text: "hello" });
    assert.equal(outsider.status, 400);
    assert.match(String(outsider.body.error), /not in #webinar-attendees: join the channel first/);
    const dm = await sb.fake.workspace.appDm(sb.users.lea!);
    const readOnly = await post(sb, "/ui/post", {
      user: sb.users.lea,
      channel: dm.id,
      text: "hello",
    });
    assert.match(String(readOnly.body.error), /Messages tab is read-only/);
  });
});

Deno.test("a link trigger's URL opened in a browser leads to the page, which runs it", async () => {
  await withSandbox(async (sb) => {
    const t = (await sb.engine.triggers()).find((x) => x.type === "shortcut")!;
    const res = await fetch(String(t.shortcut_url), { redirect: "manual" });
    assert.equal(res.status, 302);
    assert.equal(res.headers.get("location"), `/#shortcut=${t.id}`);
    await res.body?.cancel();
  });
});

Deno.test("escapeTyped() escapes &, < and > but keeps mention tokens, as a Slack client sends typed text", () => {
  assert.equal(escapeTyped("a < b > c & d"), "a &lt; b &gt; c &amp; d");
  assert.equal(escapeTyped("<@U1ABC> <#C1ABC> <!channel>"), "<@U1ABC> <#C1ABC> <!channel>");
  assert.equal(escapeTyped("<img src=x onerror=alert(1)>"), "&lt;img src=x onerror=alert(1)&gt;");
});

async function state(sb: Sandbox, user: string) {
  const res = await fetch(`${sb.url}/ui/state?user=${user}`);
  return await res.json() as {
    conversations: Array<
      {
        id: string;
        name: string;
        kind: string;
        unread: boolean;
        mentions: number;
        app_member: boolean;
      }
    >;
  };
}

Deno.test("channels as Slack has them: a private channel, Session Bridge added and removed, /invite and /remove", async () => {
  await withSandbox(async (sb) => {
    const amelie = sb.users.amelie!;
    const created = await post(sb, "/ui/channels", {
      user: amelie,
      name: "staff-room",
      is_private: true,
    });
    assert.equal(created.status, 200, JSON.stringify(created.body));
    const id = String(created.body.channel);
    let conv = (await state(sb, amelie)).conversations.find((c) => c.id === id);
    assert.equal(conv?.kind, "private");
    assert.equal(conv?.app_member, false);
    const outsider = (await state(sb, sb.users.liam!)).conversations.find((c) => c.id === id);
    assert.equal(outsider, undefined, "a private channel is hidden from people not in it");

    const invited = await post(sb, "/ui/post", {
      user: amelie,
      channel: id,
      text: "/invite @Session Bridge",
    });
    assert.equal(invited.status, 200, JSON.stringify(invited.body));
    conv = (await state(sb, amelie)).conversations.find((c) => c.id === id);
    assert.equal(conv?.app_member, true, "/invite @Session Bridge adds the app");
    assert.equal(
      (await sb.fake.workspace.topLevelMessages(id)).length,
      0,
      "a command is not posted as text",
    );

    const removed = await post(sb, "/ui/channel/app", { user: amelie, channel: id, member: false });
    assert.equal(removed.status, 200);
    conv = (await state(sb, amelie)).conversations.find((c) => c.id === id);
    assert.equal(conv?.app_member, false, "removed from the channel's Integrations");
    const again = await post(sb, "/ui/channel/app", { user: amelie, channel: id, member: false });
    assert.equal(again.status, 400);
    assert.match(String(again.body.error), /not_in_channel/);
    const added = await post(sb, "/ui/channel/app", { user: amelie, channel: id, member: true });
    assert.equal(added.status, 200);
    await post(sb, "/ui/post", { user: amelie, channel: id, text: "/remove @Session Bridge" });
    conv = (await state(sb, amelie)).conversations.find((c) => c.id === id);
    assert.equal(conv?.app_member, false, "/remove @Session Bridge takes it out");

    const unknown = await post(sb, "/ui/post", { user: amelie, channel: id, text: "/giphy cats" });
    assert.equal(unknown.status, 400);
    assert.match(String(unknown.body.error), /knows \/invite and \/remove/);
    const nobody = await post(sb, "/ui/post", {
      user: amelie,
      channel: id,
      text: "/invite @nobody",
    });
    assert.equal(nobody.status, 400);
  });
});

Deno.test("unread state: bold until read, a badge for mentions, cleared by /ui/read", async () => {
  await withSandbox(async (sb) => {
    const [amelie, priya] = [sb.users.amelie!, sb.users.priya!];
    const general = sb.channels.general!;
    const before = (await state(sb, priya)).conversations.find((c) => c.id === general)!;
    const latest = (await sb.fake.workspace.topLevelMessages(general)).at(-1)!.ts;
    assert.equal(
      (await post(sb, "/ui/read", { user: priya, channel: general, ts: latest })).status,
      200,
    );
    let g = (await state(sb, priya)).conversations.find((c) => c.id === general)!;
    assert.equal(g.unread, false, "read up to the last message");
    assert.equal(before.unread, true, "the welcome message was unread at first");

    await post(sb, "/ui/post", { user: amelie, channel: general, text: "coffee?" });
    g = (await state(sb, priya)).conversations.find((c) => c.id === general)!;
    assert.deepEqual([g.unread, g.mentions], [true, 0], "bold, no badge");
    await post(sb, "/ui/post", { user: amelie, channel: general, text: `<@${priya}> a question` });
    g = (await state(sb, priya)).conversations.find((c) => c.id === general)!;
    assert.deepEqual([g.unread, g.mentions], [true, 1], "a mention adds to the badge");
    const mine = (await state(sb, amelie)).conversations.find((c) => c.id === general)!;
    assert.equal(mine.mentions, 0, "her own messages never count for her");

    const last = (await sb.fake.workspace.topLevelMessages(general)).at(-1)!.ts;
    await post(sb, "/ui/read", { user: priya, channel: general, ts: last });
    g = (await state(sb, priya)).conversations.find((c) => c.id === general)!;
    assert.deepEqual([g.unread, g.mentions], [false, 0], "opening it clears both");
    const bad = await post(sb, "/ui/read", { user: priya, channel: general, ts: "later" });
    assert.equal(bad.status, 400);
  });
});

Deno.test("an archived channel can be unarchived from the page, as the is_archived advice says", async () => {
  await withSandbox(async (sb) => {
    const [amelie, channel] = [sb.users.amelie!, sb.channels["webinar-attendees"]!];
    assert.equal(
      (await post(sb, "/ui/channel/archive", { user: amelie, channel, archived: true })).status,
      200,
    );
    let conv = (await state(sb, amelie)).conversations.find((c) => c.id === channel) as
      | { archived?: boolean }
      | undefined;
    assert.equal(conv?.archived, true, "still listed for its members, marked archived");
    const refused = await post(sb, "/ui/post", { user: amelie, channel, text: "hello?" });
    assert.equal(refused.status, 400);
    assert.match(String(refused.body.error), /is_archived/);
    assert.equal(
      (await post(sb, "/ui/channel/archive", { user: amelie, channel, archived: false })).status,
      200,
    );
    conv = (await state(sb, amelie)).conversations.find((c) => c.id === channel) as
      | { archived?: boolean }
      | undefined;
    assert.equal(conv?.archived, false);
    const general = await post(sb, "/ui/channel/archive", {
      user: amelie,
      channel: sb.channels.general!,
      archived: true,
    });
    assert.match(String(general.body.error), /cant_archive_general/);
  });
});
