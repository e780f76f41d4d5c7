// Expected conditions are returned, not thrown. The code is what callers (and the UI) branch on;
// the message is for a person and says what to do.

export interface Failure<C extends string = string> {
  ok: false;
  code: C;
  message: string;
}

export type Result<T, C extends string = string> = ({ ok: true } & T) | Failure<C>;

export function fail<C extends string>(code: C, message: string): Failure<C> {
  return { ok: false, code, message };
}
