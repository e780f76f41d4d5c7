// The checks every invoke from the window passes before the backend sees it: the method is one of the
// table's, and its input matches that method's schema. Pure, so it is tested without Electron.
import { describeInvalidInput, METHODS, type MethodInput, type MethodName } from '../../shared/ipc.js';

export type ParsedInvoke =
  { ok: true; method: MethodName; input: MethodInput<MethodName> } | { ok: false; message: string };

export function parseInvoke(method: unknown, input: unknown): ParsedInvoke {
  if (typeof method !== 'string' || !Object.hasOwn(METHODS, method)) {
    const shown = typeof method === 'string' ? method.slice(0, 100) : typeof method;
    return { ok: false, message: `Unknown method ${shown}` };
  }
  const name = method as MethodName;
  // A method without arguments may be called with none.
  const parsed = METHODS[name].safeParse(input === undefined ? {} : input);
  if (!parsed.success) return { ok: false, message: describeInvalidInput(name, parsed.error) };
  return { ok: true, method: name, input: parsed.data as MethodInput<MethodName> };
}
