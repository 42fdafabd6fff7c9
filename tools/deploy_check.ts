/**
 * `deno task deploy:check`: Slack's deploy path, run as Slack's CLI and hosted runtime run it. It
 * runs get-hooks from .slack/hooks.json and the get-manifest, build and get-trigger commands it
 * answers; prints each bundle's size beside a one-function app built the same way, its import time
 * and what dominates it; loads every bundle with network access only; and runs a webinar batch, a
 * learning batch and moderator replies through deno_slack_runtime's DispatchPayload against the
 * fake Slack. Online it fetches from deno.land; offline, run it inside a deno.land mirror.
 */
// deno-lint-ignore-file no-console -- this command-line tool's report is its output
import Ajv from "ajv";
import addFormats from "ajv-formats";
import { SlackAPI } from "deno-slack-api/mod.ts";
import ActivityDatastore from "../datastores/activity.ts";
import SettingsDatastore from "../datastores/settings.ts";
import { settingsToRow } from "../adapters/datastore/settings_store.ts";
import { DEFAULT_SETTINGS } from "../domain/settings.ts";
import { DEFAULT_STALE_READ_MS, FakeSlack, seed } from "../sandbox/fake_slack/mod.ts";
import {
  type AppManifest,
  asSlackReceivesIt,
  withoutTtl,
} from "../sandbox/engine/manifest_types.ts";
import { WebinarPlatform } from "../sandbox/platforms/webinar.ts";
import {
  attendee,
  chat,
  mirrorInPlatform,
  registered,
  WEBINAR,
} from "../testing/webinar_fixtures.ts";
import { readDenoConfig } from "../testing/deno_config.ts";
import { assignment } from "../testing/learning_fixtures.ts";
import {
  type Composition,
  composition,
  describeGroups,
  kb,
  otherFunctions,
} from "./bundle_report.ts";
import {
  hookCommandLine,
  hookResponse,
  newBoundary,
  parseHooksFile,
  type ResolvedHooks,
  resolveHooks,
  shellQuote,
} from "./slack_hooks.ts";

const RUNTIME = "https://deno.land/x/deno_slack_runtime@1.1.3/dispatch-payload.ts";
/** Slack's own hosts, as deno_slack_runtime's local run allows them beside the outgoing domains. */
const SLACK_HOSTS = ["slack.com", "api.slack.com", "files.slack.com"];
/** Used when neither deploy_config.json nor WEBINAR_API_DOMAIN names the webinar API's host. */
const REHEARSAL_DOMAIN = "api.webinar-platform.example";
const RATIO_GOAL = 1.5;
const WEBINAR_SECRET = "deploy-check-webinar-secret";
const LEARNING_SECRET = "deploy-check-learning-secret";

type Outcome = { name: string; ok: boolean; detail: string };
const outcomes: Outcome[] = [];

function report(name: string, ok: boolean, detail: string): boolean {
  outcomes.push({ name, ok, detail });
  console.log(`${ok ? "ok  " : "FAIL"} ${name}: ${detail}`);
  return ok;
}

/**
 * A deno.land module Slack's hooks import that the offline mirror does not serve (deno.land does):
 * when that is the cause of every failure, the check is blocked by the machine, not failed by the
 * project. MIRROR_GAP starts the hint such a failure carries.
 */
let mirrorGap: string | null = null;
const MIRROR_GAP = "(a module the hooks import is missing:";
/** The exit code for that case, so CI can tell "blocked" from "failed". */
export const BLOCKED_EXIT = 3;

/** The build step's name when the mirror blocks the hook and its bundler command stands in. */
const STAND_IN_BUILD = "build, with the hook's bundler command";

class StepError extends Error {
  override name = "StepError";
}

/** Stops the check after a failure already reported: what follows needs what failed. */
class Reported extends Error {
  override name = "Reported";
}

type Ran = { code: number; stdout: string; stderr: string; ms: number };

/** Runs a program and collects its output; a time limit stops it (counted as a failure). */
async function spawn(
  program: string,
  args: string[],
  options: { cwd: string; env: Record<string, string>; stdin?: string; timeoutMs: number },
): Promise<Ran> {
  const started = performance.now();
  const child = new Deno.Command(program, {
    args,
    cwd: options.cwd,
    env: options.env,
    clearEnv: true,
    stdin: options.stdin === undefined ? "null" : "piped",
    stdout: "piped",
    stderr: "piped",
    signal: AbortSignal.timeout(options.timeoutMs),
  }).spawn();
  if (options.stdin !== undefined) {
    const writer = child.stdin.getWriter();
    await writer.write(new TextEncoder().encode(options.stdin));
    await writer.close();
  }
  const out = await child.output();
  const decoder = new TextDecoder();
  return {
    code: out.code,
    stdout: decoder.decode(out.stdout),
    stderr: decoder.decode(out.stderr),
    ms: performance.now() - started,
  };
}

