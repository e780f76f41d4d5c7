// The sandbox's private /tmp hides whatever lives under /tmp, a checkout's toolchain on PATH included:
// those PATH folders stay visible, read-only (a clean clone under /tmp runs its own tsx).
import { mkdir, mkdtemp, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  absolutePathsIn,
  launchPathsUnderTmp,
  toolchainUnderTmp,
} from '../../../src/main/safety/os-sandbox.js';
import { sandboxArgv } from '../../../src/main/safety/sandbox.js';

describe('toolchain under /tmp', () => {
  it('keeps PATH folders under /tmp, a node_modules/.bin as its node_modules', () => {
    const found = toolchainUnderTmp(
      ['/tmp/ci/node_modules/.bin', '/usr/bin', '/tmp/tools/bin', 'relative/bin', '/tmp', '/tmpx/bin'].join(
        ':',
      ),
    );
    expect(found).toEqual(['/tmp/ci/node_modules', '/tmp/tools/bin']);
    expect(toolchainUnderTmp(undefined)).toEqual([]);
  });

  it('binds them read-only after the private /tmp, and never one holding the folder', async () => {
    const tools = await mkdtemp('/tmp/lc-toolchain-');
    const project = path.join(tools, 'project');
    await mkdir(path.join(tools, 'node_modules'), { recursive: true });
    await mkdir(project);
    try {
      const info = { available: true, kind: 'bwrap', program: '/usr/bin/bwrap', note: 'test' } as const;
      const argv = (root: string) =>
        sandboxArgv(
          info,
          {
            root,
            allowNetwork: false,
            readOnlyInside: [],
            visible: [path.join(tools, 'node_modules'), tools],
          },
          '/bin/bash',
          'true',
          root,
        ).join(' ');
      const outside = argv('/work/elsewhere');
      const tmpfs = outside.indexOf('--tmpfs /tmp');
      const bind = outside.indexOf(`--ro-bind ${tools}/node_modules ${tools}/node_modules`);
      expect(tmpfs).toBeGreaterThanOrEqual(0);
      expect(bind).toBeGreaterThan(tmpfs);
      expect(outside).toContain(`--ro-bind ${tools} ${tools}`);
      // A visible folder holding the opened one is not bound: the folder's own bind decides there.
      expect(argv(project)).not.toContain(`--ro-bind ${tools} ${tools}`);
    } finally {
      await rm(tools, { recursive: true, force: true });
    }
  });

  it("keeps a server's own files under /tmp visible: its package, node_modules above it, real paths", async () => {
    const base = await realpath(await mkdtemp('/tmp/lc-launch-'));
    const at = (...p: string[]) => path.join(base, ...p);
    try {
      await mkdir(at('repo', 'node_modules', 'dep'), { recursive: true });
      await mkdir(at('repo', 'tools', 'srv', 'lib'), { recursive: true });
      await writeFile(at('repo', 'tools', 'srv', 'package.json'), '{}');
      await writeFile(at('repo', 'tools', 'srv', 'lib', 'main.js'), '');
      await mkdir(at('venv', 'bin'), { recursive: true });
      await writeFile(at('venv', 'pyvenv.cfg'), 'home = /usr/bin\n');
      await writeFile(at('venv', 'bin', 'server'), '');
      await mkdir(at('loose'));
      await writeFile(at('loose', 'one.mjs'), '');
      await writeFile(at('loose', 'config.json'), '{}');
      await symlink(at('loose', 'one.mjs'), at('repo', 'link.mjs'));
      await mkdir(at('open', 'project'), { recursive: true });
      const root = at('open', 'project');
      const seen = (...words: string[]) => launchPathsUnderTmp(absolutePathsIn(words), root).sort();

      // A script in a package: the package, and every node_modules on the way up.
      expect(seen('/usr/bin/node', at('repo', 'tools', 'srv', 'lib', 'main.js'))).toEqual(
        [at('repo', 'node_modules'), at('repo', 'tools', 'srv')].sort(),
      );
      // A venv's command: the venv. A script with no package around it: its folder.
      expect(seen(at('venv', 'bin', 'server'))).toEqual([at('venv')]);
      expect(seen('/usr/bin/node', at('loose', 'one.mjs'))).toEqual([at('loose')]);
      const single = `${base}.mjs`;
      await writeFile(single, '');
      expect(seen(single)).toEqual([single]);
      await rm(single);
      // `--name=/path` values count; a folder is kept as it is.
      expect(seen('srv', `--config=${at('loose', 'config.json')}`, at('repo', 'tools'))).toEqual(
        [at('loose'), at('repo', 'tools')].sort(),
      );
      // A link under /tmp: its folder and its target's.
      expect(seen(at('repo', 'link.mjs'))).toEqual(
        [at('loose'), at('repo'), at('repo', 'node_modules')].sort(),
      );
      // Inside the opened folder, missing, relative, outside /tmp, /tmp itself: nothing to add.
      await writeFile(at('open', 'project', 'srv.js'), '');
      expect(
        seen(at('open', 'project', 'srv.js'), at('gone.js'), 'rel/x.js', '/usr/bin/env', '/tmp'),
      ).toEqual([]);
    } finally {
      await rm(base, { recursive: true, force: true });
    }
  });
});
