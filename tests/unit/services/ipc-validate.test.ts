// Every invoke from the window passes parseInvoke before the backend sees it.
import { describe, expect, it } from 'vitest';
import { METHOD_NAMES } from '../../../src/shared/ipc.js';
import { parseInvoke } from '../../../src/main/ipc/validate.js';

describe('parseInvoke', () => {
  it('accepts a method of the table with a valid input and returns the parsed input', () => {
    expect(parseInvoke('workspace.list', { dir: 'src' })).toEqual({
      ok: true,
      method: 'workspace.list',
      input: { dir: 'src' },
    });
    expect(
      parseInvoke('agent.decide', { requestId: 'r1', decision: { approved: false, note: 'no' } }),
    ).toMatchObject({
      ok: true,
      input: { requestId: 'r1', decision: { approved: false, note: 'no' } },
    });
  });

  it('lets a method without arguments be called with none', () => {
    expect(parseInvoke('agent.cancel', undefined)).toEqual({ ok: true, method: 'agent.cancel', input: {} });
    expect(parseInvoke('settings.get', {})).toMatchObject({ ok: true });
  });

  it('refuses names outside the table, prototype keys and non-strings', () => {
    for (const method of ['fs.readFile', 'toString', '__proto__', 'constructor', 'hasOwnProperty', '']) {
      expect(parseInvoke(method, {})).toEqual({ ok: false, message: `Unknown method ${method}` });
    }
    expect(parseInvoke(42, {})).toEqual({ ok: false, message: 'Unknown method number' });
    expect(parseInvoke({ method: 'app.info' }, {})).toMatchObject({ ok: false });
  });

  it('refuses inputs that do not match the schema, naming the method and the field', () => {
    expect(parseInvoke('workspace.read', { path: 7 })).toMatchObject({
      ok: false,
      message: expect.stringMatching(/^Invalid input for workspace\.read at path: /),
    });
    // Extra keys are refused (strict objects): nothing unexpected reaches the backend.
    expect(parseInvoke('workspace.list', { dir: '', recursive: true })).toMatchObject({
      ok: false,
      message: expect.stringContaining('workspace.list'),
    });
    expect(parseInvoke('agent.cancel', { now: true })).toMatchObject({ ok: false });
    expect(parseInvoke('agent.send', { text: '' })).toMatchObject({
      ok: false,
      message: expect.stringContaining('text'),
    });
    expect(parseInvoke('agent.send', { text: 'x'.repeat(100_001) })).toMatchObject({ ok: false });
    expect(parseInvoke('workspace.read', null)).toMatchObject({ ok: false });
    expect(parseInvoke('workspace.list', 'src')).toMatchObject({ ok: false });
    expect(parseInvoke('settings.update', { context: { min: 4096, max: 1024 } })).toMatchObject({
      ok: false,
      message: 'Invalid input for settings.update at context: min must not exceed max',
    });
    expect(parseInvoke('settings.update', { approvalMode: 'yolo' })).toMatchObject({ ok: false });
    expect(parseInvoke('agent.decide', { requestId: 'r', decision: { approved: 'yes' } })).toMatchObject({
      ok: false,
      message: expect.stringContaining('decision.approved'),
    });
    expect(parseInvoke('shell.openExternal', { url: 'not a url' })).toMatchObject({ ok: false });
    expect(parseInvoke('models.delete', { fileName: 'x'.repeat(256) })).toMatchObject({ ok: false });
  });

  it('knows every method of the table', () => {
    expect(METHOD_NAMES.length).toBeGreaterThan(0);
    for (const method of METHOD_NAMES) {
      const result = parseInvoke(method, { definitely_not_a_field: 1 });
      // Every schema is strict: an unknown field is refused for every method, whatever else it needs.
      expect(result, method).toMatchObject({ ok: false, message: expect.stringContaining(method) });
    }
  });
});
