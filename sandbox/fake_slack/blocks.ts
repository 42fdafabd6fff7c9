/**
 * Structural checks of Block Kit payloads with Slack's documented limits
 * (docs.slack.dev/reference/block-kit). Returns Slack-style problem lines; empty when valid.
 * Written by hand because Slack publishes no schema and no npm package validates blocks.
 */
type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

class Checker {
  readonly problems: string[] = [];
  constructor(readonly surface: "message" | "modal") {}

  fail(path: string, message: string): void {
    this.problems.push(`${message} [json-pointer:${path}]`);
  }

  text(v: unknown, path: string, opts: { max: number; plainOnly?: boolean }): void {
    if (!isObj(v)) return this.fail(path, "must be a text object");
    if (v.type !== "plain_text" && v.type !== "mrkdwn") {
      return this.fail(`${path}/type`, "must be either plain_text or mrkdwn");
    }
    if (opts.plainOnly && v.type !== "plain_text") {
      return this.fail(`${path}/type`, "must be plain_text");
    }
    if (typeof v.text !== "string") return this.fail(`${path}/text`, "must be a string");
    if (v.text.length === 0) this.fail(`${path}/text`, "must be more than 0 characters");
    if (v.text.length > opts.max) {
      this.fail(`${path}/text`, `must be less than ${opts.max + 1} characters`);
    }
    if (v.type === "mrkdwn" && "emoji" in v) this.fail(`${path}/emoji`, "is not allowed on mrkdwn");
  }

  id(v: unknown, path: string): void {
    if (v === undefined) return;
    if (typeof v !== "string" || v.length === 0 || v.length > 255) {
      this.fail(path, "must be a string of 1 to 255 characters");
    }
  }

