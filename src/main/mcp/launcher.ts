// How the hub starts a stdio server: inside the OS sandbox where there is one (the folder's policy, the
// profile of the approval mode, the network the person allowed), its repairs around each call; without
// a sandbox, as it is, with the environment's credentials left out all the same.
import { folderPolicy, scanFolder } from '../safety/sandbox-scan.js';
import type { SandboxInfo } from '../safety/sandbox.js';
import { launchServer } from '../safety/os-sandbox.js';
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
    const policy = folderPolicy(
      options.root,
      { allowNetwork: await options.network(server) },
      await scanFolder(options.root),
    );
    const launched = await launchServer(info, policy, execLine(server.command, server.args), {
      cwd,
      profile: options.profile(),
      env: options.env,
    });
    if ('unavailable' in launched) return { error: `${server.name}: ${launched.unavailable}` };
    return {
      spec: {
        argv: launched.argv,
        env: { ...launched.env, ...extra },
        cwd,
        ...(launched.fd3 ? { fd3: launched.fd3 } : {}),
      },
      around: (run) => launched.aroundCall(run),
    };
  };
}
