// The backend the bridge serves: the real main-process services (createDesktopBackend) with shell hooks
// a test drives; events can be injected on top for tests and benches.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { DesktopBackend, ShellHooks } from '../../../src/main/services/backend.js';
import type { SecretCipher } from '../../../src/main/services/secret-store.js';
import {
  createDesktopBackend,
  type DesktopBackendOptions,
} from '../../../src/main/services/desktop-backend.js';
import type { DesktopEvent } from '../../../src/shared/ipc.js';
import { repoRoot } from './browser.js';

/**
 * Dialog answers queued by the test; openExternal is recorded, never opened. No secret cipher unless the
 * test gives one (like a Linux desktop without a keyring): the server key then cannot be stored.
 */
export class TestShell implements ShellHooks {
  readonly folders: (string | null)[] = [];
  readonly modelFiles: (string | null)[] = [];
  readonly opened: string[] = [];
  readonly secretCipher?: SecretCipher;
  constructor(secretCipher?: SecretCipher) {
    if (secretCipher) this.secretCipher = secretCipher;
  }
  async pickFolder(): Promise<string | null> {
    return this.folders.shift() ?? null;
  }
  async pickModelFile(): Promise<string | null> {
    return this.modelFiles.shift() ?? null;
  }
  async openExternal(url: string): Promise<void> {
    this.opened.push(url);
  }
}

export interface E2EBackend {
  backend: DesktopBackend;
  shell: TestShell;
  /** Pushes an event to every subscriber as if the backend had emitted it. */
  emit(event: DesktopEvent): void;
}

export interface E2EBackendOptions {
  /** Added to the environment (LOCAL_CODER_HOME is always the test's `home`). */
  env?: NodeJS.ProcessEnv;
  /** Passed to createDesktopBackend (model factory, catalog file, run defaults, ...). */
  backend?: Omit<DesktopBackendOptions, 'shell' | 'env'>;
  /** The shell's stand-in for Electron's safeStorage (e.g. testCipher()); absent: keys are not stored. */
  secretCipher?: SecretCipher;
}

/**
 * `home` becomes LOCAL_CODER_HOME, so the backend writes nothing outside the test's temp folder. A script
 * or catalog set in the test process's own environment is not inherited: only `options.env` sets them.
 */
export function createE2EBackend(home: string, options: E2EBackendOptions = {}): E2EBackend {
  const shell = new TestShell(options.secretCipher);
  const inherited = { ...process.env };
  delete inherited.LOCAL_CODER_SCRIPT;
  delete inherited.LOCAL_CODER_CATALOG;
  const inner = createDesktopBackend({
    app: { name: 'local-coder', version: appVersion() },
    ...options.backend,
    shell,
    env: { ...inherited, ...options.env, LOCAL_CODER_HOME: home },
  });
  const injected = new Set<(event: DesktopEvent) => void>();
  const backend: DesktopBackend = {
    handle: (method, input) => inner.handle(method, input),
    subscribe(listener) {
      const off = inner.subscribe(listener);
      injected.add(listener);
      return () => {
        off();
        injected.delete(listener);
      };
    },
    dispose: () => inner.dispose(),
  };
  return {
    backend,
    shell,
    emit(event) {
      for (const listener of injected) listener(event);
    },
  };
}

function appVersion(): string {
  return (JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string })
    .version;
}
