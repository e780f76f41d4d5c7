// A model that plays a file of turns: for tests and reproducible runs. It goes through the same loop,
// tools and events as a real model; only the text and calls come from the script.
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import {
  emptyStats,
  ModelError,
  type AgentModel,
  type Message,
  type TurnRequest,
  type TurnResult,
} from './turn.js';
import { approxTokens } from '../context/budget.js';

const scriptSchema = z.object({
  /** Answer to compaction (summary) requests; without it a note is extracted from the history. */
  summary: z.string().optional(),
  turns: z.array(
    z.object({
      text: z.string().optional(),
      /** Simulated generation time, abortable: for cancellation tests and demos. */
      delay_ms: z.number().int().nonnegative().optional(),
      // args stay unknown on purpose: scripts may hold malformed calls to test the harness.
      calls: z.array(z.object({ name: z.string().min(1), args: z.unknown() })).optional(),
    }),
  ),
});

export type Script = z.infer<typeof scriptSchema>;

export const SCRIPT_DONE_TEXT = 'done';

export function parseScript(data: unknown, source = 'script'): Script {
  const parsed = scriptSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
    throw new ModelError(
      'invalid_script',
      `${source} is not a valid script${where}: ${issue?.message ?? 'unknown problem'}. Expected {"turns": [{"text": "...", "calls": [{"name": "read_file", "args": {...}}]}]}.`,
    );
  }
  return parsed.data;
}

export async function loadScript(file: string): Promise<Script> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ModelError('model_not_found', `Cannot read script ${file}: ${code ?? String(error)}.`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new ModelError('invalid_script', `Script ${file} is not valid JSON: ${(error as Error).message}.`);
  }
  return parseScript(data, `Script ${file}`);
}

export class ScriptedModel implements AgentModel {
  private next = 0;
  private callCounter = 0;

  constructor(
    private readonly script: Script,
    readonly id = 'script',
    readonly contextSize = 8192,
    /** A real tokenizer to count with (e.g. a loaded GGUF's), for budgets in scripted runs. */
    private readonly tokenCounter?: (text: string) => number,
  ) {}

  countTokens(text: string): number {
    return this.tokenCounter ? this.tokenCounter(text) : approxTokens(text);
  }

  async turn(request: TurnRequest): Promise<TurnResult> {
    const started = performance.now();
    if (request.purpose === 'summary') {
      const text = this.script.summary ?? extractiveNote(request.messages);
      return { text, toolCalls: [], finishReason: 'stop', stats: emptyStats() };
    }
    const cancelled: TurnResult = { text: '', toolCalls: [], finishReason: 'cancelled', stats: emptyStats() };
    const entry: Script['turns'][number] = this.script.turns[this.next++] ?? { text: SCRIPT_DONE_TEXT };
    const text = entry.text ?? '';
    if (entry.delay_ms) await abortableDelay(entry.delay_ms, request.signal);
    if (request.signal.aborted) return cancelled;
    // Stream word by word so consumers see real deltas.
    for (const piece of text.match(/\S+\s*|\s+/g) ?? []) {
      if (request.signal.aborted) return cancelled;
      request.onTextDelta(piece);
      await Promise.resolve();
    }
    const toolCalls = (entry.calls ?? []).map((call) => ({
      id: `c${++this.callCounter}`,
      name: call.name,
      args: call.args,
    }));
    return {
      text,
      toolCalls,
      finishReason: toolCalls.length > 0 ? 'tool_calls' : 'stop',
      stats: { ...emptyStats(), durationMs: Math.round(performance.now() - started) },
    };
  }

  async dispose(): Promise<void> {}
}

/**
 * The scripted stand-in for a model-written summary: the structured note's headings, filled with what
 * can be read off the transcript (the request's last message) without a model.
 */
function extractiveNote(messages: readonly Message[]): string {
  // The request is either the conversation itself plus an instruction, or a transcript in one message.
  const text = messages.map((m) => m.content).join('\n');
  const files = [...new Set(text.match(/[\w./-]+\.[a-z]{1,5}\b/g) ?? [])].slice(0, 20);
  const calls =
    messages.reduce((n, m) => n + (m.role === 'assistant' ? m.toolCalls.length : 0), 0) +
    (text.match(/^call \w+/gm)?.length ?? 0);
  return [
    'Goal: as stated in the task.',
    'Constraints: as stated in the task and the project instructions.',
    `Progress: ${calls} tool calls were made before this note.`,
    'Decisions: none recorded.',
    `Files touched: ${files.join(', ') || 'none'}.`,
    'Next steps: continue with the task.',
  ].join('\n');
}

function abortableDelay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
