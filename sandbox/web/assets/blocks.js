// @ts-check
/**
 * Block Kit → safe HTML for the sandbox page: messages (header, section with text, fields and
 * accessory, context, image, divider, actions, rich_text incl. its `date` elements) and modals (the
 * same blocks plus input blocks with their elements). Interactive elements carry data attributes
 * (block and element position, ids) that the page turns into block_actions; nothing here runs code.
 * plain_text is shown literally (`*x*` stays `*x*`); mrkdwn goes through mrkdwn.js.
 */
import { fragment, h, SafeHtml } from "./html.js";
import { formatSlackDate } from "./dates.js";
import { emojiChar, emojiCodes, emojiNode, emojiText, replaceEmojiCodes } from "./emoji.js";
import { mrkdwn } from "./mrkdwn.js";

/** @typedef {import("./html.js").Child} Child */
/** @typedef {import("./mrkdwn.js").RenderContext} BaseContext */
/** @typedef {{ id: string, name: string }} Person */
/** @typedef {{ id: string, name: string, kind: "public" | "private" | "im" }} Conversation */
/**
 * @typedef {BaseContext & {
 *   people?: Person[],
 *   conversations?: Conversation[],
 *   app?: { name: string, icon?: string, botId?: string },
 *   me?: string,
 * }} BlockContext
 */
/** @typedef {Record<string, unknown>} Obj */

/** @param {unknown} v @returns {v is Obj} */
export const isObj = (v) => typeof v === "object" && v !== null && !Array.isArray(v);
/** @param {unknown} v @returns {unknown[]} */
const arr = (v) => (Array.isArray(v) ? v : []);
/** @param {unknown} v @returns {string} */
const str = (v) => (typeof v === "string" ? v : v === undefined || v === null ? "" : String(v));

/**
 * A text object: mrkdwn is formatted, plain_text is literal (emoji codes drawn unless emoji: false).
 * @param {unknown} t
 * @param {BlockContext} ctx
 * @returns {SafeHtml}
 */
export function textObject(t, ctx) {
  if (!isObj(t)) return fragment();
  const value = str(t.text);
  if (t.type === "mrkdwn") return mrkdwn(value, ctx);
  return fragment(t.emoji === false ? emojiText(value) : emojiCodes(value));
}

/** The visible label of a text object, as plain text (option labels, button titles). */
/** @param {unknown} t @returns {string} */
export function plainLabel(t) {
  if (!isObj(t)) return "";
  const value = str(t.text);
  return t.type === "plain_text" && t.emoji !== false ? replaceEmojiCodes(value) : value;
}

// ---------- rich text ----------

/**
 * @param {Obj} style
 * @param {Child} inner
 * @returns {SafeHtml}
 */
function styled(style, inner) {
  let node = fragment(inner);
  if (style.code) node = h("code", null, node);
  if (style.bold) node = h("b", null, node);
  if (style.italic) node = h("i", null, node);
  if (style.strike) node = h("s", null, node);
  if (style.underline) node = h("u", null, node);
  return node;
}

/**
 * @param {unknown} raw
 * @param {BlockContext} ctx
 * @returns {SafeHtml}
 */
