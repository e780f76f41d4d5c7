// A kept tool output for the window (sessions.spill): read by name from its session's spill folder,
// capped; names that are not a kept output's, a link, a bad session id and a missing file are refused.
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SessionStore } from '../../../src/main/agent/session-store.js';
import { SessionsService } from '../../../src/main/services/sessions-service.js';

let home: string;
let service: SessionsService;
let spillDir: string;

beforeEach(async () => {
  home = await mkdtemp(path.join(os.tmpdir(), 'lc-spill-view-'));
  const env = { LOCAL_CODER_HOME: home };
  service = new SessionsService(env);
  spillDir = new SessionStore(env).files('s1').spill;
  await mkdir(spillDir, { recursive: true });
  await writeFile(path.join(spillDir, 'run_command-1.txt'), 'all of it\n');
  await writeFile(path.join(home, 'secret.txt'), 'not a kept output\n');
  await symlink(path.join(home, 'secret.txt'), path.join(spillDir, 'link.txt'));
});
afterEach(async () => {
  await rm(home, { recursive: true, force: true });
});

describe('sessions.spill', () => {
  it('reads a kept output by name', async () => {
    expect(await service.spill('s1', 'run_command-1.txt')).toEqual({
      name: 'run_command-1.txt',
      text: 'all of it\n',
      sizeBytes: 10,
      truncated: false,
    });
  });

  it('refuses other names, links, unknown sessions and ids that are no folder name', async () => {
    for (const name of ['../secret.txt', '.hidden', 'a/b', ''])
      expect(await service.spill('s1', name)).toMatchObject({ ok: false, code: 'invalid_name' });
    expect(await service.spill('s1', 'link.txt')).toMatchObject({ ok: false, code: 'not_found' });
    expect(await service.spill('s1', 'gone.txt')).toMatchObject({ ok: false, code: 'not_found' });
    expect(await service.spill('s2', 'run_command-1.txt')).toMatchObject({ ok: false, code: 'not_found' });
    expect(await service.spill('../..', 'run_command-1.txt')).toMatchObject({ ok: false, code: 'not_found' });
  });
});