/** The last lines of a failed command's output, to show what went wrong. */
function tail(ran: Ran, lines = 12): string {
  return `${ran.stdout}\n${ran.stderr}`.trim().split("\n").slice(-lines).join("\n");
}

/** Slack's CLI: the hooks of the project in `dir`, resolved through get-hooks. */
async function getHooks(dir: string, env: Record<string, string>): Promise<ResolvedHooks> {
  const own = parseHooksFile(await Deno.readTextFile(`${dir}/.slack/hooks.json`));
  const ran = await spawn("sh", ["-c", own["get-hooks"]!], { cwd: dir, env, timeoutMs: 120_000 });
  if (ran.code !== 0) throw new StepError(`get-hooks exited with ${ran.code}\n${tail(ran)}`);
  return resolveHooks(JSON.parse(ran.stdout), own);
}

/** Slack's CLI: one hook, with the protocol's boundary and the hook's own flags; its response. */
async function runHook(
  hooks: ResolvedHooks,
  name: string,
  options: { dir: string; env: Record<string, string>; args?: string[] },
): Promise<{ response: string; ms: number }> {
  const command = hooks.commands[name];
  if (!command) throw new StepError(`get-hooks answered no "${name}" hook`);
  const boundary = hooks.boundaries ? newBoundary() : undefined;
  const line = hookCommandLine(command, {
    ...(boundary ? { boundary } : {}),
    args: options.args ?? [],
  });
  const ran = await spawn("sh", ["-c", line], {
    cwd: options.dir,
    env: options.env,
    timeoutMs: 300_000,
  });
  if (ran.code !== 0) {
    const missing = /Module not found "(https:\/\/deno\.land\/[^"]+)"/.exec(ran.stderr)?.[1];
    if (missing) mirrorGap ??= missing;
    const hint = missing
      ? `\n${MIRROR_GAP} ${missing}; deno.land serves it online, so an offline mirror must too)`
      : "";
    throw new StepError(`${name} exited with ${ran.code}\n${tail(ran)}${hint}`);
  }
  return { response: name === "build" ? "" : hookResponse(ran.stdout, boundary), ms: ran.ms };
}

/** A one-function app, built the same way: the size every bundle is compared with. */
async function writeBaselineApp(root: string, dir: string): Promise<void> {
  const { imports } = await readDenoConfig(`${root}/deno.jsonc`);
  const sdkImports = Object.fromEntries(
    Object.entries(imports).filter(([k]) => k.startsWith("deno-slack-")),
  );
  await Deno.mkdir(`${dir}/functions`, { recursive: true });
  await Deno.mkdir(`${dir}/.slack`, { recursive: true });
  await Deno.copyFile(`${root}/.slack/hooks.json`, `${dir}/.slack/hooks.json`);
  await Deno.writeTextFile(
    `${dir}/deno.jsonc`,
    JSON.stringify({ imports: sdkImports, lock: false }, null, 2),
  );
  await Deno.writeTextFile(
    `${dir}/functions/hello.ts`,
    `import { DefineFunction, Schema, SlackFunction } from "deno-slack-sdk/mod.ts";
export const Hello = DefineFunction({
  callback_id: "hello",
  title: "Hello",
  source_file: "functions/hello.ts",
  input_parameters: { properties: { name: { type: Schema.types.string } }, required: [] },
  output_parameters: { properties: { greeting: { type: Schema.types.string } }, required: ["greeting"] },
});
export default SlackFunction(Hello, ({ inputs }) => ({ outputs: { greeting: \`Hello, \${inputs.name ?? "you"}\` } }));
`,
  );
  await Deno.writeTextFile(
    `${dir}/manifest.ts`,
    `import { Manifest } from "deno-slack-sdk/mod.ts";
import { Hello } from "./functions/hello.ts";
export default Manifest({
  name: "Baseline",
  description: "One function, the size every bundle is compared with",
  icon: "assets/icon.png",
  functions: [Hello],
  outgoingDomains: [],
  botScopes: [],
});
`,
  );
}

/**
 * A module that loads one bundle as the hosted runtime does, times the import, and on "dispatch"
 * hands the payload on stdin to DispatchPayload. Plain JavaScript: nothing to type-check there.
 */
