// Before the first turn: a window too small for the fixed prompt (system prompt, tool descriptions and
// the task) is refused with the size it needs, instead of failing inside generation.
import type { Conversation } from '../context/conversation.js';
import type { AgentModel, ToolSpec } from '../model/turn.js';

/** Room beyond the fixed prompt for at least one short reply and one tool result. */
export const MIN_WORKING_TOKENS = 512;

/** Tokens of the prompt the first turn would send: exact where the model can render it. */
export function fixedPromptTokens(
  model: AgentModel,
  conversation: Conversation,
  tools: readonly ToolSpec[],
): number {
  return model.countPromptTokens?.(conversation.messages, tools) ?? conversation.estimate();
}

/** A message for a person when the window cannot hold the fixed prompt with room to work; else null. */
export function windowRefusal(
  model: AgentModel,
  conversation: Conversation,
  tools: readonly ToolSpec[],
): string | null {
  const fixed = fixedPromptTokens(model, conversation, tools);
  const needed = fixed + MIN_WORKING_TOKENS;
  if (model.contextSize >= needed) return null;
  const suggest = Math.ceil(needed / 1024) * 1024;
  return (
    `The ${model.contextSize}-token context window is too small: the system prompt, tool descriptions and ` +
    `task take ${fixed} tokens, and at least ${needed} are needed to work. Load the model with a context ` +
    `of ${suggest} tokens or more (--context-size ${suggest}), or shorten the task.`
  );
}
