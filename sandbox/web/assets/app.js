// @ts-check
/// <reference lib="dom" />
/**
 * The sandbox page: a small Slack-like client (sidebar, channels, the app's DMs, threads, reactions,
 * shortcuts, modals) and the two platform simulators, all drawn from the sandbox's JSON API. Every
 * piece of HTML comes from html.js / blocks.js, which escape all text; this file only wires events.
 * The page refreshes when the server says something changed (server-sent events, with a slow poll
 * as a safety net).
 */
import { fragment, h } from "./html.js";
import {
  actionPayload,
  elementAt,
  optionByValue,
  renderMessage,
  renderView,
  stateValue,
} from "./blocks.js";
import { formatSlackDate } from "./dates.js";
import { emojiText, setEmojiData } from "./emoji.js";

/** @typedef {import("./html.js").SafeHtml} SafeHtml */
/**
 * JSON from the sandbox's own API (sandbox/web/api.ts). Loosely typed on purpose: the shapes are
 * produced by the server next to this file, and the renderer reads every field defensively.
 * @typedef {any} Json
 */

// ---------- small helpers ----------

/** @param {string} id @returns {HTMLElement} */
function byId(id) {
  const el = document.getElementById(id);
  if (!el) throw new Error(`Missing element #${id}`);
  return el;
}

class ApiError extends Error {}
/** The sandbox cannot be reached (stopped, restarting): shown as a banner, not as an error. */
class OfflineError extends Error {}

/**
 * @param {string} path
 * @param {Json} [body] POSTed as JSON when given
 * @returns {Promise<Json>}
 */
async function api(path, body) {
  let res;
  try {
    res = await fetch(
      path,
      body === undefined ? { cache: "no-store" } : {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(body),
      },
    );
  } catch {
    setOnline(false);
    throw new OfflineError("The sandbox is not answering");
  }
  setOnline(true);
  /** @type {Json} */
  let json;
  try {
    json = await res.json();
  } catch {
    throw new ApiError(`The sandbox answered HTTP ${res.status}`);
  }
  if (!json.ok) throw new ApiError(String(json.error ?? `HTTP ${res.status}`));
  return json;
}

/** @param {string} message @param {"info" | "error"} [kind] */
function toast(message, kind = "info") {
  const el = document.createElement("div");
  el.className = `toast ${kind}`;
  el.setAttribute("role", kind === "error" ? "alert" : "status");
  el.textContent = message;
  byId("toasts").append(el);
  setTimeout(() => el.remove(), kind === "error" ? 8000 : 4000);
}

/** @param {unknown} err */
function showError(err) {
  // A stopped sandbox is told once, by the banner, not by a toast per failed request.
  if (err instanceof OfflineError) return;
  toast(err instanceof Error ? err.message : String(err), "error");
}

let online = true;
/**
 * Shows or hides the "Reconnecting…" banner (as Slack's client does when it loses its connection).
 * @param {boolean} value
 */
function setOnline(value) {
  if (online === value) return;
  online = value;
  byId("connection").hidden = value;
  if (value) void refresh();
}

/** What each region last drew, so an unchanged refresh touches nothing. */
/** @type {WeakMap<Element, string>} */
const drawn = new WeakMap();

/**
 * Replaces an element's content with safe HTML, keeping what the person typed or chose in form
 * fields (matched by id), the focused field and the scroll position. Does nothing if unchanged.
 * @param {HTMLElement} el
 * @param {SafeHtml} html
 * @param {{ stickToBottom?: boolean }} [options]
 */
function setHtml(el, html, options = {}) {
  if (drawn.get(el) === html.html) return;
  /** @type {Map<string, { value: string, checked: boolean, selected: string[] }>} */
  const kept = new Map();
  for (const f of el.querySelectorAll("input[id], textarea[id], select[id]")) {
    if (f instanceof HTMLSelectElement) {
      kept.set(f.id, {
        value: f.value,
        checked: false,
        selected: [...f.selectedOptions].map((o) => o.value),
      });
    } else if (f instanceof HTMLInputElement || f instanceof HTMLTextAreaElement) {
      kept.set(f.id, {
        value: f.value,
        checked: f instanceof HTMLInputElement && f.checked,
        selected: [],
      });
    }
  }
  const focused =
    document.activeElement instanceof HTMLElement && el.contains(document.activeElement)
      ? document.activeElement.id
      : "";
  const atBottom = el.scrollHeight - el.scrollTop - el.clientHeight < 40;
  const scroll = el.scrollTop;
  el.innerHTML = html.html;
  drawn.set(el, html.html);
  for (const [id, v] of kept) {
    const f = document.getElementById(id);
    if (!f || !el.contains(f) || f.dataset.reset === "true") continue;
    if (f instanceof HTMLSelectElement) {
      for (const o of f.options) o.selected = v.selected.includes(o.value);
    } else if (f instanceof HTMLInputElement && (f.type === "checkbox" || f.type === "radio")) {
      f.checked = v.checked;
    } else if (f instanceof HTMLInputElement || f instanceof HTMLTextAreaElement) {
      f.value = v.value;
    }
  }
  if (focused) document.getElementById(focused)?.focus();
  el.scrollTop = options.stickToBottom && atBottom ? el.scrollHeight : scroll;
}

// ---------- state and routing ----------

/**
 * @typedef {{ kind: "channel", channel: string | null, thread: string | null }
 *   | { kind: "webinar", webinar: string | null, attendee: string | null }
 *   | { kind: "learning", session: string | null }
 *   | { kind: "runs", workflow: string | null, status: string | null }} Route
 */

const state = {
  /** @type {string | null} */
  me: localStorage.getItem("sb.me"),
  /** @type {Json | null} */
  core: null,
  /** when `core` was fetched (page clock), to move the sandbox clock along between refreshes */
  coreAt: 0,
  /** @type {string | null} whom `core` was fetched for ("You are" may change during a refresh) */
  coreFor: null,
  /** @type {Json | null} */
  channelData: null,
  /** @type {Json | null} */
  threadData: null,
  /** @type {Json | null} */
  simData: null,
  modal: {
    /** @type {string | null} */
    key: null,
    /** @type {Record<string, string>} */
    errors: {},
    busy: false,
    /** @type {string | null} */
    problem: null,
  },
  /** @type {string | null} */
  lastChannel: localStorage.getItem("sb.channel"),
  /**
   * The client's own dialogs (not the app's modals): a channel's details, creating a channel.
   * @type {{ kind: "details", tab: "about" | "members" | "integrations", adding: boolean }
   *   | { kind: "new-channel" } | null}
   */
  dialog: null,
  /** @type {string | null} */
  dialogProblem: null,
};

