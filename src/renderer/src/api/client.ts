// The window's one way to the main process: typed calls over window.api. A call never throws here: a
// rejected promise (a schema violation or a bug on either side) comes back as a Failure like any other.
import type {
  DesktopApi,
  DesktopEvent,
  MethodCalls,
  MethodInput,
  MethodName,
  MethodOutputs,
} from '../../../shared/ipc';
import type { Failure } from '../../../shared/result';

export function isFailure(value: unknown): value is Failure {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { ok?: unknown }).ok === false &&
    typeof (value as { code?: unknown }).code === 'string'
  );
}

export function isCancelled(value: unknown): value is { cancelled: true } {
  return typeof value === 'object' && value !== null && (value as { cancelled?: unknown }).cancelled === true;
}

/** window.api (globalThis is the window here; the store's tests put their fake bridge on it). */
function bridge(): DesktopApi | undefined {
  return (globalThis as { api?: DesktopApi }).api;
}

export function hasBridge(): boolean {
  return bridge() !== undefined;
}

export async function call<M extends MethodName>(
  method: M,
  input: MethodInput<M>,
): Promise<MethodOutputs[M] | Failure> {
  const api = bridge();
  if (!api) return { ok: false, code: 'no_bridge', message: 'The window is not connected to the app.' };
  try {
    const calls: MethodCalls = api;
    const fn: MethodCalls[M] = calls[method];
    return await fn(input);
  } catch (error) {
    return { ok: false, code: 'ipc_error', message: error instanceof Error ? error.message : String(error) };
  }
}

export function subscribe(listener: (event: DesktopEvent) => void): () => void {
  const api = bridge();
  if (!api) return () => {};
  return api.onEvent(listener);
}
