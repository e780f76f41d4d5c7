import { cp, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Message } from '../../../src/main/model/turn.js';
import { REPO_MAP_HEADER, runSession } from '../../../src/main/agent/session.js';
import { ScriptedModel } from '../../../src/main/model/scripted-model.js';
import { openWorkspace } from '../../../src/main/workspace/workspace.js';

const sample = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/sample-project');
let tmp: string;
beforeEach(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'lc-session-'));
  await cp(sample, path.join(tmp, 'project'), { recursive: true });
});
afterEach(async () => {
  await rm(tmp, { recursive: true, force: true });
});

async function firstPrompt(contextSize: number): Promise<readonly Message[]> {
  const opened = await openWorkspace(path.join(tmp, 'project'));
  if (!opened.ok) throw new Error(opened.message);
  const scripted = new ScriptedModel({ turns: [{ text: 'Nothing to do.' }] }, 'script', contextSize);
  let seen: readonly Message[] = [];
  await runSession({
    workspace: opened.workspace,
    model: {
      id: 'spy',
      contextSize,
      countTokens: (t) => scripted.countTokens(t),
      dispose: () => scripted.dispose(),
      turn: (req) => {
        if (seen.length === 0) seen = req.messages;
        return scripted.turn(req);
      },
    },
    task: 'Fix add() in math.js',
    verify: false,
    checkpoints: false,
    spillDir: path.join(tmp, 'spill'),
  });
  return seen;
}

describe('runSession', () => {
  it('puts a repository map, ranked for the task, after the task in the pinned first message', async () => {
    const messages = await firstPrompt(8192);
    const first = messages[1]?.content ?? '';
    expect(first.startsWith('Fix add() in math.js\n\n')).toBe(true);
    expect(first).toContain(REPO_MAP_HEADER);
    const map = first.slice(first.indexOf(REPO_MAP_HEADER));
    expect(map).toMatch(/math\.js\n\s+2 function add\(a, b\)\n\s+6 function multiply\(a, b\)/);
    expect(map.indexOf('math.js')).toBeLessThan(map.indexOf('test.js'));
  });

  it('leaves the map out where the window has no room for it', async () => {
    const messages = await firstPrompt(2048);
    expect(messages[1]?.content).toBe('Fix add() in math.js');
  });
});
