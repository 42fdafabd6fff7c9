import { SlackFunction } from "deno-slack-sdk/mod.ts";
import { Ask } from "../manifest.ts";

const view = {
  type: "modal" as const,
  callback_id: "ask_view",
  notify_on_close: true,
  title: { type: "plain_text" as const, text: "Your name" },
  submit: { type: "plain_text" as const, text: "Save" },
  blocks: [{
    type: "input",
    block_id: "name",
    label: { type: "plain_text" as const, text: "Name" },
    element: { type: "plain_text_input", action_id: "value" },
  }],
};

export default SlackFunction(Ask, async ({ inputs, client }) => {
  const res = await client.views.open({
    interactivity_pointer: inputs.interactivity.interactivity_pointer,
    view,
  });
  if (!res.ok) return { error: `views.open: ${res.error}` };
  return { completed: false };
}).addViewSubmissionHandler("ask_view", async ({ view, body, client }) => {
  const name = view.state.values.name?.value?.value;
  if (!name) return { response_action: "errors", errors: { name: "Please type a name" } };
  await client.functions.completeSuccess({
    function_execution_id: body.function_data.execution_id,
    outputs: { name },
  });
  return {};
}).addViewClosedHandler("ask_view", async ({ body, client }) => {
  await client.functions.completeSuccess({
    function_execution_id: body.function_data.execution_id,
    outputs: { name: "(closed)" },
  });
});
