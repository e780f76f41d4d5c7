// The bridge itself, over real HTTP on 127.0.0.1 and in Chromium: static files with the right types and
// no way out of the renderer folder, refusals for foreign hosts and origins, schema validation, and an
// invoke that resolves only after the events emitted before its answer were delivered.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DesktopBackend } from '../../src/main/services/backend.js';
import type { DesktopEvent } from '../../src/shared/ipc.js';
import { startBridge, type Bridge } from './bridge/server.js';
import { chromiumSkipReason, launchBrowser, openAppPage, type BrowserSession } from './helpers/browser.js';
import { callApi, callApiError } from './helpers/page-api.js';

interface RawResponse {
  status: number;
  type: string | undefined;
  body: string;
}

/** A request with exactly these headers (fetch would add or normalise some). */
function raw(
  url: string,
  pathName: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
) {
  const { port } = new URL(url);
  return new Promise<RawResponse>((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path: pathName, method: options.method ?? 'GET', headers: options.headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            type: res.headers['content-type'],
            body: Buffer.concat(chunks).toString(),
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

/**
 * A backend for testing the bridge alone: `agent.cancel` emits 200 events of 64 KiB (large, so the event
 * stream lags behind the small answer unless the shim holds the answer), then answers.
 */
function eventfulBackend(): DesktopBackend {
  const listeners = new Set<(event: DesktopEvent) => void>();
  const padding = 'x'.repeat(64 * 1024);
  return {
    async handle(method) {
      if (method === 'agent.cancel') {
        for (let i = 0; i < 200; i++) {
          for (const l of listeners) l({ type: 'run_state', running: i < 199, sessionId: `s${i}${padding}` });
        }
        return { cancelled: true } as never;
      }
      if (method === 'app.info')
        return { name: 'bridge-test', version: '0', platform: 'x', dataDir: '/' } as never;
      throw new Error(`unexpected ${method}`);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async dispose() {},
  };
}

describe('e2e bridge', () => {
  let tmp: string;
  let bridge: Bridge;

  beforeAll(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'lc-e2e-bridge-'));
    const dir = path.join(tmp, 'renderer');
    await mkdir(path.join(dir, 'assets'), { recursive: true });
    await writeFile(path.join(dir, 'index.html'), '<!doctype html><title>x</title>');
    for (const name of ['a.js', 'a.css', 'a.wasm', 'a.ttf', 'editor.worker-1.js']) {
      await writeFile(path.join(dir, 'assets', name), 'x');
    }
    await writeFile(path.join(tmp, 'secret.txt'), 'outside');
    bridge = await startBridge({
      backend: eventfulBackend(),
      rendererDir: dir,
      pages: { '/blank.html': '<!doctype html><title>blank</title>' },
    });
  });

  afterAll(async () => {
    await bridge?.close();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  it('serves the renderer folder with the types the browser needs, and nothing outside it', async () => {
    const host = { host: new URL(bridge.origin).host };
    const types: Record<string, string | undefined> = {};
    for (const name of ['a.js', 'a.css', 'a.wasm', 'a.ttf', 'editor.worker-1.js']) {
      types[name] = (await raw(bridge.url, `/assets/${name}`, { headers: host })).type;
    }
    expect(types).toEqual({
      'a.js': 'text/javascript; charset=utf-8',
      'a.css': 'text/css; charset=utf-8',
      'a.wasm': 'application/wasm',
      'a.ttf': 'font/ttf',
      'editor.worker-1.js': 'text/javascript; charset=utf-8',
    });
    expect((await raw(bridge.url, '/', { headers: host })).body).toContain('<title>x</title>');
    expect((await raw(bridge.url, '/blank.html', { headers: host })).body).toContain('blank');
    expect((await raw(bridge.url, '/%2e%2e/secret.txt', { headers: host })).status).toBe(404);
    expect((await raw(bridge.url, '/../secret.txt', { headers: host })).status).toBe(404);
  });

  it('refuses other host names, foreign origins, POSTs without an origin and unknown methods', async () => {
    const body = JSON.stringify({ method: 'app.info', input: {} });
    const json = { 'content-type': 'application/json', host: new URL(bridge.origin).host };
    const post = (headers: Record<string, string>) =>
      raw(bridge.url, '/api/invoke', { method: 'POST', headers, body });
    expect(
      (await raw(bridge.url, '/', { headers: { host: `localhost:${new URL(bridge.url).port}` } })).status,
    ).toBe(403);
    expect((await post({ ...json, origin: 'http://evil.example' })).status).toBe(403);
    expect((await post(json)).status).toBe(403);
    const ok = await post({ ...json, origin: bridge.origin });
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.body)).toEqual({
      result: { name: 'bridge-test', version: '0', platform: 'x', dataDir: '/' },
    });
    const unknown = await raw(bridge.url, '/api/invoke', {
      method: 'POST',
      headers: { ...json, origin: bridge.origin },
      body: JSON.stringify({ method: 'fs.readAnything', input: {} }),
    });
    expect(unknown.status).toBe(400);
    expect(JSON.parse(unknown.body)).toEqual({ error: 'Unknown method fs.readAnything' });
  });

  const skipReason = chromiumSkipReason();
  if (skipReason) console.log(`[e2e] bridge browser checks skipped: ${skipReason}`);

  describe.skipIf(skipReason !== null)('in Chromium', () => {
    let browser: BrowserSession;
    beforeAll(async () => {
      browser = await launchBrowser();
    });
    afterAll(async () => {
      await browser?.close();
    });

    it('resolves an invoke only after the events emitted before its answer reached the listeners', async () => {
      const app = await openAppPage(browser, `${bridge.origin}/blank.html`);
      const seen = await app.page.evaluate(async () => {
        type Api = {
          onEvent(l: (e: unknown) => void): () => void;
          'agent.cancel'(i: object): Promise<unknown>;
        };
        const api = (globalThis as unknown as { api: Api }).api;
        const events: unknown[] = [];
        api.onEvent((e) => events.push(e));
        const answer = await api['agent.cancel']({});
        const last = events.at(-1) as { sessionId?: string } | undefined;
        return { count: events.length, lastId: last?.sessionId?.slice(0, 5), answer };
      });
      expect(seen).toEqual({
        count: 200,
        lastId: 's199x',
        answer: { cancelled: true },
      });
      expect(app.pageErrors).toEqual([]);
      await app.page.close();
    });

    it('rejects in the page for a schema violation and for a backend bug, with the message', async () => {
      const app = await openAppPage(browser, `${bridge.origin}/blank.html`);
      const before = bridge.calls.length;
      expect(await callApiError(app.page, 'agent.send', { text: '' })).toMatch(
        /^Invalid input for agent\.send at text/,
      );
      expect(bridge.calls.length).toBe(before);
      expect(await callApiError(app.page, 'sessions.list', {})).toBe('unexpected sessions.list');
      expect((await callApi(app.page, 'app.info', {})).name).toBe('bridge-test');
      // As through the preload: a method without arguments may be called with none.
      expect((await callApi(app.page, 'app.info', undefined as never)).name).toBe('bridge-test');
      expect(app.pageErrors).toEqual([]);
      await app.page.close();
    });
  });
});
