// How the app resolves a model's chat wrapper: node-llama-cpp's resolveChatWrapper with settings for its
// specialised wrappers, then Llama 3.1's swapped for a compact one. The app, the benches and the tests
// all resolve through here, so they render prompts the same way.
import {
  ChatModelFunctionsDocumentationGenerator,
  GeneralChatWrapper,
  LlamaModel,
  LlamaText,
  Llama3_1ChatWrapper,
  SpecialTokensText,
  resolveChatWrapper,
  type ChatModelFunctions,
  type ChatWrapper,
  type GbnfJsonSchema,
  type ResolveChatWrapperOptions,
} from 'node-llama-cpp';
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
 * Llama 3.1 with its call syntax (`<function=NAME>{...}</function>`) told in three lines. node-llama-cpp's
 * own text writes each description twice ("Use the function 'x' to: ..." and again in the JSON) and adds
 * ~190 tokens of reminders about search results and users: 1,209 tokens of fixed prompt with our nine
 * tools, over the 1,000 DESIGN.md allows (this one: bench/fixed-prompt.ts prints it).
 */
export class CompactLlama3_1ChatWrapper extends Llama3_1ChatWrapper {
  override generateAvailableFunctionsSystemText(
    availableFunctions: ChatModelFunctions,
    { documentParams = true }: { documentParams?: boolean },
  ): LlamaText {
    const docs = new ChatModelFunctionsDocumentationGenerator(availableFunctions);
    if (!docs.hasAnyFunctions) return LlamaText([]);
    return LlamaText.joinValues('\n', [
      'You have access to the following functions:',
      '',
      docs.getLlama3_2LightweightFunctionSignatures({ documentParams }),
      '',
      'To call one, reply with only the call, on one line, one call at a time:',
      LlamaText([
        new SpecialTokensText('<function='),
        'example_function_name',
        new SpecialTokensText('>'),
        '{"example_name": "example_value"}',
        new SpecialTokensText('</function>'),
      ]),
      'Its result comes back to you in the next message.',
    ]);
  }
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
