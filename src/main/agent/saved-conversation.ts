// What a resume needs, as one file: the conversation as the context keeper held it when the run ended
// (compactions applied: the system prompt, the pinned task with its repository map, the turns), the
// model that held it, the folder it worked in and what the agent had read there (so an edit of a file
// read before, unchanged since, needs no re-read). Anything malformed reads as no saved conversation.
import { z } from 'zod';
import type { Message } from '../model/turn.js';
import type { SeenFile } from '../workspace/read-tracker.js';

const toolCallSchema = z.object({ id: z.string(), name: z.string(), args: z.unknown() });

const messageSchema = z.discriminatedUnion('role', [
  z.object({ role: z.literal('system'), content: z.string() }),
  z.object({ role: z.literal('user'), content: z.string() }),
  z.object({ role: z.literal('assistant'), content: z.string(), toolCalls: z.array(toolCallSchema) }),
  z.object({ role: z.literal('tool'), callId: z.string(), name: z.string(), content: z.string() }),
]);

const savedSchema = z.object({
  version: z.literal(1),
  /** The model's id (AgentModel.id): a different model renders another prompt, so no cache is reused. */
  model: z.string(),
  folder: z.string(),
  /** The run (1-based) that saved it. */
  run: z.number().int().min(1),
  savedAt: z.string(),
  messages: z.array(messageSchema).min(2),
  /** Absolute path -> what the agent saw of it (workspace/read-tracker.ts). */
  reads: z
    .array(
      z.tuple([
        z.string(),
        z.object({ mtimeMs: z.number().optional(), size: z.number().int().min(0), sha256: z.string() }),
      ]),
    )
    .default([]),
});

export type SavedConversation = Omit<z.infer<typeof savedSchema>, 'messages' | 'reads'> & {
  messages: Message[];
  reads: [string, SeenFile][];
};

export function serializeConversation(saved: SavedConversation): string {
  return JSON.stringify(saved);
}

/** Undefined when the text is not a saved conversation (damaged, or from another version). */
export function parseConversation(text: string): SavedConversation | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  const parsed = savedSchema.safeParse(value);
  if (!parsed.success) return undefined;
  const [system, task] = parsed.data.messages;
  // The loop pins these two; a conversation without them cannot be continued as it was.
  if (system?.role !== 'system' || task?.role !== 'user') return undefined;
  return parsed.data as SavedConversation;
}
