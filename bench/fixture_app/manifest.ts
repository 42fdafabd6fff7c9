// Baselines for `deno task bench`, run through the same engine and fake Slack as Session Bridge:
// a function that does nothing (latency floor) and a naive relay (post once, give up on 429).
import { DefineFunction, DefineWorkflow, Manifest, Schema } from "deno-slack-sdk/mod.ts";

const batchInputs = {
  properties: {
    secret: { type: Schema.types.string },
    events: { type: Schema.types.array, items: { type: Schema.types.object } },
  },
  required: [],
};

export const Noop = DefineFunction({
  callback_id: "noop",
  title: "Do nothing",
  source_file: "functions/noop.ts",
  input_parameters: batchInputs,
  output_parameters: { properties: {}, required: [] },
});

export const NaivePost = DefineFunction({
  callback_id: "naive_post",
  title: "Post each event once",
  source_file: "functions/naive_post.ts",
  input_parameters: batchInputs,
  output_parameters: {
    properties: { posted: { type: Schema.types.integer }, lost: { type: Schema.types.integer } },
    required: ["posted", "lost"],
  },
});

export const NoopWorkflow = DefineWorkflow({
  callback_id: "noop_workflow",
  title: "Noop",
  input_parameters: batchInputs,
});
NoopWorkflow.addStep(Noop, {
  secret: NoopWorkflow.inputs.secret,
  events: NoopWorkflow.inputs.events,
});

export const NaiveWorkflow = DefineWorkflow({
  callback_id: "naive_workflow",
  title: "Naive",
  input_parameters: batchInputs,
});
NaiveWorkflow.addStep(NaivePost, {
  secret: NaiveWorkflow.inputs.secret,
  events: NaiveWorkflow.inputs.events,
});

export default Manifest({
  name: "Bench baselines",
  description: "Baselines for the Session Bridge benchmark",
  icon: "icon.png",
  workflows: [NoopWorkflow, NaiveWorkflow],
  botScopes: ["chat:write", "chat:write.public"],
});
