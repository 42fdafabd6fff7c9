// @ts-check
/**
 * Slack's date tokens (`<!date^ts^{date_short_pretty} {time}|fallback>` in mrkdwn, and the rich_text
 * `date` element), shown in the viewer's time zone as Slack clients do. Token meanings follow
 * @slack/types (RichTextDate.format). Times use a 12-hour clock for en-US viewers, 24-hour otherwise;
 * French viewers (fr-*) see French day and month names, as a Slack client set to French shows them.
 */

const MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];
const DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
const MONTHS_FR = [
  "janvier",
  "février",
  "mars",
  "avril",
  "mai",
  "juin",
  "juillet",
  "août",
  "septembre",
  "octobre",
  "novembre",
  "décembre",
];
const MONTHS_FR_SHORT = [
  "janv.",
  "févr.",
  "mars",
  "avr.",
  "mai",
  "juin",
  "juil.",
  "août",
  "sept.",
  "oct.",
  "nov.",
  "déc.",
];
const DAYS_FR = ["dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"];

/** @typedef {{ tz?: string, locale?: string, now?: number }} DateViewer */
/** @typedef {{ year: number, month: number, day: number, weekday: number, hour: number, minute: number, second: number }} Parts */

/** @type {Map<string, Intl.DateTimeFormat>} */
const formatters = new Map();

/**
 * Calendar fields of an instant in a time zone (UTC when the zone is unknown).
 * @param {number} ms
 * @param {string} tz
 * @returns {Parts}
 */
export function partsIn(ms, tz) {
  let f = formatters.get(tz);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat("en-US", {
        timeZone: tz,
        hourCycle: "h23",
        year: "numeric",
        month: "numeric",
        day: "numeric",
        weekday: "short",
        hour: "numeric",
        minute: "numeric",
        second: "numeric",
      });
    } catch {
      return partsIn(ms, "UTC");
    }
    formatters.set(tz, f);
  }
  /** @type {Record<string, string>} */
  const p = {};
  for (const part of f.formatToParts(new Date(ms))) p[part.type] = part.value;
  return {
    year: Number(p.year),
    month: Number(p.month) - 1,
    day: Number(p.day),
    weekday: ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"].indexOf(p.weekday ?? ""),
    hour: Number(p.hour) % 24,
    minute: Number(p.minute),
    second: Number(p.second),
  };
}

/** @param {number} n */
function ordinal(n) {
  const s = n % 100;
  if (s >= 11 && s <= 13) return `${n}th`;
  return `${n}${["th", "st", "nd", "rd"][n % 10] ?? "th"}`;
}

/** @param {number} n */
const pad = (n) => String(n).padStart(2, "0");

/** @param {Parts} p */
const dayNumber = (p) => Math.round(Date.UTC(p.year, p.month, p.day) / 86_400_000);

/**
 * @param {Parts} p
 * @param {boolean} secs
 * @param {boolean} twelve
 */
function clock(p, secs, twelve) {
  const s = secs ? `:${pad(p.second)}` : "";
  if (!twelve) return `${pad(p.hour)}:${pad(p.minute)}${s}`;
  const h = p.hour % 12 === 0 ? 12 : p.hour % 12;
  return `${h}:${pad(p.minute)}${s} ${p.hour < 12 ? "AM" : "PM"}`;
}

/** @param {number} ms @param {number} now @param {boolean} french */
function ago(ms, now, french) {
  const diff = Math.round((now - ms) / 1000);
  const abs = Math.abs(diff);
  /** @type {Array<[number, string, string]>} */
  const units = french
    ? [[86_400, "jour", "jours"], [3_600, "heure", "heures"], [60, "minute", "minutes"]]
    : [[86_400, "day", "days"], [3_600, "hour", "hours"], [60, "minute", "minutes"]];
  let phrase = french ? "quelques secondes" : "a few seconds";
  for (const [size, one, many] of units) {
    if (abs >= size) {
      const n = Math.floor(abs / size);
      phrase = `${n} ${n === 1 ? one : many}`;
      break;
    }
  }
  if (french) return diff >= 0 ? `il y a ${phrase}` : `dans ${phrase}`;
  return diff >= 0 ? `${phrase} ago` : `in ${phrase}`;
}