function runnerSource(bundle: string, boundary: string): string {
  return `// Generated by tools/deploy_check.ts: one bundle, loaded as Slack's hosted runtime loads it.
import { DispatchPayload } from ${JSON.stringify(RUNTIME)};
const started = performance.now();
const fn = await import(${JSON.stringify(bundle)});
const importMs = performance.now() - started;
let response = null;
if (Deno.args[0] === "dispatch") {
  const payload = JSON.parse(await new Response(Deno.stdin.readable).text());
  const say = (...parts) => console.error(...parts);
  const cli = { name: "deploy-check", log: say, warn: say, error: say, respond: () => {} };
  response = await DispatchPayload(payload, cli, () => fn);
}
const result = { importMs, defaultExport: typeof fn.default, response };
console.log(${JSON.stringify(boundary)} + JSON.stringify(result) + ${JSON.stringify(boundary)});
`;
}

type Bundle = {
  id: string;
  dir: string;
  runner: string;
  bytes: number;
  parts: Composition;
  importColdMs?: number;
  importWarmMs?: number;
};

type RunnerResult = { importMs: number; defaultExport: string; response: unknown };

/** `deno run --no-config --allow-net=<hosts>` and nothing else, as hosted Slack grants. */
async function runBundle(
  bundle: Bundle,
  allowNet: string[],
  env: Record<string, string>,
  options: { dispatch?: unknown } = {},
): Promise<{ ran: Ran; result: RunnerResult | null }> {
  const boundary = BOUNDARIES.get(bundle.runner)!;
  const ran = await spawn(Deno.execPath(), [
    "run",
    "--no-config",
    `--allow-net=${allowNet.join(",")}`,
    bundle.runner,
    options.dispatch === undefined ? "load" : "dispatch",
  ], {
    cwd: bundle.dir,
    env,
    ...(options.dispatch === undefined ? {} : { stdin: JSON.stringify(options.dispatch) }),
    timeoutMs: 120_000,
  });
  let result: RunnerResult | null = null;
  try {
    result = JSON.parse(hookResponse(ran.stdout, boundary)) as RunnerResult;
  } catch {
    result = null;
  }
  return { ran, result };
}

const BOUNDARIES = new Map<string, string>();

async function prepareBundles(outDir: string): Promise<Bundle[]> {
  const bundles: Bundle[] = [];
  for await (const entry of Deno.readDir(`${outDir}/functions`)) {
    if (!entry.name.endsWith(".js")) continue;
    const id = entry.name.slice(0, -3);
    const text = await Deno.readTextFile(`${outDir}/functions/${entry.name}`);
    const runner = `${outDir}/run_${id}.js`;
    const boundary = newBoundary();
    BOUNDARIES.set(runner, boundary);
    await Deno.writeTextFile(runner, runnerSource(`./functions/${entry.name}`, boundary));
    bundles.push({
      id,
      dir: outDir,
      runner,
      bytes: new TextEncoder().encode(text).length,
      parts: composition(text),
    });
  }
  return bundles.sort((a, b) => a.id.localeCompare(b.id));
}

/** Loads each bundle three times with network access only: the first (cold) and the best warm time. */
async function loadBundles(
  bundles: Bundle[],
  allowNet: string[],
  env: Record<string, string>,
): Promise<void> {
  for (const b of bundles) {
    const times: number[] = [];
    let problem = "";
    for (let i = 0; i < 3 && !problem; i++) {
      const { ran, result } = await runBundle(b, allowNet, env);
      if (ran.code !== 0 || !result) problem = `exited with ${ran.code}\n${tail(ran)}`;
      else if (result.defaultExport !== "function") {
        problem = `its default export is ${result.defaultExport}, not a function`;
      } else times.push(result.importMs);
    }
    if (!problem) {
      b.importColdMs = times[0]!;
      b.importWarmMs = Math.min(...times.slice(1));
    }
    report(
      `load ${b.id}`,
      !problem,
      problem || `imported with --allow-net=${allowNet.join(",")} only`,
    );
  }
}