function richElement(raw, ctx) {
  if (!isObj(raw)) return fragment();
  const style = isObj(raw.style) ? raw.style : {};
  switch (raw.type) {
    case "text":
      return styled(style, emojiText(str(raw.text)));
    case "link":
      return styled(
        style,
        h(
          "a",
          { href: str(raw.url), target: "_blank", rel: "noopener noreferrer" },
          str(raw.text) || str(raw.url),
        ),
      );
    case "emoji": {
      const unicode = str(raw.unicode);
      const named = emojiNode({ name: str(raw.name) });
      if (named) return named;
      const char = /^[0-9a-f]{2,6}(-[0-9a-f]{2,6})*$/i.test(unicode)
        ? String.fromCodePoint(...unicode.split("-").map((x) => parseInt(x, 16)))
        : null;
      return (char ? emojiNode({ char }) : null) ?? fragment(char ?? `:${str(raw.name)}:`);
    }
    case "user": {
      const id = str(raw.user_id);
      return styled(
        style,
        h("span", { class: "mention", "data-user": id }, `@${ctx.users?.[id] ?? id}`),
      );
    }
    case "usergroup":
      return h("span", { class: "mention" }, `@${str(raw.usergroup_id)}`);
    case "channel": {
      const id = str(raw.channel_id);
      return h("span", { class: "mention channel-mention" }, `#${ctx.channels?.[id] ?? id}`);
    }
    case "broadcast":
      return h("span", { class: "mention broadcast" }, `@${str(raw.range)}`);
    case "date": {
      const ts = Number(raw.timestamp);
      const shown = formatSlackDate(ts, str(raw.format), ctx.viewer) ?? str(raw.fallback);
      const node = h("time", {
        class: "slack-date",
        datetime: Number.isFinite(ts) ? new Date(ts * 1000).toISOString() : null,
        title: str(raw.fallback) || null,
      }, shown);
      return styled(
        style,
        raw.url
          ? h("a", { href: str(raw.url), target: "_blank", rel: "noopener noreferrer" }, node)
          : node,
      );
    }
    case "color":
      return h("span", { class: "color-chip" }, str(raw.value));
    case "team":
      return h("span", { class: "mention" }, str(raw.team_id));
    default:
      return fragment(`[${str(raw.type)}]`);
  }
}

/**
 * @param {unknown} raw
 * @param {BlockContext} ctx
 * @returns {SafeHtml}
 */
function richBlockElement(raw, ctx) {
  if (!isObj(raw)) return fragment();
  const inner = () => arr(raw.elements).map((e) => richElement(e, ctx));
  switch (raw.type) {
    case "rich_text_section":
      return h("div", { class: "rt-section" }, inner());
    case "rich_text_quote":
      return h("blockquote", { class: "rt-quote" }, inner());
    case "rich_text_preformatted":
      return h("pre", { class: "code-block" }, inner());
    case "rich_text_list": {
      const tag = raw.style === "ordered" ? "ol" : "ul";
      const indent = Math.min(6, Math.max(0, Number(raw.indent) || 0));
      return h(
        tag,
        { class: `rt-list indent-${indent}` },
        arr(raw.elements).map((item) =>
          h("li", null, isObj(item) ? arr(item.elements).map((e) => richElement(e, ctx)) : "")
        ),
      );
    }
    default:
      return fragment(`[${str(raw.type)}]`);
  }
}

// ---------- elements ----------

/**
 * Data attributes that let the page find the element again in the block JSON.
 * @param {number} blockIndex
 * @param {string | number} elementIndex "accessory" or the position in `elements`
 * @param {Obj} el
 * @param {Obj} block
 */
function actionAttrs(blockIndex, elementIndex, el, block) {
  return {
    "data-block-index": blockIndex,
    "data-element": elementIndex,
    "data-block-id": str(block.block_id) || null,
    "data-action-id": str(el.action_id) || null,
  };
}

/**
 * @param {Obj} el
 * @returns {Obj[]}
 */
export function optionsOf(el) {
  const flat = arr(el.options).filter(isObj);
  for (const g of arr(el.option_groups)) if (isObj(g)) flat.push(...arr(g.options).filter(isObj));
  return flat;
}

/**
 * @param {Obj} el
 * @param {Obj | null} selected
 * @param {BlockContext} _ctx
 * @param {Obj} attrs
 */
function selectElement(el, selected, _ctx, attrs) {
  const groups = arr(el.option_groups).filter(isObj);
  /** @param {unknown} o */
  const option = (o) =>
    isObj(o)
      ? h("option", {
        value: str(o.value),
        selected: selected !== null && str(selected.value) === str(o.value),
      }, plainLabel(o.text))
      : "";
  return h(
    "select",
    { ...attrs, class: "select", "data-kind": "select-action" },
    h(
      "option",
      { value: "", selected: selected === null },
      plainLabel(el.placeholder) || "Select…",
    ),
    groups.length
      ? groups.map((g) => h("optgroup", { label: plainLabel(g.label) }, arr(g.options).map(option)))
      : arr(el.options).map(option),
  );
}

/**
 * An interactive element in a message (actions block or section accessory).
 * @param {unknown} raw
 * @param {Obj} block
 * @param {number} blockIndex
 * @param {string | number} elementIndex
 * @param {BlockContext} ctx
 * @returns {SafeHtml}
 */
