// Settings for node-llama-cpp's specialised chat wrappers, given to every resolveChatWrapper call so the
// app, the benches and the tests render prompts the same way.
import type { ResolveChatWrapperOptions } from 'node-llama-cpp';

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
