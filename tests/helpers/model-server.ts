// A real HTTP server on 127.0.0.1 that serves files with range support, and knobs to misbehave: cut the
// connection mid-file, stall (headers and some bytes, then silence), require a bearer token. Unknown
// paths get 404. Every request is recorded with the bytes of body actually written to it.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface ServedFile {
  body: Buffer;
  /** The next `times` ranged GETs longer than `afterBytes` are cut (socket destroyed) after that many bytes. */
  cut?: { afterBytes: number; times: number };
  /** The next `times` ranged GETs longer than `afterBytes` send that many bytes, then nothing until the client leaves. */
  stall?: { afterBytes: number; times: number };
  /** Requests without `Authorization: Bearer <token>` get 401. */
  token?: string;
  /** Serve without `Accept-Ranges` and ignore Range headers. */
  noRanges?: boolean;
  /** Throttle each response to about this rate (bytes per second). */
  bytesPerSecond?: number;
}

export interface RecordedRequest {
  method: string;
  path: string;
  range: string | undefined;
  status: number;
  /** Body bytes written to the socket for this request (so far). */
  bodyBytes: number;
}

export interface ModelServer {
  url: string;
  files: Map<string, ServedFile>;
  requests: RecordedRequest[];
  /** Body bytes written for ranged GETs of `path` (the bytes a downloader really fetched). */
  rangedBytes(path: string): number;
  close(): Promise<void>;
}

const WRITE_CHUNK = 64 * 1024;

export async function startModelServer(files: Record<string, ServedFile> = {}): Promise<ModelServer> {
  const served = new Map(Object.entries(files));
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();

  const server = createServer((req, res) => {
    void handle(req, res).catch(() => res.destroy());
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const urlPath = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const record: RecordedRequest = {
      method: req.method ?? 'GET',
      path: urlPath,
      range: req.headers.range,
      status: 200,
      bodyBytes: 0,
    };
    requests.push(record);
    const file = served.get(urlPath);
    const reply = (status: number, text: string): void => {
      record.status = status;
      res.writeHead(status, { 'content-type': 'text/plain', 'content-length': Buffer.byteLength(text) });
      res.end(text);
    };
    if (!file) return reply(404, 'Not Found');
    if (file.token !== undefined && req.headers.authorization !== `Bearer ${file.token}`)
      return reply(401, 'Unauthorized');

    const size = file.body.length;
    let start = 0;
    let end = size - 1;
    const ranged = !file.noRanges && req.headers.range !== undefined;
    if (ranged) {
      const match = /^bytes=(\d*)-(\d*)$/.exec(req.headers.range ?? '');
      if (!match) return reply(416, 'Bad Range');
      start = match[1] ? Number(match[1]) : 0;
      end = match[2] ? Math.min(Number(match[2]), size - 1) : size - 1;
      if (start >= size || start > end) {
        record.status = 416;
        res.writeHead(416, { 'content-range': `bytes */${size}` });
        return void res.end();
      }
    }
    record.status = ranged ? 206 : 200;
    const headers: Record<string, string | number> = {
      'content-type': 'application/octet-stream',
      'content-length': end - start + 1,
    };
    if (!file.noRanges) headers['accept-ranges'] = 'bytes';
    if (ranged) headers['content-range'] = `bytes ${start}-${end}/${size}`;
    res.writeHead(record.status, headers);
    if (req.method === 'HEAD') return void res.end();

    let limit = Infinity;
    let mode: 'cut' | 'stall' | undefined;
    // Knobs act only on ranged GETs longer than their threshold (not on small header reads).
    if (ranged && req.method === 'GET') {
      const length = end - start + 1;
      if (file.cut && file.cut.times > 0 && length > file.cut.afterBytes) {
        file.cut.times--;
        mode = 'cut';
        limit = file.cut.afterBytes;
      } else if (file.stall && file.stall.times > 0 && length > file.stall.afterBytes) {
        file.stall.times--;
        mode = 'stall';
        limit = file.stall.afterBytes;
      }
    }
    const body = file.body.subarray(start, end + 1);
    await writeBody(res, body, limit, file.bytesPerSecond, (n) => (record.bodyBytes += n));
    if (mode === 'cut' && record.bodyBytes >= limit) res.socket?.destroy();
    else if (mode === 'stall' && record.bodyBytes >= limit)
      return; // silence until the client gives up
    else res.end();
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    files: served,
    requests,
    rangedBytes: (p) =>
      requests
        .filter((r) => r.path === p && r.method === 'GET' && r.range !== undefined)
        .reduce((sum, r) => sum + r.bodyBytes, 0),
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Writes `body` up to `limit` bytes with backpressure; stops early when the client goes away. */
async function writeBody(
  res: ServerResponse,
  body: Buffer,
  limit: number,
  rate: number | undefined,
  onWritten: (bytes: number) => void,
): Promise<void> {
  const total = Math.min(body.length, limit);
  const started = Date.now();
  for (let at = 0; at < total; at += WRITE_CHUNK) {
    if (res.destroyed) return;
    const due = rate ? started + (at / rate) * 1000 : 0;
    if (due > Date.now()) await new Promise((resolve) => setTimeout(resolve, due - Date.now()));
    if (res.destroyed) return;
    const chunk = body.subarray(at, Math.min(at + WRITE_CHUNK, total));
    const flushed = res.write(chunk);
    onWritten(chunk.length);
    if (!flushed) {
      const drained = await new Promise<boolean>((resolve) => {
        const done = (ok: boolean) => () => {
          res.off('drain', onDrain);
          res.off('close', onClose);
          resolve(ok);
        };
        const onDrain = done(true);
        const onClose = done(false);
        res.once('drain', onDrain);
        res.once('close', onClose);
      });
      if (!drained) return;
    }
  }
}
