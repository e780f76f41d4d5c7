// The OS sandbox as the command runner takes it (workspace/'s CommandSandbox): each command is started
// through bubblewrap or sandbox-exec under the policy and the profile its run asks for, with an
// allow-listed environment and the home's credentials hidden; in the write profile the protected paths
// are noted before it and repaired after it (sandbox-guard.ts).
import type { CommandSandbox, SandboxProfile } from '../workspace/command-runner.js';
import { profilePolicy, sandboxArgv, socketFilter, type SandboxInfo, type SandboxPolicy } from './sandbox.js';
import { repairProtected, snapshotProtected } from './sandbox-guard.js';
import { credentialPaths, sandboxEnv } from './sandbox-secrets.js';

export interface OsSandboxOptions {
  /** For a run that names none. Default `read-only`: a caller must say `write` to let a command write. */
  profile?: SandboxProfile;
  /** The environment commands start from (filtered) and whose home is hidden. Default process.env. */
  env?: NodeJS.ProcessEnv;
}

/** Every command inside this sandbox; none runs when it is not available. */
export function osSandbox(
  info: SandboxInfo,
  basePolicy: SandboxPolicy,
  options: OsSandboxOptions = {},
): CommandSandbox {
  const env = options.env ?? process.env;
  const hide = [...credentialPaths(env), ...(basePolicy.hide ?? [])];
  return {
    async launch(shell, command, opts) {
      if (!info.available)
        return { unavailable: `the OS sandbox is required and not available (${info.note})` };
      const profile = opts.profile ?? options.profile ?? 'read-only';
      const approved = opts.personApproved ? basePolicy.approvedReadOnlyInside : undefined;
      const policy = profilePolicy(
        { ...basePolicy, hide, ...(approved ? { readOnlyInside: approved } : {}) },
        profile,
      );
      // Nothing in the folder can change in the read-only profile: there is nothing to repair.
      const snapshot = policy.readOnlyRoot ? undefined : await snapshotProtected(policy);
      const fd3 = socketFilter(info, policy);
      return {
        argv: sandboxArgv(info, policy, shell, command, opts.cwd),
        env: sandboxEnv(env),
        ...(fd3 ? { fd3 } : {}),
        spareOnTerm: info.kind === 'bwrap',
        async settle(result) {
          const sandboxed = { ...result, sandboxed: result.spawnError === undefined };
          if (!snapshot) return sandboxed;
          const repair = await repairProtected(snapshot);
          return {
            ...sandboxed,
            ...(repair.removed.length > 0 ? { removedProtected: repair.removed } : {}),
            ...(repair.restored.length > 0 ? { restoredProtected: repair.restored } : {}),
            ...(repair.failed.length > 0 ? { unrepairedProtected: repair.failed } : {}),
          };
        },
      };
    },
  };
}
