import { SlackFunction } from "deno-slack-sdk/mod.ts";
import { Noop } from "../manifest.ts";

export default SlackFunction(Noop, () => ({ outputs: {} }));