function printBundleTable(bundles: Bundle[], baseline: Bundle): void {
  console.log(
    `\nBundles (the one-function baseline: ${kb(baseline.bytes)}, import ${
      fmtMs(baseline.importColdMs)
    } cold / ${fmtMs(baseline.importWarmMs)} warm; goal ≤ ${RATIO_GOAL}×):`,
  );
  for (const b of bundles) {
    const ratio = b.bytes / baseline.bytes;
    console.log(
      `  ${b.id.padEnd(26)} ${kb(b.bytes).padStart(9)}  ${ratio.toFixed(2)}×${
        ratio > RATIO_GOAL ? " (above goal)" : ""
      }  import ${fmtMs(b.importColdMs)} cold / ${fmtMs(b.importWarmMs)} warm`,
    );
    console.log(`      largest parts: ${describeGroups(b.parts, 6).join(", ")}`);
    console.log(
      `      largest modules: ${
        b.parts.modules.slice(0, 4).map((m) => `${m.id} ${kb(m.bytes)}`).join(", ")
      }`,
    );
    const others = otherFunctions(b.parts, b.id);
    if (others.length) console.log(`      code of other functions: ${others.join(", ")}`);
  }
  console.log(
    `  baseline ${baseline.id}: ${describeGroups(baseline.parts, 4).join(", ")}`,
  );
  const above = bundles.filter((b) => b.bytes / baseline.bytes > RATIO_GOAL);
  console.log(
    above.length
      ? `  ${above.length} of ${bundles.length} bundles are above ${RATIO_GOAL}× the baseline (reported, not failed).`
      : `  Every bundle is within ${RATIO_GOAL}× the baseline.`,
  );
}

function fmtMs(ms: number | undefined): string {
  return ms === undefined ? "?" : `${ms.toFixed(0)} ms`;
}

function hostOf(url: string): string {
  return new URL(url).host;
}

type Scenario = {
  fake: FakeSlack;
  platform: WebinarPlatform;
  bundles: Map<string, Bundle>;
  env: Record<string, string>;
  variables: Record<string, string>;
  /** The reasons of drain runs the app started through its webhook trigger, not yet run. */
  woken: string[];
};

/**
 * Runs one function as `dispatch` does, then the drain runs it started through the app's webhook
 * trigger (an ingest leaves what waits to the drainer, adapters/wake_drainer.ts), each through
 * DispatchPayload too, as Slack would run them. Returns the function's end and each drain's status.
 */
async function dispatchWithDrains(
  s: Scenario,
  callbackId: string,
  inputs: Record<string, unknown>,
  allowNet: string[],
): Promise<Awaited<ReturnType<typeof dispatch>> & { drains: string[] }> {
  const run = await dispatch(s, callbackId, inputs, allowNet);
  const drains: string[] = [];
  // A drain may start one more (a continuation): a few at most, or the check would never end.
  for (let reason = s.woken.shift(); reason !== undefined; reason = s.woken.shift()) {
    if (drains.length === 3) throw new StepError(`more than 3 drain runs after ${callbackId}`);
    const drained = await dispatch(s, "drain_outbox", { reason }, allowNet);
    drains.push(`drain_outbox (${reason}): ${drained.status}`);
  }
  return { ...run, drains };
}

/** Runs one function through DispatchPayload, as Slack runs a workflow step, and reads its end. */
async function dispatch(
  s: Scenario,
  callbackId: string,
  inputs: Record<string, unknown>,
  allowNet: string[],
): Promise<{ status: string; outputs: Record<string, unknown>; ms: number; log: string }> {
  const bundle = s.bundles.get(callbackId);
  if (!bundle) throw new StepError(`the build has no bundle for ${callbackId}`);
  const { execution, token } = await s.fake.workspace.startExecution(callbackId, inputs);
  const app = s.fake.workspace.requireApp();
  const payload = {
    body: {
      type: "event_callback",
      team_id: s.fake.workspace.team.id,
      api_app_id: app.app_id,
      event: {
        type: "function_executed",
        function: { id: `Fn${callbackId}`, callback_id: callbackId },
        function_execution_id: execution.id,
        inputs,
        bot_access_token: token,
        event_ts: String(Date.now() / 1000),
      },
    },
    context: { bot_access_token: token, team_id: s.fake.workspace.team.id, variables: s.variables },
  };
  const { ran } = await runBundle(bundle, allowNet, s.env, { dispatch: payload });
  const done = await s.fake.workspace.records.execution(execution.id);
  if (ran.code !== 0 || !done || done.status === "running") {
    throw new StepError(
      `${callbackId} did not complete (exit ${ran.code}, execution ${done?.status})\n${tail(ran)}`,
    );
  }
  if (done.status === "failed") {
    throw new StepError(`${callbackId} completed with an error: ${done.error}\n${tail(ran)}`);
  }
  return {
    status: String(done.outputs?.status ?? ""),
    outputs: done.outputs ?? {},
    ms: ran.ms,
    log: tail(ran),
  };
}

