// What the loop says back to a model whose reply was not a usable step: a call written as text that
// could not be read, a step announced and not taken, a reply stopped for repeating itself.
import type { AgentModel, ToolSpec } from '../model/turn.js';

export function howToCall(
  model: AgentModel,
  tools: readonly ToolSpec[],
  name: string | undefined,
  snippet: string,
): string {
  const tool = tools.find((t) => t.name === name) ?? tools[0];
  const example = tool ? exampleCall(model, tool) : undefined;
  const what = name ? `a call to ${name}` : 'a tool call';
  const lines = [
    `Your reply contains what looks like ${what} written as text, which was not run:`,
    snippet,
    '',
  ];
  if (example) lines.push('To run a tool, make the call itself, like this:', example, '');
  lines.push(
    `Tools: ${tools.map((t) => t.name).join(', ')}. Answer without a call only when the task is done.`,
  );
  return lines.join('\n');
}

function exampleCall(model: AgentModel, tool: ToolSpec): string {
  const props = (tool.parameters.properties ?? {}) as Record<string, { type?: unknown }>;
  const required = Array.isArray(tool.parameters.required) ? (tool.parameters.required as string[]) : [];
  const args = Object.fromEntries(required.map((k) => [k, props[k]?.type === 'number' ? 1 : `<${k}>`]));
  return model.callExample?.(tool.name, args) ?? JSON.stringify({ name: tool.name, arguments: args });
}

export function takeTheStep(step: string): string {
  return (
    `You wrote "${step}" but did not do it: no tool was called. Do it now with a tool call. ` +
    'Answer without a tool call only when the task is done and checked.'
  );
}

export function stoppedRepeating(unit: string, repeats: number): string {
  const shown = unit.trim().slice(0, 80) || JSON.stringify(unit.slice(0, 20));
  return (
    `Your reply was stopped: it repeated "${shown}" ${repeats} times. Do not repeat text. ` +
    'Take the next step with one tool call, or give a short final answer.'
  );
}
