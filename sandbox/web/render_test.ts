/**
 * The sandbox page's renderer (sandbox/web/assets/*.js): escaping, mrkdwn, Slack date tokens, Block
 * Kit messages and modals. Runs without a browser: the renderer builds HTML strings.
 */
import assert from "node:assert/strict";
import { escapeHtml, fragment, h, safeHref } from "./assets/html.js";
import { mrkdwn } from "./assets/mrkdwn.js";
import { formatSlackDate } from "./assets/dates.js";
import { emojiCodes, emojiText, setEmojiData } from "./assets/emoji.js";
import { emojiCss, emojiData } from "./emoji_data.ts";
import { isAttendeeEvent, parseWebinarEvent } from "../../domain/webinar/event.ts";
import { renderParent, renderThreadMessages } from "../../domain/webinar/messages.ts";
import {
  actionPayload,
  elementAt,
  renderBlock,
  renderMessage,
  renderView,
  senderOf,
  stateValue,
} from "./assets/blocks.js";

const XSS = "<img src=x onerror=alert(1)>";
const ESCAPED = "&lt;img src=x onerror=alert(1)&gt;";
const PARIS = { tz: "Europe/Paris", locale: "fr-FR", now: Date.UTC(2026, 0, 1, 12) };
const NEW_YORK = { tz: "America/New_York", locale: "en-US", now: Date.UTC(2026, 0, 1, 12) };
// 2026-01-01 00:00:00 UTC
const NEW_YEAR = 1767225600;

setEmojiData(emojiData());

Deno.test("h() escapes text and attribute values, and refuses event handlers and script URLs", () => {
  assert.equal(
    h("p", { title: '"><b>' }, XSS).html,
    `<p title="&quot;&gt;&lt;b&gt;">${ESCAPED}</p>`,
  );
  assert.throws(() => h("img", { onerror: "alert(1)" }), /attribute "onerror": not allowed/);
  assert.throws(() => h("div", { style: "color:red" }), /not allowed/);
  assert.throws(() => h("script", null), /tag not allowed/);
  assert.equal(h("a", { href: "javascript:alert(1)" }, "x").html, "<a>x</a>");
  assert.equal(h("a", { href: "JaVaScRiPt:alert(1)" }, "x").html, "<a>x</a>");
  assert.equal(h("img", { src: "data:text/html,hi" }).html, "<img>");
  assert.equal(safeHref("https://example.com/a?b=1"), "https://example.com/a?b=1");
  assert.equal(safeHref("/demo/images/cover.png"), "/demo/images/cover.png");
  assert.equal(safeHref("//evil.example/x"), null);
  assert.equal(fragment("a", ["<", h("b", null, ">")]).html, "a&lt;<b>&gt;</b>");
  assert.equal(escapeHtml(`'&`), "&#39;&amp;");
});

Deno.test("mrkdwn() shows escaped entities as characters, never as markup", () => {
  assert.equal(mrkdwn("&lt;b&gt;hi&lt;/b&gt; &amp; co").html, "&lt;b&gt;hi&lt;/b&gt; &amp; co");
  assert.ok(!mrkdwn(XSS).html.includes("<img"), "raw tags in mrkdwn stay text");
  assert.ok(mrkdwn(XSS).html.includes(ESCAPED));
  // An escaped ">" at a line start is a character, a raw one is a quote.
  assert.equal(mrkdwn("&gt; not a quote").html, "&gt; not a quote");
  assert.equal(mrkdwn("> a quote").html, "<blockquote>a quote</blockquote>");
});

Deno.test("mrkdwn() formats bold, italic, strike and code only at word boundaries", () => {
  assert.equal(mrkdwn("*Email:* x").html, "<b>Email:</b> x");
  assert.equal(mrkdwn("_it_ ~gone~ `a*b*c`").html, "<i>it</i> <s>gone</s> <code>a*b*c</code>");
  assert.equal(mrkdwn("2*3*4 and snake_case_name").html, "2*3*4 and snake_case_name");
  assert.equal(mrkdwn("```\n*raw*\n```").html, '<pre class="code-block">*raw*</pre>');
  assert.equal(mrkdwn("*bold with _italic_*").html, "<b>bold with <i>italic</i></b>");
});