async function runScenarios(
  manifest: Record<string, unknown>,
  bundles: Bundle[],
  slackNet: string[],
  env: Record<string, string>,
): Promise<void> {
  const fake = await FakeSlack.start({ rateLimits: false });
  fake.quiet = true;
  // Slack's webhook triggers answer {"ok":true} and start their workflow: here, the scenario runs
  // the drain function after the run that started it (dispatchWithDrains).
  const woken: string[] = [];
  fake.mount("/triggers/", async (req) => {
    const body = await req.json().catch(() => null) as { reason?: unknown } | null;
    woken.push(String(body?.reason ?? ""));
    return Response.json({ ok: true });
  });
  const platform = await WebinarPlatform.start();
  try {
    await fake.workspace.installApp(
      manifest as Parameters<FakeSlack["workspace"]["installApp"]>[0],
    );
    const ids = await seed(fake, {
      users: [
        { name: "alice", real_name: "Alice Admin", email: "alice@example.com", is_admin: true },
        { name: "mo", real_name: "Mo Moderator", email: "mo@example.com" },
        { name: "pat", real_name: "Pat Primary", email: "pat@example.com" },
        { name: "lea", real_name: "Léa Learner", email: "lea@example.com", locale: "fr-FR" },
      ],
      channels: [{ name: "webinar-attendees", members: ["alice", "mo", "pat"] }],
    });
    const channel = ids.channels["webinar-attendees"]!;
    const bot = SlackAPI(fake.workspace.requireApp().bot_token, { slackApiUrl: fake.apiUrl });
    const stored = await bot.apps.datastore.put({
      datastore: SettingsDatastore.name,
      item: settingsToRow({ ...DEFAULT_SETTINGS, channelId: channel }),
    });
    if (!stored.ok) throw new StepError(`Cannot store the settings: ${stored.error}`);
    const s: Scenario = {
      fake,
      platform,
      bundles: new Map(bundles.map((b) => [b.id, b])),
      woken,
      env,
      variables: {
        SLACK_API_URL: fake.apiUrl,
        WEBINAR_EVENT_SECRET: WEBINAR_SECRET,
        LEARNING_EVENT_SECRET: LEARNING_SECRET,
        WEBINAR_API_URL: platform.url,
        WEBINAR_API_TOKEN: platform.token,
        WEBINAR_API_SIGNING_SECRET: platform.signingSecret,
      },
    };
    // The loopback fakes stand in for slack.com and for the webinar API's host.
    const toSlack = [...slackNet, hostOf(fake.url)];
    const toSlackAndPlatform = [...toSlack, hostOf(platform.url)];
    console.log(
      `\nThrough DispatchPayload (${RUNTIME}), the fake Slack standing in for slack.com at ${
        hostOf(fake.url)
      } and the fake webinar API at ${hostOf(platform.url)}:`,
    );

    // 1. A webinar batch: an attendee registers, then chats.
    const a = attendee(1);
    mirrorInPlatform(platform, [a], WEBINAR);
    platform.setOnline(WEBINAR.id, String(a.id), true);
    const question = "Will the slides be shared after the session?";
    const webinarRun = await step(
      "webinar batch",
      () =>
        dispatchWithDrains(s, "ingest_webinar_events", {
          secret: WEBINAR_SECRET,
          events: [registered(a), chat(a, question)],
        }, toSlack),
    );
    const [parent] = await fake.workspace.topLevelMessages(channel);
    const thread = parent ? await fake.workspace.threadReplies(channel, parent.ts) : [];
    const quoted = thread.filter((m) => m.text.includes(question)).length;
    if (webinarRun) {
      report(
        "webinar batch",
        webinarRun.outputs.accepted === 2 && !!parent && quoted === 1,
        `${webinarRun.status}, ${webinarRun.outputs.accepted} accepted in ${fmtMs(webinarRun.ms)}${
          webinarRun.drains.map((d) => `, then ${d}`).join("")
        }; #webinar-attendees: ${
          parent ? "the attendee's message" : "NO message"
        }, ${quoted} thread reply with the chat message`,
      );
    }

    // 2. A learning batch: a session assignment for a learner in Slack.
    const learningRun = await step(
      "learning batch",
      () =>
        dispatchWithDrains(s, "ingest_learning_events", {
          secret: LEARNING_SECRET,
          events: [assignment("lea@example.com")],
        }, toSlack),
    );
    const dm = await fake.workspace.appDm(ids.users.lea!);
    const dms = await fake.workspace.topLevelMessages(dm.id);
    if (learningRun) {
      report(
        "learning batch",
        learningRun.outputs.accepted === 1 && dms.length === 1,
        `${learningRun.status}, ${learningRun.outputs.accepted} accepted in ${
          fmtMs(learningRun.ms)
        }${
          learningRun.drains.map((d) => `, then ${d}`).join("")
        }; the learner's DM holds ${dms.length} message(s)`,
      );
    }

    // 3. A moderator's reply in the attendee's thread reaches the webinar platform.
    const reply = async (text: string) => {
      if (!parent) throw new StepError("no attendee thread to reply in");
      const mo = SlackAPI(await fake.workspace.userToken(ids.users.mo!), {
        slackApiUrl: fake.apiUrl,
      });
      const posted = await mo.chat.postMessage({ channel, thread_ts: parent.ts, text });
      if (!posted.ok) throw new StepError(`Cannot post the moderator's reply: ${posted.error}`);
      return {
        channel_id: channel,
        message_ts: String(posted.ts),
        thread_ts: parent.ts,
        user_id: ids.users.mo!,
        text,
      };
    };
    const reactions = async (ts: string) =>
      ((await fake.workspace.getMessage(channel, ts))?.reactions ?? []).map((r) => r.name);
    const first = await step("moderator reply", () => reply("Yes, we email them tomorrow."));
    const relayRun = first
      ? await step(
        "moderator reply",
        () => dispatch(s, "relay_moderator_reply", first, toSlackAndPlatform),
      )
      : null;
    const marks = first ? await reactions(first.message_ts) : [];
    if (relayRun) {
      report(
        "moderator reply",
        relayRun.status === "delivered:chat" && platform.replies.length === 1 &&
          marks.includes("speech_balloon"),
        `${relayRun.status} in ${
          fmtMs(relayRun.ms)
        }; the platform received ${platform.replies.length} reply, marked ${
          marks.join(", ") || "nothing"
        }`,
      );
    }

    // 4. The same without the platform's host in the allowed network: blocked, recorded once.
    const second = await step("blocked reply", () => reply("And the recording too."));
    const blockedRun = second
      ? await step("blocked reply", () => dispatch(s, "relay_moderator_reply", second, toSlack))
      : null;
    // Slack's datastore reads are eventually consistent (and so are the fake's): a row written a
    // moment ago may be missing from a query, so the count is read again past that window.
    await new Promise((r) => setTimeout(r, 4 * DEFAULT_STALE_READ_MS));
    const activity = await bot.apps.datastore.query({ datastore: ActivityDatastore.name });
    if (!activity.ok) throw new StepError(`Cannot read the activity log: ${activity.error}`);
    const blocked = ((activity.items ?? []) as Array<Record<string, unknown>>)
      .filter((r) => r.code === "platform_domain_not_allowed");
    const blockedMarks = second ? await reactions(second.message_ts) : [];
    if (blockedRun) {
      report(
        "blocked reply",
        blockedRun.status === "failed" && blocked.length === 1 &&
          platform.replies.length === 1 && blockedMarks.includes("warning"),
        `${blockedRun.status}, marked ${
          blockedMarks.join(", ") || "nothing"
        }; recorded as platform_domain_not_allowed ${blocked.length} time(s): "${
          String(blocked[0]?.remediation ?? "").slice(0, 100)
        }…"`,
      );
    }
  } finally {
    await platform.close();
    await fake.close();
  }
}

