// The request that asks the model to compact older turns into a structured note.
import type { Message } from '../model/turn.js';
import type { Conversation } from './conversation.js';

export const SUMMARY_HEADER = 'Summary of the work so far (older turns were compacted):';

/** Appended to the conversation itself when the model is asked for the note as a continuation. */
export const SUMMARY_INSTRUCTION = [
  'Pause the task: do not call any tool now. The conversation is about to be shortened.',
  'Write a note on the work so far for your own later use, with these headings, each with short lines:',
  'Goal, Constraints, Progress, Decisions, Files touched, Next steps.',
  'Keep exact file paths, function names, commands and error messages that still matter. Do not invent anything.',
].join('\n');

const SYSTEM = [
  "You compact a coding agent's earlier work into a note the agent will rely on later.",
  'Write these headings, each with short lines: Goal, Constraints, Progress, Decisions, Files touched, Next steps.',
  'Keep exact file paths, function names, commands and error messages that still matter. Do not invent anything.',
].join('\n');

/** Per-message cap inside the transcript, and the transcript's share of the window. */
const MESSAGE_CAP_TOKENS = 300;
const TRANSCRIPT_SHARE = 0.5;

export function buildSummaryRequest(older: readonly Message[], conv: Conversation): Message[] {
  const budget = Math.floor(conv.budget.window * TRANSCRIPT_SHARE);
  const lines: string[] = [];
  let used = 0;
  // Newest first, so that when the budget runs out it is the oldest detail that goes.
  for (let i = older.length - 1; i >= 0; i--) {
    const entry = render(older[i] as Message, conv);
    const tokens = conv.countTokens(entry);
    if (used + tokens > budget) {
      lines.push(`[${i + 1} earlier messages left out]`);
      break;
    }
    lines.push(entry);
    used += tokens;
  }
  return [
    { role: 'system', content: SYSTEM },
    {
      role: 'user',
      content: `Transcript of the earlier turns:\n\n${lines.reverse().join('\n')}\n\nWrite the note now.`,
    },
  ];
}

function render(message: Message, conv: Conversation): string {
  switch (message.role) {
    case 'assistant': {
      const calls = message.toolCalls.map((c) => `call ${c.name} ${JSON.stringify(c.args)}`);
      return [message.content && `assistant: ${clip(message.content, conv)}`, ...calls]
        .filter(Boolean)
        .join('\n');
    }
    case 'tool':
      return `result of ${message.name}: ${clip(message.content, conv)}`;
    default:
      return `${message.role}: ${clip(message.content, conv)}`;
  }
}

function clip(text: string, conv: Conversation): string {
  if (conv.countTokens(text) <= MESSAGE_CAP_TOKENS) return text;
  const chars = MESSAGE_CAP_TOKENS * 3;
  return `${text.slice(0, chars / 2)}\n[...]\n${text.slice(-chars / 2)}`;
}