export function messageElement(raw, block, blockIndex, elementIndex, ctx) {
  if (!isObj(raw)) return fragment();
  const attrs = actionAttrs(blockIndex, elementIndex, raw, block);
  switch (raw.type) {
    case "button": {
      const cls = `button${
        raw.style === "primary" ? " primary" : raw.style === "danger" ? " danger" : ""
      }`;
      if (raw.url) {
        return h(
          "a",
          {
            ...attrs,
            class: `${cls} link-button`,
            href: str(raw.url),
            target: "_blank",
            rel: "noopener noreferrer",
            "data-kind": "link-button",
          },
          plainLabel(raw.text),
          h("span", { class: "external", "aria-hidden": "true" }, " ↗"),
        );
      }
      return h(
        "button",
        { ...attrs, type: "button", class: cls, "data-kind": "button-action" },
        plainLabel(raw.text),
      );
    }
    case "image":
      return h("img", {
        class: "accessory-image",
        src: str(raw.image_url),
        alt: str(raw.alt_text),
        loading: "lazy",
      });
    case "static_select":
    case "overflow":
      return selectElement(
        raw.type === "overflow" ? { ...raw, placeholder: { type: "plain_text", text: "⋯" } } : raw,
        isObj(raw.initial_option) ? raw.initial_option : null,
        ctx,
        attrs,
      );
    case "users_select":
    case "conversations_select":
    case "channels_select":
    case "datepicker":
    case "timepicker":
    case "checkboxes":
    case "radio_buttons":
      return h("span", { class: "unsupported" }, `[${str(raw.type)} in a message]`);
    default:
      return h("span", { class: "unsupported" }, `[${str(raw.type)}]`);
  }
}

// ---------- blocks ----------

/**
 * One block of a message or a modal (input blocks are drawn by renderInput).
 * @param {unknown} raw
 * @param {number} index
 * @param {BlockContext} ctx
 * @param {"message" | "modal"} surface
 * @param {ModalState} [state]
 * @returns {SafeHtml}
 */
export function renderBlock(raw, index, ctx, surface = "message", state) {
  if (!isObj(raw)) return fragment();
  const element = surface === "modal"
    ? (/** @type {unknown} */ el, /** @type {string | number} */ pos) =>
      modalActionElement(el, raw, index, pos, ctx, state)
    : (/** @type {unknown} */ el, /** @type {string | number} */ pos) =>
      messageElement(el, raw, index, pos, ctx);
  switch (raw.type) {
    case "header":
      return h("div", { class: "block block-header" }, textObject(raw.text, ctx));
    case "section": {
      const accessory = isObj(raw.accessory) ? raw.accessory : null;
      return h(
        "div",
        { class: `block block-section${accessory?.type === "image" ? " with-image" : ""}` },
        h(
          "div",
          { class: "section-main" },
          raw.text ? h("div", { class: "section-text" }, textObject(raw.text, ctx)) : "",
          arr(raw.fields).length
            ? h(
              "div",
              { class: "section-fields" },
              arr(raw.fields).map((f) => h("div", { class: "field" }, textObject(f, ctx))),
            )
            : "",
        ),
        accessory ? h("div", { class: "section-accessory" }, element(accessory, "accessory")) : "",
      );
    }
    case "context":
      return h(
        "div",
        { class: "block block-context" },
        arr(raw.elements).map((e) => {
          if (isObj(e) && e.type === "image") {
            return h("img", {
              class: "context-image",
              src: str(e.image_url),
              alt: str(e.alt_text),
            });
          }
          return h("span", { class: "context-text" }, textObject(e, ctx));
        }),
      );
    case "image":
      return h(
        "figure",
        { class: "block block-image" },
        raw.title ? h("figcaption", null, textObject(raw.title, ctx)) : "",
        h("img", { src: str(raw.image_url), alt: str(raw.alt_text), loading: "lazy" }),
      );
    case "divider":
      return h("hr", { class: "block block-divider" });
    case "actions":
      return h(
        "div",
        { class: "block block-actions" },
        arr(raw.elements).map((e, i) => element(e, i)),
      );
    case "rich_text":
      return h(
        "div",
        { class: "block block-rich-text" },
        arr(raw.elements).map((e) => richBlockElement(e, ctx)),
      );
    case "markdown":
      return h("div", { class: "block block-markdown" }, mrkdwn(str(raw.text), ctx));
    case "input":
      return surface === "modal" && state
        ? renderInput(raw, index, ctx, state)
        : h("div", { class: "block unsupported" }, "[input block]");
    default:
      return h("div", { class: "block unsupported" }, `[unsupported block: ${str(raw.type)}]`);
  }
}

