/**
 * The workflow engine: loads the app's real manifest, installs it in the fake Slack, and runs its
 * workflows as Slack does: webhook, message_posted, user_joined_channel, link (shortcut) and
 * scheduled triggers; step inputs; custom functions in fresh workers with the runtime's context; completion through
 * functions.completeSuccess/Error; block_actions, view_submission and view_closed dispatch; time limits.
 */
import { sandboxLog } from "../log.ts";
import {
  type Channel,
  checkView,
  type Execution,
  type FakeSlack,
  invalidArguments,
  type Message,
  type Pointer,
  postDueScheduledMessages,
  slackId,
  type TriggerRecord,
  type View,
  viewResponse,
} from "../fake_slack/mod.ts";
import { type Filter, passesFilter } from "./filters.ts";
import { checkInputs } from "./inputs_check.ts";
import { invoke, type LogLine } from "./invoker.ts";
import type { AppManifest, FunctionDef, WorkflowDef } from "./manifest_types.ts";
import { resolveTemplates } from "./templates.ts";

export type EngineOptions = {
  fake: FakeSlack;
  manifest: AppManifest;
  /** Root of the app (where manifest.ts lives), to resolve each function's source_file. */
  projectRoot: URL;
  /** The app's env variables (`slack env add`); SLACK_API_URL is added to point at the fake. */
  env?: Record<string, string>;
  /** 1 = Slack's time limits; larger numbers shrink them. Defaults to the fake clock's scale. */
  timeScale?: number;
  functionTimeoutMs?: number;
  interactivityTimeoutMs?: number;
  /** Print the app's log lines to stderr as they arrive. */
  echoLogs?: boolean;
};

export type WorkflowRun = {
  id: string;
  workflow: string;
  trigger_id: string | null;
  inputs: Record<string, unknown>;
  status: "running" | "completed" | "failed";
  started_at: number;
  ended_at?: number;
  error?: string;
  /** When the engine picked the run up again after the sandbox stopped in the middle of it. */
  resumed_at?: number;
  steps: Array<
    {
      id: string;
      function_id: string;
      execution_id?: string;
      status: string;
      outputs?: Record<string, unknown>;
      error?: string;
    }
  >;
};

/**
 * What a webhook trigger accepts. Slack publishes no limit for webhook trigger requests; these are
 * the sandbox's stated limits (sandbox/README.md, docs/events.md): 1 MiB of JSON, nested at most
 * 64 levels (the event contract nests 4).
 */
export const WEBHOOK_LIMITS = { maxBodyBytes: 1_048_576, maxDepth: 64 } as const;

/** Runs kept in the KV file (the newest); older ones are forgotten. */
const KEPT_RUNS = 1_000;

export type InteractionResult = {
  ok: boolean;
  error?: string;
  /** view_submission: field errors to show in the modal. */
  errors?: Record<string, string>;
  response?: unknown;
};

export class Engine {
  readonly fake: FakeSlack;
  readonly manifest: AppManifest;
  readonly projectRoot: URL;
  readonly env: Record<string, string>;
  readonly functionTimeoutMs: number;
  readonly interactivityTimeoutMs: number;
  readonly runs: WorkflowRun[] = [];
  readonly logs: LogLine[] = [];
  readonly #echoLogs: boolean;
  #inFlight = new Set<Promise<unknown>>();
  #completions = new Map<
    string,
    PromiseWithResolvers<{ outputs?: Record<string, unknown>; error?: string }>
  >();
  #unsubscribe: Array<() => void> = [];
  #ticker: ReturnType<typeof setInterval> | undefined;
  #closed = false;
  /** Set when close() gives up waiting: runs still going are left to resume on the next start. */
  #stopping = false;
  #developerToken = "";

  private constructor(options: EngineOptions) {
    this.fake = options.fake;
    // Read as the get-manifest hook hands it over: plain JSON (SDK custom types become strings).
    this.manifest = JSON.parse(JSON.stringify(options.manifest));
    this.projectRoot = options.projectRoot;
    this.env = { ...(options.env ?? {}) };
    const scale = options.timeScale ?? options.fake.clock.scale;
    this.functionTimeoutMs = options.functionTimeoutMs ?? 60_000 / scale;
    this.interactivityTimeoutMs = options.interactivityTimeoutMs ?? 10_000 / scale;
    this.#echoLogs = options.echoLogs ?? false;
  }

  static async start(options: EngineOptions): Promise<Engine> {
    const engine = new Engine(options);
    await engine.#install();
    return engine;
  }

