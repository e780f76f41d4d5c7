// `toolChoice: 'required'` through the chat wrapper protocol: a context state that says a function call
// is initially engaged makes LlamaChat start the response inside a call (the wrapper's call prefix is
// evaluated, then the grammar forces a valid tool name and valid params), as FunctionaryChatWrapper does.
import type {
  ChatWrapper,
  ChatWrapperGenerateContextStateOptions,
  ChatWrapperGeneratedContextState,
} from 'node-llama-cpp';

export interface ToolChoiceWrapper {
  /** Give this to LlamaChat in place of the model's own wrapper. */
  wrapper: ChatWrapper;
  /** Set for the duration of one turn. */
  setRequired(required: boolean): void;
}

export function createToolChoiceWrapper(base: ChatWrapper): ToolChoiceWrapper {
  let required = false;
  const generateForcedState = (
    options: ChatWrapperGenerateContextStateOptions,
  ): ChatWrapperGeneratedContextState => {
    const { contextText, stopGenerationTriggers, ignoreStartText } = base.generateContextState(options);
    // Prefix triggers (thought segments and the like) are dropped: the response must begin with the call.
    return {
      contextText,
      stopGenerationTriggers,
      ignoreStartText,
      functionCall: { initiallyEngaged: true, disengageInitiallyEngaged: [] },
    };
  };
  // A proxy rather than a subclass: the model's wrapper class is only known at run time.
  const wrapper = new Proxy(base, {
    get(target, property) {
      if (property === 'generateContextState' && required) return generateForcedState;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return {
    wrapper,
    setRequired(value) {
      required = value;
    },
  };
}
