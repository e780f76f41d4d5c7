// Calls into window.api from the test process. The functions run in the page; the casts only give the
// test's TypeScript (no DOM lib) the page's shape.
import type { Page } from 'playwright-core';
import type {
  DesktopApi,
  DesktopEvent,
  MethodInput,
  MethodName,
  MethodOutputs,
} from '../../../src/shared/ipc.js';

interface PageGlobals {
  api?: DesktopApi;
  require?: unknown;
  process?: unknown;
  __e2eEvents?: DesktopEvent[];
}

export function callApi<M extends MethodName>(
  page: Page,
  method: M,
  input: MethodInput<M>,
): Promise<MethodOutputs[M]> {
  return page.evaluate(
    async ([m, i]) => {
      const api = (globalThis as PageGlobals).api;
      if (!api) throw new Error('window.api is missing');
      return (api[m] as (input: unknown) => Promise<unknown>)(i);
    },
    [method, input] as const,
  ) as Promise<MethodOutputs[M]>;
}

/** The call's rejection message, or null when it resolved. */
export function callApiError(page: Page, method: string, input: unknown): Promise<string | null> {
  return page.evaluate(
    async ([m, i]) => {
      const api = (globalThis as PageGlobals).api as unknown as Record<
        string,
        (input: unknown) => Promise<unknown>
      >;
      try {
        await api[m]?.(i);
        return null;
      } catch (error) {
        return error instanceof Error ? error.message : String(error);
      }
    },
    [method, input] as const,
  );
}

/** Names on window.api, sorted. */
export function apiNames(page: Page): Promise<string[]> {
  return page.evaluate(() => Object.keys((globalThis as PageGlobals).api ?? {}).sort());
}

/** What a page can reach of Node: both must be 'undefined' under contextIsolation. */
export function nodeGlobals(page: Page): Promise<{ require: string; process: string }> {
  return page.evaluate(() => ({
    require: typeof (globalThis as PageGlobals).require,
    process: typeof (globalThis as PageGlobals).process,
  }));
}

/**
 * Starts recording every DesktopEvent the page receives, in a page global. Resolves once the event
 * stream is connected (an invoke waits for it), so events emitted after this are not missed.
 */
export async function recordEvents(page: Page): Promise<void> {
  await page.evaluate(async () => {
    const g = globalThis as PageGlobals;
    g.__e2eEvents = [];
    g.api?.onEvent((event) => g.__e2eEvents?.push(event));
    await g.api?.['app.info']({});
  });
}

export function recordedEvents(page: Page): Promise<DesktopEvent[]> {
  return page.evaluate(() => (globalThis as PageGlobals).__e2eEvents ?? []);
}