Deno.test("mrkdwn() draws mentions, links and :emoji:, and drops unsafe link targets", () => {
  const ctx = { users: { U1: "Mo Moderator" }, channels: { C1: "webinar-attendees" } };
  assert.equal(
    mrkdwn("<@U1> in <#C1> <!here>", ctx).html,
    '<span class="mention" data-user="U1">@Mo Moderator</span> in ' +
      '<span class="mention channel-mention">#webinar-attendees</span> ' +
      '<span class="mention broadcast">@here</span>',
  );
  assert.equal(
    mrkdwn("<https://example.com/?a=1&amp;b=2|the *site*>").html,
    '<a href="https://example.com/?a=1&amp;b=2" target="_blank" rel="noopener noreferrer">the *site*</a>',
  );
  assert.equal(mrkdwn("<javascript:alert(1)|x>").html, "&lt;javascript:alert(1)|x&gt;");
  assert.equal(
    mrkdwn(":speech_balloon: :not_an_emoji:").html,
    '<span class="emoji e-1f4ac" role="img" aria-label=":speech_balloon:" ' +
      'title=":speech_balloon:">💬</span> :not_an_emoji:',
  );
  assert.equal(
    mrkdwn("see https://example.com/a?b=1, or <https://x.example|x>.").html,
    'see <a href="https://example.com/a?b=1" target="_blank" rel="noopener noreferrer">' +
      'https://example.com/a?b=1</a>, or <a href="https://x.example" target="_blank" ' +
      'rel="noopener noreferrer">x</a>.',
    "a bare web address is a link, as Slack shows it",
  );
  assert.equal(mrkdwn("`https://not.linked`").html, "<code>https://not.linked</code>");
});

