/** Every Web API method the fake answers. */
import type { MethodTable } from "../spec.ts";
import { chatMethods } from "./chat.ts";
import { conversationMethods } from "./conversations.ts";
import { datastoreMethods } from "./datastore.ts";
import { functionMethods } from "./functions.ts";
import { reactionMethods } from "./reactions.ts";
import { triggerMethods } from "./triggers.ts";
import { userMethods } from "./users.ts";
import { viewMethods } from "./views.ts";

export const ALL_METHODS: MethodTable = {
  ...chatMethods,
  ...conversationMethods,
  ...userMethods,
  ...reactionMethods,
  ...viewMethods,
  ...functionMethods,
  ...triggerMethods,
  ...datastoreMethods,
};
