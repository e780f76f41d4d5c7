// A session transcript: one JSON object per line, every event except the per-token and per-chunk
// stream (the whole assistant message and tool result are in it already).
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import path from 'node:path';
import type { AgentEvent } from '../../shared/agent-events.js';

const STREAM_ONLY: ReadonlySet<AgentEvent['type']> = new Set(['text_delta', 'tool_update']);

export class TranscriptWriter {
  private stream: WriteStream | undefined;

  constructor(readonly file: string) {}

  write(event: AgentEvent): void {
    if (STREAM_ONLY.has(event.type)) return;
    // Opened on the first event, so a run refused before it starts leaves no file behind.
    if (!this.stream) {
      mkdirSync(path.dirname(this.file), { recursive: true });
      this.stream = createWriteStream(this.file, { flags: 'a' });
    }
    this.stream.write(`${JSON.stringify({ ...event, t: Date.now() })}\n`);
  }

  close(): Promise<void> {
    const stream = this.stream;
    if (!stream) return Promise.resolve();
    return new Promise((resolve, reject) => {
      stream.once('error', reject);
      stream.end(resolve);
    });
  }
}
