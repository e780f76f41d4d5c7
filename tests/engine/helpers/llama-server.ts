// Starts llama.cpp's own server (built by npm run engine:install) on 127.0.0.1 with a real test model,
// waits until it serves, and stops it. Its log is kept for a failing test's message.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { llamaServerPath } from '../../../scripts/llama-server.js';

export interface RunningServer {
  /** `http://127.0.0.1:PORT` */
  origin: string;
  /** `openai:http://127.0.0.1:PORT/v1#ALIAS` */
  spec: string;
  alias: string;
  log(): string;
  stop(): Promise<void>;
}

export interface ServerOptions {
  model: string;
  alias?: string;
  contextSize?: number;
  /** Default true: the model's own chat template, and with it the native tools API. */
  jinja?: boolean;
  apiKey?: string;
  extraArgs?: string[];
  /** Return as soon as the process is spawned (for tests of a server still starting). */
  noWait?: boolean;
}

/** The reason the engine suites skip, or null when llama-server is built. */
export function engineSkipReason(): string | null {
  const found = llamaServerPath();
  return 'path' in found ? null : found.missing;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export async function startLlamaServer(options: ServerOptions): Promise<RunningServer> {
  const found = llamaServerPath();
  if (!('path' in found)) throw new Error(found.missing);
  const port = await freePort();
  const alias = options.alias ?? 'test-model';
  const args = [
    '-m',
    options.model,
    '--host',
    '127.0.0.1',
    '--port',
    String(port),
    '-c',
    String(options.contextSize ?? 4096),
    '-np',
    '1',
    '-t',
    '2',
    '--alias',
    alias,
    '--no-webui',
    ...(options.jinja === false ? [] : ['--jinja']),
    ...(options.apiKey ? ['--api-key', options.apiKey] : []),
    ...(options.extraArgs ?? []),
  ];
  const child = spawn(found.path, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  const keep = (chunk: Buffer) => {
    log = (log + chunk.toString('utf8')).slice(-20_000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const origin = `http://127.0.0.1:${port}`;
  const server: RunningServer = {
    origin,
    alias,
    spec: `openai:${origin}/v1#${alias}`,
    log: () => log,
    stop: () => stop(child),
  };
  if (!options.noWait) {
    try {
      await waitHealthy(origin, child, () => log);
    } catch (error) {
      await stop(child);
      throw error;
    }
  }
  return server;
}

async function waitHealthy(origin: string, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`llama-server exited (${child.exitCode}):\n${log()}`);
    try {
      const response = await fetch(`${origin}/health`);
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`llama-server did not become healthy in 60 s:\n${log()}`);
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