  url(v: unknown, path: string, max = 3000): void {
    if (typeof v !== "string" || v.length > max) {
      return this.fail(path, `must be a string of at most ${max} characters`);
    }
    if (!/^https?:\/\//i.test(v)) this.fail(path, "must be an http or https URL");
  }

  option(v: unknown, path: string): void {
    if (!isObj(v)) return this.fail(path, "must be an option object");
    this.text(v.text, `${path}/text`, { max: 75 });
    if (typeof v.value !== "string" || v.value.length > 150) {
      this.fail(`${path}/value`, "must be a string of at most 150 characters");
    }
  }

  element(v: unknown, path: string, where: "actions" | "section" | "input"): void {
    if (!isObj(v)) return this.fail(path, "must be an element object");
    this.id(v.action_id, `${path}/action_id`);
    const t = v.type;
    switch (t) {
      case "button":
        if (where === "input") {
          return this.fail(`${path}/type`, "button is not allowed in an input block");
        }
        this.text(v.text, `${path}/text`, { max: 75, plainOnly: true });
        if (v.url !== undefined) this.url(v.url, `${path}/url`);
        if (v.value !== undefined && (typeof v.value !== "string" || v.value.length > 2000)) {
          this.fail(`${path}/value`, "must be a string of at most 2000 characters");
        }
        if (v.style !== undefined && v.style !== "primary" && v.style !== "danger") {
          this.fail(`${path}/style`, "must be primary or danger");
        }
        return;
      case "checkboxes":
      case "radio_buttons":
      case "static_select":
      case "multi_static_select":
      case "overflow": {
        const options = v.options;
        if (!Array.isArray(options) || options.length === 0) {
          return this.fail(`${path}/options`, "must have at least one option");
        }
        const max = t === "checkboxes" || t === "radio_buttons" ? 10 : t === "overflow" ? 5 : 100;
        if (options.length > max) this.fail(`${path}/options`, `must have at most ${max} options`);
        options.forEach((o, i) => this.option(o, `${path}/options/${i}`));
        const initial = t === "checkboxes" || t === "multi_static_select"
          ? v.initial_options
          : v.initial_option === undefined
          ? undefined
          : [v.initial_option];
        if (initial !== undefined) {
          if (!Array.isArray(initial)) {
            return this.fail(`${path}/initial_options`, "must be an array");
          }
          for (const o of initial) {
            if (!options.some((x) => isObj(x) && isObj(o) && x.value === o.value)) {
              this.fail(`${path}/initial_options`, "must match one of the options");
            }
          }
        }
        if (v.placeholder !== undefined) {
          this.text(v.placeholder, `${path}/placeholder`, { max: 150, plainOnly: true });
        }
        return;
      }
      case "plain_text_input":
        if (where !== "input") {
          this.fail(`${path}/type`, "plain_text_input belongs in an input block");
        }
        if (
          v.max_length !== undefined && (typeof v.max_length !== "number" || v.max_length > 3000)
        ) {
          this.fail(`${path}/max_length`, "must be a number of at most 3000");
        }
        if (v.initial_value !== undefined && typeof v.initial_value !== "string") {
          this.fail(`${path}/initial_value`, "must be a string");
        }
        if (v.placeholder !== undefined) {
          this.text(v.placeholder, `${path}/placeholder`, { max: 150, plainOnly: true });
        }
        return;
      case "channels_select":
      case "conversations_select":
      case "users_select":
      case "multi_users_select":
      case "multi_channels_select":
      case "multi_conversations_select":
      case "datepicker":
      case "timepicker":
      case "email_text_input":
      case "url_text_input":
      case "number_input":
        if (v.placeholder !== undefined) {
          this.text(v.placeholder, `${path}/placeholder`, { max: 150, plainOnly: true });
        }
        return;
      case "image":
        if (where !== "section") {
          return this.fail(`${path}/type`, "image elements belong in sections or context");
        }
        this.url(v.image_url, `${path}/image_url`);
        if (typeof v.alt_text !== "string") this.fail(`${path}/alt_text`, "must be a string");
        return;
      default:
        this.fail(`${path}/type`, `unknown element type "${String(t)}"`);
    }
  }

  richText(v: Obj, path: string): void {
    const elements = v.elements;
    if (!Array.isArray(elements) || elements.length === 0) {
      return this.fail(`${path}/elements`, "must be a non-empty array");
    }
    elements.forEach((section, i) => {
      const p = `${path}/elements/${i}`;
      if (!isObj(section)) return this.fail(p, "must be an object");
      const kind = section.type;
      if (
        !["rich_text_section", "rich_text_preformatted", "rich_text_quote", "rich_text_list"]
          .includes(String(kind))
      ) {
        return this.fail(`${p}/type`, `unknown rich text element "${String(kind)}"`);
      }
      const inner = section.elements;
      if (!Array.isArray(inner)) return this.fail(`${p}/elements`, "must be an array");
      inner.forEach((el, j) => {
        const q = `${p}/elements/${j}`;
        if (!isObj(el)) return this.fail(q, "must be an object");
        if (el.type === "text" && typeof el.text !== "string") {
          this.fail(`${q}/text`, "must be a string");
        }
        if (el.type === "link") this.url(el.url, `${q}/url`);
        if (
          ![
            "text",
            "link",
            "emoji",
            "user",
            "channel",
            "usergroup",
            "broadcast",
            "date",
            "rich_text_section",
          ].includes(String(el.type))
        ) {
          this.fail(`${q}/type`, `unknown rich text element "${String(el.type)}"`);
        }
      });
    });
  }

  block(v: unknown, i: number): void {
    const path = `/blocks/${i}`;
    if (!isObj(v)) return this.fail(path, "must be a block object");
    this.id(v.block_id, `${path}/block_id`);
    switch (v.type) {
      case "header":
        return this.text(v.text, `${path}/text`, { max: 150, plainOnly: true });
      case "divider":
        return;
      case "section": {
        if (v.text === undefined && v.fields === undefined) {
          return this.fail(path, "must have text or fields");
        }
        if (v.text !== undefined) this.text(v.text, `${path}/text`, { max: 3000 });
        if (v.fields !== undefined) {
          if (!Array.isArray(v.fields) || v.fields.length > 10) {
            return this.fail(`${path}/fields`, "must be an array of at most 10 items");
          }
          v.fields.forEach((f, j) => this.text(f, `${path}/fields/${j}`, { max: 2000 }));
        }
        if (v.accessory !== undefined) this.element(v.accessory, `${path}/accessory`, "section");
        return;
      }
      case "context": {
        const els = v.elements;
        if (!Array.isArray(els) || els.length === 0 || els.length > 10) {
          return this.fail(`${path}/elements`, "must have 1 to 10 elements");
        }
        els.forEach((e, j) => {
          if (isObj(e) && e.type === "image") {
            this.url(e.image_url, `${path}/elements/${j}/image_url`);
            if (typeof e.alt_text !== "string") {
              this.fail(`${path}/elements/${j}/alt_text`, "must be a string");
            }
          } else this.text(e, `${path}/elements/${j}`, { max: 3000 });
        });
        return;
      }
      case "image":
        this.url(v.image_url, `${path}/image_url`);
        if (typeof v.alt_text !== "string" || v.alt_text.length > 2000) {
          this.fail(`${path}/alt_text`, "must be a string of at most 2000 characters");
        }
        if (v.title !== undefined) {
          this.text(v.title, `${path}/title`, { max: 2000, plainOnly: true });
        }
        return;
      case "actions": {
        const els = v.elements;
        if (!Array.isArray(els) || els.length === 0 || els.length > 25) {
          return this.fail(`${path}/elements`, "must have 1 to 25 elements");
        }
        els.forEach((e, j) => this.element(e, `${path}/elements/${j}`, "actions"));
        return;
      }
      case "input":
        if (this.surface !== "modal") {
          return this.fail(`${path}/type`, "input blocks are only allowed in modals");
        }
        this.text(v.label, `${path}/label`, { max: 2000, plainOnly: true });
        if (v.hint !== undefined) this.text(v.hint, `${path}/hint`, { max: 2000, plainOnly: true });
        return this.element(v.element, `${path}/element`, "input");
      case "rich_text":
        return this.richText(v, path);
      case "markdown":
        if (typeof v.text !== "string" || v.text.length > 12000) {
          this.fail(`${path}/text`, "must be a string of at most 12000 characters");
        }
        return;
      default:
        this.fail(`${path}/type`, `unknown block type "${String(v.type)}"`);
    }
  }
}

export function checkBlocks(blocks: unknown, surface: "message" | "modal"): string[] {
  const c = new Checker(surface);
  if (!Array.isArray(blocks)) {
    c.fail("/blocks", "must be an array");
    return c.problems;
  }
  const max = surface === "modal" ? 100 : 50;
  if (blocks.length > max) c.fail("/blocks", `must have at most ${max} items`);
  const ids = new Set<string>();
  blocks.forEach((b, i) => {
    c.block(b, i);
    if (isObj(b) && typeof b.block_id === "string") {
      if (ids.has(b.block_id)) c.fail(`/blocks/${i}/block_id`, "must be unique");
      ids.add(b.block_id);
    }
  });
  return c.problems;
}

/** Checks a modal view object (views.open, views.update, views.push, response_action update/push). */
export function checkView(view: unknown): string[] {
  if (!isObj(view)) return ["view must be an object [json-pointer:/view]"];
  const c = new Checker("modal");
  if (view.type !== "modal") c.fail("/view/type", "must be modal");
  c.text(view.title, "/view/title", { max: 24, plainOnly: true });
  if (view.submit !== undefined) c.text(view.submit, "/view/submit", { max: 24, plainOnly: true });
  if (view.close !== undefined) c.text(view.close, "/view/close", { max: 24, plainOnly: true });
  if (view.callback_id !== undefined) c.id(view.callback_id, "/view/callback_id");
  if (
    view.private_metadata !== undefined &&
    (typeof view.private_metadata !== "string" || view.private_metadata.length > 3000)
  ) {
    c.fail("/view/private_metadata", "must be a string of at most 3000 characters");
  }
  const blockProblems = checkBlocks(view.blocks, "modal");
  const hasInput = Array.isArray(view.blocks) &&
    view.blocks.some((b) => isObj(b) && b.type === "input");
  if (hasInput && view.submit === undefined) {
    c.fail("/view/submit", "is required when the view has input blocks");
  }
  return [...c.problems, ...blockProblems];
}
