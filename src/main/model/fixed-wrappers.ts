// node-llama-cpp's chat wrappers where their rendering costs tokens or misleads the model, fixed by
// subclassing: the call syntax and the template's markers stay theirs.
import {
  ChatModelFunctionsDocumentationGenerator,
  LlamaText,
  Llama3_1ChatWrapper,
  Llama3_2LightweightChatWrapper,
  SpecialTokensText,
  type ChatModelFunctions,
  type ChatWrapperSettings,
} from 'node-llama-cpp';

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
 * Llama 3.2 with each call closed by one <|eot_id|>: node-llama-cpp's call suffix ends with it and its
 * result prefix starts with it again, so every call in the history read `}<|eot_id|><|eot_id|>`, a
 * turn-end token the model never saw in training (Meta's format: one, then the ipython turn).
 */
export class SingleEotLlama3_2ChatWrapper extends Llama3_2LightweightChatWrapper {
  constructor(options?: ConstructorParameters<typeof Llama3_2LightweightChatWrapper>[0]) {
    super(options);
    const base = this.settings;
    // The base class sets `settings` as an instance field; replaced here, once, before any use.
    (this as { settings: ChatWrapperSettings }).settings = {
      ...base,
      functions: {
        ...base.functions,
        result: {
          ...base.functions.result,
          prefix: LlamaText(new SpecialTokensText('<|start_header_id|>ipython<|end_header_id|>\n\n')),
        },
      },
    };
  }
}