/** Runs a step of a scenario; a failure is reported and the scenario goes on without it. */
async function step<T>(name: string, body: () => Promise<T>): Promise<T | null> {
  try {
    return await body();
  } catch (err) {
    report(name, false, err instanceof Error ? err.message : String(err));
    return null;
  }
}

function validateManifest(manifest: Record<string, unknown>, schema: unknown): string[] {
  // deno-lint-ignore no-explicit-any -- ajv's CommonJS default export has no usable type under Deno
  const ajv = new (Ajv as any)({ allErrors: true, strict: false });
  // deno-lint-ignore no-explicit-any
  (addFormats as any)(ajv);
  const validate = ajv.compile(schema);
  return validate(manifest)
    ? []
    : (validate.errors as Array<{ instancePath: string; message: string }>).map((e) =>
      `${e.instancePath} ${e.message}`
    );
}

/**
 * What the build hook does when its own modules cannot load (deno_slack_hooks@1.5.0 build.ts): for
 * each function with a `source_file`, `deno bundle --quiet <source_file> --output
 * <out>/functions/<callback_id>.js` (its Deno2Bundler), and `manifest.json` beside them. Used only
 * when the mirror blocks the hook; the step is reported apart, so the hook's own build is never
 * counted as passed.
 */
async function bundleAsTheHookDoes(
  hooks: ResolvedHooks,
  dir: string,
  outDir: string,
  env: Record<string, string>,
): Promise<number> {
  const started = performance.now();
  const manifest = await hookManifestWithSources(hooks, dir, env);
  await Deno.mkdir(`${outDir}/functions`, { recursive: true });
  const sources: Record<string, { source_file?: string }> = manifest.functions ?? {};
  for (const [id, fn] of Object.entries(sources)) {
    if (!fn.source_file) continue;
    const ran = await spawn(Deno.execPath(), [
      "bundle",
      "--quiet",
      fn.source_file,
      "--output",
      `${outDir}/functions/${id}.js`,
    ], { cwd: dir, env, timeoutMs: 300_000 });
    if (ran.code !== 0) {
      throw new StepError(`deno bundle ${fn.source_file} exited with ${ran.code}\n${tail(ran)}`);
    }
    delete fn.source_file;
  }
  await Deno.writeTextFile(`${outDir}/manifest.json`, JSON.stringify(manifest, null, 2));
  return performance.now() - started;
}

