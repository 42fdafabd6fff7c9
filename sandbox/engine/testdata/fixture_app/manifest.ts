// A tiny app the engine's own tests run: each function exercises one part of the runtime contract.
import { DefineFunction, DefineWorkflow, Manifest, Schema } from "deno-slack-sdk/mod.ts";

export const PostText = DefineFunction({
  callback_id: "post_text",
  title: "Post text",
  source_file: "functions/post_text.ts",
  input_parameters: {
    properties: {
      channel: { type: Schema.slack.types.channel_id },
      text: { type: Schema.types.string },
      thread_ts: { type: Schema.types.string },
    },
    required: ["channel", "text"],
  },
  output_parameters: { properties: { ts: { type: Schema.types.string } }, required: ["ts"] },
});

export const Probe = DefineFunction({
  callback_id: "probe",
  title: "Probe the sandbox",
  source_file: "functions/probe.ts",
  input_parameters: {
    properties: { sleep_ms: { type: Schema.types.number }, throw: { type: Schema.types.boolean } },
    required: [],
  },
  output_parameters: {
    properties: {
      calls: { type: Schema.types.number },
      fs: { type: Schema.types.string },
      now: { type: Schema.types.number },
    },
    required: ["calls", "fs", "now"],
  },
});

export const Ask = DefineFunction({
  callback_id: "ask",
  title: "Ask a name",
  source_file: "functions/ask.ts",
  input_parameters: {
    properties: { interactivity: { type: Schema.slack.types.interactivity } },
    required: ["interactivity"],
  },
  output_parameters: { properties: { name: { type: Schema.types.string } }, required: ["name"] },
});

export const PostAndReply = DefineWorkflow({
  callback_id: "post_and_reply",
  title: "Post, then reply in its thread",
  input_parameters: {
    properties: {
      channel: { type: Schema.slack.types.channel_id },
      text: { type: Schema.types.string },
    },
    required: ["channel", "text"],
  },
});
const first = PostAndReply.addStep(PostText, {
  channel: PostAndReply.inputs.channel,
  text: PostAndReply.inputs.text,
});
PostAndReply.addStep(PostText, {
  channel: PostAndReply.inputs.channel,
  text: "reply to {{inputs.text}}",
  thread_ts: first.outputs.ts,
});

export const ProbeWorkflow = DefineWorkflow({
  callback_id: "probe_workflow",
  title: "Probe",
  input_parameters: {
    properties: { sleep_ms: { type: Schema.types.number }, throw: { type: Schema.types.boolean } },
    required: [],
  },
});
ProbeWorkflow.addStep(Probe, {
  sleep_ms: ProbeWorkflow.inputs.sleep_ms,
  throw: ProbeWorkflow.inputs.throw,
});

export const AskWorkflow = DefineWorkflow({
  callback_id: "ask_workflow",
  title: "Ask",
  input_parameters: {
    properties: { interactivity: { type: Schema.slack.types.interactivity } },
    required: ["interactivity"],
  },
});
AskWorkflow.addStep(Ask, { interactivity: AskWorkflow.inputs.interactivity });

export default Manifest({
  name: "Engine fixture",
  description: "Exercises the sandbox workflow engine",
  icon: "icon.png",
  workflows: [PostAndReply, ProbeWorkflow, AskWorkflow],
  botScopes: ["chat:write", "chat:write.public", "channels:history"],
});