/** @returns {Route} */
function parseRoute() {
  const hash = decodeURIComponent(location.hash.replace(/^#\/?/, ""));
  const parts = hash.split("/");
  if (parts[0] === "c") {
    return { kind: "channel", channel: parts[1] || null, thread: parts[3] || null };
  }
  if (parts[0] === "webinar") {
    return { kind: "webinar", webinar: parts[1] || null, attendee: parts[2] || null };
  }
  if (parts[0] === "learning") {
    return { kind: "learning", session: parts[1] === "session" ? parts[2] || null : null };
  }
  if (parts[0] === "runs") {
    const pick = (/** @type {string | undefined} */ v) => v && v !== "all" ? v : null;
    return { kind: "runs", workflow: pick(parts[1]), status: pick(parts[2]) };
  }
  return { kind: "channel", channel: null, thread: null };
}

/** @param {string} hash */
function go(hash) {
  if (location.hash === hash) void refresh();
  else location.hash = hash;
}

/** @returns {Json | null} */
function meUser() {
  return state.core?.people?.find((/** @type {Json} */ p) => p.id === state.me) ?? null;
}

/** The sandbox clock now (it runs on between refreshes). */
function sandboxNow() {
  const core = state.core;
  return core ? core.now + (Date.now() - state.coreAt) : Date.now();
}

function viewer() {
  const me = meUser();
  return { tz: me?.tz ?? "UTC", locale: me?.locale ?? "en-US", now: sandboxNow() };
}

/** @returns {import("./blocks.js").BlockContext} */
function renderContext() {
  const core = state.core ?? {};
  return {
    users: core.names ?? {},
    channels: core.channel_names ?? {},
    viewer: viewer(),
    me: state.me ?? undefined,
    app: core.app
      ? { name: core.app.name, icon: core.app.icon, botId: core.app.bot_id }
      : undefined,
    people: (core.people ?? []).map((/** @type {Json} */ p) => ({ id: p.id, name: p.name })),
    conversations: (core.conversations ?? []).map((/** @type {Json} */ c) => ({
      id: c.id,
      name: c.name,
      kind: c.kind,
    })),
  };
}

// ---------- refresh ----------

let refreshing = false;
let again = false;

async function refresh() {
  if (refreshing) {
    again = true;
    return;
  }
  refreshing = true;
  try {
    do {
      again = false;
      await refreshOnce();
    } while (again);
  } catch (err) {
    showError(err);
  } finally {
    refreshing = false;
  }
}

async function refreshOnce() {
  let coreFor = state.me;
  let core = await api(`/ui/state${coreFor ? `?user=${encodeURIComponent(coreFor)}` : ""}`);
  if (!state.me || !core.people.some((/** @type {Json} */ p) => p.id === state.me)) {
    const first = core.people.find((/** @type {Json} */ p) => p.admin) ?? core.people[0];
    if (!first) return;
    state.me = first.id;
    localStorage.setItem("sb.me", first.id);
    coreFor = first.id;
    core = await api(`/ui/state?user=${encodeURIComponent(first.id)}`);
  }
  state.core = core;
  state.coreAt = Date.now();
  state.coreFor = coreFor;
  drawTopbar();
  const route = parseRoute();
  if (route.kind === "channel" && !route.channel) {
    const convs = core.conversations ?? [];
    const preferred = convs.find((/** @type {Json} */ c) =>
      c.id === state.lastChannel && c.member
    ) ??
      convs.find((/** @type {Json} */ c) => c.name === "general" && c.member) ??
      convs.find((/** @type {Json} */ c) => c.member);
    if (preferred) {
      history.replaceState(null, "", `#/c/${preferred.id}`);
      return await refreshOnce();
    }
  }
  drawSidebar(route);
  await drawMain(route);
  drawModal();
  drawDialog(route);
  await markRead(route);
}

/**
 * Opening a conversation reads it, as in Slack: its bold and its badge go (conversations.mark
 * through the page API, with the person's token).
 * @param {Route} route
 */
async function markRead(route) {
  if (route.kind !== "channel" || !state.me || !state.channelData) return;
  const c = state.channelData.channel;
  const latest = (state.channelData.messages ?? []).at(-1)?.ts;
  const known = (state.core?.conversations ?? []).find((/** @type {Json} */ x) => x.id === c.id);
  if (route.channel !== c.id || !known?.member || !latest || !known.unread || document.hidden) {
    return;
  }
  await api("/ui/read", { user: state.me, channel: c.id, ts: latest });
}

// ---------- top bar ----------

function drawTopbar() {
  const core = state.core;
  if (!core) return;
  byId("workspace-name").textContent = core.team?.name ?? "Sandbox";
  const select = byId("me-select");
  setHtml(
    select,
    fragment(
      core.people.map((/** @type {Json} */ p) =>
        h(
          "option",
          { value: p.id, selected: p.id === state.me },
          `${p.name}${p.role ? ` — ${p.role}` : p.admin ? " — admin" : ""}`,
        )
      ),
    ),
  );
  if (select instanceof HTMLSelectElement) select.value = state.me ?? "";
  drawClock();
}

function drawClock() {
  const core = state.core;
  if (!core) return;
  const v = viewer();
  const shown = formatSlackDate(Math.floor(sandboxNow() / 1000), "{date_short} {time}", v) ?? "";
  const ahead = core.clock_offset_ms > 0 ? aheadLabel(core.clock_offset_ms) : "";
  setHtml(
    byId("clock"),
    fragment(
      h("span", { title: `Sandbox clock, in ${v.tz}` }, emojiText(`🕒 ${shown}`)),
      ahead
        ? h("span", { class: "ahead", title: "The sandbox clock is ahead of real time" }, ahead)
        : "",
    ),
  );
}

/** @param {number} ms */
function aheadLabel(ms) {
  const h = Math.round(ms / 3_600_000);
  return h >= 48 ? `+${Math.round(h / 24)} days` : `+${h} h`;
}

// ---------- sidebar ----------

/** @param {Route} route */
function drawSidebar(route) {
  const core = state.core;
  if (!core) return;
  const convs = core.conversations ?? [];
  const channels = convs.filter((/** @type {Json} */ c) => c.kind !== "im");
  const dm = convs.find((/** @type {Json} */ c) => c.kind === "im");
  const current = route.kind === "channel" ? route.channel : null;
  /** @param {boolean} active @param {string} extra */
  const cls = (active, extra = "") => `side-item${active ? " active" : ""}${extra}`;
  /** @param {Json} c */
  const unreadCls = (c) => c.member && c.unread ? " unread" : "";
  /** @param {Json} c */
  const badge = (c) =>
    c.member && c.mentions > 0
      ? h("span", {
        class: "badge",
        "data-testid": `badge-${c.name}`,
        "aria-label": `${c.mentions} mentions`,
      }, String(c.mentions))
      : "";
  setHtml(
    byId("sidebar"),
    fragment(
      h(
        "div",
        { class: "side-title side-title-row" },
        "Channels",
        h("button", {
          type: "button",
          class: "side-add",
          "data-kind": "new-channel",
          "data-testid": "new-channel",
          title: "Create a channel",
          "aria-label": "Create a channel",
        }, "+"),
      ),
      channels.map((/** @type {Json} */ c) =>
        h(
          "a",
          {
            class: cls(
              current === c.id,
              `${c.member ? "" : " not-member"}${c.archived ? " archived" : ""}${unreadCls(c)}`,
            ),
            href: `#/c/${c.id}`,
            "data-testid": `channel-${c.name}`,
            title: c.member
              ? `#${c.name}${c.purpose ? `: ${c.purpose}` : ""}`
              : `You are not in #${c.name}: open it to join`,
          },
          h("span", { class: "hash" }, c.kind === "private" ? emojiText("🔒") : "#"),
          h("span", { class: "label" }, c.name),
          badge(c),
        )
      ),
      h("div", { class: "side-title" }, "Apps"),
      core.app
        ? h(
          "a",
          {
            class: cls(!!dm && current === dm.id, dm ? unreadCls(dm) : ""),
            href: dm ? `#/c/${dm.id}` : "#/c/app-dm",
            "data-testid": "app-dm",
          },
          h("img", { src: core.app.icon, alt: "" }),
          h("span", { class: "label" }, core.app.name),
          dm ? badge({ ...dm, name: "app-dm" }) : "",
        )
        : "",
      h("div", { class: "side-title" }, "Shortcuts"),
      h("div", { class: "side-note" }, "Link triggers (workflow links), run as you"),
      (core.shortcuts ?? []).map((/** @type {Json} */ s) =>
        h(
          "button",
          {
            type: "button",
            class: "side-item",
            "data-kind": "run-shortcut",
            "data-trigger": s.id,
            title: s.description,
            "data-testid": `shortcut-${s.name}`,
          },
          h("span", { class: "hash" }, emojiText("⚡")),
          h("span", { class: "label" }, s.name),
        )
      ),
      h("div", { class: "side-title" }, "Simulators"),
      h(
        "a",
        { class: cls(route.kind === "webinar"), href: "#webinar", "data-testid": "sim-webinar" },
        h("span", { class: "hash" }, emojiText("🎥")),
        h("span", { class: "label" }, "Webinar platform"),
      ),
      h(
        "a",
        { class: cls(route.kind === "learning"), href: "#learning", "data-testid": "sim-learning" },
        h("span", { class: "hash" }, emojiText("🎓")),
        h("span", { class: "label" }, "Learning platform"),
      ),
      h("div", { class: "side-title" }, "Behind the scenes"),
      h(
        "a",
        { class: cls(route.kind === "runs"), href: "#runs", "data-testid": "runs" },
        h("span", { class: "hash" }, emojiText("⚙️")),
        h("span", { class: "label" }, "Workflow runs"),
      ),
    ),
  );
}

// ---------- main area ----------

/** @param {Route} route */
async function drawMain(route) {
  const composer = byId("composer");
  const pane = byId("thread-pane");
  if (route.kind === "channel") {
    await drawChannel(route);
    return;
  }
  composer.hidden = true;
  pane.hidden = true;
  if (route.kind === "webinar") {
    state.simData = await api("/sim/webinar");
    drawWebinar(route);
  } else if (route.kind === "learning") {
    state.simData = await api("/sim/learning");
    drawLearning(route);
  } else {
    const q = new URLSearchParams();
    if (route.workflow) q.set("workflow", route.workflow);
    if (route.status) q.set("status", route.status);
    state.simData = await api(`/ui/runs?${q}`);
    drawRuns(route);
  }
}

/** @param {Extract<Route, { kind: "channel" }>} route */
async function drawChannel(route) {
  const core = state.core;
  const composer = byId("composer");
  const content = byId("main-content");
  if (!core || !state.me) return;
  if (route.channel === "app-dm") {
    state.channelData = null;
    setHtml(
      byId("main-header"),
      h("h1", { "data-testid": "channel-title" }, core.app?.name ?? "App"),
    );
    setHtml(
      content,
      h("div", { class: "empty" }, `${core.app?.name ?? "The app"} has not sent you anything yet.`),
    );
    composer.hidden = true;
    byId("thread-pane").hidden = true;
    return;
  }
  const channel = route.channel ?? "";
  // "You are" changed while this refresh ran: the next one (already queued) draws for the new person.
  if (state.coreFor !== state.me) return;
  if (!(core.conversations ?? []).some((/** @type {Json} */ c) => c.id === channel)) {
    // Not a conversation this person can see (another person's private channel, after switching
    // "You are"): go to one of theirs.
    state.channelData = null;
    go("#/c/");
    return;
  }
  let data;
  try {
    data = await api(
      `/ui/messages?user=${encodeURIComponent(state.me)}&channel=${encodeURIComponent(channel)}`,
    );
  } catch (err) {
    // Offline: the conversation stays as it was (as Slack's client keeps it while reconnecting);
    // the banner says the sandbox is not answering.
    if (err instanceof OfflineError) return;
    setHtml(byId("main-header"), h("h1", null, "Not available"));
    setHtml(
      content,
      h("div", { class: "empty" }, err instanceof Error ? err.message : String(err)),
    );
    composer.hidden = true;
    byId("thread-pane").hidden = true;
    return;
  }
  state.channelData = data;
  state.lastChannel = channel;
  localStorage.setItem("sb.channel", channel);
  const c = data.channel;
  setHtml(
    byId("main-header"),
    fragment(
      c.kind === "im" ? h("h1", { "data-testid": "channel-title" }, c.name) : h(
        "h1",
        null,
        h(
          "button",
          {
            type: "button",
            class: "channel-name",
            "data-kind": "channel-details",
            "data-testid": "channel-title",
            title: `Details of #${c.name}: members, integrations`,
          },
          c.kind === "private" ? emojiText("🔒") : "#",
          " ",
          h("span", { class: "label" }, c.name),
          h("span", { class: "caret", "aria-hidden": "true" }, "▾"),
        ),
      ),
      h(
        "div",
        { class: "purpose" },
        c.kind === "im"
          ? "Messages from the app (its Messages tab)"
          : `${c.members} members${c.purpose ? ` · ${c.purpose}` : ""}`,
      ),
    ),
  );
  const ctx = renderContext();
  const messages = data.messages ?? [];
  /** @type {SafeHtml[]} */
  const items = [];
  let lastDay = "";
  for (const m of messages) {
    const day = formatSlackDate(Number(m.ts), "{day_divider_pretty}", ctx.viewer) ?? "";
    if (day !== lastDay) items.push(h("div", { class: "day-divider" }, day));
    lastDay = day;
    items.push(renderMessage({ ...m, channel: c.id }, ctx, { tools: true }));
  }
  setHtml(
    content,
    items.length ? fragment(items) : h(
      "div",
      { class: "empty" },
      c.kind === "im" ? "No messages from the app yet." : "No messages yet.",
    ),
    { stickToBottom: true },
  );
  // Composer: members post; others can join a public channel; the app's DM may be read-only.
  composer.hidden = false;
  const note = byId("composer-note");
  const form = byId("composer-form");
  const input = byId("composer-input");
  if (c.read_only) {
    note.hidden = false;
    form.hidden = true;
    setHtml(note, fragment("Sending messages to this app has been turned off."));
  } else if (c.archived) {
    note.hidden = false;
    form.hidden = true;
    setHtml(
      note,
      fragment(
        `You are viewing #${c.name}, an archived channel. `,
        h("button", {
          type: "button",
          class: "button small primary",
          "data-kind": "unarchive-channel",
          "data-testid": "unarchive-channel",
        }, "Unarchive channel"),
      ),
    );
  } else if (!c.member) {
    note.hidden = false;
    form.hidden = true;
    setHtml(
      note,
      fragment(
        `You are viewing #${c.name}. `,
        h("button", {
          type: "button",
          class: "button small primary",
          "data-kind": "join-channel",
          "data-channel": c.id,
        }, "Join channel"),
      ),
    );
  } else {
    note.hidden = true;
    form.hidden = false;
    input.setAttribute("placeholder", c.kind === "im" ? `Message ${c.name}` : `Message #${c.name}`);
  }
  await drawThread(route);
}

/** @param {Extract<Route, { kind: "channel" }>} route */
async function drawThread(route) {
  const pane = byId("thread-pane");
  if (!route.thread || !route.channel || !state.me) {
    pane.hidden = true;
    state.threadData = null;
    return;
  }
  let data;
  try {
    data = await api(
      `/ui/thread?user=${encodeURIComponent(state.me)}&channel=${
        encodeURIComponent(route.channel)
      }&ts=${encodeURIComponent(route.thread)}`,
    );
  } catch {
    pane.hidden = true;
    return;
  }
  state.threadData = data;
  pane.hidden = false;
  const ctx = renderContext();
  const c = state.channelData?.channel;
  byId("thread-where").textContent = c ? (c.kind === "im" ? c.name : `#${c.name}`) : "";
  const replies = data.replies ?? [];
  setHtml(
    byId("thread-content"),
    fragment(
      renderMessage({ ...data.parent, channel: route.channel, reply_count: 0 }, ctx, {
        inThread: true,
        tools: true,
      }),
      h(
        "div",
        { class: "thread-count" },
        `${replies.length} ${replies.length === 1 ? "reply" : "replies"}`,
      ),
      replies.map((/** @type {Json} */ m) =>
        renderMessage({ ...m, channel: route.channel ?? undefined }, ctx, {
          inThread: true,
          tools: true,
        })
      ),
    ),
    { stickToBottom: true },
  );
  const form = byId("thread-form");
  form.hidden = !c?.member || !!c?.read_only;
  setHtml(
    byId("thread-legend"),
    fragment(
      "Session Bridge marks each reply: ",
      emojiText("💬 delivered in the live chat · ✉️ emailed · ⚠️ not delivered (see the note)"),
    ),
  );
}

// ---------- modal ----------

function drawModal() {
  const layer = byId("modal-layer");
  const views = state.core?.views ?? [];
  const top = views.at(-1);
  if (!top) {
    layer.hidden = true;
    layer.innerHTML = "";
    drawn.delete(layer);
    state.modal = { key: null, errors: {}, busy: false, problem: null };
    return;
  }
  const key = `${top.id}:${top.hash}`;
  if (state.modal.key !== key) {
    // A new view (or the app updated it): errors from the last submission no longer apply.
    if (state.modal.key?.split(":")[0] !== top.id) state.modal.problem = null;
    state.modal = { key, errors: {}, busy: false, problem: state.modal.problem };
  }
  layer.hidden = false;
  setHtml(
    layer,
    fragment(
      renderView(top, renderContext(), { errors: state.modal.errors }, {
        busy: state.modal.busy,
        problem: state.modal.problem,
      }),
    ),
  );
}

/** @returns {{ view: Json, root: HTMLElement } | null} */
function openModal() {
  const view = (state.core?.views ?? []).at(-1);
  const root = byId("modal-layer").querySelector(".modal");
  return view && root instanceof HTMLElement ? { view, root } : null;
}

/**
 * Reads every stateful element of the modal into Slack's view.state.values.
 * @param {Json} view
 * @param {HTMLElement} root
 * @returns {Record<string, Record<string, Json>>}
 */
function collectValues(view, root) {
  /** @type {Record<string, Record<string, Json>>} */
  const values = {};
  for (const el of root.querySelectorAll("[data-state]")) {
    if (!(el instanceof HTMLElement)) continue;
    const found = elementAt(
      view.blocks ?? [],
      Number(el.dataset.blockIndex),
      el.dataset.element ?? "",
    );
    if (!found) continue;
    const blockId = String(found.block.block_id ?? "");
    const actionId = String(found.element.action_id ?? "");
    (values[blockId] ??= {})[actionId] = stateValue(found.element, chosenValues(el));
  }
  return values;
}

/** @param {HTMLElement} el @returns {string[]} */
function chosenValues(el) {
  if (el instanceof HTMLSelectElement) {
    return el.multiple ? [...el.selectedOptions].map((o) => o.value) : el.value ? [el.value] : [];
  }
  if (el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement) return [el.value];
  return [...el.querySelectorAll("input:checked")].flatMap((
    i,
  ) => (i instanceof HTMLInputElement ? [i.value] : []));
}

async function submitModal() {
  clearTimeout(typingTimer);
  const open = openModal();
  if (!open || !state.me || state.modal.busy) return;
  const values = collectValues(open.view, open.root);
  state.modal.busy = true;
  state.modal.problem = null;
  drawModal();
  try {
    const res = await api("/ui/view/submit", { user: state.me, view_id: open.view.id, values });
    state.modal.errors = res.errors ?? {};
  } catch (err) {
    state.modal.problem = `We had some trouble connecting. Try again? (${
      err instanceof Error ? err.message : err
    })`;
  } finally {
    state.modal.busy = false;
  }
  await refresh();
  drawModal();
}

async function closeModal() {
  const open = openModal();
  if (!open || !state.me) return;
  try {
    await api("/ui/view/close", { user: state.me, view_id: open.view.id });
  } catch (err) {
    showError(err);
  }
  await refresh();
}

/**
 * A click or change on an interactive element inside the modal: a block_actions for the app.
 * @param {HTMLElement} el the element with data-block-index / data-element
 */
async function modalAction(el) {
  const open = openModal();
  if (!open || !state.me) return;
  const found = elementAt(
    open.view.blocks ?? [],
    Number(el.dataset.blockIndex),
    el.dataset.element ?? "",
  );
  if (!found) return;
  const values = collectValues(open.view, open.root);
  const value = found.element.type === "button"
    ? undefined
    : stateValue(found.element, chosenValues(el));
  try {
    await api("/ui/view/action", {
      user: state.me,
      view_id: open.view.id,
      action: actionPayload(found.element, found.block, value),
      values,
    });
  } catch (err) {
    state.modal.problem = err instanceof Error ? err.message : String(err);
    drawModal();
  }
}

// ---------- the client's own dialogs ----------

/** @param {Route} route */
function drawDialog(route) {
  const layer = byId("dialog-layer");
  const dialog = state.dialog;
  const c = state.channelData?.channel;
  if (!dialog || (dialog.kind === "details" && (route.kind !== "channel" || !c))) {
    layer.hidden = true;
    setHtml(layer, fragment());
    return;
  }
  layer.hidden = false;
  const problem = state.dialogProblem
    ? h("div", { class: "modal-problem", role: "alert" }, state.dialogProblem)
    : "";
  const close = h("button", {
    type: "button",
    class: "modal-x",
    "data-kind": "dialog-close",
    "aria-label": "Close",
  }, "×");
  if (dialog.kind === "new-channel") {
    setHtml(
      layer,
      h(
        "div",
        {
          class: "modal dialog",
          role: "dialog",
          "aria-label": "Create a channel",
          "data-testid": "new-channel-dialog",
        },
        h(
          "div",
          { class: "modal-header" },
          h("h2", { class: "modal-title" }, "Create a channel"),
          close,
        ),
        h(
          "div",
          { class: "modal-body" },
          h("label", { class: "input-label", for: "new-channel-name" }, "Name"),
          h("input", {
            class: "text-input",
            id: "new-channel-name",
            placeholder: "e.g. webinar-staff",
            maxlength: 80,
            "aria-label": "Channel name",
          }),
          h(
            "div",
            { class: "input-hint" },
            "Lower-case letters, digits, hyphens and underscores, as Slack requires.",
          ),
          h(
            "label",
            { class: "choice" },
            h("input", { type: "checkbox", id: "new-channel-private" }),
            h(
              "span",
              { class: "choice-text" },
              "Make private",
              h(
                "span",
                { class: "choice-description" },
                "Only people invited can see it; add Session Bridge to it yourself.",
              ),
            ),
          ),
          problem,
        ),
        h(
          "div",
          { class: "modal-footer" },
          h("button", { type: "button", class: "button", "data-kind": "dialog-close" }, "Cancel"),
          h(
            "button",
            { type: "button", class: "button primary", "data-kind": "create-channel" },
            "Create",
          ),
        ),
      ),
    );
    return;
  }
  if (!c) return;
  const names = state.core?.names ?? {};
  const appName = state.core?.app?.name ?? "the app";
  const tabs = /** @type {const} */ ([["about", "About"], ["members", `Members ${c.members}`], [
    "integrations",
    "Integrations",
  ]]);
  const tab = dialog.kind === "details" ? dialog.tab : "about";
  /** @type {import("./html.js").Child} */
  let body;
  if (tab === "about") {
    body = h(
      "dl",
      { class: "kv" },
      h("dt", null, "Channel name"),
      h("dd", null, c.kind === "private" ? emojiText(`🔒 ${c.name}`) : `#${c.name}`),
      h("dt", null, "Description"),
      h("dd", null, c.purpose || "No description"),
      h("dt", null, "Visibility"),
      h(
        "dd",
        null,
        c.kind === "private"
          ? "Private: only members see it"
          : "Public: anyone in the workspace can find and join it",
      ),
      h("dt", null, "Archived"),
      h(
        "dd",
        null,
        c.archived ? "Yes: nobody can post in it" : "No",
        " ",
        c.member && c.name !== "general"
          ? h("button", {
            type: "button",
            class: `button small${c.archived ? " primary" : " danger"}`,
            "data-kind": c.archived ? "unarchive-channel" : "archive-channel",
            "data-testid": c.archived ? "details-unarchive" : "details-archive",
          }, c.archived ? "Unarchive channel" : "Archive channel")
          : "",
      ),
    );
  } else if (tab === "members") {
    body = h(
      "ul",
      { class: "member-list" },
      (c.member_ids ?? []).map((/** @type {string} */ id) =>
        h(
          "li",
          null,
          names[id] ?? id,
          id === state.core?.app?.bot_user_id ? h("span", { class: "app-badge" }, "APP") : "",
        )
      ),
    );
  } else if (dialog.kind === "details" && dialog.adding) {
    const app = state.core?.app;
    body = fragment(
      h("h3", null, "Add apps to this channel"),
      h(
        "ul",
        { class: "app-list" },
        app
          ? h(
            "li",
            { "data-testid": `app-row-${app.name}` },
            h("img", { src: app.icon, alt: "" }),
            h("span", { class: "label" }, app.name),
            c.app_member ? h("span", { class: "card-meta" }, "In this channel") : h("button", {
              type: "button",
              class: "button small primary",
              "data-kind": "app-membership",
              "data-member": "true",
              "data-testid": "add-app",
            }, "Add"),
          )
          : h("li", null, "No apps are installed."),
      ),
      h("button", {
        type: "button",
        class: "button small",
        "data-kind": "dialog-tab",
        "data-tab": "integrations",
      }, "Back"),
    );
  } else {
    const app = state.core?.app;
    body = fragment(
      h("h3", null, "Apps"),
      c.app_member && app
        ? h(
          "ul",
          { class: "app-list" },
          h(
            "li",
            { "data-testid": `app-row-${app.name}` },
            h("img", { src: app.icon, alt: "" }),
            h("span", { class: "label" }, app.name),
            h("button", {
              type: "button",
              class: "button small danger",
              "data-kind": "app-membership",
              "data-member": "false",
              "data-testid": "remove-app",
              title:
                `Take ${appName} out of #${c.name}: it can no longer post here or hear replies`,
            }, "Remove"),
          ),
        )
        : h("p", { class: "card-meta" }, `No apps in #${c.name}.`),
      h("button", {
        type: "button",
        class: "button small",
        "data-kind": "add-apps",
        "data-testid": "add-apps",
        disabled: !c.member,
        title: c.member ? "" : "Join the channel first",
      }, "Add apps"),
    );
  }
  setHtml(
    layer,
    h(
      "div",
      {
        class: "modal dialog",
        role: "dialog",
        "aria-label": `#${c.name} details`,
        "data-testid": "channel-details",
      },
      h(
        "div",
        { class: "modal-header" },
        h(
          "h2",
          { class: "modal-title" },
          c.kind === "private" ? emojiText(`🔒 ${c.name}`) : `# ${c.name}`,
        ),
        close,
      ),
      h(
        "div",
        { class: "tabs", role: "tablist" },
        tabs.map(([id, label]) =>
          h("button", {
            type: "button",
            role: "tab",
            class: `tab${tab === id ? " active" : ""}`,
            "aria-selected": tab === id ? "true" : "false",
            "data-kind": "dialog-tab",
            "data-tab": id,
            "data-testid": `details-tab-${id}`,
          }, label)
        ),
      ),
      h("div", { class: "modal-body" }, body, problem),
    ),
  );
}

/** @param {HTMLElement} el @param {string} kind */
async function onDialog(el, kind) {
  const route = parseRoute();
  const c = state.channelData?.channel;
  state.dialogProblem = null;
  switch (kind) {
    case "channel-details":
      state.dialog = { kind: "details", tab: "about", adding: false };
      break;
    case "new-channel":
      state.dialog = { kind: "new-channel" };
      break;
    case "dialog-close":
      state.dialog = null;
      break;
    case "dialog-tab":
      if (state.dialog?.kind === "details") {
        const tab = el.dataset.tab === "members" || el.dataset.tab === "integrations"
          ? el.dataset.tab
          : "about";
        state.dialog = { kind: "details", tab, adding: false };
      }
      break;
    case "add-apps":
      state.dialog = { kind: "details", tab: "integrations", adding: true };
      break;
    case "app-membership":
      if (!c || !state.me) return;
      try {
        await api("/ui/channel/app", {
          user: state.me,
          channel: c.id,
          member: el.dataset.member === "true",
        });
        state.dialog = { kind: "details", tab: "integrations", adding: false };
        toast(
          el.dataset.member === "true"
            ? `${state.core?.app?.name ?? "The app"} was added to #${c.name}`
            : `${state.core?.app?.name ?? "The app"} was removed from #${c.name}`,
        );
      } catch (err) {
        state.dialogProblem = err instanceof Error ? err.message : String(err);
      }
      await refresh();
      return;
    case "archive-channel":
    case "unarchive-channel":
      if (!c || !state.me) return;
      try {
        await api("/ui/channel/archive", {
          user: state.me,
          channel: c.id,
          archived: kind === "archive-channel",
        });
        state.dialog = null;
        toast(`#${c.name} is ${kind === "archive-channel" ? "archived" : "unarchived"}`);
      } catch (err) {
        state.dialogProblem = err instanceof Error ? err.message : String(err);
      }
      await refresh();
      return;
    case "create-channel": {
      const name = byId("new-channel-name");
      const priv = byId("new-channel-private");
      if (!(name instanceof HTMLInputElement) || !(priv instanceof HTMLInputElement)) return;
      try {
        const res = await api("/ui/channels", {
          user: state.me,
          name: name.value.trim(),
          is_private: priv.checked,
        });
        state.dialog = null;
        go(`#/c/${res.channel}`);
      } catch (err) {
        state.dialogProblem = err instanceof Error ? err.message : String(err);
        drawDialog(route);
      }
      return;
    }
  }
  drawDialog(route);
}

// ---------- message interactions ----------

/** @param {HTMLElement} el */
function messageOf(el) {
  const m = el.closest(".message");
  if (!(m instanceof HTMLElement)) return null;
  const ts = m.dataset.ts ?? "";
  const channel = m.dataset.channel ?? "";
  const all = [
    ...(state.channelData?.messages ?? []),
    ...(state.threadData ? [state.threadData.parent, ...state.threadData.replies] : []),
  ];
  const message = all.find((/** @type {Json} */ x) => x.ts === ts);
  return message ? { ts, channel, message } : null;
}

/** @param {HTMLElement} el the button or select */
async function messageAction(el) {
  const found = messageOf(el);
  if (!found || !state.me) return;
  const target = elementAt(
    found.message.blocks ?? [],
    Number(el.dataset.blockIndex),
    el.dataset.element ?? "",
  );
  if (!target) return;
  let value;
  if (el instanceof HTMLSelectElement) {
    if (!el.value) return;
    value = { selected_option: optionByValue(target.element, el.value) };
  }
  try {
    await api("/ui/action", {
      user: state.me,
      channel: found.channel,
      ts: found.ts,
      action: actionPayload(target.element, target.block, value),
    });
  } catch (err) {
    showError(err);
  }
}

/**
 * A link in a message or a button with a URL: in-page routes and link triggers stay in the page;
 * anything else opens in a new tab, as Slack does.
 * @param {HTMLAnchorElement} a
 * @returns {boolean} whether it was handled here
 */
function handleLink(a) {
  let url;
  try {
    url = new URL(a.href, location.href);
  } catch {
    return false;
  }
  if (url.origin !== location.origin) return false;
  const shortcut = /^\/shortcuts\/([A-Za-z0-9]+)\//.exec(url.pathname);
  if (shortcut?.[1]) {
    void runShortcut(shortcut[1]);
    return true;
  }
  if (url.pathname === "/" && url.hash) {
    go(url.hash);
    return true;
  }
  return false;
}

/** @param {string} triggerId */
async function runShortcut(triggerId) {
  if (!state.me) return;
  const route = parseRoute();
  const channel = route.kind === "channel" ? route.channel : null;
  const name =
    (state.core?.shortcuts ?? []).find((/** @type {Json} */ s) => s.id === triggerId)?.name ??
      "the workflow";
  try {
    const res = await api("/ui/shortcut", {
      user: state.me,
      trigger_id: triggerId,
      ...(channel && channel !== "app-dm" ? { channel } : {}),
    });
    toast(`Starting “${name}”…`);
    void watchRun(String(res.run), name);
  } catch (err) {
    showError(err);
  }
}

/** Tells the person when a workflow they started fails (Slack shows such errors too). */
/** @param {string} runId @param {string} name */
async function watchRun(runId, name) {
  for (let i = 0; i < 40; i++) {
    await new Promise((r) => setTimeout(r, 500));
    const data = await api("/ui/runs").catch(() => null);
    const run = data?.runs?.find((/** @type {Json} */ r) => r.id === runId);
    if (!run || run.status === "running") continue;
    if (run.status === "failed") {
      toast(`“${name}” failed: ${run.error ?? "unknown error"}`, "error");
    }
    return;
  }
}

// ---------- simulators ----------

/** @param {string} iso */
function when(iso) {
  const ms = Date.parse(iso);
  return Number.isFinite(ms)
    ? formatSlackDate(Math.floor(ms / 1000), "{date_short_pretty} {time}", viewer()) ?? iso
    : iso;
}
/** @param {number} ms */
const whenMs = (ms) =>
  formatSlackDate(Math.floor(ms / 1000), "{date_short_pretty} {time_secs}", viewer()) ?? "";

/**
 * A simulator form: named fields, a button that POSTs them to `endpoint`.
 * @param {string} endpoint
 * @param {Record<string, string | number | boolean>} fixed
 * @param {import("./html.js").Child} fields
 * @param {string} label
 * @param {string} testid
 */
function simForm(endpoint, fixed, fields, label, testid) {
  return h(
    "div",
    {
      class: "form-row",
      "data-form": endpoint,
      "data-fixed": JSON.stringify(fixed),
      "data-testid": testid,
    },
    fields,
    h(
      "button",
      { type: "button", class: "button primary small", "data-kind": "sim-submit" },
      label,
    ),
  );
}

/**
 * @param {Json} sender
 * @param {Json | null} webhook
 * @param {string} what
 */
function senderCard(sender, webhook, what) {
  const log = sender?.log ?? [];
  return h(
    "div",
    { class: "card", "data-testid": `${what}-sender` },
    h("h2", null, "Events sent to Session Bridge"),
    h(
      "p",
      { class: "card-meta" },
      "The platform POSTs { secret, events } to the webhook trigger URL, up to 100 events and 1 MiB a request, waiting out 429s (docs/events.md). Send your own with curl to the same URL.",
    ),
    h(
      "dl",
      { class: "kv" },
      h("dt", null, "Webhook URL"),
      h(
        "dd",
        { "data-testid": `${what}-webhook-url` },
        webhook ? h("code", null, webhook.url) : "no webhook trigger",
      ),
      h("dt", null, "Secret"),
      h(
        "dd",
        { "data-testid": `${what}-webhook-secret` },
        webhook ? h("code", null, webhook.secret) : "",
        h(
          "div",
          { class: "card-meta" },
          `the ${
            what === "webinar" ? "WEBINAR" : "LEARNING"
          }_EVENT_SECRET the app checks in every request`,
        ),
      ),
      h("dt", null, "Queue"),
      h(
        "dd",
        null,
        `${sender?.queued ?? 0} waiting`,
        sender?.retryAt
          ? h(
            "span",
            { class: "status wait" },
            ` rate limited: retry in ${
              Math.max(0, Math.round((sender.retryAt - Date.now()) / 1000))
            } s`,
          )
          : "",
      ),
      sender?.lastError
        ? [
          h("dt", null, "Last error"),
          h("dd", null, h("span", { class: "status bad" }, sender.lastError)),
        ]
        : "",
    ),
    log.length
      ? h(
        "table",
        { class: "list" },
        h(
          "thead",
          null,
          h("tr", null, h("th", null, "When"), h("th", null, "Events"), h("th", null, "HTTP")),
        ),
        h(
          "tbody",
          null,
          log.slice(0, 12).map((/** @type {Json} */ r) =>
            h(
              "tr",
              null,
              h("td", null, whenMs(r.at)),
              h("td", null, `${r.events} × ${r.types.join(", ")}`),
              h(
                "td",
                { title: r.detail ?? "" },
                r.statuses.map((/** @type {number | string} */ s) =>
                  h(
                    "span",
                    { class: `status ${s === 200 ? "ok" : s === 429 ? "wait" : "bad"}` },
                    String(s),
                  )
                ),
              ),
            )
          ),
        ),
      )
      : h("p", { class: "card-meta" }, "Nothing sent yet."),
  );
}

/** @param {Extract<Route, { kind: "webinar" }>} route */
function drawWebinar(route) {
  const data = state.simData ?? {};
  const webinars = data.webinars ?? [];
  setHtml(
    byId("main-header"),
    fragment(
      h("h1", null, emojiText("🎥 Webinar platform")),
      h(
        "div",
        { class: "purpose" },
        "Plays the webinar platform: attendees, their live chat, and the emails it sends",
      ),
    ),
  );
  const selected = route.webinar && route.attendee
    ? webinars.find((/** @type {Json} */ w) => w.id === route.webinar)?.attendees.find((
      /** @type {Json} */ a,
    ) => a.id === route.attendee)
    : null;
  const webinarCards = webinars.map((/** @type {Json} */ w) => {
    const session = w.sessions.at(-1);
    const people = [...w.attendees].sort((/** @type {Json} */ a, /** @type {Json} */ b) =>
      a.name.localeCompare(b.name)
    );
    return h(
      "div",
      { class: "card", "data-testid": `webinar-${w.id}` },
      h("h2", null, w.title),
      h(
        "div",
        { class: "card-meta" },
        session ? `${session.type} session · starts ${when(session.starts_at)} · ` : "",
        session?.over
          ? h("span", { class: "status over" }, "session over")
          : h("span", { class: "status online" }, "open"),
      ),
      h(
        "div",
        { class: "card-meta" },
        `Moderators: ${
          w.moderators.map((/** @type {Json} */ m) => m.name).join(", ")
        } · replies appear as `,
        w.reply_attribution === "sender"
          ? "the moderator who wrote them"
          : `${w.primary_moderator.name} (primary moderator)`,
      ),
      h("h3", null, "Register an attendee"),
      simForm(
        "/sim/webinar/register",
        { webinar_id: w.id },
        [
          h("input", {
            class: "text-input",
            name: "name",
            id: `reg-name-${w.id}`,
            placeholder: "Name",
            "data-clear": "true",
            "aria-label": "Attendee name",
          }),
          h("input", {
            class: "text-input",
            name: "email",
            id: `reg-email-${w.id}`,
            placeholder: "email@example.org",
            // Not type="email": browsers refuse non-ASCII local parts (chloé@…), which the
            // contract and the platforms accept.
            type: "text",
            inputmode: "email",
            "data-clear": "true",
            "aria-label": "Attendee email",
          }),
        ],
        "Register",
        `register-${w.id}`,
      ),
      h("h3", null, `Attendees (${people.length})`),
      people.length
        ? h(
          "table",
          { class: "list" },
          h(
            "tbody",
            null,
            people.map((/** @type {Json} */ a) =>
              h(
                "tr",
                {
                  class: selected?.id === a.id ? "selected" : "",
                  "data-testid": `attendee-${a.name}`,
                },
                h(
                  "td",
                  null,
                  h("a", { href: `#webinar/${w.id}/${a.id}` }, a.name),
                  h("div", { class: "card-meta" }, a.email),
                ),
                h(
                  "td",
                  null,
                  h(
                    "span",
                    { class: `status ${a.online ? "online" : "offline"}` },
                    a.online ? "online" : a.joined_at ? "offline" : "registered",
                  ),
                ),
                h(
                  "td",
                  null,
                  h(
                    "div",
                    { class: "actions-cell" },
                    a.joined_at
                      ? h("button", {
                        type: "button",
                        class: "button small",
                        "data-kind": "sim-post",
                        "data-endpoint": "/sim/webinar/presence",
                        "data-body": JSON.stringify({
                          webinar_id: w.id,
                          attendee_id: a.id,
                          online: !a.online,
                        }),
                      }, a.online ? "Go offline" : "Come back online")
                      : h("button", {
                        type: "button",
                        class: "button small",
                        "data-kind": "sim-post",
                        "data-endpoint": "/sim/webinar/join",
                        "data-body": JSON.stringify({ webinar_id: w.id, attendee_id: a.id }),
                        disabled: session?.over === true,
                      }, "Join session"),
                    h("a", { class: "button small", href: `#webinar/${w.id}/${a.id}` }, "Chat"),
                  ),
                ),
              )
            ),
          ),
        )
        : h("p", { class: "card-meta" }, "Nobody yet."),
      session && !session.over
        ? h(
          "p",
          null,
          h("button", {
            type: "button",
            class: "button small danger",
            "data-kind": "sim-post",
            "data-endpoint": "/sim/webinar/end",
            "data-body": JSON.stringify({ session_id: session.id }),
          }, "End the session"),
        )
        : "",
    );
  });
  setHtml(
    byId("main-content"),
    h(
      "div",
      { class: "sim" },
      h(
        "p",
        { class: "sim-intro" },
        "Each action here is the platform sending an event to Session Bridge's webhook; moderators' replies come back through the platform's reply API.",
      ),
      h(
        "div",
        { class: "sim-grid" },
        h("div", null, webinarCards, newWebinarCard()),
        h(
          "div",
          null,
          attendeeCard(webinars, route),
          emailCard(data.emails ?? [], webinars),
          senderCard(data.sender, data.webhook, "webinar"),
        ),
      ),
    ),
  );
}

function newWebinarCard() {
  const people = (state.core?.people ?? []).filter((/** @type {Json} */ p) => p.email);
  const options = people.map((/** @type {Json} */ p) => h("option", { value: p.email }, p.name));
  return h(
    "div",
    { class: "card" },
    h("h2", null, "New webinar"),
    h(
      "div",
      { "data-form": "/sim/webinar/webinars", "data-fixed": "{}", "data-shape": "webinar" },
      h(
        "div",
        { class: "form-row" },
        h("input", {
          class: "text-input",
          name: "title",
          id: "new-webinar-title",
          placeholder: "Title",
          "data-clear": "true",
          "aria-label": "Webinar title",
        }),
      ),
      h(
        "div",
        { class: "form-row" },
        h("label", { for: "new-webinar-type" }, "Session"),
        h(
          "select",
          { class: "select", name: "session_type", id: "new-webinar-type" },
          ["live", "replay", "on_demand", "simulive"].map((t) => h("option", { value: t }, t)),
        ),
        h("label", { for: "new-webinar-in" }, "starts in"),
        h(
          "select",
          { class: "select", name: "starts_in", id: "new-webinar-in" },
          [["15", "15 minutes"], ["60", "1 hour"], ["1440", "1 day"]].map(([v, l]) =>
            h("option", { value: v }, l)
          ),
        ),
      ),
      h(
        "div",
        { class: "form-row" },
        h("label", { for: "new-webinar-primary" }, "Primary moderator"),
        h("select", { class: "select", name: "primary", id: "new-webinar-primary" }, options),
      ),
      h(
        "div",
        { class: "form-row" },
        h("label", { for: "new-webinar-attr" }, "Replies appear as"),
        h(
          "select",
          { class: "select", name: "reply_attribution", id: "new-webinar-attr" },
          h("option", { value: "sender" }, "the moderator who wrote them"),
          h("option", { value: "primary_moderator" }, "the primary moderator"),
        ),
      ),
      h(
        "div",
        { class: "form-row" },
        h("label", { for: "new-webinar-mods" }, "Other moderators"),
        h("select", {
          class: "select",
          name: "moderators",
          id: "new-webinar-mods",
          multiple: true,
          size: 4,
        }, options),
      ),
      h(
        "div",
        { class: "form-row" },
        h(
          "button",
          { type: "button", class: "button primary small", "data-kind": "sim-submit" },
          "Create webinar",
        ),
      ),
    ),
  );
}

/** @param {Json[]} webinars @param {Extract<Route, { kind: "webinar" }>} route */
function attendeeCard(webinars, route) {
  const w = webinars.find((x) => x.id === route.webinar);
  const a = w?.attendees.find((/** @type {Json} */ x) => x.id === route.attendee);
  if (!w || !a) {
    return h(
      "div",
      { class: "card" },
      h("h2", null, "Attendee chat"),
      h(
        "p",
        { class: "card-meta" },
        "Pick an attendee (Chat) to see the webinar through their eyes: their live chat with the moderators.",
      ),
    );
  }
  const lines = (state.simData?.chats ?? []).filter((/** @type {Json} */ c) =>
    c.webinar_id === w.id && c.attendee_id === a.id
  );
  const polls = w.polls ?? [];
  const session = w.sessions.find((/** @type {Json} */ s) => s.id === a.session_id);
  return h(
    "div",
    { class: "card", "data-testid": "attendee-chat" },
    h("h2", null, `${a.name}'s chat`),
    h(
      "div",
      { class: "card-meta" },
      `${w.title} · `,
      h(
        "span",
        { class: `status ${a.online ? "online" : "offline"}` },
        a.online ? "online in the live chat" : "offline: replies go by email",
      ),
      session?.over ? h("span", { class: "status over" }, " session over") : "",
    ),
    h(
      "div",
      { class: "chat", "data-testid": "chat-lines" },
      lines.length
        ? lines.map((/** @type {Json} */ l) =>
          h(
            "div",
            { class: `bubble ${l.from}` },
            h(
              "span",
              { class: "who" },
              l.from === "attendee"
                ? `${a.name} · ${whenMs(l.at)}`
                : `${l.sender?.name ?? "Moderator"} (moderator) · ${whenMs(l.at)}`,
            ),
            emojiText(l.text),
          )
        )
        : h("div", { class: "card-meta" }, "No messages yet."),
    ),
    simForm(
      "/sim/webinar/chat",
      { webinar_id: w.id, attendee_id: a.id },
      h("input", {
        class: "text-input",
        name: "text",
        id: `chat-${w.id}-${a.id}`,
        placeholder: `Write as ${a.name}…`,
        "data-clear": "true",
        "aria-label": "Chat message",
      }),
      "Send",
      "chat-form",
    ),
    polls.length
      ? [
        h("h3", null, "Answer a poll"),
        polls.map((/** @type {Json} */ p) =>
          simForm(
            "/sim/webinar/answer",
            { webinar_id: w.id, attendee_id: a.id, poll_id: p.id, kind: "poll" },
            [
              h("label", { for: `poll-${p.id}-${a.id}` }, p.title),
              h(
                "select",
                { class: "select", name: "response", id: `poll-${p.id}-${a.id}` },
                p.options.map((/** @type {string} */ o) => h("option", { value: o }, o)),
              ),
            ],
            "Answer",
            `poll-${p.id}`,
          )
        ),
      ]
      : "",
  );
}

/** @param {Json[]} emails @param {Json[]} webinars */
function emailCard(emails, webinars) {
  return h(
    "div",
    { class: "card", "data-testid": "email-outbox" },
    h("h2", null, `Email outbox (${emails.length})`),
    h(
      "p",
      { class: "card-meta" },
      "Replies to attendees who are offline, or after the session, are emailed.",
    ),
    emails.slice().reverse().slice(0, 20).map((/** @type {Json} */ m) =>
      h(
        "div",
        { class: "mail" },
        h(
          "div",
          { class: "mail-head" },
          h("span", null, "From"),
          h("span", null, `${m.from.name} <${m.from.email}>`),
          h("span", null, "To"),
          h("span", null, `${m.to.name} <${m.to.email}>`),
          h("span", null, "Subject"),
          h("span", null, m.subject),
          h("span", null, "Sent"),
          h("span", null, whenMs(m.at)),
        ),
        h("div", { class: "mail-body" }, emojiText(m.text)),
        m.bounced ? h("span", { class: "status bad" }, "bounced") : h("button", {
          type: "button",
          class: "button small",
          "data-kind": "sim-post",
          "data-endpoint": "/sim/webinar/bounce",
          "data-body": JSON.stringify({ email_id: m.id }),
          title: `Tell Session Bridge this email to ${
            webinars.length ? "the attendee" : ""
          } bounced (reply.delivery_result)`,
        }, "Bounce it"),
      )
    ),
  );
}

/** @param {Extract<Route, { kind: "learning" }>} route */
function drawLearning(route) {
  const data = state.simData ?? {};
  const learners = data.learners ?? [];
  const sessions = (data.paths ?? []).flatMap((/** @type {Json} */ p) => p.sessions);
  setHtml(
    byId("main-header"),
    fragment(
      h("h1", null, emojiText("🎓 Learning platform")),
      h(
        "div",
        { class: "purpose" },
        "Plays the learning platform: learners, path sessions and the notifications it asks Slack to send",
      ),
    ),
  );
  if (route.session) {
    const s = sessions.find((/** @type {Json} */ x) => x.id === route.session);
    setHtml(
      byId("main-content"),
      h(
        "div",
        { class: "sim" },
        s
          ? h(
            "div",
            { class: "card", "data-testid": "session-page" },
            h("h2", null, emojiText(s.title)),
            h("div", { class: "card-meta" }, `${when(s.starts_at)} → ${when(s.ends_at)}`),
            h("p", { class: "session-description" }, emojiText(s.description ?? "")),
            h(
              "p",
              { class: "card-meta" },
              `This is the session page “Open session” leads to on ${
                data.group?.name ?? "the platform"
              }.`,
            ),
            h("a", { class: "button", href: "#learning" }, "Back to the platform"),
          )
          : h("div", { class: "card" }, "This session does not exist."),
      ),
    );
    return;
  }
  const learnerOptions = learners.map((/** @type {Json} */ l) =>
    h("option", { value: l.id }, `${l.name} <${l.email}>`)
  );
  const coverOf = (/** @type {Json} */ s) => {
    if (!s.cover) return h("div", { class: "cover-note" }, "no cover image");
    const src = `/demo/images/${s.cover.file}`;
    const label = s.cover.is_default
      ? "the platform's default image: not shown in Slack"
      : /\.svg$/i.test(s.cover.file)
      ? "an SVG: not shown in Slack"
      : "shown in Slack";
    return h(
      "figure",
      { class: "cover-figure" },
      h("img", { class: "cover", src, alt: `Cover of ${s.title}` }),
      h("figcaption", { class: "card-meta" }, label),
    );
  };
  const sessionCards = sessions.map((/** @type {Json} */ s) =>
    h(
      "div",
      { class: "card", "data-testid": `session-${s.id}` },
      h(
        "div",
        { class: "session-row" },
        coverOf(s),
        h(
          "div",
          { class: "session-text" },
          h("h2", null, emojiText(s.title)),
          h("div", { class: "card-meta" }, `${when(s.starts_at)} → ${when(s.ends_at)}`),
          h("div", { class: "session-description" }, emojiText(s.description ?? "")),
          h(
            "div",
            { class: "card-meta" },
            `Enrolled: ${
              s.enrolled.map((/** @type {string} */ id) =>
                learners.find((/** @type {Json} */ l) => l.id === id)?.name ?? id
              ).join(", ") || "nobody yet"
            }`,
          ),
        ),
      ),
      h("h3", null, "Assign a learner to this session"),
      simForm(
        "/sim/learning/assign",
        { session_id: s.id },
        [
          h("label", { for: `assign-${s.id}` }, "Learner"),
          h(
            "select",
            { class: "select grow", name: "learner_id", id: `assign-${s.id}` },
            learnerOptions,
          ),
        ],
        "Assign",
        `assign-${s.id}`,
      ),
      h(
        "h3",
        null,
        `Send information to the ${s.enrolled.length} enrolled`,
      ),
      simForm(
        "/sim/learning/information",
        { session_id: s.id },
        h("input", {
          class: "text-input",
          name: "title",
          id: `info-${s.id}`,
          placeholder: "Information for enrolled learners (the email subject)",
          "data-clear": "true",
          "aria-label": "Session information title",
        }),
        "Send information",
        `info-${s.id}`,
      ),
      h("h3", null, "Schedule a path-step message"),
      simForm(
        "/sim/learning/path-step",
        { session_id: s.id },
        [
          h("input", {
            class: "text-input",
            name: "title",
            id: `step-title-${s.id}`,
            placeholder: "Path-step message title",
            "data-clear": "true",
            "aria-label": "Path step title",
          }),
          h("label", { for: `step-learner-${s.id}` }, "to"),
          h("select", {
            class: "select grow",
            name: "learner_id",
            id: `step-learner-${s.id}`,
            "aria-label": "Path step learner",
          }, learnerOptions),
          h(
            "select",
            {
              class: "select",
              name: "delay_minutes",
              id: `step-delay-${s.id}`,
              "data-type": "number",
              "aria-label": "Send in",
            },
            [["60", "in 1 hour"], ["1440", "in 1 day"], ["10080", "in 1 week"], [
              "259200",
              "in 180 days",
            ]].map(([v, l]) => h("option", { value: v }, l)),
          ),
        ],
        "Schedule path step",
        `step-${s.id}`,
      ),
    )
  );
  const scheduled = data.scheduled ?? [];
  const notices = (data.notices ?? []).slice().reverse().slice(0, 15);
  setHtml(
    byId("main-content"),
    h(
      "div",
      { class: "sim" },
      h(
        "div",
        { class: "group" },
        data.group?.logo ? h("img", { src: `/demo/images/${data.group.logo}`, alt: "" }) : "",
        h(
          "div",
          null,
          h("strong", null, data.group?.name ?? ""),
          h(
            "div",
            { class: "card-meta" },
            "Platform group: the sender name and logo of the DMs (L3)",
          ),
        ),
      ),
      h(
        "div",
        { class: "sim-grid" },
        h(
          "div",
          null,
          (data.paths ?? []).map((/** @type {Json} */ p) => h("h2", null, `Path: ${p.title}`)),
          sessionCards,
        ),
        h(
          "div",
          null,
          h(
            "div",
            { class: "card", "data-testid": "sandbox-clock" },
            h("h2", null, "Clock"),
            h("p", null, `Sandbox time: ${whenMs(sandboxNow())}`),
            h(
              "p",
              { class: "card-meta" },
              "Scheduled path steps are sent when the clock reaches them; move it forward to see them arrive.",
            ),
            h(
              "div",
              { class: "form-row" },
              [["3600000", "+1 hour"], ["86400000", "+1 day"], ["604800000", "+1 week"]].map((
                [ms, l],
              ) =>
                h("button", {
                  type: "button",
                  class: "button small",
                  "data-kind": "clock",
                  "data-ms": ms ?? "",
                }, l)
              ),
            ),
            h("h3", null, `Scheduled Slack messages (${scheduled.length})`),
            scheduled.length
              ? h(
                "table",
                { class: "list" },
                h(
                  "tbody",
                  null,
                  scheduled.map((/** @type {Json} */ m) =>
                    h(
                      "tr",
                      { "data-testid": "scheduled-message" },
                      h("td", null, whenMs(m.post_at * 1000)),
                      h("td", null, m.recipient ? `to ${m.recipient.name}` : m.channel),
                      h("td", null, m.text),
                    )
                  ),
                ),
              )
              : h("p", { class: "card-meta" }, "None."),
          ),
          h(
            "div",
            { class: "card" },
            h("h2", null, "Learners"),
            h(
              "table",
              { class: "list" },
              h(
                "tbody",
                null,
                learners.map((/** @type {Json} */ l) =>
                  h("tr", null, h("td", null, l.name), h("td", null, l.email))
                ),
              ),
            ),
            simForm(
              "/sim/learning/learners",
              {},
              [
                h("input", {
                  class: "text-input",
                  name: "name",
                  id: "new-learner-name",
                  placeholder: "Name",
                  "data-clear": "true",
                  "aria-label": "Learner name",
                }),
                h("input", {
                  class: "text-input",
                  name: "email",
                  id: "new-learner-email",
                  placeholder: "email",
                  "data-clear": "true",
                  "aria-label": "Learner email",
                }),
              ],
              "Add learner",
              "add-learner",
            ),
          ),
          h(
            "div",
            { class: "card" },
            h("h2", null, "Notifications the platform asked for"),
            notices.length
              ? h(
                "table",
                { class: "list" },
                h(
                  "tbody",
                  null,
                  notices.map((/** @type {Json} */ n) =>
                    h(
                      "tr",
                      null,
                      h("td", null, whenMs(n.at)),
                      h("td", null, n.type),
                      h(
                        "td",
                        null,
                        learners.find((/** @type {Json} */ l) => l.id === n.learner_id)?.name ??
                          n.learner_id,
                      ),
                      h("td", null, n.title),
                    )
                  ),
                ),
              )
              : h("p", { class: "card-meta" }, "None yet."),
          ),
          senderCard(data.sender, data.webhook, "learning"),
        ),
      ),
    ),
  );
}

/** @param {Extract<Route, { kind: "runs" }>} route */
function drawRuns(route) {
  const data = state.simData ?? {};
  setHtml(
    byId("main-header"),
    fragment(
      h("h1", null, emojiText("⚙️ Workflow runs")),
      h(
        "div",
        { class: "purpose" },
        "What the workflow engine ran, and the app's log lines (what `slack activity` shows)",
      ),
    ),
  );
  /** @param {string} id @param {string} label @param {string[]} values @param {string | null} current */
  const filter = (id, label, values, current) =>
    h(
      "label",
      { class: "filter" },
      label,
      h(
        "select",
        { class: "select", id, "data-kind": "runs-filter", "aria-label": label },
        h("option", { value: "all", selected: !current }, "all"),
        values.map((v) => h("option", { value: v, selected: v === current }, v)),
      ),
    );
  const runs = data.runs ?? [];
  setHtml(
    byId("main-content"),
    h(
      "div",
      { class: "sim" },
      h(
        "div",
        { class: "card" },
        h("h2", null, "Recent runs"),
        h(
          "div",
          { class: "form-row", "data-testid": "runs-filters" },
          filter("runs-workflow", "Workflow", data.workflows ?? [], route.workflow),
          filter("runs-status", "Status", data.statuses ?? [], route.status),
          h(
            "span",
            { class: "card-meta" },
            `${data.total ?? 0} runs${
              data.total > runs.length ? `, the newest ${runs.length} shown` : ""
            }`,
          ),
        ),
        h(
          "table",
          { class: "list", "data-testid": "runs-table" },
          h(
            "thead",
            null,
            h(
              "tr",
              null,
              h(
                "th",
                { title: "The sandbox clock, which +1 hour / +1 day move" },
                "Started (sandbox clock)",
              ),
              h("th", null, "Workflow"),
              h("th", null, "Status"),
              h("th", null, "Steps"),
            ),
          ),
          h(
            "tbody",
            null,
            runs.length === 0
              ? h("tr", null, h("td", { colspan: 4, class: "card-meta" }, "No runs match."))
              : runs.map((/** @type {Json} */ r) =>
                h(
                  "tr",
                  {
                    "data-testid": "run-row",
                    "data-workflow": r.workflow,
                    "data-status": r.status,
                  },
                  h(
                    "td",
                    null,
                    whenMs(r.started_at),
                    r.ended_at
                      ? h("div", { class: "card-meta" }, `ended ${whenMs(r.ended_at)}`)
                      : "",
                    r.resumed_at
                      ? h(
                        "div",
                        { class: "card-meta" },
                        `resumed after a restart, ${whenMs(r.resumed_at)}`,
                      )
                      : "",
                  ),
                  h("td", null, r.workflow),
                  h(
                    "td",
                    null,
                    h("span", {
                      class: `status ${
                        r.status === "completed" ? "ok" : r.status === "failed" ? "bad" : "wait"
                      }`,
                    }, r.status),
                    r.error ? h("div", { class: "card-meta" }, r.error) : "",
                  ),
                  h(
                    "td",
                    null,
                    r.steps.map((/** @type {Json} */ s) =>
                      h(
                        "div",
                        { class: "card-meta" },
                        `${s.id}: ${s.status}${s.outputs?.status ? ` (${s.outputs.status})` : ""}${
                          s.error ? ` — ${s.error}` : ""
                        }`,
                      )
                    ),
                  ),
                )
              ),
          ),
        ),
      ),
      h(
        "div",
        { class: "card" },
        h("h2", null, "App log"),
        h(
          "p",
          { class: "card-meta" },
          "Times here are real time (UTC), when each line was written; the sandbox clock may be ahead.",
        ),
        (data.logs ?? []).length === 0 ? h("p", { class: "card-meta" }, "No log lines yet.") : h(
          "div",
          { class: "log" },
          (data.logs ?? []).map((/** @type {Json} */ l) =>
            `${new Date(l.at).toISOString().slice(11, 19)} ${
              l.level.padEnd(5)
            } [${l.function}] ${l.line}\n`
          ),
        ),
      ),
    ),
  );
}

/**
 * Reads a simulator form and POSTs it.
 * @param {HTMLElement} form the element with data-form
 */
async function submitSimForm(form) {
  const endpoint = form.dataset.form ?? "";
  /** @type {Json} */
  const body = JSON.parse(form.dataset.fixed ?? "{}");
  for (const f of form.querySelectorAll("[name]")) {
    if (f instanceof HTMLSelectElement && f.multiple) {
      body[f.name] = [...f.selectedOptions].map((o) => o.value);
    } else if (
      f instanceof HTMLInputElement || f instanceof HTMLSelectElement ||
      f instanceof HTMLTextAreaElement
    ) {
      body[f.name] = f.dataset.type === "number" ? Number(f.value) : f.value;
    }
  }
  if (form.dataset.shape === "webinar") {
    const people = state.core?.people ?? [];
    const byEmail = (/** @type {string} */ email) => {
      const p = people.find((/** @type {Json} */ x) => x.email === email);
      return { name: p?.name ?? email, email };
    };
    const minutes = Number(body.starts_in);
    const payload = {
      title: body.title,
      session_type: body.session_type,
      starts_at: new Date(sandboxNow() + minutes * 60_000).toISOString(),
      reply_attribution: body.reply_attribution,
      primary_moderator: byEmail(String(body.primary)),
      moderators: (body.moderators ?? []).map(byEmail),
    };
    await api(endpoint, payload);
  } else {
    await api(endpoint, body);
  }
  for (const f of form.querySelectorAll("[data-clear]")) {
    if (f instanceof HTMLInputElement || f instanceof HTMLTextAreaElement) f.value = "";
  }
  await refresh();
}

// ---------- events ----------

document.addEventListener("click", (event) => {
  const target = event.target instanceof Element ? event.target : null;
  if (!target) return;
  const a = target.closest("a[href]");
  const kindEl = target.closest("[data-kind]");
  const kind = kindEl instanceof HTMLElement ? kindEl.dataset.kind : undefined;
  if (kind === "link-button" && a instanceof HTMLAnchorElement) {
    if (handleLink(a)) event.preventDefault();
    return;
  }
  if (a instanceof HTMLAnchorElement && !kind) {
    if (handleLink(a)) event.preventDefault();
    return;
  }
  if (!(kindEl instanceof HTMLElement)) return;
  void onKind(kindEl, kind ?? "").catch(showError);
});

/** @param {HTMLElement} el @param {string} kind */
async function onKind(el, kind) {
  const inModal = !!el.closest(".modal");
  if (
    [
      "channel-details",
      "new-channel",
      "dialog-close",
      "dialog-tab",
      "add-apps",
      "app-membership",
      "create-channel",
      "archive-channel",
      "unarchive-channel",
    ].includes(kind)
  ) {
    await onDialog(el, kind);
    return;
  }
  switch (kind) {
    case "open-thread": {
      const m = messageOf(el);
      if (m) go(`#/c/${m.channel}/t/${m.ts}`);
      return;
    }
    case "close-thread": {
      const route = parseRoute();
      if (route.kind === "channel" && route.channel) go(`#/c/${route.channel}`);
      return;
    }
    case "button-action":
      if (inModal) await modalAction(el);
      else await messageAction(el);
      return;
    case "reaction":
    case "quick-react": {
      const m = messageOf(el);
      if (!m || !state.me) return;
      await api("/ui/react", {
        user: state.me,
        channel: m.channel,
        ts: m.ts,
        name: el.dataset.name ?? "",
      });
      await refresh();
      return;
    }
    case "view-submit":
      await submitModal();
      return;
    case "view-close":
      await closeModal();
      return;
    case "run-shortcut":
      await runShortcut(el.dataset.trigger ?? "");
      return;
    case "join-channel":
      await api("/ui/join", { user: state.me, channel: el.dataset.channel ?? "" });
      await refresh();
      return;
    case "clock": {
      const res = await api("/ui/clock", { advance_ms: Number(el.dataset.ms) });
      toast(
        `Sandbox clock moved to ${
          formatSlackDate(Math.floor(res.now / 1000), "{date_short} {time}", viewer())
        }`,
      );
      await refresh();
      return;
    }
    case "sim-submit": {
      const form = el.closest("[data-form]");
      if (form instanceof HTMLElement) await submitSimForm(form);
      return;
    }
    case "sim-post":
      await api(el.dataset.endpoint ?? "", JSON.parse(el.dataset.body ?? "{}"));
      await refresh();
      return;
  }
}

document.addEventListener("change", (event) => {
  if (event.target instanceof HTMLSelectElement && event.target.dataset.kind === "runs-filter") {
    const workflow = byId("runs-workflow");
    const status = byId("runs-status");
    if (workflow instanceof HTMLSelectElement && status instanceof HTMLSelectElement) {
      go(`#runs/${encodeURIComponent(workflow.value)}/${encodeURIComponent(status.value)}`);
    }
    return;
  }
  const el = event.target instanceof HTMLElement
    ? event.target.closest("[data-block-index]")
    : null;
  if (!(el instanceof HTMLElement)) return;
  // Text fields dispatch on Enter or as characters are typed (below), never when they lose focus.
  if (isTextField(el)) return;
  if (el.closest(".modal")) {
    if (el.dataset.dispatch === "true") void modalAction(el).catch(showError);
  } else if (el.dataset.kind === "select-action") {
    void messageAction(el).catch(showError);
  }
});

/** @param {Element} el */
function isTextField(el) {
  return el instanceof HTMLTextAreaElement ||
    (el instanceof HTMLInputElement && ["text", "email", "url", "number"].includes(el.type));
}

// dispatch_action_config: on_character_entered sends a block_actions shortly after typing stops.
/** @type {ReturnType<typeof setTimeout> | undefined} */
let typingTimer;
document.addEventListener("input", (event) => {
  const el = event.target;
  if (
    !(el instanceof HTMLElement) || el.dataset.dispatchOn !== "character" || !el.closest(".modal")
  ) return;
  clearTimeout(typingTimer);
  typingTimer = setTimeout(() => void modalAction(el).catch(showError), 400);
});

document.addEventListener("keydown", (event) => {
  const el = event.target;
  if (!(el instanceof HTMLElement)) return;
  // Enter in a dispatching text input sends a block_actions (dispatch_action_config: on_enter_pressed).
  if (
    event.key === "Enter" && el instanceof HTMLInputElement && el.dataset.dispatch === "true" &&
    el.closest(".modal")
  ) {
    event.preventDefault();
    void modalAction(el).catch(showError);
    return;
  }
  if (event.key === "Enter" && el instanceof HTMLInputElement && el.closest("[data-form]")) {
    event.preventDefault();
    const form = el.closest("[data-form]");
    if (form instanceof HTMLElement) void submitSimForm(form).catch(showError);
    return;
  }
  if (
    event.key === "Enter" && !event.shiftKey && el instanceof HTMLTextAreaElement &&
    (el.id === "composer-input" || el.id === "thread-input")
  ) {
    event.preventDefault();
    el.form?.requestSubmit();
  }
  if (event.key === "Escape" && !byId("dialog-layer").hidden) {
    state.dialog = null;
    drawDialog(parseRoute());
    return;
  }
  if (event.key === "Enter" && el instanceof HTMLInputElement && el.id === "new-channel-name") {
    event.preventDefault();
    void onDialog(el, "create-channel").catch(showError);
    return;
  }
  if (event.key === "Escape" && !byId("modal-layer").hidden) void closeModal();
});

byId("composer-form").addEventListener("submit", (event) => {
  event.preventDefault();
  void send(byId("composer-input"), null).catch(showError);
});
byId("thread-form").addEventListener("submit", (event) => {
  event.preventDefault();
  const route = parseRoute();
  void send(byId("thread-input"), route.kind === "channel" ? route.thread : null).catch(showError);
});

/** @param {HTMLElement} input @param {string | null} threadTs */
async function send(input, threadTs) {
  if (!(input instanceof HTMLTextAreaElement) || !state.me) return;
  const text = input.value;
  const route = parseRoute();
  if (!text.trim() || route.kind !== "channel" || !route.channel) return;
  await api("/ui/post", {
    user: state.me,
    channel: route.channel,
    text,
    ...(threadTs ? { thread_ts: threadTs } : {}),
  });
  input.value = "";
  await refresh();
}

byId("me-select").addEventListener("change", (event) => {
  const el = event.target;
  if (!(el instanceof HTMLSelectElement)) return;
  state.me = el.value;
  localStorage.setItem("sb.me", el.value);
  state.modal = { key: null, errors: {}, busy: false, problem: null };
  // The conversation (and its thread) stay open when the new person can see them; drawChannel()
  // takes them to one of their own otherwise.
  void refresh();
});

globalThis.addEventListener("hashchange", () => {
  state.dialog = null;
  const shortcut = /^#shortcut=([A-Za-z0-9]+)$/.exec(location.hash);
  if (shortcut?.[1]) {
    history.replaceState(null, "", state.lastChannel ? `#/c/${state.lastChannel}` : "#");
    void refresh().then(() => runShortcut(shortcut[1] ?? ""));
    return;
  }
  void refresh();
});

// Live updates: the server says when anything changed; a slow poll covers a lost connection.
let lastVersion = 0;
const events = new EventSource("/ui/events");
events.addEventListener("version", (e) => {
  const v = Number(e instanceof MessageEvent ? e.data : 0);
  if (v !== lastVersion) {
    lastVersion = v;
    void refresh();
  }
});
events.addEventListener("open", () => setOnline(true));
events.addEventListener("error", () => {
  if (events.readyState !== EventSource.OPEN) setOnline(false);
});
setInterval(() => {
  drawClock();
  if (events.readyState !== EventSource.OPEN) void refresh();
}, 5000);

// Slack's emoji table first (names, characters), so the first drawing already shows them.
try {
  setEmojiData(await (await fetch("/emoji/data.json")).json());
} catch {
  // Without it, :codes: stay text; everything else works.
}

const initialShortcut = /^#shortcut=([A-Za-z0-9]+)$/.exec(location.hash);
if (initialShortcut?.[1]) {
  history.replaceState(null, "", "#");
  void refresh().then(() => runShortcut(initialShortcut[1] ?? ""));
} else {
  void refresh();
}
