// The Server entry: a model on an OpenAI-compatible engine instead of a GGUF. The main process keeps the
// URL, the model name and the key; the window only ever sees the ServerView (whether a key is stored,
// never the key). A key typed by the person passes through these calls and is kept nowhere here.
// Refusals are kept for the section to show in place (a toast would cover the drawer).
import type { ServerView } from '../../../shared/ipc';
import type { Failure } from '../../../shared/result';
import { call, isFailure } from '../api/client';
import type { SliceCreator } from './types';

export type ServerPending = 'list' | 'connect' | 'disconnect' | 'forget';

export interface ServerSlice {
  /** null until first loaded. */
  server: ServerView | null;
  /** What the last listing found. */
  serverModels: string[];
  /** The last refusal of a server call, shown inline; cleared by the next call. */
  serverError: Failure | null;
  serverPending: ServerPending | null;
  loadServer(): Promise<void>;
  /** `key` undefined: the stored one (or the environment's). */
  listServerModels(url: string, key?: string): Promise<boolean>;
  /** `key`: store this one (only once the server accepted it); undefined: keep the stored one. */
  connectServer(input: { url: string; model: string; key?: string }): Promise<boolean>;
  disconnectServer(): Promise<boolean>;
  /** Forgets the stored key; nothing else changes. */
  forgetServerKey(): Promise<boolean>;
}

export const createServerSlice: SliceCreator<ServerSlice> = (set, get) => {
  const pending = async <T>(
    kind: ServerPending,
    work: () => Promise<T | Failure>,
  ): Promise<T | Failure | null> => {
    if (get().serverPending !== null) return null;
    set({ serverPending: kind, serverError: null });
    try {
      const result = await work();
      if (isFailure(result)) set({ serverError: result });
      return result;
    } finally {
      set({ serverPending: null });
    }
  };

  return {
    server: null,
    serverModels: [],
    serverError: null,
    serverPending: null,
    async loadServer() {
      const result = await call('server.get', {});
      if (isFailure(result)) return set({ serverError: result });
      set({ server: result });
      // A window opened (or reloaded) after the connect missed its 'model' event: the top bar would say
      // no model while runs use the server's. The view says enough to show it.
      const { connected } = result;
      if (connected && get().modelState.status === 'empty') {
        set({
          modelState: {
            status: 'loaded',
            fileName: connected.id,
            contextSize: connected.contextSize,
            chatWrapper: 'server',
            backend: 'server',
          },
        });
      }
    },
    async listServerModels(url, key) {
      const result = await pending('list', () =>
        call('server.models', { url, ...(key !== undefined ? { key } : {}) }),
      );
      if (!result || isFailure(result)) return false;
      set({ serverModels: result.models });
      return true;
    },
    async connectServer({ url, model, key }) {
      const result = await pending('connect', () =>
        call('server.connect', { url, model, ...(key !== undefined ? { key } : {}) }),
      );
      if (!result || isFailure(result)) return false;
      set({ server: result });
      return true;
    },
    async disconnectServer() {
      const result = await pending('disconnect', () => call('server.disconnect', {}));
      if (!result || isFailure(result)) return false;
      set({ server: result });
      return true;
    },
    async forgetServerKey() {
      const result = await pending('forget', () => call('server.forgetKey', {}));
      if (!result || isFailure(result)) return false;
      set({ server: result });
      return true;
    },
  };
};