/**
 * The manifest as the build hook reads it, `source_file`s included (get-manifest drops them): the
 * hooks' own `getManifest`, run with the build command's flags in place of `build.ts`.
 */
async function hookManifestWithSources(
  hooks: ResolvedHooks,
  dir: string,
  env: Record<string, string>,
): Promise<{ functions?: Record<string, { source_file?: string }> }> {
  const build = hooks.commands.build ?? "";
  const base = /(https:\/\/\S+\/)build\.ts/.exec(build)?.[1];
  if (!base) throw new StepError(`the build hook names no build.ts: ${build}`);
  // Outside the project, so an interrupted check leaves nothing in the working tree.
  const script = await Deno.makeTempFile({ prefix: "deploy-check-manifest-", suffix: ".ts" });
  try {
    await Deno.writeTextFile(
      script,
      `import { getManifest } from ${JSON.stringify(`${base}get_manifest.ts`)};\n` +
        "console.log(JSON.stringify(await getManifest(Deno.cwd())));\n",
    );
    const line = build.replace(`${base}build.ts`, shellQuote(script));
    const ran = await spawn("sh", ["-c", line], { cwd: dir, env, timeoutMs: 300_000 });
    if (ran.code !== 0) throw new StepError(`getManifest exited with ${ran.code}\n${tail(ran)}`);
    return JSON.parse(ran.stdout.trim().split("\n").at(-1)!);
  } finally {
    await Deno.remove(script).catch(() => undefined);
  }
}

async function webinarApiDomainSet(root: string): Promise<boolean> {
  if (Deno.env.get("WEBINAR_API_DOMAIN")?.trim()) return true;
  const config = JSON.parse(await Deno.readTextFile(`${root}/deploy_config.json`)) as {
    webinarApiDomain?: string | null;
  };
  return !!config.webinarApiDomain?.trim();
}