  async #install(): Promise<void> {
    const { fake } = this;
    await fake.workspace.installApp(this.manifest);
    this.env.SLACK_API_URL = fake.apiUrl;
    // The developer who runs `slack trigger create`: a workspace admin with a user token.
    const dev = (await fake.workspace.listUsers()).find((u) => u.name === "sandbox-developer") ??
      await fake.workspace.putUser({
        name: "sandbox-developer",
        real_name: "Sandbox developer",
        is_admin: true,
      });
    this.#developerToken = await fake.workspace.userToken(dev.id);
    fake.mount("/triggers/", (req, url) => this.#webhook(req, url));
    this.#unsubscribe.push(
      // Tracked from the moment the message lands, so idle() cannot return in the gap before its
      // trigger's run is created.
      fake.workspace.on("message", ({ message }) => void this.#track(this.#messagePosted(message))),
      fake.workspace.on(
        "member_joined",
        (e) => void this.#track(this.#userJoined(e.channel, e.user)),
      ),
      fake.workspace.on("execution_completed", (e) => {
        this.#completions.get(e.execution_id)?.resolve(e);
      }),
      fake.clock.onAdvance(() => this.#tick()),
    );
    this.#ticker = setInterval(() => this.#tick(), 250);
    await this.#resumeRuns();
  }

  /**
   * Runs the sandbox stored but never finished (it stopped in the middle: a crash, Ctrl-C) go on
   * from the step that did not complete, as Slack would still run an accepted webhook. A run that
   * waited for a person (a link trigger's modal) cannot go on and is marked failed.
   */
  async #resumeRuns(): Promise<void> {
    const stored = (await this.fake.workspace.records.runs<WorkflowRun>())
      .sort((a, b) => a.started_at - b.started_at);
    for (const run of stored) {
      if (run.status === "running") {
        run.inputs = (await this.fake.workspace.records.runInputs(run.id)) ?? {};
      }
    }
    this.runs.push(...stored);
    for (const e of await this.fake.workspace.records.executions()) {
      // No worker survives a restart: an execution still running has stopped for good.
      if (e.status !== "running") continue;
      const waitsForPerson = stored.some((r) =>
        r.status === "running" && r.steps.some((s) => s.execution_id === e.id) &&
        Object.values(e.inputs).some((v) =>
          typeof v === "object" && v !== null && "interactivity_pointer" in v
        )
      );
      if (waitsForPerson) continue;
      await this.fake.workspace.records.setExecution({
        ...e,
        status: "failed",
        error: "sandbox_stopped",
        ended_at: this.fake.clock.now(),
      });
      await this.fake.workspace.revokeExecutionTokens(e.id);
    }
    for (const run of stored) {
      if (run.status !== "running") continue;
      const trigger = run.trigger_id
        ? await this.fake.workspace.records.trigger(run.trigger_id)
        : null;
      const { callbackId, def } = (() => {
        try {
          return this.#workflow(`#/workflows/${run.workflow}`);
        } catch {
          return { callbackId: run.workflow, def: null };
        }
      })();
      if (trigger?.type === "shortcut" || !def) {
        run.status = "failed";
        run.error = def
          ? "The sandbox stopped while this run waited for a person"
          : `Workflow "${callbackId}" is no longer in the manifest`;
        run.ended_at = this.fake.clock.now();
        await this.#saveRun(run);
        continue;
      }
      run.resumed_at = this.fake.clock.now();
      this.#log({
        at: Date.now(),
        level: "info",
        line: `run ${run.id} (${run.workflow}) resumed after the sandbox restarted`,
        function: "engine",
      });
      await this.#saveRun(run);
      this.#track(this.#runSteps(run, def));
    }
  }

  /**
   * Keeps a run in the KV file. Its inputs (up to a webhook's 1 MiB) are stored apart, once, when
   * the run starts, and dropped when it ends; the run record itself stays small as steps go by.
   */
  async #saveRun(run: WorkflowRun, options: { inputs?: boolean } = {}): Promise<void> {
    await this.fake.workspace.records.setRun(run, {
      ...options,
      ended: run.status !== "running",
    });
  }

  async close(): Promise<void> {
    this.#closed = true;
    clearInterval(this.#ticker);
    // Let running work finish first (completions still arrive), then stop listening. Steps that
    // wait for a person (a modal left open) are ended so nothing hangs.
    try {
      await this.idle(15_000);
    } catch {
      this.#stopping = true;
      for (const [id, waiter] of this.#completions) {
        waiter.resolve({ error: `engine closed while ${id} was running` });
      }
      await this.idle(15_000).catch(() => undefined);
    }
    for (const u of this.#unsubscribe) u();
  }

  /** Waits until no workflow, function or interaction is in progress (tests). */
  async idle(timeoutMs = 120_000): Promise<void> {
    const until = Date.now() + timeoutMs;
    while (this.#inFlight.size > 0) {
      const left = until - Date.now();
      if (left <= 0) {
        throw new Error(`Engine still busy after ${timeoutMs} ms (${this.#inFlight.size} tasks)`);
      }
      let timer: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([
        Promise.allSettled([...this.#inFlight]),
        new Promise((r) => timer = setTimeout(r, left)),
      ]);
      clearTimeout(timer);
    }
  }

  #invocations = 0;
  #stoppers = new Map<AbortController, string>();

  /**
   * Stops every running invocation of `callbackId` at once, as Slack stops a function that ran out
   * of time or crashed: no completion, no cleanup. Returns how many were stopped.
   */
  stopFunction(callbackId: string): number {
    let stopped = 0;
    for (const [controller, id] of this.#stoppers) {
      if (id !== callbackId) continue;
      controller.abort();
      stopped++;
    }
    return stopped;
  }

  /**
   * Function invocations (main handlers and interactivity) running right now. Unlike idle(), this
   * does not count workflows that wait for a person (an open modal), so the sandbox can tell
   * "nothing is happening" from "waiting for someone".
   */
  get activeInvocations(): number {
    return this.#invocations;
  }

  async #invoke(options: Parameters<typeof invoke>[0]): ReturnType<typeof invoke> {
    this.#invocations++;
    const controller = new AbortController();
    this.#stoppers.set(controller, options.callbackId);
    try {
      return await invoke({ ...options, signal: controller.signal });
    } finally {
      this.#stoppers.delete(controller);
      this.#invocations--;
    }
  }

  #track<T>(p: Promise<T>): Promise<T> {
    this.#inFlight.add(p);
    p.finally(() => this.#inFlight.delete(p)).catch(() => {});
    return p;
  }

  #log(line: LogLine): void {
    this.logs.push(line);
    if (this.logs.length > 50_000) this.logs.splice(0, 5_000);
    if (this.#echoLogs) sandboxLog("error", `[${line.function}] ${line.line}`);
  }

  // ---------- triggers (as `slack trigger create` would) ----------

  /** Creates a trigger from a trigger-definition object, with the developer's token, as the CLI does. */
  async createTrigger(
    def: Record<string, unknown>,
  ): Promise<TriggerRecord & Record<string, unknown>> {
    const res = await fetch(`${this.fake.apiUrl}workflows.triggers.create`, {
      method: "POST",
      headers: {
        "Authorization": `Bearer ${this.#developerToken}`,
        "Content-Type": "application/json",
      },
      body: JSON.stringify(def),
    });
    const json = await res.json();
    if (!json.ok) {
      throw new Error(
        `Cannot create trigger "${String(def.name)}": ${json.error} ${
          JSON.stringify(json.response_metadata ?? "")
        }`,
      );
    }
    return json.trigger;
  }

  async triggers(): Promise<TriggerRecord[]> {
    return await this.fake.workspace.records.triggers();
  }

  // ---------- workflows ----------

  #workflow(ref: string): { callbackId: string; def: WorkflowDef } {
    const callbackId = ref.replace("#/workflows/", "");
    const def = this.manifest.workflows?.[callbackId];
    if (!def) throw new Error(`Cannot run workflow "${callbackId}": not in the manifest`);
    return { callbackId, def };
  }

  /**
   * Starts a workflow run: `stored` resolves once the run is in the KV file (a webhook answers only
   * then, so a stop right after the answer loses nothing), `done` when it ends. Invalid inputs
   * throw before anything is stored or runs.
   */
  startWorkflow(
    ref: string,
    rawInputs: Record<string, unknown>,
    triggerId: string | null,
  ): { run: WorkflowRun; stored: Promise<void>; done: Promise<WorkflowRun> } {
    const { callbackId, def } = this.#workflow(ref);
    const { problems, inputs } = checkInputs(def.input_parameters, rawInputs);
    if (problems.length > 0) {
      throw Object.assign(new Error(problems.join("; ")), { name: "InvalidInputsError" });
    }
    const run: WorkflowRun = {
      id: slackId("Wr"),
      workflow: callbackId,
      trigger_id: triggerId,
      inputs,
      status: "running",
      started_at: this.fake.clock.now(),
      steps: [],
    };
    this.runs.push(run);
    if (this.runs.length > 5_000) this.runs.splice(0, 500);
    const stored = this.#track(
      this.#saveRun(run, { inputs: true }).then(() => this.#forgetOldRuns()),
    );
    const done = this.#track(stored.then(() => this.#runSteps(run, def)));
    return { run, stored, done };
  }

  #stored = 0;
  async #forgetOldRuns(): Promise<void> {
    if (++this.#stored % 100 !== 0) return;
    const all = (await this.fake.workspace.records.runs<WorkflowRun>())
      .filter((r) => r.status !== "running")
      .sort((a, b) => b.started_at - a.started_at);
    for (const r of all.slice(KEPT_RUNS)) {
      await this.fake.workspace.records.deleteRun(r.id);
    }
  }

  async #runSteps(run: WorkflowRun, def: WorkflowDef): Promise<WorkflowRun> {
    const steps: Record<string, Record<string, unknown>> = {};
    try {
      for (const step of def.steps) {
        // Resuming after a stop: finished steps keep their outputs; a step cut short runs again.
        const before = run.steps.findIndex((s) => s.id === step.id);
        if (before >= 0 && run.steps[before]!.status === "completed") {
          steps[step.id] = run.steps[before]!.outputs ?? {};
          continue;
        }
        if (before >= 0) run.steps.splice(before);
        const inputs = resolveTemplates(step.inputs, { inputs: run.inputs, steps }) as Record<
          string,
          unknown
        >;
        const record: WorkflowRun["steps"][number] = {
          id: step.id,
          function_id: step.function_id,
          status: "running",
        };
        run.steps.push(record);
        if (!step.function_id.startsWith("#/functions/")) {
          throw new Error(`Built-in function "${step.function_id}" is not emulated by the sandbox`);
        }
        const result = await this.#runFunction(
          step.function_id.slice("#/functions/".length),
          inputs,
          record,
          () => this.#saveRun(run),
        );
        if (result.error !== undefined) {
          record.status = "failed";
          record.error = result.error;
          throw new Error(`Step ${step.id} failed: ${result.error}`);
        }
        record.status = "completed";
        record.outputs = result.outputs ?? {};
        steps[step.id] = record.outputs;
        await this.#saveRun(run);
      }
      run.status = "completed";
    } catch (err) {
      run.status = "failed";
      run.error = err instanceof Error ? err.message : String(err);
    }
    run.ended_at = this.fake.clock.now();
    // A run cut off because the sandbox is stopping stays stored as running: the next start resumes it.
    if (!this.#stopping) await this.#saveRun(run).catch(() => undefined);
    this.fake.workspace.emit("state", { what: "run" });
    return run;
  }

  #functionDef(callbackId: string): FunctionDef {
    const def = this.manifest.functions?.[callbackId];
    if (!def) throw new Error(`Cannot run function "${callbackId}": not in the manifest`);
    return def;
  }

  async #runFunction(
    callbackId: string,
    rawInputs: Record<string, unknown>,
    record: WorkflowRun["steps"][number],
    onStarted: () => Promise<void> = () => Promise.resolve(),
  ): Promise<{ outputs?: Record<string, unknown>; error?: string }> {
    const def = this.#functionDef(callbackId);
    const { problems, inputs } = checkInputs(def.input_parameters, rawInputs);
    if (problems.length > 0) {
      return { error: `parameter_validation_failed: ${problems.join("; ")}` };
    }
    const execution: Execution = {
      id: slackId("Fx"),
      function_callback_id: callbackId,
      inputs,
      status: "running",
      started_at: this.fake.clock.now(),
    };
    record.execution_id = execution.id;
    await this.fake.workspace.records.setExecution(execution);
    await onStarted();
    const completion = Promise.withResolvers<
      { outputs?: Record<string, unknown>; error?: string }
    >();
    this.#completions.set(execution.id, completion);
    // A link trigger's pointer now belongs to this execution (its views route back here).
    const pointers: string[] = [];
    for (const v of Object.values(inputs)) {
      if (v && typeof v === "object" && "interactivity_pointer" in v) {
        const id = String((v as { interactivity_pointer: string }).interactivity_pointer);
        pointers.push(id);
        await this.#claimPointer(id, execution.id, callbackId);
      }
    }
    const token = await this.fake.workspace.mintWorkflowToken(execution.id);
    const payload = {
      body: {
        type: "event_callback",
        team_id: this.fake.workspace.team.id,
        api_app_id: this.fake.workspace.requireApp().app_id,
        event: {
          type: "function_executed",
          function: { id: `Fn${callbackId}`, callback_id: callbackId, title: def.title },
          function_execution_id: execution.id,
          inputs,
          bot_access_token: token,
          event_ts: String(this.fake.clock.now() / 1000),
        },
      },
      context: {
        bot_access_token: token,
        team_id: this.fake.workspace.team.id,
        variables: { ...this.env },
      },
    };
    const result = await this.#invoke({
      sourceUrl: new URL(def.source_file, this.projectRoot).href,
      callbackId,
      payload,
      timeoutMs: this.functionTimeoutMs,
      clock: this.fake.clock.reading(),
      onLog: (l) => this.#log(l),
      onReady: () => this.#freshenPointers(pointers),
    });
    if (!result.ok) {
      // Hosted Slack answers 500 for an uncaught error ("Caught error from user supplied module");
      // the sandbox then fails the step so the run does not hang.
      const error = result.timedOut
        ? "function_timed_out"
        : `Caught error from user supplied module: ${result.error}`;
      this.#log({ at: Date.now(), level: "error", line: error, function: callbackId });
      await this.#failIfRunning(execution.id, error);
    } else if ((result.response as { completed?: boolean } | undefined)?.completed) {
      // The runtime's completion call failed: Slack would leave the step running until it times
      // out; the sandbox fails it at once so the run does not hang.
      await this.#failIfRunning(execution.id, "function_completion_failed");
    }
    const outcome = await completion.promise;
    this.#completions.delete(execution.id);
    return outcome;
  }

  async #failIfRunning(executionId: string, error: string): Promise<void> {
    await this.fake.workspace.exclusive(async () => {
      const e = await this.fake.workspace.records.execution(executionId);
      if (!e || e.status !== "running") return;
      await this.fake.workspace.records.setExecution({
        ...e,
        status: "failed",
        error,
        ended_at: this.fake.clock.now(),
      });
      await this.fake.workspace.revokeExecutionTokens(executionId);
      this.fake.workspace.emit("execution_completed", { execution_id: executionId, error });
    });
  }

  // ---------- interactivity ----------

  #newPointer(userId: string, executionId?: string, callbackId?: string): Promise<Pointer> {
    return this.fake.workspace.createPointer(userId, {
      ...(executionId ? { executionId } : {}),
      ...(callbackId ? { callbackId } : {}),
    });
  }

  /**
   * An interactivity pointer lives about 3 s from the click on Slack, where a function starts in
   * milliseconds; a sandbox worker may take longer to load, so the 3 s count from the handler's start.
   */
  async #freshenPointers(ids: string[]): Promise<void> {
    for (const id of ids) {
      const p = await this.fake.workspace.records.pointer(id);
      if (p && !p.used) {
        await this.fake.workspace.records.setPointer({
          ...p,
          expires_at: this.fake.clock.now() + this.fake.workspace.pointerTtlMs,
        });
      }
    }
  }

  async #claimPointer(id: string, executionId: string, callbackId: string): Promise<void> {
    const p = await this.fake.workspace.records.pointer(id);
    if (p) {
      await this.fake.workspace.records.setPointer({
        ...p,
        execution_id: executionId,
        function_callback_id: callbackId,
      });
    }
  }

  async #userRef(userId: string): Promise<{ id: string; name: string; team_id: string }> {
    const u = await this.fake.workspace.getUser(userId);
    return { id: userId, name: u?.name ?? userId, team_id: this.fake.workspace.team.id };
  }

  /** Runs an interactivity handler for a running execution and returns what the handler returned. */
  async #interact(
    executionId: string | undefined,
    userId: string,
    body: Record<string, unknown>,
  ): Promise<InteractionResult> {
    if (!executionId) {
      return { ok: false, error: "This app is not responding to that (no function owns it)" };
    }
    const execution = await this.fake.workspace.records.execution(executionId);
    if (!execution) return { ok: false, error: "function_execution_not_found" };
    if (execution.status !== "running") {
      return { ok: false, error: "This workflow has already finished, so it cannot respond" };
    }
    const def = this.#functionDef(execution.function_callback_id);
    const pointer = await this.#newPointer(userId, execution.id, execution.function_callback_id);
    const token = await this.fake.workspace.mintWorkflowToken(execution.id);
    const app = this.fake.workspace.requireApp();
    const fullBody = {
      ...body,
      team: { id: this.fake.workspace.team.id, domain: this.fake.workspace.team.domain },
      user: await this.#userRef(userId),
      api_app_id: app.app_id,
      trigger_id: pointer.id,
      interactivity: {
        interactivity_pointer: pointer.id,
        interactor: { id: userId, secret: slackId("", 16) },
      },
      function_data: {
        execution_id: execution.id,
        function: { callback_id: execution.function_callback_id },
        inputs: execution.inputs,
      },
      bot_access_token: token,
      enterprise: null,
    };
    const result = await this.#track(this.#invoke({
      sourceUrl: new URL(def.source_file, this.projectRoot).href,
      callbackId: execution.function_callback_id,
      payload: {
        body: fullBody,
        context: {
          bot_access_token: token,
          team_id: this.fake.workspace.team.id,
          variables: { ...this.env },
        },
      },
      timeoutMs: this.interactivityTimeoutMs,
      clock: this.fake.clock.reading(),
      onLog: (l) => this.#log(l),
      onReady: () => this.#freshenPointers([pointer.id]),
    }));
    if (!result.ok) {
      this.#log({
        at: Date.now(),
        level: "error",
        line: `interactivity handler failed: ${result.error}`,
        function: execution.function_callback_id,
      });
      return {
        ok: false,
        error: result.timedOut
          ? "The app took too long to respond"
          : "The app had a problem responding",
      };
    }
    return { ok: true, response: result.response };
  }

  /** A person clicks a button or picks an option in a message. */
  async messageAction(
    userId: string,
    channelId: string,
    ts: string,
    action: Record<string, unknown>,
  ): Promise<InteractionResult> {
    const message = await this.fake.workspace.getMessage(channelId, ts);
    if (!message) return { ok: false, error: "message_not_found" };
    const channel = await this.fake.workspace.getChannel(channelId);
    return await this.#interact(message._execution_id, userId, {
      type: "block_actions",
      container: { type: "message", message_ts: ts, channel_id: channelId, is_ephemeral: false },
      channel: { id: channelId, name: channel?.name ?? channelId },
      message,
      actions: [{ ...action, action_ts: String(this.fake.clock.now() / 1000) }],
    });
  }

  async #openView(viewId: string, userId: string): Promise<View> {
    const view = await this.fake.workspace.records.view(viewId);
    if (!view || !view.open || view.user_id !== userId) throw new Error("view_not_found");
    return view;
  }

  /** A person clicks a button (or changes a dispatching input) inside a modal. */
  async viewAction(
    userId: string,
    viewId: string,
    action: Record<string, unknown>,
    values?: View["state"]["values"],
  ): Promise<InteractionResult> {
    const view = await this.#openView(viewId, userId).catch(() => null);
    if (!view) return { ok: false, error: "view_not_found" };
    if (values) await this.#storeValues(view, values);
    const current = (await this.fake.workspace.records.view(viewId))!;
    return await this.#interact(view.execution_id, userId, {
      type: "block_actions",
      container: { type: "view", view_id: viewId },
      view: viewResponse(current),
      actions: [{ ...action, action_ts: String(this.fake.clock.now() / 1000) }],
    });
  }

  async #storeValues(view: View, values: View["state"]["values"]): Promise<void> {
    await this.fake.workspace.records.setView({ ...view, state: { values } });
  }

  /** A person submits the modal on top of their stack with these input values. */
  async submitView(
    userId: string,
    viewId: string,
    values: View["state"]["values"],
  ): Promise<InteractionResult> {
    const view = await this.#openView(viewId, userId).catch(() => null);
    if (!view) return { ok: false, error: "view_not_found" };
    await this.#storeValues(view, values);
    const submitted = (await this.fake.workspace.records.view(viewId))!;
    const result = await this.#interact(view.execution_id, userId, {
      type: "view_submission",
      view: viewResponse(submitted),
      response_urls: [],
    });
    if (!result.ok) return result;
    const response = (result.response ?? {}) as Record<string, unknown>;
    switch (response.response_action) {
      case "errors":
        return { ok: true, errors: (response.errors ?? {}) as Record<string, string>, response };
      case "update":
      case "push": {
        const problems = checkView(response.view);
        if (problems.length > 0) {
          return {
            ok: false,
            error: `invalid view in response_action: ${invalidArguments(...problems).code}: ${
              problems.join("; ")
            }`,
          };
        }
        await this.#applyResponseView(
          userId,
          view,
          response.response_action,
          response.view as Record<string, unknown>,
        );
        return { ok: true, response };
      }
      case "clear":
        await this.#closeStack(userId, false);
        return { ok: true, response };
      default:
        await this.#pop(userId, view);
        return { ok: true, response };
    }
  }

  async #applyResponseView(
    userId: string,
    current: View,
    action: "update" | "push",
    raw: Record<string, unknown>,
  ): Promise<void> {
    // Reuse the fake's own views.update / views.push rules by calling them with a fresh pointer.
    const token = current.execution_id
      ? await this.fake.workspace.mintWorkflowToken(current.execution_id)
      : this.fake.workspace.requireApp().bot_token;
    const args: Record<string, unknown> = { view: JSON.stringify(raw) };
    if (action === "update") args.view_id = current.id;
    else {args.trigger_id =
        (await this.#newPointer(userId, current.execution_id, current.function_callback_id)).id;}
    const res = await fetch(`${this.fake.apiUrl}views.${action}`, {
      method: "POST",
      headers: {
        "Authorization": `Bearer ${token}`,
        "Content-Type": "application/x-www-form-urlencoded",
      },
      body: new URLSearchParams(args as Record<string, string>),
    });
    const json = await res.json();
    if (!json.ok) throw new Error(`response_action ${action} failed: ${json.error}`);
  }

  async #pop(userId: string, view: View): Promise<void> {
    await this.fake.workspace.exclusive(async () => {
      const stack = await this.fake.workspace.records.viewStack(userId);
      const rest = stack.filter((id) => id !== view.id);
      await this.fake.workspace.records.setView({ ...view, open: false });
      await this.fake.workspace.records.setViewStack(userId, view.previous_view_id ? rest : []);
      if (!view.previous_view_id) {
        for (const id of rest) {
          const v = await this.fake.workspace.records.view(id);
          if (v) await this.fake.workspace.records.setView({ ...v, open: false });
        }
      }
    });
    this.fake.workspace.emit("view", { view_id: view.id, user_id: userId, action: "close" });
  }

  async #closeStack(userId: string, notify: boolean): Promise<void> {
    const stack = await this.fake.workspace.records.viewStack(userId);
    for (const id of [...stack].reverse()) {
      const v = await this.fake.workspace.records.view(id);
      if (!v) continue;
      await this.fake.workspace.records.setView({ ...v, open: false });
      if (notify && v.notify_on_close) {
        await this.#interact(v.execution_id, userId, {
          type: "view_closed",
          view: viewResponse(v),
          is_cleared: true,
        });
      }
    }
    await this.fake.workspace.records.setViewStack(userId, []);
    this.fake.workspace.emit("view", { view_id: stack[0] ?? "", user_id: userId, action: "close" });
  }

  /** A person closes (cancels) the modal on top of their stack. */
  async closeView(userId: string, viewId: string): Promise<InteractionResult> {
    const view = await this.#openView(viewId, userId).catch(() => null);
    if (!view) return { ok: false, error: "view_not_found" };
    await this.#pop(userId, view);
    if (view.clear_on_close) await this.#closeStack(userId, false);
    if (!view.notify_on_close) return { ok: true };
    return await this.#interact(view.execution_id, userId, {
      type: "view_closed",
      view: viewResponse(view),
      is_cleared: false,
    });
  }

  /** The modal stack a person sees, root first. */
  async viewStack(userId: string): Promise<View[]> {
    const out: View[] = [];
    for (const id of await this.fake.workspace.records.viewStack(userId)) {
      const v = await this.fake.workspace.records.view(id);
      if (v?.open) out.push(v);
    }
    return out;
  }

  // ---------- trigger sources ----------

  /** A person clicks a link trigger (shortcut) in a conversation or from the shortcut list. */
  async runShortcut(triggerId: string, userId: string, channelId?: string): Promise<WorkflowRun> {
    const trigger = await this.fake.workspace.records.trigger(triggerId);
    if (!trigger || trigger.type !== "shortcut") {
      throw new Error(`Cannot run shortcut "${triggerId}": no such link trigger`);
    }
    const pointer = await this.#newPointer(userId);
    const data = {
      interactivity: {
        interactivity_pointer: pointer.id,
        interactor: { id: userId, secret: slackId("", 16) },
      },
      user_id: userId,
      ...(channelId ? { channel_id: channelId } : {}),
    };
    return await this.#fire(trigger, data);
  }

  async #fire(trigger: TriggerRecord, data: Record<string, unknown>): Promise<WorkflowRun> {
    const inputs: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(trigger.inputs ?? {})) {
      inputs[k] = resolveTemplates(v.value, { data });
    }
    const { run, stored } = this.startWorkflow(trigger.workflow, inputs, trigger.id);
    await stored;
    await this.fake.workspace.exclusive(async () => {
      const t = await this.fake.workspace.records.trigger(trigger.id);
      if (t) await this.fake.workspace.records.setTrigger({ ...t, runs: (t.runs ?? 0) + 1 });
    });
    return run;
  }

  async #webhook(req: Request, url: URL): Promise<Response> {
    const [, , team, id, secret] = url.pathname.split("/");
    const trigger = id ? await this.fake.workspace.records.trigger(id) : null;
    if (req.method !== "POST") {
      return Response.json({ ok: false, error: "method_not_allowed" }, { status: 405 });
    }
    if (
      !trigger || trigger.type !== "webhook" || trigger.secret !== secret ||
      team !== this.fake.workspace.team.id
    ) {
      return Response.json({ ok: false, error: "trigger_not_found" }, { status: 404 });
    }
    const wait = this.fake.limiter.take([{
      key: `webhook:${trigger.id}`,
      bucket: this.fake.limiter.config.webhookPerTrigger,
    }]);
    if (wait > 0) {
      return Response.json({ ok: false, error: "ratelimited" }, {
        status: 429,
        headers: { "Retry-After": String(wait) },
      });
    }
    const body = await readLimited(req, WEBHOOK_LIMITS.maxBodyBytes);
    if (body === null) {
      return Response.json({
        ok: false,
        error: "request_too_large",
        detail: `the body must be at most ${WEBHOOK_LIMITS.maxBodyBytes} bytes`,
      }, { status: 413 });
    }
    const depth = jsonDepth(body);
    if (depth > WEBHOOK_LIMITS.maxDepth) {
      return Response.json({
        ok: false,
        error: "invalid_json",
        detail: `the body nests ${depth} levels deep, more than ${WEBHOOK_LIMITS.maxDepth}`,
      }, { status: 400 });
    }
    let data: unknown;
    try {
      data = JSON.parse(body);
    } catch {
      return Response.json({ ok: false, error: "invalid_json" }, { status: 400 });
    }
    if (typeof data !== "object" || data === null || Array.isArray(data)) {
      return Response.json({
        ok: false,
        error: "invalid_json",
        detail: "the body must be a JSON object",
      }, { status: 400 });
    }
    if (
      !passesFilter(trigger.webhook?.filter as Filter | undefined, data as Record<string, unknown>)
    ) {
      return Response.json({ ok: true });
    }
    try {
      await this.#fire(trigger, data as Record<string, unknown>);
    } catch (err) {
      if (err instanceof Error && err.name === "InvalidInputsError") {
        return Response.json({ ok: false, error: "invalid_workflow_input", detail: err.message }, {
          status: 400,
        });
      }
      throw err;
    }
    return Response.json({ ok: true });
  }

  async #messagePosted(message: Message): Promise<void> {
    await this.#channelEvent("slack#/events/message_posted", message.channel, (channel) => ({
      channel_id: channel.id,
      channel_type: channelType(channel),
      message_ts: message.ts,
      text: message.text,
      thread_ts: message.thread_ts && message.thread_ts !== message.ts ? message.thread_ts : null,
      user_id: message.bot_id ? null : (message.user ?? null),
    }));
  }

  /** user_joined_channel: a person or the app's bot user became a member of a channel. */
  async #userJoined(channelId: string, user: string): Promise<void> {
    await this.#channelEvent("slack#/events/user_joined_channel", channelId, (channel) => ({
      channel_id: channel.id,
      channel_type: channelType(channel),
      event_type: "slack#/events/user_joined_channel",
      user_id: user,
      inviter_id: null,
    }));
  }

  /** Fires the event triggers of `eventType` that list the channel and whose filter lets it through. */
  async #channelEvent(
    eventType: string,
    channelId: string,
    dataFor: (channel: Channel) => Record<string, unknown>,
  ): Promise<void> {
    if (this.#closed) return;
    const channel = await this.fake.workspace.getChannel(channelId);
    const app = this.fake.workspace.app;
    if (!channel || !app) return;
    // Channel event triggers only see conversations the app is in.
    if (!channel.members.includes(app.bot_user_id)) return;
    const data = dataFor(channel);
    for (const t of await this.fake.workspace.records.triggers()) {
      if (t.type !== "event" || t.event?.event_type !== eventType) continue;
      const ids = t.event.channel_ids as string[] | undefined;
      if (t.event.all_resources !== true && !ids?.includes(channel.id)) continue;
      if (!passesFilter(t.event.filter as Filter | undefined, data)) continue;
      try {
        await this.#fire(t, data);
      } catch (err) {
        this.#log({
          at: Date.now(),
          level: "error",
          line: `trigger ${t.id} could not start: ${String(err)}`,
          function: "engine",
        });
      }
    }
  }

  #ticking = false;
  async #tick(): Promise<void> {
    if (this.#ticking || this.#closed) return;
    this.#ticking = true;
    try {
      await postDueScheduledMessages(this.fake.workspace);
      const now = this.fake.clock.now();
      for (const t of await this.fake.workspace.records.triggers()) {
        if (
          t.type !== "scheduled" || t.next_run_at === null || t.next_run_at === undefined ||
          t.next_run_at > now
        ) continue;
        const next = nextRun(t, now);
        await this.fake.workspace.records.setTrigger({ ...t, next_run_at: next });
        await this.#fire(t, { user_id: t.owner_id });
      }
    } catch (err) {
      this.#log({
        at: Date.now(),
        level: "error",
        line: `scheduler: ${String(err)}`,
        function: "engine",
      });
    } finally {
      this.#ticking = false;
    }
  }
}