Deno.test("emoji are Slack's names and characters from emoji-datasource, drawn from the sandbox's sheet", () => {
  const data = emojiData();
  assert.ok(data.emoji.length > 1800, `${data.emoji.length} emoji`);
  const css = emojiCss();
  for (const unified of ["1f4ac", "2709-fe0f", "26a0-fe0f", "1f512"]) {
    assert.match(css, new RegExp(`\\.e-${unified}\\{background-position:[\\d.]+% [\\d.]+%\\}`));
  }
  const drawn = (items: unknown[]) => fragment(items as string[]).html;
  // Slack's short names, including aliases: :email: and :envelope: are the same ✉️.
  for (
    const [text, unified] of [
      [":speech_balloon:", "1f4ac"],
      [":email:", "2709-fe0f"],
      [":envelope:", "2709-fe0f"],
      [":warning:", "26a0-fe0f"],
      [":+1::skin-tone-3:", "1f44d"],
    ] as const
  ) {
    assert.match(drawn(emojiCodes(text)), new RegExp(`class="emoji e-${unified}"`), text);
  }
  // Characters in text are drawn too, with or without the emoji variation selector.
  const marks = drawn(emojiText("Delivered 💬, emailed ✉️, failed ⚠ — © 2026"));
  assert.equal((marks.match(/class="emoji /g) ?? []).length, 3);
  assert.match(marks, /e-1f4ac.*e-2709-fe0f.*e-26a0-fe0f/);
  assert.match(marks, /— © 2026$/, "older text symbols stay text, as in Slack");
});

Deno.test("mrkdwn() shows a date token in the viewer's time zone, or its fallback when the format is unknown", () => {
  const token = `<!date^${NEW_YEAR}^{date_num} {time}|2026-01-01 00:00 UTC>`;
  assert.match(mrkdwn(token, { viewer: PARIS }).html, />2026-01-01 01:00</);
  assert.match(mrkdwn(token, { viewer: NEW_YORK }).html, />2025-12-31 7:00 PM</);
  assert.match(
    mrkdwn(`<!date^${NEW_YEAR}^{nonsense}|2026-01-01 00:00 UTC>`, { viewer: PARIS }).html,
    />2026-01-01 00:00 UTC</,
  );
});

Deno.test("formatSlackDate() fills every documented token", () => {
  const v = { tz: "UTC", locale: "en-US", now: Date.UTC(2026, 5, 1) };
  const ts = Date.UTC(2026, 1, 18, 14, 34, 56) / 1000;
  assert.equal(formatSlackDate(ts, "{date_num}", v), "2026-02-18");
  assert.equal(formatSlackDate(ts, "{date_slash}", v), "02/18/2026");
  assert.equal(formatSlackDate(ts, "{date_long}", v), "Wednesday, February 18th, 2026");
  assert.equal(formatSlackDate(ts, "{date_long_full}", v), "February 18, 2026");
  assert.equal(formatSlackDate(ts, "{date}", v), "February 18");
  assert.equal(formatSlackDate(ts, "{date_short}", v), "Feb 18, 2026");
  assert.equal(formatSlackDate(ts, "{time}", v), "2:34 PM");
  assert.equal(formatSlackDate(ts, "{time_secs}", { ...v, locale: "fr-FR" }), "14:34:56");
  assert.equal(formatSlackDate(ts, "{day_divider_pretty}", v), "Wednesday, February 18th");
  assert.equal(formatSlackDate(ts, "{ago}", v), "102 days ago");
  const tomorrow = Date.UTC(2026, 5, 2, 9) / 1000;
  assert.equal(
    formatSlackDate(tomorrow, "{date_short_pretty} at {time}", v),
    "Tomorrow at 9:00 AM",
  );
  assert.equal(formatSlackDate(tomorrow, "on {date_pretty}", v), "on tomorrow");
  assert.equal(formatSlackDate(ts, "{bogus}", v), null);
});

Deno.test("formatSlackDate() speaks French to a French viewer", () => {
  const v = { tz: "Europe/Paris", locale: "fr-FR", now: Date.UTC(2026, 10, 22, 12) };
  const ts = Date.UTC(2026, 10, 25, 8) / 1000;
  assert.equal(
    formatSlackDate(ts, "{date_long_pretty} {time}", v),
    "mercredi 25 novembre 2026 09:00",
  );
  assert.equal(formatSlackDate(ts, "{date_short}", v), "25 nov. 2026");
  assert.equal(
    formatSlackDate(Date.UTC(2026, 10, 23, 8) / 1000, "{date_short_pretty}", v),
    "Demain",
  );
  assert.equal(formatSlackDate(Date.UTC(2026, 11, 1, 8) / 1000, "{date}", v), "1er décembre");
  assert.equal(formatSlackDate(Date.UTC(2026, 10, 22, 9) / 1000, "{ago}", v), "il y a 3 heures");
});

Deno.test("renderBlock() keeps plain_text literal: no bold, no entity decoding, no markup", () => {
  const header = renderBlock(
    { type: "header", text: { type: "plain_text", text: `*${XSS}* &lt;` } },
    0,
    {},
  );
  assert.equal(header.html, `<div class="block block-header">*${ESCAPED}* &amp;lt;</div>`);
  const section = renderBlock(
    { type: "section", text: { type: "mrkdwn", text: "*bold* &lt;x&gt;" } },
    0,
    {},
  );
  assert.match(section.html, /<b>bold<\/b> &lt;x&gt;/);
  const plain = renderBlock(
    { type: "section", text: { type: "plain_text", text: "*not bold*" } },
    0,
    {},
  );
  assert.match(plain.html, /\*not bold\*/);
  assert.ok(!plain.html.includes("<b>"));
});

Deno.test("renderBlock() draws rich_text sections, quotes, lists and date elements", () => {
  const html = renderBlock(
    {
      type: "rich_text",
      elements: [
        {
          type: "rich_text_section",
          elements: [
            { type: "text", text: "Session start: ", style: { bold: true } },
            {
              type: "date",
              timestamp: NEW_YEAR,
              format: "{date_short_pretty} {time}",
              fallback: "2026-01-01 00:00 UTC",
            },
            { type: "text", text: ` ${XSS}` },
            { type: "user", user_id: "U1" },
          ],
        },
        { type: "rich_text_quote", elements: [{ type: "text", text: "*quoted* &lt;" }] },
        {
          type: "rich_text_list",
          style: "ordered",
          elements: [{ type: "rich_text_section", elements: [{ type: "text", text: "one" }] }],
        },
      ],
    },
    0,
    { viewer: { ...PARIS, now: Date.UTC(2025, 5, 1) }, users: { U1: "Mo" } },
  ).html;
  assert.match(html, /<b>Session start: <\/b>/);
  assert.match(
    html,
    /<time class="slack-date" datetime="2026-01-01T00:00:00.000Z" title="2026-01-01 00:00 UTC">1er janv. 2026 01:00<\/time>/,
  );
  assert.ok(html.includes(ESCAPED) && !html.includes("<img"));
  assert.match(html, /@Mo/);
  assert.match(html, /<blockquote class="rt-quote">\*quoted\* &amp;lt;<\/blockquote>/);
  assert.match(html, /<ol class="rt-list indent-0"><li>one<\/li><\/ol>/);
});

Deno.test("renderBlock() draws section fields, context, image, divider and both kinds of button", () => {
  const ctx = {};
  const section = renderBlock(
    {
      type: "section",
      block_id: "b1",
      fields: [{ type: "mrkdwn", text: "*Start*" }, { type: "plain_text", text: "Soon" }],
      accessory: { type: "image", image_url: "https://x.example/c.png", alt_text: "cover" },
    },
    2,
    ctx,
  ).html;
  assert.match(section, /<div class="field"><b>Start<\/b><\/div><div class="field">Soon<\/div>/);
  assert.match(
    section,
    /<img class="accessory-image" src="https:\/\/x.example\/c.png" alt="cover"/,
  );
  const actions = renderBlock(
    {
      type: "actions",
      block_id: "acts",
      elements: [
        {
          type: "button",
          action_id: "open",
          text: { type: "plain_text", text: "Open session" },
          url: "https://learn.example/s/1",
          style: "primary",
        },
        {
          type: "button",
          action_id: "mute",
          text: { type: "plain_text", text: "Mute" },
          value: "v1",
        },
      ],
    },
    3,
    ctx,
  ).html;
  assert.match(
    actions,
    /<a data-block-index="3" data-element="0" data-block-id="acts" data-action-id="open" class="button primary link-button" href="https:\/\/learn.example\/s\/1" target="_blank"/,
  );
  assert.match(
    actions,
    /<button data-block-index="3" data-element="1" data-block-id="acts" data-action-id="mute" type="button" class="button" data-kind="button-action">Mute<\/button>/,
  );
  assert.match(renderBlock({ type: "divider" }, 0, ctx).html, /<hr/);
  assert.match(
    renderBlock(
      {
        type: "context",
        elements: [{ type: "image", image_url: "/demo/images/logo.png", alt_text: "logo" }, {
          type: "mrkdwn",
          text: "_small_",
        }],
      },
      0,
      ctx,
    ).html,
    /<img class="context-image" src="\/demo\/images\/logo.png" alt="logo"><span class="context-text"><i>small<\/i><\/span>/,
  );
  assert.match(renderBlock({ type: "video" }, 0, ctx).html, /unsupported block: video/);
});

Deno.test("renderMessage() shows an app post under its custom username and icon, a person's under their name", () => {
  const ctx = { app: { name: "Session Bridge", icon: "/demo/app-icon.png" }, users: { U1: XSS } };
  const appPost = {
    ts: String(NEW_YEAR),
    bot_id: "B1",
    user: "UBOT",
    username: "Northwind Academy",
    icons: { image_48: "/demo/images/academy-logo.png" },
    text: "hi",
  };
  assert.deepEqual(senderOf(appPost, ctx), {
    name: "Northwind Academy",
    isApp: true,
    image: "/demo/images/academy-logo.png",
    emoji: null,
  });
  assert.equal(senderOf({ ts: "1.0", bot_id: "B1", text: "" }, ctx).name, "Session Bridge");
  const html = renderMessage({
    ts: String(NEW_YEAR),
    user: "U1",
    text: XSS,
    reply_count: 2,
    reply_users: ["U1"],
    reactions: [{ name: "email", users: ["U1"], count: 1 }],
  }, ctx).html;
  assert.ok(!html.includes("<img src=x"), "no element from the text or the name");
  assert.ok(html.includes(`<span class="sender">${ESCAPED}</span>`));
  assert.match(html, /2 replies/);
  assert.match(html, /class="emoji e-2709-fe0f"[^>]*>✉️</);
});

Deno.test("renderView() draws inputs with their current values, hints, errors and a submit button", () => {
  const view = {
    id: "V1",
    title: { type: "plain_text", text: "Session Bridge settings" },
    submit: { type: "plain_text", text: "Save" },
    close: { type: "plain_text", text: "Cancel" },
    blocks: [
      {
        type: "input",
        block_id: "prefix",
        label: { type: "plain_text", text: "Prefix" },
        hint: { type: "plain_text", text: "End with a hyphen" },
        element: { type: "plain_text_input", action_id: "v", initial_value: "webinar-" },
      },
      {
        type: "input",
        block_id: "mode",
        label: { type: "plain_text", text: "Mode" },
        dispatch_action: true,
        element: {
          type: "radio_buttons",
          action_id: "v",
          options: [{ text: { type: "plain_text", text: "One channel" }, value: "single" }, {
            text: { type: "plain_text", text: "Per webinar" },
            value: "per_webinar",
          }],
        },
      },
      {
        type: "input",
        block_id: "admins",
        optional: true,
        label: { type: "plain_text", text: "Admins" },
        element: { type: "multi_users_select", action_id: "v", initial_users: ["U2"] },
      },
      {
        type: "input",
        block_id: "types",
        label: { type: "plain_text", text: "Types" },
        element: {
          type: "checkboxes",
          action_id: "v",
          options: [{
            text: { type: "plain_text", text: "Assigned" },
            value: "session_assignment",
          }],
        },
      },
    ],
    state: {
      values: { mode: { v: { type: "radio_buttons", selected_option: { value: "per_webinar" } } } },
    },
  };
  const html =
    renderView(view, { people: [{ id: "U1", name: "Alice" }, { id: "U2", name: XSS }] }, {
      errors: { prefix: "Use lowercase letters" },
    }).html;
  assert.match(
    html,
    /<input data-state="true" data-block-id="prefix" data-action-id="v" data-type="plain_text_input"[^>]* value="webinar-"/,
  );
  assert.match(html, /<div class="field-error" role="alert">Use lowercase letters<\/div>/);
  assert.match(html, /value="per_webinar" checked/);
  assert.match(html, /data-block-id="mode"[^>]*data-dispatch="true"/);
  assert.match(
    html,
    /<select [^>]*multiple[^>]*><option value="U1">Alice<\/option><option value="U2" selected>&lt;img/,
  );
  assert.match(html, /\(optional\)/);
  assert.match(html, /data-kind="view-submit"[^>]*>Save<\/button>/);
  assert.ok(!html.includes("<img"));
});

Deno.test("stateValue() and actionPayload() build Slack's shapes from what a person chose", () => {
  const radio = {
    type: "radio_buttons",
    action_id: "v",
    options: [{ text: { type: "plain_text", text: "A" }, value: "a" }],
  };
  assert.deepEqual(stateValue(radio, ["a"]), {
    type: "radio_buttons",
    selected_option: { text: { type: "plain_text", text: "A" }, value: "a" },
  });
  assert.deepEqual(stateValue(radio, []), { type: "radio_buttons", selected_option: null });
  assert.deepEqual(stateValue({ type: "multi_users_select" }, ["U1", "U2"]), {
    type: "multi_users_select",
    selected_users: ["U1", "U2"],
  });
  assert.deepEqual(stateValue({ type: "plain_text_input" }, [""]), {
    type: "plain_text_input",
    value: null,
  });
  assert.deepEqual(stateValue({ type: "conversations_select" }, ["C1"]), {
    type: "conversations_select",
    selected_conversation: "C1",
  });
  const block = {
    type: "actions",
    block_id: "b",
    elements: [{
      type: "button",
      action_id: "go",
      value: "7",
      text: { type: "plain_text", text: "Go" },
    }],
  };
  const found = elementAt([block], 0, "0");
  assert.ok(found);
  assert.deepEqual(actionPayload(found.element, found.block), {
    type: "button",
    block_id: "b",
    action_id: "go",
    text: { type: "plain_text", text: "Go" },
    value: "7",
  });
  assert.deepEqual(
    actionPayload(radio, { block_id: "mode" }, stateValue(radio, ["a"])),
    {
      type: "radio_buttons",
      block_id: "mode",
      action_id: "v",
      selected_option: { text: { type: "plain_text", text: "A" }, value: "a" },
    },
  );
  assert.equal(elementAt([block], 0, "5"), null);
});

Deno.test("renderMessage() shows an attendee named and chatting in HTML as text, from the app's own messages", () => {
  const parsed = parseWebinarEvent({
    id: "evt_xss",
    type: "attendee.chat_message",
    occurred_at: "2026-11-22T15:04:10Z",
    webinar: {
      id: "web_1",
      title: `Webinar ${XSS}`,
      reply_attribution: "sender",
      primary_moderator: { name: "Pat", email: "pat@example.com" },
      moderators: [],
    },
    session: { id: "ses_1", type: "live", starts_at: "2026-11-22T15:00:00Z" },
    attendee: {
      id: "att_1",
      name: XSS,
      email: "mallory@evil.example",
      joined_at: "2026-11-22T15:02:00Z",
    },
    message: { id: "m1", text: `${XSS} *bold?* <!channel> &lt;` },
  });
  assert.equal(parsed.kind, "valid");
  if (parsed.kind !== "valid" || !isAttendeeEvent(parsed.event)) return;
  const ctx = { viewer: PARIS, app: { name: "Session Bridge" } };
  for (
    const m of [
      renderParent(parsed.event, "en"),
      renderThreadMessages(parsed.event, "en", false)[0]!,
    ]
  ) {
    const html = renderMessage({ ts: "1795359600.000100", bot_id: "B1", ...m }, ctx).html;
    assert.ok(!/<img[^>]*src=x/.test(html), "no element from the name or the text");
    assert.ok(html.includes(ESCAPED), "the markup is shown as text");
    assert.ok(!html.includes("broadcast"), "<!channel> in outside text pings nobody");
  }
  const thread = renderMessage(
    {
      ts: "1795359600.000200",
      bot_id: "B1",
      ...renderThreadMessages(parsed.event, "en", false)[0]!,
    },
    ctx,
  ).html;
  assert.ok(
    thread.includes("*bold?* &lt;!channel&gt; &amp;lt;"),
    "quoted literally, not formatted",
  );
});
