// TEMPORARY stand-in for createDesktopBackend (src/main/services/desktop-backend.ts), used only while that
// module does not exist, so the bridge and the smoke test run before the real services land. It answers
// app.info and settings.get for real, lists as empty, and every other method with a `not_available`
// failure. Delete it once the real backend is in.
import os from 'node:os';
import { fail } from '../../../src/shared/result.js';
import type { DesktopBackend } from '../../../src/main/services/backend.js';
import type { DesktopEvent, MethodName, MethodOutputs, Settings } from '../../../src/shared/ipc.js';

export function createStandInBackend(home: string): DesktopBackend {
  const listeners = new Set<(event: DesktopEvent) => void>();
  const settings: Settings = {
    modelsDir: `${home}/models`,
    context: { min: 2048, max: 8192 },
    approvalMode: 'ask',
    checks: {},
    allowNetwork: false,
    noSandbox: 'ask',
    activeModel: null,
    sandbox: { available: false, kind: null, note: 'stand-in backend: no sandbox probe' },
  };
  const answers: Partial<{ [M in MethodName]: () => MethodOutputs[M] }> = {
    'app.info': () => ({
      name: 'local-coder',
      version: '0.0.0-stand-in',
      platform: os.platform(),
      dataDir: home,
    }),
    'settings.get': () => settings,
    'workspace.recent': () => [],
    'sessions.list': () => [],
    'models.catalog': () => [],
    'models.library': () => [],
    'agent.cancel': () => ({ cancelled: false }),
    'models.cancelDownload': () => ({ cancelled: false }),
  };
  return {
    async handle(method) {
      const answer = answers[method];
      if (answer) return answer() as never;
      return fail('not_available', `${method} is not available in the e2e stand-in backend`) as never;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async dispose() {
      listeners.clear();
    },
  };
}