/** The body as text, or null when it is longer than `max` bytes (it is not read any further). */
async function readLimited(req: Request, max: number): Promise<string | null> {
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (declared > max) {
    await req.body?.cancel();
    return null;
  }
  if (!req.body) return "";
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = req.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > max) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  const all = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    all.set(c, at);
    at += c.length;
  }
  return new TextDecoder().decode(all);
}

/**
 * How deeply a JSON text nests arrays and objects, counted without parsing it (a parser would
 * recurse through the very depth being refused); brackets inside strings do not count.
 */
export function jsonDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) deepest = Math.max(deepest, ++depth);
    else if (c === 0x7d || c === 0x5d) depth--;
  }
  return deepest;
}

const PERIOD_MS: Record<string, number> = {
  hourly: 3_600_000,
  daily: 86_400_000,
  weekly: 7 * 86_400_000,
  monthly: 30 * 86_400_000,
  yearly: 365 * 86_400_000,
};

/** The next run after `now` (runs missed while the clock jumped are coalesced into one). */
function nextRun(t: TriggerRecord, now: number): number | null {
  const freq = (t.schedule?.frequency ?? { type: "once" }) as {
    type: string;
    repeats_every?: number;
  };
  if (freq.type === "once") return null;
  const period = PERIOD_MS[freq.type]! * (freq.repeats_every ?? 1);
  let next = t.next_run_at ?? now;
  while (next <= now) next += period;
  return next;
}

function channelType(channel: Channel): string {
  return channel.is_im ? "im" : channel.is_private ? "private" : "public";
}