/**
 * The blocks of a message, or its mrkdwn `text` when it has none.
 * @param {{ text?: unknown, blocks?: unknown }} message
 * @param {BlockContext} ctx
 * @returns {SafeHtml}
 */
export function renderMessageContent(message, ctx) {
  const blocks = arr(message.blocks);
  if (blocks.length === 0) {
    return h("div", { class: "message-text" }, mrkdwn(str(message.text), ctx));
  }
  return h("div", { class: "message-blocks" }, blocks.map((b, i) => renderBlock(b, i, ctx)));
}

const AVATAR_COLORS = 8;
/** @param {string} id */
function colorOf(id) {
  let n = 0;
  for (const c of id) n = (n * 31 + c.charCodeAt(0)) >>> 0;
  return n % AVATAR_COLORS;
}
/** @param {string} name */
export function initials(name) {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const first = [...(words[0] ?? "?")][0] ?? "?";
  const last = words.length > 1 ? [...(words[words.length - 1] ?? "")][0] ?? "" : "";
  return (first + last).toUpperCase();
}

/**
 * @typedef {{
 *   ts: string, text?: string, user?: string, bot_id?: string, username?: string,
 *   icons?: { image_48?: string, emoji?: string }, blocks?: unknown[], reply_count?: number,
 *   reply_users?: string[], latest_reply?: string, thread_ts?: string,
 *   reactions?: Array<{ name: string, users: string[], count: number }>, edited?: unknown,
 *   channel?: string,
 * }} MessageData
 */

/**
 * Who a message appears to come from: an app post shows its `username` and icon (chat:write.customize)
 * or the app's own; a person's post shows their name.
 * @param {MessageData} m
 * @param {BlockContext} ctx
 * @returns {{ name: string, isApp: boolean, image: string | null, emoji: string | null }}
 */
export function senderOf(m, ctx) {
  if (m.bot_id) {
    const emoji = m.icons?.emoji && emojiChar(m.icons.emoji) ? m.icons.emoji : null;
    return {
      name: m.username || ctx.app?.name || "App",
      isApp: true,
      image: emoji ? null : m.icons?.image_48 ?? ctx.app?.icon ?? null,
      emoji,
    };
  }
  const id = str(m.user);
  return { name: ctx.users?.[id] ?? id ?? "someone", isApp: false, image: null, emoji: null };
}

/**
 * A message with its sender, time, content, reactions and thread summary.
 * @param {MessageData} m
 * @param {BlockContext} ctx
 * @param {{ inThread?: boolean, tools?: boolean }} [options]
 * @returns {SafeHtml}
 */
