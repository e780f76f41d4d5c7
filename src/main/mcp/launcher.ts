// How the hub starts a stdio server: inside the OS sandbox where there is one (the folder's policy, the
// profile of the approval mode, the network the person allowed), its repairs around each call; without
// a sandbox, as it is, with the environment's credentials left out all the same.
import { folderPolicy, scanFolder } from '../safety/sandbox-scan.js';
import type { SandboxInfo } from '../safety/sandbox.js';
import { absolutePathsIn, launchPathsUnderTmp, launchServer } from '../safety/os-sandbox.js';
import { sandboxEnv } from '../safety/sandbox-secrets.js';
import type { SandboxProfile } from '../workspace/command-runner.js';
import { execLine, type StdioServerConfig } from './config.js';
import type { StdioLauncher } from './connection.js';

export interface LauncherOptions {
  root: string;
  env: NodeJS.ProcessEnv;
  sandbox: () => Promise<SandboxInfo>;
  /** Asked at each start: a mode change restarts servers in the other profile. */
  profile: () => SandboxProfile;
  network: (server: StdioServerConfig) => Promise<boolean>;
}

export function serverLauncher(options: LauncherOptions): StdioLauncher {
  return async (server) => {
    const info = await options.sandbox();
    const cwd = server.cwd ?? options.root;
    const extra = server.env;
    if (!info.available) {
      return {
        spec: { argv: [server.command, ...server.args], env: { ...sandboxEnv(options.env), ...extra }, cwd },
      };
    }
    const base = folderPolicy(
      options.root,
      { allowNetwork: await options.network(server) },
      await scanFolder(options.root),
    );
    // A server installed under /tmp (a checkout there, a venv) would vanish behind the private /tmp.
    const own = launchPathsUnderTmp([...absolutePathsIn([server.command, ...server.args]), cwd], base.root);
    const policy = own.length > 0 ? { ...base, visible: [...(base.visible ?? []), ...own] } : base;
    const inner = innerEnv(extra);
    const line = execLine(server.command, server.args, inner.exports);
    const launched = await launchServer(info, policy, line, {
      cwd,
      profile: options.profile(),
      env: options.env,
    });
    if ('unavailable' in launched) return { error: `${server.name}: ${launched.unavailable}` };
    return {
      spec: {
        argv: launched.argv,
        env: { ...launched.env, ...inner.carried },
        cwd,
        ...(launched.fd3 ? { fd3: launched.fd3 } : {}),
      },
      around: (run) => launched.aroundCall(run),
    };
  };
}

/** Names the sandbox process's own environment carries the server's variables under. */
const CARRIED = 'LOCAL_CODER_MCP_ENV_';

/**
 * The server's own env, for the server only: the sandbox program (bwrap) runs outside the sandbox, so
 * a variable its own loader reads (a project's LD_PRELOAD) would run code there. Each value travels
 * under a neutral name and the shell inside sets the real one; values never enter an argv.
 */
function innerEnv(extra: Readonly<Record<string, string>>): {
  carried: Record<string, string>;
  exports: string[];
} {
  const carried: Record<string, string> = {};
  const exports: string[] = [];
  Object.entries(extra).forEach(([name, value], i) => {
    // A name the shell cannot set is no name any loader reads: dropped rather than given outside.
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) return;
    carried[`${CARRIED}${i}`] = value;
    exports.push(`export ${name}="$${CARRIED}${i}"`, `unset ${CARRIED}${i}`);
  });
  return { carried, exports };
}
