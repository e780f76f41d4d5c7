// The preload's window.api, built over an injected transport (the preload passes ipcRenderer's).
import { describe, expect, it } from 'vitest';
import { IPC, METHOD_NAMES, type DesktopEvent } from '../../../src/shared/ipc.js';
import { buildApi, CHANNELS, PRELOAD_METHODS, type BridgeTransport } from '../../../src/preload/bridge.js';

function transport() {
  const calls: unknown[][] = [];
  const listeners = new Map<string, Set<(event: unknown, payload: DesktopEvent) => void>>();
  const t: BridgeTransport = {
    invoke: async (...args) => {
      calls.push(args);
      return { echoed: args[1] };
    },
    on: (channel, listener) => {
      if (!listeners.has(channel)) listeners.set(channel, new Set());
      listeners.get(channel)?.add(listener);
    },
    off: (channel, listener) => listeners.get(channel)?.delete(listener),
  };
  const fire = (payload: DesktopEvent) => {
    for (const l of listeners.get(IPC.event) ?? []) l({ sender: 'ipc' }, payload);
  };
  return { t, calls, fire, listeners };
}

describe('preload bridge', () => {
  it('uses the contract channels and has exactly the methods of the table', () => {
    expect(CHANNELS).toEqual(IPC);
    expect([...PRELOAD_METHODS].sort()).toEqual([...METHOD_NAMES].sort());
    const { t } = transport();
    const api = buildApi(t);
    expect(Object.keys(api).sort()).toEqual([...METHOD_NAMES, 'onEvent'].sort());
    expect(Object.isFrozen(api)).toBe(true);
  });

  it('sends each call as (invoke channel, method, input), an absent input as {}', async () => {
    const { t, calls } = transport();
    const api = buildApi(t);
    await expect(api['workspace.list']({ dir: 'src' })).resolves.toEqual({ echoed: 'workspace.list' });
    await (api['agent.cancel'] as unknown as () => Promise<unknown>)();
    expect(calls).toEqual([
      ['api:invoke', 'workspace.list', { dir: 'src' }],
      ['api:invoke', 'agent.cancel', {}],
    ]);
  });

  it('delivers events to subscribers (without the IPC event object) until they unsubscribe', () => {
    const { t, fire, listeners } = transport();
    const api = buildApi(t);
    const got: DesktopEvent[] = [];
    const off = api.onEvent((e) => got.push(e));
    fire({ type: 'run_state', running: true, sessionId: 's' });
    off();
    fire({ type: 'run_state', running: false, sessionId: 's' });
    expect(got).toEqual([{ type: 'run_state', running: true, sessionId: 's' }]);
    expect(listeners.get(IPC.event)?.size).toBe(0);
  });
});
