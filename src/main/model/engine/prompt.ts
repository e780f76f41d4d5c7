// The harness's messages as chat-completions messages, in the engine's tool mode:
// - native: the server's `tools` API (its chat template writes and parses the calls);
// - schema: the tools described in the system prompt and every reply constrained by a JSON schema to one
//   step, `{"tool": name, "arguments": {...}}` or `{"answer": "..."}` (llama-server `response_format`);
// - text: the same description, unconstrained; the loop's text-call recovery reads the calls.
// Everything here is a pure function of the history, so a turn's prompt extends the last one byte for
// byte and the server's prompt cache serves it.
import type { ChatCompletionMessageParam, ChatCompletionTool } from 'openai/resources/chat/completions';
import type { Message, ToolCall, ToolSpec } from '../turn.js';

export type ToolMode = 'native' | 'schema' | 'text';
export const TOOL_MODES: readonly ToolMode[] = ['native', 'schema', 'text'];

/** How the arguments of a call were written when the engine produced it (for a byte-stable re-render). */
export type RawArgs = (call: ToolCall) => string | undefined;

/** The exact text the engine wrote for an assistant step (schema mode), where it is known. */
export type RawStep = (message: Extract<Message, { role: 'assistant' }>) => string | undefined;

export function toEngineMessages(
  messages: readonly Message[],
  tools: readonly ToolSpec[],
  mode: ToolMode,
  rawArgs: RawArgs,
  rawStep: RawStep = () => undefined,
): ChatCompletionMessageParam[] {
  const args = (call: ToolCall): string => rawArgs(call) ?? JSON.stringify(call.args ?? {});
  const out: ChatCompletionMessageParam[] = [];
  const toolSection = mode === 'native' || tools.length === 0 ? '' : describeTools(tools, mode);
  let systemDone = false;
  for (const message of messages) {
    switch (message.role) {
      case 'system':
        out.push({ role: 'system', content: systemDone ? message.content : message.content + toolSection });
        systemDone = true;
        break;
      case 'user':
        out.push({ role: 'user', content: message.content });
        break;
      case 'assistant':
        if (mode === 'native') {
          out.push({
            role: 'assistant',
            content: message.content === '' && message.toolCalls.length > 0 ? null : message.content,
            ...(message.toolCalls.length > 0
              ? {
                  tool_calls: message.toolCalls.map((call) => ({
                    id: call.id,
                    type: 'function' as const,
                    function: { name: call.name, arguments: args(call) },
                  })),
                }
              : {}),
          });
        } else {
          out.push({ role: 'assistant', content: rawStep(message) ?? stepText(message, args, mode) });
        }
        break;
      case 'tool':
        out.push(
          mode === 'native'
            ? { role: 'tool', tool_call_id: message.callId, content: message.content }
            : { role: 'user', content: `Result of ${message.name} (${message.callId}):\n${message.content}` },
        );
        break;
    }
  }
  if (!systemDone && toolSection !== '') out.unshift({ role: 'system', content: toolSection.trimStart() });
  return out;
}

export function toEngineTools(tools: readonly ToolSpec[]): ChatCompletionTool[] {
  return tools.map((tool) => ({
    type: 'function',
    function: { name: tool.name, description: tool.description, parameters: { ...tool.parameters } },
  }));
}

/** The one-step schema of schema mode: a call to one of the tools, or (unless a call is required) an answer. */
export function stepSchema(tools: readonly ToolSpec[], required: boolean): Record<string, unknown> {
  const calls = tools.map((tool) => ({
    type: 'object',
    properties: { tool: { const: tool.name }, arguments: tool.parameters },
    required: ['tool', 'arguments'],
    additionalProperties: false,
  }));
  const answer = {
    type: 'object',
    properties: { answer: { type: 'string' } },
    required: ['answer'],
    additionalProperties: false,
  };
  return { oneOf: required ? calls : [...calls, answer] };
}

/** A step of schema or text mode read back: calls, or the answer's text; null when it is neither. */
export function readStep(
  content: string,
  tools: readonly ToolSpec[],
): { text: string; call?: { name: string; args: string } } | null {
  let value: unknown;
  try {
    value = JSON.parse(content);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const step = value as { tool?: unknown; arguments?: unknown; answer?: unknown };
  if (typeof step.tool === 'string' && tools.some((t) => t.name === step.tool)) {
    return { text: '', call: { name: step.tool, args: JSON.stringify(step.arguments ?? {}) } };
  }
  if (typeof step.answer === 'string') return { text: step.answer };
  return null;
}

/** A call as the model writes it in schema and text modes. */
export function writeStep(name: string, args: unknown): string {
  return JSON.stringify({ tool: name, arguments: args });
}

function stepText(
  message: Extract<Message, { role: 'assistant' }>,
  args: (call: ToolCall) => string,
  mode: ToolMode,
): string {
  if (message.toolCalls.length === 0) {
    return mode === 'schema' ? JSON.stringify({ answer: message.content }) : message.content;
  }
  const steps = message.toolCalls.map(
    (call) => `{"tool":${JSON.stringify(call.name)},"arguments":${args(call)}}`,
  );
  return [message.content, ...steps].filter((part) => part !== '').join('\n');
}

function describeTools(tools: readonly ToolSpec[], mode: ToolMode): string {
  const how =
    mode === 'schema'
      ? 'Reply with one JSON object: {"tool": "<name>", "arguments": {...}} to call a tool, or ' +
        '{"answer": "<text>"} when you answer without a call.'
      : 'To call a tool, reply with only one JSON object {"tool": "<name>", "arguments": {...}} and nothing ' +
        'else. Answer in plain text when no call is needed.';
  const lines = tools.map(
    (tool) => `- ${tool.name}: ${tool.description}\n  arguments: ${JSON.stringify(tool.parameters)}`,
  );
  return `\n\n# Tools\n${how} The result of a call comes back in the next message.\n${lines.join('\n')}`;
}
