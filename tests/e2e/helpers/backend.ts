// The backend the bridge serves: the real main-process services (createDesktopBackend) when they exist,
// with shell hooks a test drives; events can be injected on top for tests and benches.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { DesktopBackend, ShellHooks } from '../../../src/main/services/backend.js';
import type { DesktopBackendOptions } from '../../../src/main/services/desktop-backend.js';
import type { DesktopEvent } from '../../../src/shared/ipc.js';
import { repoRoot } from './browser.js';
import { createStandInBackend } from './stand-in-backend.js';

/** Dialog answers queued by the test; openExternal is recorded, never opened. */
export class TestShell implements ShellHooks {
  readonly folders: (string | null)[] = [];
  readonly modelFiles: (string | null)[] = [];
  readonly opened: string[] = [];
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
  /** 'real': src/main/services/desktop-backend.ts; 'stand-in': the temporary test double. */
  kind: 'real' | 'stand-in';
  shell: TestShell;
  /** Pushes an event to every subscriber as if the backend had emitted it. */
  emit(event: DesktopEvent): void;
}

interface DesktopBackendModule {
  createDesktopBackend(options: DesktopBackendOptions): DesktopBackend;
}

export interface E2EBackendOptions {
  /** Added to process.env (LOCAL_CODER_HOME is always the test's `home`). */
  env?: NodeJS.ProcessEnv;
  /** Passed to createDesktopBackend (model factory, catalog file, run defaults, ...). */
  backend?: Omit<DesktopBackendOptions, 'shell' | 'env'>;
}

const realBackendFile = path.join(repoRoot, 'src/main/services/desktop-backend.ts');

/**
 * `home` becomes LOCAL_CODER_HOME, so the backend writes nothing outside the test's temp folder.
 * LOCAL_CODER_E2E_BACKEND=stand-in forces the stand-in (benches of the window alone).
 */
export async function createE2EBackend(home: string, options: E2EBackendOptions = {}): Promise<E2EBackend> {
  const shell = new TestShell();
  const env = { ...process.env, ...options.env, LOCAL_CODER_HOME: home };
  let inner: DesktopBackend;
  let kind: E2EBackend['kind'];
  if (existsSync(realBackendFile) && process.env.LOCAL_CODER_E2E_BACKEND !== 'stand-in') {
    // Loaded by path while the stand-in remains, so the harness also runs before the module exists.
    const mod = (await import(pathToFileURL(realBackendFile).href)) as DesktopBackendModule;
    inner = mod.createDesktopBackend({
      app: { name: 'local-coder', version: appVersion() },
      ...options.backend,
      shell,
      env,
    });
    kind = 'real';
  } else {
    inner = createStandInBackend(home);
    kind = 'stand-in';
  }
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
    kind,
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
