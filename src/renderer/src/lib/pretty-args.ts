// An external tool's arguments as the person reads them before allowing the call: indented JSON, cut to
// a size a question can show. The core already shortens long arguments (they may end in `…` and no
// longer parse); those are shown as they came.

/** Most characters shown; the rest is counted, never silently dropped. */
export const MAX_ARGS_CHARS = 3000;
/** Most lines shown. */
export const MAX_ARGS_LINES = 60;

export interface PrettyArgs {
  text: string;
  /** Characters left out of `text` (0: all shown). */
  omitted: number;
}

export function prettyArgs(args: string): PrettyArgs {
  let full = args;
  try {
    full = JSON.stringify(JSON.parse(args) as unknown, null, 2);
  } catch {
    // Shortened by the core, or not JSON at all: the raw text is what there is.
  }
  const lines = full.split('\n');
  let text = lines.length > MAX_ARGS_LINES ? lines.slice(0, MAX_ARGS_LINES).join('\n') : full;
  if (text.length > MAX_ARGS_CHARS) text = text.slice(0, MAX_ARGS_CHARS);
  return { text, omitted: full.length - text.length };
}
