// The sandbox's private /tmp hides whatever lives under /tmp, a checkout's toolchain on PATH included:
// those PATH folders stay visible, read-only (a clean clone under /tmp runs its own tsx).
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { toolchainUnderTmp } from '../../../src/main/safety/os-sandbox.js';
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
});