export function renderMessage(m, ctx, options = {}) {
  const sender = senderOf(m, ctx);
  const avatar = sender.image
    ? h("img", { class: "avatar", src: sender.image, alt: "" })
    : sender.emoji
    ? h(
      "span",
      { class: "avatar avatar-emoji", "aria-hidden": "true" },
      emojiNode({ name: sender.emoji }),
    )
    : h(
      "span",
      { class: `avatar c${colorOf(str(m.user) || sender.name)}`, "aria-hidden": "true" },
      initials(sender.name),
    );
  const time = formatSlackDate(Number(m.ts), "{time}", ctx.viewer) ?? "";
  const day = formatSlackDate(Number(m.ts), "{date_long}", ctx.viewer) ?? "";
  const replies = !options.inThread && (m.reply_count ?? 0) > 0
    ? h(
      "button",
      { type: "button", class: "thread-link", "data-kind": "open-thread" },
      h(
        "span",
        { class: "reply-avatars" },
        (m.reply_users ?? []).slice(0, 4).map((u) =>
          h(
            "span",
            { class: `mini-avatar c${colorOf(u)}`, title: ctx.users?.[u] ?? u },
            initials(ctx.users?.[u] ?? u),
          )
        ),
      ),
      `${m.reply_count} ${m.reply_count === 1 ? "reply" : "replies"}`,
    )
    : "";
  const reactions = (m.reactions ?? []).length
    ? h(
      "div",
      { class: "reactions" },
      (m.reactions ?? []).map((r) =>
        h(
          "button",
          {
            type: "button",
            class: ctx.me && r.users.includes(ctx.me) ? "reaction mine" : "reaction",
            "data-kind": "reaction",
            "data-name": r.name,
            title: `${r.users.map((u) => ctx.users?.[u] ?? u).join(", ")} reacted with :${r.name}:`,
          },
          emojiNode({ name: r.name }) ?? h("span", { class: "emoji-code" }, `:${r.name}:`),
          h("span", { class: "count" }, r.count),
        )
      ),
    )
    : "";
  const tools = options.tools
    ? h(
      "div",
      { class: "message-tools", role: "toolbar", "aria-label": "Message actions" },
      ["white_check_mark", "eyes", "+1"].map((name) =>
        h("button", {
          type: "button",
          "data-kind": "quick-react",
          "data-name": name,
          title: `React with :${name}:`,
        }, emojiNode({ name }) ?? `:${name}:`)
      ),
      options.inThread ? "" : h(
        "button",
        { type: "button", "data-kind": "open-thread", title: "Reply in thread" },
        emojiText("💬 Reply"),
      ),
    )
    : "";
  return h(
    "div",
    { class: "message", "data-ts": m.ts, "data-channel": m.channel ?? null },
    tools,
    avatar,
    h(
      "div",
      { class: "message-body" },
      h(
        "div",
        { class: "message-meta" },
        h("span", { class: "sender" }, sender.name),
        sender.isApp ? h("span", { class: "app-badge" }, "APP") : "",
        h("time", { class: "message-time", title: day }, time),
        m.edited ? h("span", { class: "edited" }, "(edited)") : "",
      ),
      renderMessageContent(m, ctx),
      reactions,
      replies,
    ),
  );
}

// ---------- modals ----------

/**
 * What the page knows while a modal is open: values typed so far (Slack's view.state.values shape)
 * and the field errors from the last submission.
 * @typedef {{ values?: Record<string, Record<string, Obj>>, errors?: Record<string, string> }} ModalState
 */

/**
 * The current value of an element: what the person chose, else the view's stored state.
 * @param {ModalState | undefined} state
 * @param {Obj} block
 * @param {Obj} el
 * @returns {Obj | null}
 */
function currentValue(state, block, el) {
  const v = state?.values?.[str(block.block_id)]?.[str(el.action_id)];
  return isObj(v) ? v : null;
}

/**
 * The option values shown as chosen in a select, radio or checkbox group: what the person chose,
 * else the element's initial option(s).
 * @param {boolean} multi
 * @param {Obj | null} cur
 * @param {Obj} el
 * @returns {Set<string>}
 */
function chosenValues(multi, cur, el) {
  if (multi) {
    return new Set(
      arr(cur ? cur.selected_options : el.initial_options).filter(isObj).map((o) => str(o.value)),
    );
  }
  const picked = isObj(cur?.selected_option)
    ? cur?.selected_option.value
    : isObj(el.initial_option) && !cur
    ? el.initial_option.value
    : "";
  return new Set([str(picked)]);
}

/**
 * Element attributes the page reads values from.
 * @param {Obj} block
 * @param {Obj} el
 * @param {number} index
 * @param {string | number} pos
 */
function stateAttrs(block, el, index, pos) {
  return {
    "data-state": "true",
    "data-block-id": str(block.block_id),
    "data-action-id": str(el.action_id),
    "data-type": str(el.type),
    "data-block-index": index,
    "data-element": pos,
    "data-dispatch": block.type !== "input" || block.dispatch_action === true ? "true" : null,
    "data-dispatch-on": block.dispatch_action === true &&
        isObj(el.dispatch_action_config) &&
        arr(el.dispatch_action_config.trigger_actions_on).includes("on_character_entered")
      ? "character"
      : null,
  };
}

/**
 * @param {Obj} el
 * @param {BlockContext} ctx
 * @returns {Array<{ id: string, name: string }>}
 */
