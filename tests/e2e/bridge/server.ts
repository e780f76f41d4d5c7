// The e2e bridge: serves the built renderer on 127.0.0.1 and stands in for Electron's IPC, so the real
// window code runs in plain Chromium against the real main-process services.
//   POST /api/invoke  { method, input } -> 200 { result } | 400 { error } (refused) | 500 { error } (bug)
//     checked by parseInvoke, the function the Electron IPC layer uses
//   GET  /api/events  Server-Sent Events: every backend event in order, `id:` = its sequence number
// Each invoke answer carries `x-event-seq`: the sequence number of the last event emitted before it, so
// the shim can hold the answer until those events arrived (Electron delivers both over one ordered pipe).
import { createReadStream, existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import path from 'node:path';
import type { DesktopBackend } from '../../../src/main/services/backend.js';
import type { DesktopEvent, MethodName } from '../../../src/shared/ipc.js';
import { parseInvoke } from '../../../src/main/ipc/validate.js';

export interface BridgeOptions {
  backend: DesktopBackend;
  /** The built renderer (out/renderer). */
  rendererDir: string;
  /** Extra in-memory HTML pages by URL path (e.g. a blank baseline page for benches). */
  pages?: Record<string, string>;
}

export interface BridgeCall {
  method: MethodName;
  input: unknown;
}

export interface Bridge {
  /** http://127.0.0.1:<port>/ — the renderer's index.html. */
  url: string;
  origin: string;
  /** Every validated call the window made, in order. */
  calls: BridgeCall[];
  /** Stops serving and ends the event streams; the backend is the caller's to dispose. */
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 16 * 1024 * 1024;

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.cjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.gif': 'image/gif',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};

export function mimeType(file: string): string {
  return MIME[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

export async function startBridge(options: BridgeOptions): Promise<Bridge> {
  const root = path.resolve(options.rendererDir);
  const pages = options.pages ?? {};
  const calls: BridgeCall[] = [];
  const streams = new Set<ServerResponse>();
  const sockets = new Set<Socket>();
  let seq = 0;
  let origin = '';

  const unsubscribe = options.backend.subscribe((event: DesktopEvent) => {
    seq += 1;
    const frame = `id: ${seq}\ndata: ${JSON.stringify(event)}\n\n`;
    for (const res of streams) res.write(frame);
  });

  const server = createServer((req, res) => {
    void route(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { error: errorMessage(error) });
      else res.destroy();
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const refusal = refuse(req, origin);
    if (refusal) return sendJson(res, 403, { error: refusal });
    const { pathname } = new URL(req.url ?? '/', origin);
    if (pathname === '/api/invoke') return invoke(req, res);
    if (pathname === '/api/events') return openStream(req, res);
    if (req.method !== 'GET' && req.method !== 'HEAD')
      return sendJson(res, 405, { error: 'Method not allowed' });
    const page = pages[pathname];
    if (page !== undefined)
      return sendBody(res, 200, MIME['.html'] ?? 'text/html', page, req.method === 'HEAD');
    // Chromium asks for a favicon that the app (loaded from file:// in Electron) never needs.
    if (pathname === '/favicon.ico' && !existsSync(path.join(root, 'favicon.ico')))
      return void res.writeHead(204).end();
    return serveFile(req, res, root, pathname);
  }

  async function invoke(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== 'POST') return sendJson(res, 405, { error: 'Use POST' });
    if (!(req.headers['content-type'] ?? '').startsWith('application/json')) {
      return sendJson(res, 415, { error: 'Expected application/json' });
    }
    const text = await readBody(req);
    if (text === null) return sendJson(res, 413, { error: 'Request body too large' });
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return sendJson(res, 400, { error: 'Request body is not JSON' });
    }
    if (typeof body !== 'object' || body === null)
      return sendJson(res, 400, { error: 'Expected { method, input }' });
    const { method, input } = body as { method?: unknown; input?: unknown };
    const call = parseInvoke(method, input);
    if (!call.ok) return sendJson(res, 400, { error: call.message });
    calls.push({ method: call.method, input: call.input });
    try {
      const result = await options.backend.handle(call.method, call.input);
      sendJson(res, 200, { result }, { 'x-event-seq': String(seq) });
    } catch (error) {
      sendJson(res, 500, { error: errorMessage(error) }, { 'x-event-seq': String(seq) });
    }
  }

  function openStream(req: IncomingMessage, res: ServerResponse): void {
    if (req.method !== 'GET') return sendJson(res, 405, { error: 'Use GET' });
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
    });
    // The first frame tells the shim where the stream starts; earlier events are not replayed.
    res.write(`event: hello\ndata: ${JSON.stringify({ seq })}\n\n`);
    streams.add(res);
    req.on('close', () => streams.delete(res));
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  origin = `http://127.0.0.1:${port}`;

  return {
    url: `${origin}/`,
    origin,
    calls,
    async close() {
      unsubscribe();
      for (const res of streams) res.end();
      streams.clear();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await closed;
    },
  };
}

/** Only this machine, addressed as 127.0.0.1 (no DNS rebinding), and only the bridge's own pages may call. */
function refuse(req: IncomingMessage, origin: string): string | null {
  const remote = req.socket.remoteAddress ?? '';
  if (remote !== '127.0.0.1' && remote !== '::ffff:127.0.0.1') return `Refused: remote address ${remote}`;
  if (`http://${req.headers.host ?? ''}` !== origin) return `Refused: host ${req.headers.host ?? '(none)'}`;
  const from = req.headers.origin;
  const isApi = (req.url ?? '').startsWith('/api/');
  if (isApi && req.method === 'POST' && from !== origin) return `Refused: origin ${from ?? '(none)'}`;
  if (isApi && from !== undefined && from !== origin) return `Refused: origin ${from}`;
  return null;
}

async function serveFile(req: IncomingMessage, res: ServerResponse, root: string, pathname: string) {
  let rel: string;
  try {
    rel = decodeURIComponent(pathname === '/' ? '/index.html' : pathname);
  } catch {
    return sendJson(res, 400, { error: 'Bad path' });
  }
  const file = path.resolve(root, `.${path.posix.normalize(rel)}`);
  if (rel.includes('\0') || (file !== root && !file.startsWith(root + path.sep))) {
    return sendJson(res, 404, { error: 'Not found' });
  }
  const info = await stat(file).catch(() => null);
  if (!info?.isFile()) return sendJson(res, 404, { error: `Not found: ${pathname}` });
  res.writeHead(200, {
    'content-type': mimeType(file),
    'content-length': info.size,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  });
  if (req.method === 'HEAD') return void res.end();
  createReadStream(file)
    .on('error', () => res.destroy())
    .pipe(res);
}

function readBody(req: IncomingMessage): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) over = true;
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(over ? null : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
    ...headers,
  });
  res.end(text);
}

function sendBody(res: ServerResponse, status: number, type: string, body: string, headOnly: boolean): void {
  res.writeHead(status, {
    'content-type': type,
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-store',
  });
  res.end(headOnly ? undefined : body);
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
