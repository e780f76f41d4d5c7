// Where a command's output goes: its two ends kept in memory for the result, and all of it written to
// a file as it arrives when the caller asks for one.
import { createWriteStream, type WriteStream } from 'node:fs';

/** Most bytes written to an output file. */
const OUTPUT_FILE_CAP = 64 * 1024 * 1024;
/** Bytes waiting for the disk past which the file stops (memory stays bounded; it keeps what it has). */
const OUTPUT_FILE_BACKLOG = 16 * 1024 * 1024;

/** Keeps the first and last `keep` characters; counts what falls out of the middle. */
export class BoundedOutput {
  private head = '';
  private tail: string[] = [];
  /** Index of the first live chunk in `tail` (avoids O(n) shifts on many small chunks). */
  private first = 0;
  private tailChars = 0;
  private droppedChars = 0;
  private droppedLines = 0;

  constructor(private readonly keep: number) {}

  push(text: string): void {
    if (this.head.length < this.keep) {
      const room = this.keep - this.head.length;
      this.head += text.slice(0, room);
      text = text.slice(room);
      if (text === '') return;
    }
    this.tail.push(text);
    this.tailChars += text.length;
    for (let c = this.tail[this.first]; c !== undefined && this.tailChars - c.length >= this.keep;) {
      this.drop(c);
      this.tailChars -= c.length;
      c = this.tail[++this.first];
    }
    if (this.first > 1024 && this.first * 2 > this.tail.length) {
      this.tail = this.tail.slice(this.first);
      this.first = 0;
    }
  }

  text(): string {
    let tail = this.tail.slice(this.first).join('');
    if (tail.length > this.keep) {
      this.drop(tail.slice(0, tail.length - this.keep));
      tail = tail.slice(tail.length - this.keep);
      this.tail = [tail];
      this.first = 0;
      this.tailChars = tail.length;
    }
    if (this.droppedChars === 0) return this.head + tail;
    const marker = `[... ${this.droppedLines} lines (${this.droppedChars} chars) of output not kept ...]`;
    return `${this.head}\n${marker}\n${tail}`;
  }

  private drop(text: string): void {
    this.droppedChars += text.length;
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) this.droppedLines++;
  }
}

/** The whole output, written as it arrives; a write error only loses the file, never the command. */
export class OutputFile {
  private readonly stream: WriteStream;
  private bytes = 0;
  private error: string | undefined;
  private full = false;

  constructor(file: string) {
    this.stream = createWriteStream(file, { flags: 'wx' });
    this.stream.on('error', (err) => (this.error ??= err.message));
  }

  write(chunk: Buffer): void {
    if (this.error !== undefined || this.full || this.bytes >= OUTPUT_FILE_CAP) return;
    if (this.stream.writableLength > OUTPUT_FILE_BACKLOG) {
      this.full = true; // the disk is slower than the output: keep the prefix written so far
      return;
    }
    const part = chunk.subarray(0, OUTPUT_FILE_CAP - this.bytes);
    this.bytes += part.length;
    this.stream.write(part);
  }

  close(): Promise<{ savedBytes: number } | { saveError: string }> {
    return new Promise((resolve) => {
      const done = () =>
        resolve(this.error === undefined ? { savedBytes: this.bytes } : { saveError: this.error });
      if (this.stream.destroyed) return done();
      this.stream.end((err?: Error | null) => {
        if (err) this.error ??= err.message;
        done();
      });
    });
  }
}