function pickerChoices(el, ctx) {
  const type = str(el.type);
  if (type.includes("users")) return (ctx.people ?? []).map((p) => ({ id: p.id, name: p.name }));
  const filter = isObj(el.filter) ? el.filter : {};
  const include = arr(filter.include).map(str);
  return (ctx.conversations ?? [])
    .filter((c) =>
      type.includes("channels")
        ? c.kind === "public"
        : include.length === 0 || include.includes(c.kind)
    )
    .map((c) => ({ id: c.id, name: c.kind === "im" ? `@${c.name}` : `#${c.name}` }));
}

/**
 * An input element (or a stateful element in an actions block or accessory) of a modal.
 * @param {Obj} el
 * @param {Obj} block
 * @param {number} index
 * @param {string | number} pos
 * @param {BlockContext} ctx
 * @param {ModalState | undefined} state
 * @returns {SafeHtml}
 */
export function formElement(el, block, index, pos, ctx, state) {
  const attrs = stateAttrs(block, el, index, pos);
  const cur = currentValue(state, block, el);
  const type = str(el.type);
  const id = `f-${str(block.block_id)}-${str(el.action_id)}`.replace(/[^A-Za-z0-9_-]/g, "_");
  const placeholder = plainLabel(el.placeholder) || null;
  switch (type) {
    case "plain_text_input":
    case "email_text_input":
    case "url_text_input":
    case "number_input": {
      const value = cur && typeof cur.value === "string" ? cur.value : str(el.initial_value);
      if (el.multiline) {
        return h("textarea", {
          ...attrs,
          id,
          class: "text-input",
          rows: 4,
          placeholder,
          maxlength: num(el.max_length),
        }, value);
      }
      const inputType = type === "email_text_input"
        ? "email"
        : type === "url_text_input"
        ? "url"
        : type === "number_input"
        ? "number"
        : "text";
      return h("input", {
        ...attrs,
        id,
        class: "text-input",
        type: inputType,
        value,
        placeholder,
        maxlength: num(el.max_length),
        step: type === "number_input" && !el.is_decimal_allowed ? 1 : null,
      });
    }
    case "static_select":
    case "multi_static_select": {
      const multi = type.startsWith("multi_");
      const chosen = chosenValues(multi, cur, el);
      /** @param {unknown} o */
      const option = (o) =>
        isObj(o)
          ? h(
            "option",
            { value: str(o.value), selected: chosen.has(str(o.value)) },
            plainLabel(o.text),
          )
          : "";
      const groups = arr(el.option_groups).filter(isObj);
      return h(
        "select",
        {
          ...attrs,
          id,
          class: "select",
          multiple: multi,
          size: multi ? Math.min(6, optionsOf(el).length) : null,
        },
        multi ? "" : h("option", { value: "" }, placeholder ?? "Select an option"),
        groups.length
          ? groups.map((g) =>
            h("optgroup", { label: plainLabel(g.label) }, arr(g.options).map(option))
          )
          : arr(el.options).map(option),
      );
    }
    case "radio_buttons":
    case "checkboxes": {
      const multi = type === "checkboxes";
      const chosen = chosenValues(multi, cur, el);
      return h(
        "div",
        {
          ...attrs,
          id,
          class: multi ? "checkbox-group" : "radio-group",
          role: multi ? "group" : "radiogroup",
        },
        arr(el.options).filter(isObj).map((o, i) =>
          h(
            "label",
            { class: "choice" },
            h("input", {
              type: multi ? "checkbox" : "radio",
              id: `${id}-${i}`,
              name: id,
              value: str(o.value),
              checked: chosen.has(str(o.value)),
              "data-option-index": i,
            }),
            h(
              "span",
              { class: "choice-text" },
              h("span", { class: "choice-label" }, textObject(o.text, ctx)),
              o.description
                ? h("span", { class: "choice-description" }, textObject(o.description, ctx))
                : "",
            ),
          )
        ),
      );
    }
    case "users_select":
    case "multi_users_select":
    case "conversations_select":
    case "multi_conversations_select":
    case "channels_select":
    case "multi_channels_select": {
      const multi = type.startsWith("multi_");
      const key = type.includes("users")
        ? "user"
        : type.includes("channels")
        ? "channel"
        : "conversation";
      const initial = multi ? arr(el[`initial_${key}s`]).map(str) : [str(el[`initial_${key}`])];
      const current = cur
        ? (multi ? arr(cur[`selected_${key}s`]).map(str) : [str(cur[`selected_${key}`])])
        : initial;
      const chosen = new Set(current.filter(Boolean));
      const choices = pickerChoices(el, ctx);
      return h(
        "select",
        {
          ...attrs,
          id,
          class: "select picker",
          multiple: multi,
          size: multi ? Math.min(8, Math.max(3, choices.length)) : null,
        },
        multi ? "" : h("option", { value: "" }, placeholder ?? `Select a ${key}`),
        choices.map((c) => h("option", { value: c.id, selected: chosen.has(c.id) }, c.name)),
      );
    }
    case "datepicker": {
      const value = cur ? str(cur.selected_date) : str(el.initial_date);
      return h("input", { ...attrs, id, class: "text-input", type: "date", value });
    }
    case "timepicker": {
      const value = cur ? str(cur.selected_time) : str(el.initial_time);
      return h("input", { ...attrs, id, class: "text-input", type: "time", value });
    }
    default:
      return h("span", { class: "unsupported" }, `[${type} input]`);
  }
}

