// Permissions that allow every change and every command without asking, for tests whose subject is
// something else. Tool contexts fail closed, so a test that wants everything allowed says so with this.
import { Permissions } from '../../src/main/safety/permissions.js';

export function allowAllPermissions(): Permissions {
  return new Permissions({
    mode: 'full-auto',
    judge: async (command) => ({ verdict: 'read_only', reasons: [], segments: [command] }),
    sandbox: { available: true, note: 'tests: everything allowed', whenMissing: 'ask' },
  });
}
