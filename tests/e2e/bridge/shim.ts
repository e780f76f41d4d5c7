// The script injected into the page (page.addInitScript) in place of Electron's preload: window.api with
// one function per method of the shared table and onEvent(listener), the shape the preload exposes,
// carried over fetch and EventSource to the bridge on the page's own origin (the CSP's 'self').
// Ordering: an invoke resolves only after the events emitted before its answer reached the listeners.
import type { Page } from 'playwright-core';
import { METHOD_NAMES } from '../../../src/shared/ipc.js';

/** Plain JavaScript (no build step touches it), so the page runs exactly this text. */
export function bridgeShimSource(methodNames: readonly string[] = METHOD_NAMES): string {
  return `(() => {
  if (window.top !== window || !/^https?:$/.test(location.protocol)) return;
  const METHOD_NAMES = ${JSON.stringify(methodNames)};
  const listeners = new Set();
  const waiters = [];
  let lastSeq = 0;
  let stream = null;
  let ready = null;
  let connected = false;

  function flushWaiters() {
    for (let i = waiters.length - 1; i >= 0; i--) {
      const w = waiters[i];
      if (!connected || lastSeq >= w.seq) {
        waiters.splice(i, 1);
        w.resolve();
      }
    }
  }

  function ensureStream() {
    if (ready) return ready;
    ready = new Promise((resolve) => {
      stream = new EventSource('/api/events');
      stream.addEventListener('hello', (e) => {
        lastSeq = Math.max(lastSeq, JSON.parse(e.data).seq);
        connected = true;
        flushWaiters();
        resolve();
      });
      stream.addEventListener('message', (e) => {
        lastSeq = Number(e.lastEventId);
        const event = JSON.parse(e.data);
        for (const listener of Array.from(listeners)) {
          try {
            listener(event);
          } catch (error) {
            reportError(error);
          }
        }
        flushWaiters();
      });
      stream.addEventListener('error', () => {
        connected = false;
        flushWaiters();
        resolve();
      });
    });
    return ready;
  }

  async function invoke(method, input) {
    await ensureStream();
    const res = await fetch('/api/invoke', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ method, input }),
    });
    const body = await res.json().catch(() => ({ error: 'Bridge answered ' + res.status + ' without JSON' }));
    const seq = Number(res.headers.get('x-event-seq') ?? 0);
    if (connected && lastSeq < seq) await new Promise((resolve) => waiters.push({ seq, resolve }));
    if (!res.ok) throw new Error(body.error ?? 'Bridge answered ' + res.status);
    return body.result;
  }

  const api = {};
  // As the preload does: a method without arguments may be called with none.
  for (const name of METHOD_NAMES) api[name] = (input) => invoke(name, input ?? {});
  api.onEvent = (listener) => {
    if (typeof listener !== 'function') throw new TypeError('onEvent expects a function');
    listeners.add(listener);
    void ensureStream();
    return () => {
      listeners.delete(listener);
    };
  };
  Object.defineProperty(window, 'api', { value: Object.freeze(api), enumerable: true });
})();`;
}

/** Installs the shim for every later navigation of the page. */
export async function installBridgeShim(page: Page): Promise<void> {
  await page.addInitScript({ content: bridgeShimSource() });
}
