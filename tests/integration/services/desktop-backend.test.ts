// The desktop backend driven as the window drives it (no Electron): a real folder, real watcher, the
// scripted model running the real agent loop, real transcripts and checkpoints in a temp data folder.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DesktopEvent } from '../../../src/shared/ipc.js';
import { scriptedModelFactory } from '../../../src/main/services/desktop-backend.js';
import {
  agentEvents,
  fixtures,
  makeHarness,
  makeSandbox,
  removeSandbox,
  runEnded,
  type Harness,
} from './backend-harness.js';

let box: Awaited<ReturnType<typeof makeSandbox>>;
let h: Harness;

beforeEach(async () => {
  box = await makeSandbox();
});
afterEach(async () => {
  await h?.backend.dispose();
  await removeSandbox(box.tmp);
});

/** Approves every question as it comes (full trust), recording what was asked. */
function approveAll(harness: Harness): DesktopEvent[] {
  const asked: DesktopEvent[] = [];
  harness.backend.subscribe((event) => {
    if (event.type !== 'approval') return;
    asked.push(event);
    void harness.call('agent.decide', { requestId: event.request.id, decision: { approved: true } });
  });
  return asked;
}

describe('workspace', () => {
  it('opens a folder, lists one level lazily (folders first, ignored paths left out) and reads files', async () => {
    const { project } = box;
    await mkdir(path.join(project, 'src/nested'), { recursive: true });
    await writeFile(path.join(project, 'src/util.js'), 'export const x = 1;\n');
    await writeFile(path.join(project, 'Zeta.md'), '# z\n');
    await mkdir(path.join(project, 'node_modules/dep'), { recursive: true });
    await mkdir(path.join(project, '.git'), { recursive: true });
    await mkdir(path.join(project, 'build'), { recursive: true }); // .gitignore'd
    await writeFile(path.join(project, 'logo.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 1]));
    await writeFile(path.join(project, 'big.txt'), 'x'.repeat(6 * 1024 * 1024));
    h = makeHarness(box.env);

    const opened = await h.call('workspace.open', { path: project });
    expect(opened).toEqual({ root: project, name: 'project' });
    expect(await h.call('workspace.recent', {})).toEqual([project]);

    const root = await h.call('workspace.list', { dir: '' });
    if ('ok' in root) throw new Error(root.message);
    expect(root.entries.map((e) => `${e.kind}:${e.path}`)).toEqual([
      'dir:src',
      'file:.gitignore',
      'file:big.txt',
      'file:logo.png',
      'file:math.js',
      'file:package.json',
      'file:test.js',
      'file:Zeta.md',
    ]);
    const src = await h.call('workspace.list', { dir: 'src' });
    expect(src).toEqual({
      entries: [
        { name: 'nested', path: 'src/nested', kind: 'dir' },
        { name: 'util.js', path: 'src/util.js', kind: 'file' },
      ],
    });
    expect(await h.call('workspace.list', { dir: '..' })).toMatchObject({ ok: false, code: 'outside_root' });
    expect(await h.call('workspace.list', { dir: 'math.js' })).toMatchObject({
      ok: false,
      code: 'not_a_directory',
    });

    const math = await h.call('workspace.read', { path: 'math.js' });
    expect(math).toMatchObject({ kind: 'text', path: 'math.js' });
    expect(math).toHaveProperty('content', await readFile(path.join(project, 'math.js'), 'utf8'));
    expect(await h.call('workspace.read', { path: 'logo.png' })).toEqual({
      kind: 'binary',
      path: 'logo.png',
      sizeBytes: 8,
    });
    expect(await h.call('workspace.read', { path: 'big.txt' })).toEqual({
      kind: 'too_large',
      path: 'big.txt',
      sizeBytes: 6 * 1024 * 1024,
    });
    expect(await h.call('workspace.read', { path: '../home/x' })).toMatchObject({
      ok: false,
      code: 'outside_root',
    });
    expect(await h.call('workspace.read', { path: 'src' })).toMatchObject({
      ok: false,
      code: 'is_directory',
    });
  });

  it('pushes tree changes and the watch status; ignored folders are not watched', async () => {
    h = makeHarness(box.env);
    await h.call('workspace.open', { path: box.project });
    await h.waitFor((e) => e.type === 'watch_status' && e.status === 'ready');
    await mkdir(path.join(box.project, 'node_modules'), { recursive: true });
    await writeFile(path.join(box.project, 'node_modules/ignored.js'), '');
    await writeFile(path.join(box.project, 'added.js'), 'export {};\n');
    const tree = await h.waitFor(
      (e) => e.type === 'tree' && e.changes.some((c) => c.path === 'added.js' && c.kind === 'add'),
    );
    expect(tree.type).toBe('tree');
    const paths = h.events.flatMap((e) => (e.type === 'tree' ? e.changes.map((c) => c.path) : []));
    expect(paths.some((p) => p.startsWith('node_modules'))).toBe(false);
  });

  it('opens through the dialog, reports a cancelled dialog and a missing folder, keeps 10 recent folders', async () => {
    h = makeHarness(box.env);
    h.dialogs.folders.push(null);
    expect(await h.call('workspace.open', {})).toEqual({ cancelled: true });
    h.dialogs.folders.push(box.project);
    expect(await h.call('workspace.open', {})).toMatchObject({ root: box.project });
    const missing = path.join(box.tmp, 'nope');
    expect(await h.call('workspace.open', { path: missing })).toMatchObject({
      ok: false,
      code: 'folder_not_found',
    });
    expect(await h.call('workspace.open', { path: 'relative/dir' })).toMatchObject({
      ok: false,
      code: 'invalid_path',
    });

    const folders = [];
    for (let i = 0; i < 12; i++) {
      const dir = path.join(box.tmp, `f${i}`);
      await mkdir(dir);
      folders.push(dir);
      await h.call('workspace.open', { path: dir });
    }
    const recent = await h.call('workspace.recent', {});
    expect(recent).toEqual(folders.slice(2).reverse());
    // Persisted: a new backend over the same data folder sees the same list.
    const again = makeHarness(box.env);
    expect(await again.call('workspace.recent', {})).toEqual(recent);
    await again.backend.dispose();
  });

  it('refuses to list or read before a folder is open', async () => {
    h = makeHarness(box.env);
    expect(await h.call('workspace.list', { dir: '' })).toMatchObject({ ok: false, code: 'no_workspace' });
    expect(await h.call('agent.send', { text: 'hi' })).toMatchObject({ ok: false, code: 'no_workspace' });
  });
});

describe('settings, app info and links', () => {
  it('reads defaults, validates and persists updates', async () => {
    h = makeHarness(box.env);
    const defaults = await h.call('settings.get', {});
    expect(defaults).toMatchObject({
      modelsDir: path.join(box.home, 'models'),
      approvalMode: 'ask',
      checks: {},
      allowNetwork: false,
      noSandbox: 'ask',
      activeModel: null,
    });
    expect(typeof defaults.sandbox.available).toBe('boolean');

    const modelsDir = path.join(box.tmp, 'my-models');
    const updated = await h.call('settings.update', {
      approvalMode: 'plan',
      context: { min: 1024, max: 4096 },
      checks: { test: 'npm test' },
      modelsDir,
    });
    expect(updated).toMatchObject({ approvalMode: 'plan', context: { min: 1024, max: 4096 }, modelsDir });
    expect(await h.call('settings.update', { modelsDir: 'relative' })).toMatchObject({
      ok: false,
      code: 'invalid_models_dir',
    });
    await expect(h.call('settings.update', { context: { min: 8192, max: 2048 } })).rejects.toThrow(
      /Invalid input for settings.update at context: min must not exceed max/,
    );
    await expect(h.call('settings.update', { approvalMode: 'yolo' })).rejects.toThrow(/approvalMode/);
    await expect(h.call('settings.update', { activeModel: 'x.gguf' })).rejects.toThrow(/settings.update/);

    // Speculation: lookup off by default on the CPU only through `auto`; a draft must be a GGUF that exists.
    expect(defaults.speculation).toEqual({ lookup: 'auto', draftModel: null });
    const draft = path.join(box.tmp, 'draft.gguf');
    expect(
      await h.call('settings.update', { speculation: { lookup: 'off', draftModel: draft } }),
    ).toMatchObject({
      ok: false,
      code: 'invalid_draft_model',
      message: expect.stringMatching(/does not exist/),
    });
    expect(
      await h.call('settings.update', { speculation: { lookup: 'off', draftModel: 'draft.gguf' } }),
    ).toMatchObject({ ok: false, code: 'invalid_draft_model' });
    await expect(
      h.call('settings.update', { speculation: { lookup: 'sometimes', draftModel: null } }),
    ).rejects.toThrow(/speculation/);
    await writeFile(draft, 'GGUF');
    expect(
      await h.call('settings.update', { speculation: { lookup: 'on', draftModel: draft } }),
    ).toMatchObject({ speculation: { lookup: 'on', draftModel: draft }, context: { min: 1024, max: 4096 } });

    const fresh = makeHarness(box.env);
    expect(await fresh.call('settings.get', {})).toMatchObject({
      approvalMode: 'plan',
      checks: { test: 'npm test' },
      context: { min: 1024, max: 4096 },
      modelsDir,
      speculation: { lookup: 'on', draftModel: draft },
    });
    await fresh.backend.dispose();
  });

  it('answers app.info and opens only http(s) links', async () => {
    h = makeHarness(box.env, { app: { name: 'local-coder', version: '1.2.3' } });
    expect(await h.call('app.info', {})).toEqual({
      name: 'local-coder',
      version: '1.2.3',
      platform: process.platform,
      dataDir: box.home,
    });
    expect(await h.call('shell.openExternal', { url: 'https://example.com/docs' })).toEqual({ ok: true });
    expect(await h.call('shell.openExternal', { url: 'file:///etc/passwd' })).toMatchObject({
      ok: false,
      code: 'unsupported_url',
    });
    await expect(h.call('shell.openExternal', { url: 'not a url' })).rejects.toThrow(/shell.openExternal/);
    expect(h.opened).toEqual(['https://example.com/docs']);
  });
});

describe('agent runs', () => {
  it('runs the scripted fix, streams its events, keeps the session and undoes the last turn', async () => {
    h = makeHarness(box.env, {
      modelFactory: scriptedModelFactory(path.join(fixtures, 'scripts/fix-add.json')),
    });
    approveAll(h);
    await h.call('workspace.open', { path: box.project });
    const sent = await h.call('agent.send', { text: 'make the tests pass' });
    if ('ok' in sent) throw new Error(sent.message);
    expect(sent.steered).toBe(false);
    await runEnded(h);

    const runStates = h.events.filter((e) => e.type === 'run_state');
    expect(runStates).toEqual([
      { type: 'run_state', running: true, sessionId: sent.sessionId },
      { type: 'run_state', running: false, sessionId: sent.sessionId },
    ]);
    const agent = agentEvents(h.events);
    expect(agent[0]).toMatchObject({
      type: 'session_start',
      sessionId: sent.sessionId,
      task: 'make the tests pass',
    });
    const calls = agent.filter((e) => e.type === 'tool_call').map((e) => e.name);
    expect(calls).toEqual(['search', 'read_file', 'run_command', 'edit_file', 'run_command']);
    const results = agent.flatMap((e) => (e.type === 'tool_result' ? [e.ok] : []));
    expect(results).toEqual([true, true, false, true, true]);
    expect(agent.some((e) => e.type === 'text_delta')).toBe(true);
    expect(agent.at(-1)).toMatchObject({ type: 'stop', reason: 'done' });
    expect(await readFile(path.join(box.project, 'math.js'), 'utf8')).toContain('return a + b;');

    const sessions = await h.call('sessions.list', {});
    expect(sessions).toEqual([
      {
        sessionId: sent.sessionId,
        task: 'make the tests pass',
        folder: box.project,
        startedAt: expect.any(String),
        stopReason: 'done',
        resumable: true,
      },
    ]);
    const opened = await h.call('sessions.open', { sessionId: sent.sessionId });
    if ('ok' in opened) throw new Error(opened.message);
    expect(opened.events[0]?.type).toBe('session_start');
    expect(opened.events.at(-1)).toMatchObject({ type: 'stop', reason: 'done' });
    expect(opened.events.filter((e) => e.type === 'tool_call')).toHaveLength(5);
    expect(opened.events.some((e) => e.type === 'text_delta')).toBe(false);
    expect(await h.call('sessions.open', { sessionId: 'nope' })).toMatchObject({ code: 'session_not_found' });

    const undone = await h.call('agent.undoTurn', {});
    expect(undone).toMatchObject({ restored: ['math.js'], checkpointId: expect.any(String) });
    expect(await readFile(path.join(box.project, 'math.js'), 'utf8')).toContain('return a - b;');
    expect(await h.call('agent.undoTurn', {})).toMatchObject({ ok: false, code: 'nothing_to_undo' });
  });

  it('reports a missing model and an unreadable script as failures', async () => {
    h = makeHarness(box.env);
    await h.call('workspace.open', { path: box.project });
    expect(await h.call('agent.send', { text: 'hi' })).toMatchObject({ ok: false, code: 'no_model' });
    expect(h.events.some((e) => e.type === 'run_state')).toBe(false);

    const broken = makeHarness({ ...box.env, LOCAL_CODER_SCRIPT: path.join(box.tmp, 'missing.json') });
    await broken.call('workspace.open', { path: box.project });
    expect(await broken.call('agent.send', { text: 'hi' })).toMatchObject({
      ok: false,
      code: 'model_not_found',
    });
    // The failed start leaves nothing running: a cancel has nothing to cancel.
    expect(await broken.call('agent.cancel', {})).toEqual({ cancelled: false });
    await broken.backend.dispose();
  });
});
