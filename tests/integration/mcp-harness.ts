// What the MCP integration tests share: a throwaway data folder (LOCAL_CODER_HOME) and a project folder
// the sandbox sees (tests/helpers/seen-dir.ts), real server processes (the reference servers and
// tests/fixtures/mcp/odd-server.mjs), and ways to see those processes from outside: by a tag in their
// command line (/proc), their log, a free port.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import { promises as fs } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ApprovalDecision, ApprovalRequest } from '../../src/shared/approval.js';
import { McpHub, type McpHubOptions } from '../../src/main/mcp/hub.js';
import { McpStateStore } from '../../src/main/mcp/state.js';
import { SEEN_DIR } from '../helpers/seen-dir.js';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
export const EVERYTHING = path.join(
  REPO,
  'node_modules/@modelcontextprotocol/server-everything/dist/index.js',
);
export const FILESYSTEM = path.join(
  REPO,
  'node_modules/@modelcontextprotocol/server-filesystem/dist/index.js',
);
export const ODD = path.join(REPO, 'tests/fixtures/mcp/odd-server.mjs');
/** Absolute, so PATH inside the sandbox does not matter. */
export const NODE = process.execPath;

export interface World {
  /** Real path of the open folder (seen by the sandbox, writable in its write profile). */
  root: string;
  /** LOCAL_CODER_HOME: mcp.json, mcp-state.json, logs. */
  home: string;
  env: NodeJS.ProcessEnv;
  store: McpStateStore;
  writeUser(config: unknown): Promise<void>;
  writeProject(config: unknown): Promise<void>;
  hub(options?: Partial<McpHubOptions>): McpHub;
  /** Where the hub writes a server's stderr. */
  logOf(hub: McpHub, server: string): Promise<string>;
  cleanup(): Promise<void>;
}

export async function makeWorld(prefix: string): Promise<World> {
  const base = realpathSync(mkdtempSync(path.join(SEEN_DIR, `${prefix}-`)));
  const root = path.join(base, 'project');
  const home = path.join(base, 'home');
  await fs.mkdir(path.join(root, '.git'), { recursive: true });
  await fs.writeFile(path.join(root, '.git', 'HEAD'), 'ref: refs/heads/main\n');
  await fs.writeFile(path.join(root, 'README.md'), '# project\n');
  await fs.mkdir(home, { recursive: true });
  const env = { ...process.env, LOCAL_CODER_HOME: home };
  const store = new McpStateStore(env, path.join(home, 'mcp-state.json'));
  const hubs: McpHub[] = [];
  return {
    root,
    home,
    env,
    store,
    writeUser: (config) => fs.writeFile(path.join(home, 'mcp.json'), JSON.stringify(config, null, 1)),
    writeProject: (config) =>
      fs.writeFile(path.join(root, '.local-coder.json'), JSON.stringify(config, null, 1)),
    hub(options = {}) {
      const hub = new McpHub({ root, env, store, ...options });
      hubs.push(hub);
      return hub;
    },
    async logOf(hub, server) {
      const log = await hub.log(server);
      return typeof log === 'string' ? '' : log.text;
    },
    async cleanup() {
      await Promise.all(hubs.map((h) => h.close()));
      await fs.rm(base, { recursive: true, force: true });
    },
  };
}

/** A tag for a server's argv: its processes can be found in /proc by it. */
export function newTag(): string {
  return `--tag=${randomUUID()}`;
}

/** Pids of live processes whose command line holds `tag` (zombies and this process excluded). */
export function pidsWith(tag: string): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (!cmdline.includes(tag)) continue;
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (/\) Z /.test(stat)) continue;
      found.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

/** Ends what a test started and a bug left running (by pid, each found by its tag). */
export function killTagged(tags: readonly string[]): number[] {
  const left = tags.flatMap((t) => pidsWith(t));
  for (const pid of left) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone meanwhile
    }
  }
  return left;
}

export async function waitFor(check: () => boolean, ms = 5000): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return check();
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** server-everything over streamable HTTP on 127.0.0.1, started by the test (not sandboxed: it is the test's). */
export async function startHttpEverything(): Promise<{
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}> {
  const port = await freePort();
  const child = spawn(NODE, [EVERYTHING, 'streamableHttp'], {
    env: { ...process.env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server-everything did not listen: ${output}`)), 30_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (/listening on port/i.test(output)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`server-everything exited (${code}): ${output}`)));
  });
  return {
    url: `http://127.0.0.1:${port}/mcp`,
    child,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** An approver that records every question and answers with `answer`. */
export function recordingApprover(answer: (request: ApprovalRequest) => ApprovalDecision) {
  const asked: ApprovalRequest[] = [];
  return {
    asked,
    approver: async (request: ApprovalRequest) => {
      asked.push(request);
      return answer(request);
    },
  };
}

export const tmpSpill = (): string => mkdtempSync(path.join(os.tmpdir(), 'lc-mcp-spill-'));
