// window.api built from the method table: one function per method over the invoke channel, and an
// event subscription. Imports types only from the shared contract, so the sandboxed preload bundle
// carries no third-party code (zod stays out); the lists below are checked against the table by the
// compiler (a missing or extra method fails the type check).
import type { DesktopApi, DesktopEvent, IPC, MethodName } from '../shared/ipc.js';

export const CHANNELS = { invoke: 'api:invoke', event: 'api:event' } as const satisfies typeof IPC;

const METHOD_SET = {
  'app.info': true,
  'app.restore': true,
  'settings.get': true,
  'settings.update': true,
  'workspace.open': true,
  'workspace.recent': true,
  'workspace.list': true,
  'workspace.read': true,
  'workspace.find': true,
  'workspace.search': true,
  'workspace.mention': true,
  'agent.send': true,
  'agent.cancel': true,
  'agent.decide': true,
  'agent.undoTurn': true,
  'sessions.list': true,
  'sessions.open': true,
  'sessions.spill': true,
  'models.catalog': true,
  'models.library': true,
  'models.download': true,
  'models.cancelDownload': true,
  'models.import': true,
  'models.delete': true,
  'models.activate': true,
  'server.get': true,
  'server.models': true,
  'server.connect': true,
  'server.disconnect': true,
  'server.forgetKey': true,
  'shell.openExternal': true,
  'mcp.overview': true,
  'mcp.trust': true,
  'mcp.setServer': true,
  'mcp.setTool': true,
  'mcp.restart': true,
  'mcp.log': true,
  'mcp.resources': true,
  'mcp.readResource': true,
  'mcp.prompts': true,
  'mcp.getPrompt': true,
} as const satisfies Record<MethodName, true>;

export const PRELOAD_METHODS = Object.keys(METHOD_SET) as MethodName[];

export interface BridgeTransport {
  invoke(channel: string, method: MethodName, input: unknown): Promise<unknown>;
  on(channel: string, listener: (event: unknown, payload: DesktopEvent) => void): void;
  off(channel: string, listener: (event: unknown, payload: DesktopEvent) => void): void;
}

export function buildApi(transport: BridgeTransport): DesktopApi {
  const api: Record<string, unknown> = {};
  for (const method of PRELOAD_METHODS) {
    api[method] = (input?: unknown) => transport.invoke(CHANNELS.invoke, method, input ?? {});
  }
  api.onEvent = (listener: (event: DesktopEvent) => void) => {
    const wrapped = (_event: unknown, payload: DesktopEvent) => listener(payload);
    transport.on(CHANNELS.event, wrapped);
    return () => transport.off(CHANNELS.event, wrapped);
  };
  // Complete by construction: PRELOAD_METHODS covers MethodName (checked above), plus onEvent.
  return Object.freeze(api) as unknown as DesktopApi;
}