/**
 * Fills a Slack date format for a Unix timestamp (seconds). Returns null when the format holds a
 * token Slack does not know, so the caller shows the fallback as Slack would.
 * @param {number} timestamp
 * @param {string} format
 * @param {DateViewer} [viewer]
 * @returns {string | null}
 */
export function formatSlackDate(timestamp, format, viewer = {}) {
  if (!Number.isFinite(timestamp)) return null;
  const ms = timestamp * 1000;
  const tz = viewer.tz ?? "UTC";
  const now = viewer.now ?? Date.now();
  const locale = viewer.locale ?? "en-US";
  const twelve = locale === "en-US";
  const french = locale.toLowerCase().startsWith("fr");
  const p = partsIn(ms, tz);
  const today = partsIn(now, tz);
  const delta = dayNumber(p) - dayNumber(today);
  /** @param {boolean} capital */
  const pretty = (capital) => {
    const words = french ? ["hier", "aujourd’hui", "demain"] : ["yesterday", "today", "tomorrow"];
    const word = delta >= -1 && delta <= 1 ? words[delta + 1] ?? "" : "";
    return capital && word ? word[0]?.toUpperCase() + word.slice(1) : word;
  };
  let dateLong, dateLongFull, dateShort, date, divider;
  if (french) {
    const month = MONTHS_FR[p.month] ?? "";
    const weekday = DAYS_FR[p.weekday] ?? "";
    const day = p.day === 1 ? "1er" : String(p.day);
    dateLong = `${weekday} ${day} ${month} ${p.year}`;
    dateLongFull = `${day} ${month} ${p.year}`;
    dateShort = `${day} ${MONTHS_FR_SHORT[p.month] ?? ""} ${p.year}`;
    date = `${day} ${month}`;
    divider = `${weekday} ${day} ${month}`;
  } else {
    const month = MONTHS[p.month] ?? "";
    const weekday = DAYS[p.weekday] ?? "";
    dateLong = `${weekday}, ${month} ${ordinal(p.day)}, ${p.year}`;
    dateLongFull = `${month} ${p.day}, ${p.year}`;
    dateShort = `${month.slice(0, 3)} ${p.day}, ${p.year}`;
    date = `${month} ${p.day}`;
    divider = `${weekday}, ${month} ${ordinal(p.day)}`;
  }
  /** @type {Record<string, (capital: boolean) => string>} */
  const tokens = {
    date_num: () => `${p.year}-${pad(p.month + 1)}-${pad(p.day)}`,
    date_slash: () =>
      twelve
        ? `${pad(p.month + 1)}/${pad(p.day)}/${p.year}`
        : `${pad(p.day)}/${pad(p.month + 1)}/${p.year}`,
    date_long: () => dateLong,
    date_long_full: () => dateLongFull,
    date_long_pretty: (c) => pretty(c) || dateLong,
    date: () => date,
    date_pretty: (c) => pretty(c) || date,
    date_short: () => dateShort,
    date_short_pretty: (c) => pretty(c) || dateShort,
    day_divider_pretty: (c) => pretty(c) || (p.year === today.year ? divider : dateLong),
    time: () => clock(p, false, twelve),
    time_secs: () => clock(p, true, twelve),
    ago: () => ago(ms, now, french),
  };
  let unknown = false;
  const out = format.replace(/\{([a-z_]+)\}/g, (m, name, offset) => {
    const fn = tokens[name];
    if (!fn) {
      unknown = true;
      return m;
    }
    return fn(offset === 0);
  });
  return unknown ? null : out;
}