/** Slack draws its own words (optional, Cancel) in the viewer's language. */
/** @param {BlockContext} ctx */
function french(ctx) {
  return (ctx.viewer?.locale ?? "").toLowerCase().startsWith("fr");
}

/** @param {unknown} v */
function num(v) {
  return typeof v === "number" && Number.isFinite(v) ? v : null;
}

/**
 * A button, select or other element in a modal's actions block or section accessory.
 * @param {unknown} raw
 * @param {Obj} block
 * @param {number} index
 * @param {string | number} pos
 * @param {BlockContext} ctx
 * @param {ModalState | undefined} state
 * @returns {SafeHtml}
 */
function modalActionElement(raw, block, index, pos, ctx, state) {
  if (!isObj(raw)) return fragment();
  if (raw.type === "button" || raw.type === "image" || raw.type === "overflow") {
    return messageElement(raw, block, index, pos, ctx);
  }
  return formElement(raw, block, index, pos, ctx, state);
}

/**
 * An input block: label, element, hint, and the error from the last submission.
 * @param {Obj} block
 * @param {number} index
 * @param {BlockContext} ctx
 * @param {ModalState} state
 * @returns {SafeHtml}
 */
export function renderInput(block, index, ctx, state) {
  const el = isObj(block.element) ? block.element : {};
  const id = `f-${str(block.block_id)}-${str(el.action_id)}`.replace(/[^A-Za-z0-9_-]/g, "_");
  const error = state.errors?.[str(block.block_id)];
  return h(
    "div",
    {
      class: `block block-input${error ? " has-error" : ""}`,
      "data-input-block": str(block.block_id),
    },
    h(
      "label",
      { class: "input-label", for: id },
      plainLabel(block.label),
      block.optional
        ? h("span", { class: "optional" }, french(ctx) ? " (facultatif)" : " (optional)")
        : "",
    ),
    formElement(el, block, index, "element", ctx, state),
    block.hint ? h("div", { class: "input-hint" }, textObject(block.hint, ctx)) : "",
    error ? h("div", { class: "field-error", role: "alert" }, error) : "",
  );
}

/**
 * A modal view: title, blocks, close and submit buttons.
 * @param {Obj} view
 * @param {BlockContext} ctx
 * @param {ModalState} [state]
 * @param {{ depth?: number, busy?: boolean, problem?: string | null }} [options]
 * @returns {SafeHtml}
 */
