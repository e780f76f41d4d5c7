// The stdio transport of an MCP server started by the app: the SDK's framing (one JSON-RPC message a
// line) over a child process that this module starts itself, because it must start inside the OS
// sandbox (an argv that can need a seccomp program on fd 3) and in its own process group (so the whole
// server, npx and all, stops with the session). Its stderr goes to a log file the person can open.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, promises as fs, type WriteStream } from 'node:fs';
import path from 'node:path';
import { ReadBuffer, serializeMessage } from '@modelcontextprotocol/sdk/shared/stdio.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { signalGroup } from '../workspace/process-tree.js';

/** Largest message a server may send (a huge result beyond it ends the server with a clear error). */
const MAX_MESSAGE_BYTES = 32 * 1024 * 1024;
/** Stderr kept per start; past it, one line says the rest was dropped. */
const MAX_LOG_BYTES = 2 * 1024 * 1024;
const KILL_GRACE_MS = 2000;
/** What the panel shows of a log: its end. */
const LOG_TAIL_BYTES = 64 * 1024;

/** The end of a server's log, or undefined when it has none yet. */
export async function readLogTail(file: string): Promise<string | undefined> {
  let handle;
  try {
    handle = await fs.open(file, 'r');
  } catch {
    return undefined;
  }
  try {
    const { size } = await handle.stat();
    const start = Math.max(0, size - LOG_TAIL_BYTES);
    const buffer = Buffer.alloc(size - start);
    await handle.read(buffer, 0, buffer.length, start);
    return (start > 0 ? '[… earlier lines not shown]\n' : '') + buffer.toString('utf8');
  } finally {
    await handle.close();
  }
}

export interface SpawnSpec {
  argv: string[];
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Written to fd 3 and closed (bubblewrap's seccomp program). */
  fd3?: Buffer;
}

export class ChildStdioTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;

  private child: ChildProcess | undefined;
  private readonly buffer = new ReadBuffer({ maxBufferSize: MAX_MESSAGE_BYTES });
  private log: WriteStream | undefined;
  private logged = 0;
  private closed = false;
  /** Why the process ended, when it ended by itself. */
  exitNote: string | undefined;
  readonly exited: Promise<void>;
  private markExited!: () => void;

  constructor(
    private readonly spec: SpawnSpec,
    private readonly logFile: string,
  ) {
    this.exited = new Promise((resolve) => (this.markExited = resolve));
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  async start(): Promise<void> {
    await fs.mkdir(path.dirname(this.logFile), { recursive: true });
    this.log = createWriteStream(this.logFile, { flags: 'w', mode: 0o600 });
    this.log.on('error', () => {});
    this.log.write(`[${new Date().toISOString()}] started: ${this.spec.argv.join(' ')}\n`);
    const [program, ...args] = this.spec.argv;
    await new Promise<void>((resolve, reject) => {
      let child: ChildProcess;
      try {
        child = spawn(program as string, args, {
          cwd: this.spec.cwd,
          env: this.spec.env,
          stdio: this.spec.fd3 ? ['pipe', 'pipe', 'pipe', 'pipe'] : ['pipe', 'pipe', 'pipe'],
          detached: true,
        });
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
        return;
      }
      this.child = child;
      const fd3 = child.stdio[3];
      if (this.spec.fd3 && fd3 && 'end' in fd3) {
        fd3.on('error', () => {});
        fd3.end(this.spec.fd3, () => fd3.destroy());
      }
      child.once('error', (error) => {
        this.writeLog(`[spawn error] ${error.message}\n`);
        reject(error);
        this.finish(`could not start (${error.message})`);
      });
      child.once('spawn', () => resolve());
      child.once('exit', (code, signal) => {
        this.finish(signal ? `ended by ${signal}` : `exited with code ${code}`);
      });
      child.stdin?.on('error', (error) => this.onerror?.(error));
      child.stdout?.on('data', (chunk: Buffer) => this.read(chunk));
      child.stderr?.on('data', (chunk: Buffer) => this.writeLog(chunk));
    });
  }

  async send(message: JSONRPCMessage): Promise<void> {
    const stdin = this.child?.stdin;
    if (!stdin || this.closed) throw new Error('the server is not running');
    await new Promise<void>((resolve, reject) => {
      stdin.write(serializeMessage(message), (error) => (error ? reject(error) : resolve()));
    });
  }

  /** Stops the server's whole process group: TERM, then KILL after a grace period. */
  async close(): Promise<void> {
    const child = this.child;
    if (!child || this.closed) return;
    child.stdin?.end();
    const pid = child.pid;
    if (pid !== undefined) signalGroup(pid, 'SIGTERM');
    const timer = setTimeout(() => {
      if (pid !== undefined) signalGroup(pid, 'SIGKILL');
    }, KILL_GRACE_MS);
    await this.exited;
    clearTimeout(timer);
  }

  private read(chunk: Buffer): void {
    try {
      this.buffer.append(chunk);
    } catch {
      this.onerror?.(
        new Error(`the server sent a message over ${MAX_MESSAGE_BYTES / 1024 / 1024} MB; it was stopped`),
      );
      void this.close();
      return;
    }
    for (;;) {
      let message: JSONRPCMessage | null;
      try {
        message = this.buffer.readMessage();
      } catch (error) {
        // A line that is not JSON-RPC (a server printing to stdout): logged, the rest goes on.
        this.writeLog(`[not a JSON-RPC line on stdout] ${(error as Error).message}\n`);
        continue;
      }
      if (message === null) return;
      this.onmessage?.(message);
    }
  }

  private writeLog(text: string | Buffer): void {
    if (!this.log || this.logged > MAX_LOG_BYTES) return;
    this.logged += text.length;
    this.log.write(text);
    if (this.logged > MAX_LOG_BYTES) this.log.write('\n[log cut: over 2 MB of stderr this start]\n');
  }

  private finish(note: string): void {
    if (this.closed) return;
    this.closed = true;
    this.exitNote = note;
    this.writeLog(`[${new Date().toISOString()}] ${note}\n`);
    this.log?.end();
    this.buffer.clear();
    this.markExited();
    this.onclose?.();
  }
}
