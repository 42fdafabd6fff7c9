/**
 * Browser tests against the sandbox page: each test file starts its own sandbox in-process (port 0,
 * a temporary KV file) and Debian's Chromium through playwright-core (PLATFORM.md 9.4). Where
 * /usr/bin/chromium is missing, the tests say so and are skipped.
 */
import { type Browser, chromium, type Locator, type Page } from "playwright-core";
import { type Sandbox, startSandbox } from "../sandbox/main.ts";
import { sandboxLog } from "../sandbox/log.ts";

export const CHROMIUM = "/usr/bin/chromium";
export const SCREENSHOTS = new URL("../docs/screenshots/", import.meta.url);

function exists(path: string): boolean {
  try {
    return Deno.statSync(path).isFile;
  } catch {
    return false;
  }
}

export const hasChromium = exists(CHROMIUM);
let told = false;

/** Deno.test for a browser test: skipped, with the reason printed, when Chromium is missing. */
export function browserTest(name: string, fn: (t: Deno.TestContext) => Promise<void>): void {
  if (!hasChromium && !told) {
    told = true;
    sandboxLog(
      "warn",
      `Skipping browser tests: ${CHROMIUM} not found (install it with: apt-get install -y chromium)`,
    );
  }
  Deno.test({ name, ignore: !hasChromium, fn });
}

/**
 * Runs a test body; on failure, saves what the page showed to /tmp and prints the workflow runs
 * and the app's last log lines, to see why.
 */
export async function withFailureShot(
  e2e: E2E,
  name: string,
  body: () => Promise<void>,
): Promise<void> {
  try {
    await body();
  } catch (err) {
    const path = `${Deno.env.get("TMPDIR") ?? "/tmp"}/sandbox-e2e-${name}.png`;
    await e2e.page.screenshot({ path }).catch(() => undefined);
    const runs = e2e.sandbox.engine.runs.map((r) =>
      `${r.workflow}: ${r.status}${r.error ? ` (${r.error})` : ""}`
    );
    const logs = e2e.sandbox.engine.logs.slice(-20).map((l) => `[${l.function}] ${l.line}`);
    sandboxLog(
      "error",
      [`The page at the failure: ${path}`, "Runs:", ...runs, "Log:", ...logs].join("\n"),
    );
    throw err;
  }
}

export type E2E = {
  sandbox: Sandbox;
  /** The sandbox's KV file (a test may stop the sandbox and start it again on it). */
  kvPath: string;
  browser: Browser;
  page: Page;
  /** Errors the page threw or logged: a test fails if there are any. */
  pageErrors: string[];
  close(): Promise<void>;
};

/** A fresh sandbox (no demo activity) and a browser page on it, 1400 × 860 unless told. */
export async function openSandbox(
  options: { width?: number; height?: number } = {},
): Promise<E2E> {
  const dir = await Deno.makeTempDir({ prefix: "sb-e2e-" });
  const kvPath = `${dir}/sandbox.kv`;
  const sandbox = await startSandbox({
    port: 0,
    kvPath,
    // Under `deno test`, a function's first load is type-checked in its worker, which can take
    // longer than Slack's 3 s pointer (deno run does not check). The app's own tests cover the 3 s.
    pointerTtlMs: 15_000,
  });
  let browser: Browser;
  try {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-sync",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-dev-shm-usage",
      ],
    });
  } catch (err) {
    await sandbox.close();
    await Deno.remove(dir, { recursive: true });
    throw err;
  }
  const page = await browser.newPage({
    viewport: { width: options.width ?? 1400, height: options.height ?? 860 },
    timezoneId: "UTC",
    locale: "en-US",
  });
  page.setDefaultTimeout(20_000);
  const pageErrors: string[] = [];
  page.on("pageerror", (e) => pageErrors.push(String(e)));
  page.on("console", (m) => {
    if (m.type() === "error") pageErrors.push(m.text());
  });
  page.on("dialog", (d) => {
    pageErrors.push(`unexpected dialog: ${d.message()}`);
    void d.dismiss();
  });
  await page.goto(`${sandbox.url}/`);
  await page.locator("#me-select option").first().waitFor({ state: "attached" });
  const e2e: E2E = {
    sandbox,
    kvPath,
    browser,
    page,
    pageErrors,
    async close() {
      await browser.close();
      await e2e.sandbox.close();
      await Deno.remove(dir, { recursive: true });
    },
  };
  return e2e;
}

/**
 * Where an element is on the page, failing when it is not shown within 10 s. It waits, and asks again
 * until then: the page re-renders a pane when who "You are" changes or the server says something
 * changed, and an element replaced between being found visible and being measured has no box.
 */
export async function box(
  locator: Locator,
): Promise<{ x: number; y: number; width: number; height: number }> {
  const until = Date.now() + 10_000;
  for (;;) {
    const left = Math.max(1, until - Date.now());
    await locator.waitFor({ state: "visible", timeout: left }).catch(() => {});
    const b = await locator.boundingBox({ timeout: left }).catch(() => null);
    if (b) return b;
    if (Date.now() >= until) throw new Error(`Not shown: ${locator}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Picks who the page acts as ("You are: …"), by the start of their name. */
export async function actAs(page: Page, name: string): Promise<void> {
  const value = await page.locator("#me-select option", { hasText: name }).first().getAttribute(
    "value",
  );
  if (!value) throw new Error(`No "${name}" in the "You are" picker`);
  await page.selectOption("#me-select", value);
  await page.locator(`#me-select option[value="${value}"]:checked`).waitFor({ state: "attached" });
}

export async function openChannel(page: Page, name: string): Promise<void> {
  await page.click(`[data-testid="channel-${name}"]`);
  await page.locator('[data-testid="channel-title"]', { hasText: name }).waitFor();
}

export async function openAppDm(page: Page): Promise<void> {
  await page.click('[data-testid="app-dm"]');
  await page.locator('[data-testid="channel-title"]', { hasText: "Session Bridge" }).waitFor();
}

/** A top-level message in the open conversation, by text it contains. */
export function message(page: Page, text: string | RegExp): Locator {
  return page.locator("#main-content .message", { hasText: text });
}

export async function screenshot(page: Page, name: string): Promise<void> {
  // Toasts come and go: keep them out of the pictures.
  await page.locator("#toasts").evaluate((el) => el.replaceChildren());
  await page.screenshot({ path: new URL(`${name}.png`, SCREENSHOTS).pathname });
}

/** Waits for events to be sent and delivered, then for the page to show the result. */
export async function settle(e2e: E2E): Promise<void> {
  await e2e.sandbox.settle();
}
