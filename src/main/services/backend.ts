// What the window talks to, independent of Electron: every method of the IPC table, and the event
// stream. The Electron IPC layer (src/main/ipc) and the e2e bridge (tests/e2e) both sit on this, after
// validating inputs against the shared schemas.
import type { DesktopEvent, MethodInput, MethodName, MethodOutputs } from '../../shared/ipc.js';
import type { SecretCipher } from './secret-store.js';

export interface DesktopBackend {
  /** Input already validated against METHODS[method]. Expected failures resolve as a Failure. */
  handle<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutputs[M]>;
  /** Events in order; returns the unsubscribe function. */
  subscribe(listener: (event: DesktopEvent) => void): () => void;
  /** Stops runs, downloads and watchers; unloads the model. */
  dispose(): Promise<void>;
}

/** What only a desktop shell can do (dialogs, the OS browser); the e2e bridge supplies its own. */
export interface ShellHooks {
  pickFolder(): Promise<string | null>;
  pickModelFile(): Promise<string | null>;
  openExternal(url: string): Promise<void>;
  /** Encrypts the server key with the OS keyring (Electron's safeStorage); absent: keys are not stored. */
  secretCipher?: SecretCipher;
}
