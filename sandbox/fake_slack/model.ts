/** The shapes the fake keeps in its Deno KV, close to what Slack's Web API returns. */
export type User = {
  id: string;
  team_id: string;
  name: string;
  real_name: string;
  deleted: boolean;
  is_bot: boolean;
  is_admin: boolean;
  is_owner: boolean;
  tz: string;
  tz_offset: number;
  locale: string;
  profile: { email?: string; real_name: string; display_name: string; image_48?: string };
};

export type Channel = {
  id: string;
  name: string;
  is_channel: boolean;
  is_group: boolean;
  is_im: boolean;
  is_private: boolean;
  is_archived: boolean;
  created: number;
  creator: string;
  members: string[];
  /** For a DM: the person on the other side of the app. */
  user?: string;
  topic: { value: string };
  purpose: { value: string };
};

export type Reaction = { name: string; users: string[]; count: number };

export type Message = {
  type: "message";
  ts: string;
  channel: string;
  text: string;
  user?: string;
  bot_id?: string;
  app_id?: string;
  username?: string;
  icons?: { image_48?: string; emoji?: string };
  blocks?: unknown[];
  thread_ts?: string;
  reply_count?: number;
  reply_users?: string[];
  latest_reply?: string;
  metadata?: { event_type: string; event_payload: Record<string, unknown> };
  reactions?: Reaction[];
  edited?: { user: string; ts: string };
  subtype?: string;
  /** Which function execution posted it (routes block_actions); not part of Slack's answer. */
  _execution_id?: string;
};

export type TokenInfo = {
  token: string;
  kind: "bot" | "user" | "workflow";
  user_id: string;
  scopes: string[];
  execution_id?: string;
  /** Epoch ms on the fake clock. */
  expires_at?: number;
  revoked?: boolean;
};

export type DatastoreDef = {
  name: string;
  primary_key: string;
  attributes: Record<string, { type: string }>;
  time_to_live_attribute?: string;
};

export type AppInstall = {
  app_id: string;
  name: string;
  bot_id: string;
  bot_user_id: string;
  bot_token: string;
  scopes: string[];
  datastores: Record<string, DatastoreDef>;
  workflows: string[];
  functions: string[];
  /** Required output names per function, checked by functions.completeSuccess. */
  function_outputs: Record<string, string[]>;
};

export type Execution = {
  id: string;
  function_callback_id: string;
  inputs: Record<string, unknown>;
  status: "running" | "completed" | "failed";
  outputs?: Record<string, unknown>;
  error?: string;
  started_at: number;
  ended_at?: number;
};

export type View = {
  id: string;
  team_id: string;
  app_id: string;
  user_id: string;
  type: "modal";
  callback_id: string;
  title: unknown;
  submit?: unknown;
  close?: unknown;
  blocks: unknown[];
  private_metadata: string;
  external_id?: string;
  notify_on_close: boolean;
  clear_on_close: boolean;
  hash: string;
  root_view_id: string;
  previous_view_id: string | null;
  state: { values: Record<string, Record<string, unknown>> };
  execution_id?: string;
  function_callback_id?: string;
  /** Views stacked on this user's screen: root first. */
  open: boolean;
};

export type Pointer = {
  id: string;
  user_id: string;
  expires_at: number;
  used: boolean;
  execution_id?: string;
  function_callback_id?: string;
};

export type TriggerRecord = {
  id: string;
  type: "shortcut" | "webhook" | "event" | "scheduled";
  name: string;
  description?: string;
  workflow: string;
  inputs: Record<string, { value: unknown; customizable?: boolean }>;
  event?: Record<string, unknown>;
  webhook?: Record<string, unknown>;
  schedule?: Record<string, unknown>;
  owner_id: string;
  date_created: number;
  date_updated: number;
  shortcut_url?: string;
  webhook_url?: string;
  secret: string;
  /** Scheduled triggers: epoch ms of the next run on the fake clock. */
  next_run_at?: number | null;
  runs?: number;
};

export type ScheduledMessage = {
  id: string;
  channel: string;
  post_at: number;
  date_created: number;
  text: string;
  blocks?: unknown[];
  thread_ts?: string;
  username?: string;
  icons?: { image_48?: string; emoji?: string };
  token_user_id: string;
};

export type CallRecord = {
  seq: number;
  at: number;
  method: string;
  args: Record<string, unknown>;
  unknown_args: string[];
  token_kind: TokenInfo["kind"] | "none";
  actor: string | null;
  execution_id?: string;
  status: number;
  ok: boolean;
  error?: string;
  injected?: boolean;
};
