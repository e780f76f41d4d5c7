// How the app resolves a model's chat wrapper: node-llama-cpp's resolveChatWrapper with settings for its
// specialised wrappers, then the Llama 3.x ones swapped for this project's fixes (fixed-wrappers.ts). The
// app, the benches and the tests all resolve through here, so they render prompts the same way.
import {
  GeneralChatWrapper,
  LlamaModel,
  Llama3_1ChatWrapper,
  Llama3_2LightweightChatWrapper,
  resolveChatWrapper,
  type ChatModelFunctions,
  type ChatWrapper,
  type GbnfJsonSchema,
  type ResolveChatWrapperOptions,
} from 'node-llama-cpp';
import { CompactLlama3_1ChatWrapper, SingleEotLlama3_2ChatWrapper } from './fixed-wrappers.js';
import type { ToolSpec } from './turn.js';

type CustomSettings = NonNullable<ResolveChatWrapperOptions['customWrapperSettings']>;

/**
 * Llama 3.x: no "Today Date" line (it would change the cached prompt prefix at midnight) and no generic
 * tool-use preamble (tokens on every turn in a small window; the system prompt says how to use tools).
 */
export const WRAPPER_SETTINGS: CustomSettings = {
  'llama3.1': { todayDate: null, noToolInstructions: true },
  'llama3.2-lightweight': { todayDate: null, noToolInstructions: true },
};

export function wrapperSettings(extra: CustomSettings = {}): CustomSettings {
  return { ...WRAPPER_SETTINGS, ...extra };
}

/**
 * resolveChatWrapper with the app's settings (`extra` on top: a jinja template...), as the app uses it;
 * where nothing fits, the general wrapper (as resolveChatWrapper(model) falls back).
 */
export function resolveAgentChatWrapper(
  input: LlamaModel | ResolveChatWrapperOptions,
  extra: CustomSettings = {},
): ChatWrapper {
  const customWrapperSettings = wrapperSettings(extra);
  const wrapper =
    input instanceof LlamaModel
      ? resolveChatWrapper(input, { customWrapperSettings })
      : resolveChatWrapper({ ...input, customWrapperSettings });
  if (wrapper instanceof Llama3_1ChatWrapper && !(wrapper instanceof CompactLlama3_1ChatWrapper)) {
    return new CompactLlama3_1ChatWrapper(customWrapperSettings['llama3.1']);
  }
  if (
    wrapper instanceof Llama3_2LightweightChatWrapper &&
    !(wrapper instanceof SingleEotLlama3_2ChatWrapper)
  ) {
    return new SingleEotLlama3_2ChatWrapper(customWrapperSettings['llama3.2-lightweight']);
  }
  return wrapper ?? new GeneralChatWrapper();
}

/** The tools as node-llama-cpp takes them, for documentation and for the call grammar. */
export function toFunctions(tools: readonly ToolSpec[]): ChatModelFunctions | undefined {
  if (tools.length === 0) return undefined;
  const entries = tools.map((tool) => [
    tool.name,
    // ToolSpec.parameters is documented as GbnfJsonSchema-compatible; node-llama-cpp validates it.
    { description: tool.description, params: tool.parameters as GbnfJsonSchema },
  ]);
  return Object.fromEntries(entries) as ChatModelFunctions;
}
