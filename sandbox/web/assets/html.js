// @ts-check
/**
 * The only way the sandbox page builds HTML: `h(tag, attrs, ...children)` escapes every string it is
 * given (text and attribute values), refuses event-handler and style attributes, and keeps only
 * http(s), mailto and same-site URLs in href/src. Untrusted text can therefore never become markup.
 * Plain JavaScript (checked by `deno check` through @ts-check) so the browser loads it as is.
 */

/** HTML produced by this module; nothing else may construct one from a raw string. */
export class SafeHtml {
  /** @param {string} html */
  constructor(html) {
    /** @readonly */
    this.html = html;
    Object.freeze(this);
  }
  toString() {
    return this.html;
  }
}

/** @type {Record<string, string>} */
const ENTITIES = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** @param {unknown} value @returns {string} */
export function escapeHtml(value) {
  return String(value).replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);
}

/** @typedef {SafeHtml | string | number | null | undefined | false | readonly unknown[]} Child Nested arrays of children are flattened. */
/** @typedef {Record<string, string | number | boolean | null | undefined>} Attrs */

const TAG = /^[a-z][a-z0-9-]*$/;
const ATTR = /^[a-z][a-z0-9-]*$/;
const VOID = new Set(["br", "hr", "img", "input", "meta", "link", "source", "wbr"]);
const URL_ATTRS = new Set(["href", "src", "action", "formaction", "poster"]);

/**
 * Keeps a URL only if it is http(s), mailto, or relative to the page (path, query or fragment).
 * @param {unknown} raw
 * @returns {string | null}
 */
export function safeHref(raw) {
  if (typeof raw !== "string") return null;
  const url = raw.trim();
  if (url === "" || url.length > 3000) return null;
  if (/^(#|\/(?!\/)|\?)/.test(url)) return url;
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(url)?.[1]?.toLowerCase();
  if (scheme === "http" || scheme === "https" || scheme === "mailto") return url;
  return null;
}

/** @param {unknown} child @returns {string} */
function render(child) {
  if (child === null || child === undefined || child === false) return "";
  if (child instanceof SafeHtml) return child.html;
  if (Array.isArray(child)) return child.map(render).join("");
  return escapeHtml(child);
}

/**
 * One element. Attribute values are escaped; `on*` and `style` attributes are refused, and URL
 * attributes are dropped unless safeHref() accepts them.
 * @param {string} tag
 * @param {Attrs | null} attrs
 * @param {...Child} children
 * @returns {SafeHtml}
 */
export function h(tag, attrs, ...children) {
  if (!TAG.test(tag) || tag === "script" || tag === "style") {
    throw new TypeError(`Cannot build element "${tag}": tag not allowed`);
  }
  let out = `<${tag}`;
  for (const [name, value] of Object.entries(attrs ?? {})) {
    if (!ATTR.test(name) || name.startsWith("on") || name === "style") {
      throw new TypeError(`Cannot set attribute "${name}": not allowed`);
    }
    if (value === null || value === undefined || value === false) continue;
    if (value === true) {
      out += ` ${name}`;
      continue;
    }
    let v = String(value);
    if (URL_ATTRS.has(name)) {
      const safe = safeHref(v);
      if (safe === null) continue;
      v = safe;
    }
    out += ` ${name}="${escapeHtml(v)}"`;
  }
  out += ">";
  if (VOID.has(tag)) return new SafeHtml(out);
  return new SafeHtml(`${out}${render(children)}</${tag}>`);
}

/** @param {...Child} children @returns {SafeHtml} */
export function fragment(...children) {
  return new SafeHtml(render(children));
}

/** @param {unknown} value @returns {SafeHtml} */
export function text(value) {
  return new SafeHtml(escapeHtml(value));
}