async function main(): Promise<number> {
  const root = Deno.cwd();
  const scratch = await Deno.makeTempDir({ prefix: "deploy-check-" });
  const started = performance.now();
  try {
    // A fresh module cache keeps the check honest (nothing left from another deno.land), and
    // `deno` on the PATH is this same Deno, as the hooks' commands call it by name.
    const env: Record<string, string> = {
      ...Deno.env.toObject(),
      DENO_DIR: `${scratch}/deno_dir`,
      PATH: `${Deno.execPath().replace(/\/[^/]+$/, "")}:${Deno.env.get("PATH") ?? ""}`,
      DENO_NO_UPDATE_CHECK: "1",
      NO_COLOR: "1",
    };
    if (!(await webinarApiDomainSet(root))) {
      env.WEBINAR_API_DOMAIN = REHEARSAL_DOMAIN;
      console.log(
        `deploy_config.json names no webinar API host: rehearsing with WEBINAR_API_DOMAIN=${REHEARSAL_DOMAIN}`,
      );
    }

    const hooks = await getHooks(root, env);
    report(
      "get-hooks",
      true,
      `${Object.keys(hooks.commands).length} hooks from .slack/hooks.json${
        hooks.boundaries ? ", message-boundaries protocol" : ""
      }`,
    );

    const got = await runHook(hooks, "get-manifest", { dir: root, env });
    const manifest = JSON.parse(got.response) as Record<string, unknown> & AppManifest;
    const received = asSlackReceivesIt(manifest);
    const schema = JSON.parse(
      await Deno.readTextFile(`${root}/testing/slack-reference/manifest.schema.2.0.0.json`),
    );
    const problems = validateManifest(withoutTtl(received), schema);
    const domains = (manifest.outgoing_domains ?? []) as string[];
    const functionIds = Object.entries(manifest.functions ?? {})
      .filter(([, f]) => (f as { type?: string }).type !== "API").map(([id]) => id).sort();
    report(
      "get-manifest",
      problems.length === 0,
      problems.length
        ? `Slack's schema refuses it: ${problems.slice(0, 5).join("; ")}`
        : `${functionIds.length} functions, ${
          Object.keys(manifest.workflows ?? {}).length
        } workflows, outgoing domains ${
          domains.join(", ")
        }; valid against Slack's manifest schema (${fmtMs(got.ms)})`,
    );

    for await (const entry of Deno.readDir(`${root}/triggers`)) {
      if (!entry.name.endsWith(".ts") || entry.name.endsWith("_test.ts")) continue;
      const file = `triggers/${entry.name}`;
      const ok = await step(`get-trigger ${file}`, async () => {
        const { response } = await runHook(hooks, "get-trigger", {
          dir: root,
          env,
          args: ["--source", shellQuote(file)],
        });
        const trigger = JSON.parse(response) as { type?: string; workflow?: string };
        const workflow = /^#\/workflows\/(.+)$/.exec(trigger.workflow ?? "")?.[1];
        if (!trigger.type || !workflow || !(workflow in (manifest.workflows ?? {}))) {
          throw new StepError(`it names no workflow of the manifest (${trigger.workflow})`);
        }
        return `${trigger.type} trigger for ${workflow}`;
      });
      if (ok) report(`get-trigger ${file}`, true, ok);
    }

    const outDir = `${scratch}/app`;
    let built = await step("build", () =>
      runHook(hooks, "build", {
        dir: root,
        env,
        args: ["--source", shellQuote(root), "--output", shellQuote(outDir)],
      }));
    if (!built && mirrorGap) {
      // The hook itself cannot load here, so the bundles are built with the very command it runs
      // on Deno 2, and everything after the build (bundle sizes, loading with network access only,
      // the hosted runtime's dispatch) is still checked.
      built = await step(STAND_IN_BUILD, async () => {
        const ms = await bundleAsTheHookDoes(hooks, root, outDir, env);
        console.log(
          `(the build hook is blocked by the mirror: bundled with \`deno bundle --quiet <source_file> --output <out>\`, the command its Deno 2 bundler runs, in ${
            fmtMs(ms)
          })`,
        );
        return { response: "", ms };
      });
    }
    if (!built) throw new Reported("no bundles to check");
    const bundles = await prepareBundles(outDir);
    const bundled = bundles.map((b) => b.id);
    const hasManifest = await Deno.stat(`${outDir}/manifest.json`).then(() => true, () => false);
    report(
      mirrorGap ? STAND_IN_BUILD : "build",
      JSON.stringify(bundled) === JSON.stringify(functionIds) && hasManifest,
      `${bundled.length} bundles (${bundled.join(", ")}) and manifest.json in ${fmtMs(built.ms)}`,
    );

    const baselineDir = `${scratch}/baseline`;
    await writeBaselineApp(root, baselineDir);
    const baselineHooks = await getHooks(baselineDir, env);
    if (mirrorGap) {
      await bundleAsTheHookDoes(baselineHooks, baselineDir, `${baselineDir}/dist`, env);
    } else {
      await runHook(baselineHooks, "build", {
        dir: baselineDir,
        env,
        args: ["--source", shellQuote(baselineDir), "--output", shellQuote(`${baselineDir}/dist`)],
      });
    }
    const [baseline] = await prepareBundles(`${baselineDir}/dist`);
    if (!baseline) throw new StepError("the one-function app built no bundle");

    const hosts = [...new Set([...domains, ...SLACK_HOSTS])];
    await loadBundles([...bundles, baseline], hosts, env);
    printBundleTable(bundles, baseline);

    await runScenarios(received, bundles, hosts, env);
  } catch (err) {
    if (err instanceof Reported) console.log(`(stopped: ${err.message})`);
    else report("deploy check", false, err instanceof Error ? err.message : String(err));
  } finally {
    await Deno.remove(scratch, { recursive: true }).catch(() => undefined);
  }
  const failed = outcomes.filter((o) => !o.ok);
  console.log(
    `\ndeploy:check: ${outcomes.length - failed.length} passed, ${failed.length} failed (${
      ((performance.now() - started) / 1000).toFixed(0)
    } s)`,
  );
  for (const f of failed) console.log(`  failed: ${f.name}`);
  if (failed.length && mirrorGap && failed.every((f) => f.detail.includes(MIRROR_GAP))) {
    console.log(
      `blocked: the deno.land mirror does not serve ${mirrorGap}, which Slack's hooks import; ` +
        "run `deno task deploy:check` on a machine that reaches deno.land, or with a complete mirror",
    );
    return BLOCKED_EXIT;
  }
  return failed.length ? 1 : 0;
}

if (import.meta.main) Deno.exit(await main());