export function renderView(view, ctx, state = {}, options = {}) {
  const blocks = arr(view.blocks);
  const values = state.values ??
    (isObj(view.state) && isObj(view.state.values)
      ? /** @type {Record<string, Record<string, Obj>>} */ (view.state.values)
      : {});
  const full = { ...state, values };
  return h(
    "div",
    {
      class: "modal",
      role: "dialog",
      "aria-modal": "true",
      "aria-label": plainLabel(view.title),
      "data-view-id": str(view.id),
    },
    h(
      "div",
      { class: "modal-header" },
      h("h2", { class: "modal-title" }, plainLabel(view.title)),
      h("button", {
        type: "button",
        class: "modal-x",
        "data-kind": "view-close",
        "aria-label": "Close",
      }, "×"),
    ),
    h(
      "div",
      { class: "modal-body" },
      blocks.map((b, i) => renderBlock(b, i, ctx, "modal", full)),
      options.problem ? h("div", { class: "modal-problem", role: "alert" }, options.problem) : "",
    ),
    h(
      "div",
      { class: "modal-footer" },
      h(
        "button",
        { type: "button", class: "button", "data-kind": "view-close" },
        plainLabel(view.close) || (french(ctx) ? "Annuler" : "Cancel"),
      ),
      view.submit
        ? h(
          "button",
          {
            type: "button",
            class: "button primary",
            "data-kind": "view-submit",
            disabled: options.busy === true,
          },
          plainLabel(view.submit),
        )
        : "",
    ),
  );
}

/**
 * The element a block_actions payload is about, found again by block position and element position.
 * @param {unknown[]} blocks
 * @param {number} blockIndex
 * @param {string} elementPos "accessory", "element" or an index in `elements`
 * @returns {{ block: Obj, element: Obj } | null}
 */
export function elementAt(blocks, blockIndex, elementPos) {
  const block = blocks[blockIndex];
  if (!isObj(block)) return null;
  const element = elementPos === "accessory"
    ? block.accessory
    : elementPos === "element"
    ? block.element
    : arr(block.elements)[Number(elementPos)];
  return isObj(element) ? { block, element } : null;
}

/**
 * The option object (text and value, as Slack sends it back) for a value, or null.
 * @param {Obj} element
 * @param {string} value
 * @returns {Obj | null}
 */
export function optionByValue(element, value) {
  const o = optionsOf(element).find((x) => str(x.value) === value);
  if (!o) return null;
  return {
    text: o.text,
    value: str(o.value),
    ...(o.description ? { description: o.description } : {}),
  };
}

/**
 * Turns what a person chose in one element into Slack's state value, e.g.
 * `{ type: "static_select", selected_option: {…} }` or `{ type: "multi_users_select", selected_users: [...] }`.
 * @param {Obj} element
 * @param {string[]} chosen the raw values (text, option values or ids)
 * @returns {Obj}
 */
export function stateValue(element, chosen) {
  const type = str(element.type);
  const first = chosen[0] ?? "";
  switch (type) {
    case "plain_text_input":
    case "email_text_input":
    case "url_text_input":
    case "number_input":
      return { type, value: first === "" ? null : first };
    case "static_select":
    case "radio_buttons":
      return { type, selected_option: first ? optionByValue(element, first) : null };
    case "multi_static_select":
    case "checkboxes":
      return { type, selected_options: chosen.map((v) => optionByValue(element, v)).filter(isObj) };
    case "users_select":
      return { type, selected_user: first || null };
    case "multi_users_select":
      return { type, selected_users: chosen.filter(Boolean) };
    case "channels_select":
      return { type, selected_channel: first || null };
    case "multi_channels_select":
      return { type, selected_channels: chosen.filter(Boolean) };
    case "conversations_select":
      return { type, selected_conversation: first || null };
    case "multi_conversations_select":
      return { type, selected_conversations: chosen.filter(Boolean) };
    case "datepicker":
      return { type, selected_date: first || null };
    case "timepicker":
      return { type, selected_time: first || null };
    default:
      return { type, value: first || null };
  }
}

/**
 * The `actions[0]` of a block_actions payload for a click or a change, as Slack builds it.
 * @param {Obj} element
 * @param {Obj} block
 * @param {Obj} [value] the element's new state value (selects, checkboxes, inputs)
 * @returns {Obj}
 */
export function actionPayload(element, block, value) {
  const base = {
    type: str(element.type),
    block_id: str(block.block_id),
    action_id: str(element.action_id),
  };
  if (element.type === "button") {
    return {
      ...base,
      text: element.text,
      ...(element.value !== undefined ? { value: str(element.value) } : {}),
      ...(element.style ? { style: element.style } : {}),
    };
  }
  if (element.type === "overflow" && value && isObj(value.selected_option)) {
    return { ...base, selected_option: value.selected_option };
  }
  const { type: _t, ...rest } = value ?? {};
  return { ...base, ...rest };
}

export { SafeHtml };
