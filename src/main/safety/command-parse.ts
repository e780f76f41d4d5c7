// Parses a `bash -c` command line with tree-sitter-bash into the simple commands it would run, wherever
// they sit: lists, pipelines, subshells, bodies of loops and functions, $(...), backticks, <(...), and
// redirection targets. A word whose value is only known at run time is marked dynamic (null).
import { createRequire } from 'node:module';
import { Language, Parser, type Node } from 'web-tree-sitter';

export interface Redirect {
  /** `>`, `>>`, `&>`, `<`, `<<<`, ... */
  op: string;
  /** The literal target, or null when computed at run time. */
  target: string | null;
}

export interface SimpleCommand {
  /** The command's source text. */
  text: string;
  /** Literal words (name first); null where a word is computed at run time. */
  words: (string | null)[];
  /** Redirections written on this command (or on the statement around it). */
  redirects: Redirect[];
  /** Index of the pipeline this command is in, and its place in it (for `curl ... | sh`). */
  pipeline?: { id: number; index: number };
  /** Names of the functions whose body this command is in. */
  inFunctions?: string[];
}

export type ParsedLine = { ok: true; commands: SimpleCommand[] } | { ok: false; reason: string };

let parserReady: Promise<Parser> | undefined;

function loadParser(): Promise<Parser> {
  parserReady ??= (async () => {
    const require = createRequire(import.meta.url);
    await Parser.init();
    const bash = await Language.load(require.resolve('tree-sitter-bash/tree-sitter-bash.wasm'));
    const parser = new Parser();
    parser.setLanguage(bash);
    return parser;
  })();
  return parserReady;
}

export async function parseCommandLine(line: string): Promise<ParsedLine> {
  const parser = await loadParser();
  const tree = parser.parse(line);
  if (!tree) return { ok: false, reason: 'the command could not be parsed' };
  try {
    const root = tree.rootNode;
    if (root.hasError) return { ok: false, reason: 'the command could not be parsed (a syntax error)' };
    const commands: SimpleCommand[] = [];
    collect(root, commands, [], { next: 0 });
    return { ok: true, commands };
  } finally {
    tree.delete();
  }
}

function collect(node: Node, out: SimpleCommand[], redirects: Redirect[], pipes: { next: number }): void {
  switch (node.type) {
    case 'redirected_statement': {
      const own = node.namedChildren
        .filter((c) => c !== null && isRedirect(c))
        .flatMap((c) => toRedirects(c as Node));
      for (const child of node.namedChildren) {
        if (!child) continue;
        if (isRedirect(child)) collectNested(child, out, pipes);
        else collect(child, out, [...redirects, ...own], pipes);
      }
      // A statement with only redirections (`> file`) still writes its target.
      if (!node.namedChildren.some((c) => c !== null && !isRedirect(c))) {
        out.push({ text: node.text.trim(), words: [], redirects: own });
      }
      return;
    }
    case 'function_definition': {
      const name = node.childForFieldName('name')?.text ?? '';
      const before = out.length;
      for (const child of node.namedChildren) if (child) collect(child, out, redirects, pipes);
      for (const c of out.slice(before)) c.inFunctions = [...(c.inFunctions ?? []), name];
      return;
    }
    case 'pipeline': {
      const id = pipes.next++;
      let index = 0;
      for (const child of node.namedChildren) {
        if (!child) continue;
        const before = out.length;
        collect(child, out, redirects, pipes);
        for (const c of out.slice(before)) c.pipeline ??= { id, index };
        index++;
      }
      return;
    }
    case 'command': {
      const words: (string | null)[] = [];
      const own: Redirect[] = [];
      for (const child of node.namedChildren) {
        if (!child) continue;
        if (child.type === 'command_name') words.push(literal(child.namedChildren[0] ?? child));
        else if (isRedirect(child)) own.push(...toRedirects(child));
        else if (child.type !== 'variable_assignment') words.push(literal(child));
      }
      out.push({ text: node.text.trim(), words, redirects: [...redirects, ...own] });
      // Substitutions inside the words, and values of assignments, run too.
      for (const child of node.namedChildren) if (child) collectNested(child, out, pipes);
      return;
    }
    default:
      if (isRedirect(node)) {
        // A redirection outside a command (e.g. on a compound statement) still writes its target.
        out.push({ text: node.text.trim(), words: [], redirects: toRedirects(node) });
        collectNested(node, out, pipes);
        return;
      }
      for (const child of node.namedChildren) if (child) collect(child, out, redirects, pipes);
  }
}

/** Commands nested inside a word: $(...), `...`, <(...), ${x:-$(...)}. */
function collectNested(node: Node, out: SimpleCommand[], pipes: { next: number }): void {
  if (node.type === 'command_substitution' || node.type === 'process_substitution') {
    for (const inner of node.namedChildren) if (inner) collect(inner, out, [], pipes);
    return;
  }
  for (const child of node.namedChildren) if (child) collectNested(child, out, pipes);
}

function isRedirect(node: Node): boolean {
  return (
    node.type === 'file_redirect' || node.type === 'herestring_redirect' || node.type === 'heredoc_redirect'
  );
}

/** A here-document may carry file redirections of its own (`cat <<EOF > out`). */
function toRedirects(node: Node): Redirect[] {
  if (node.type === 'file_redirect') {
    const dest = node.childForFieldName('destination') ?? node.namedChildren.at(-1) ?? null;
    const op = node.children.find((c) => c !== null && !c.isNamed)?.text ?? '>';
    return [{ op, target: dest ? literal(dest) : null }];
  }
  const own: Redirect = { op: node.type === 'herestring_redirect' ? '<<<' : '<<', target: '' };
  const nested = node.namedChildren.filter((c) => c !== null && c.type === 'file_redirect');
  return [own, ...nested.flatMap((c) => toRedirects(c as Node))];
}

/** The value of a word as bash would see it, or null when it depends on run time. */
export function literal(node: Node): string | null {
  switch (node.type) {
    case 'word':
    case 'number':
      return unescape(node.text);
    case 'raw_string':
      return node.text.slice(1, -1);
    case 'string': {
      const parts: string[] = [];
      for (const child of node.namedChildren) {
        if (!child) continue;
        if (child.type !== 'string_content') return null;
        parts.push(child.text);
      }
      return parts.join('').replace(/\\([$`"\\\n])/g, '$1');
    }
    case 'concatenation': {
      const parts: string[] = [];
      for (const child of node.namedChildren) {
        if (!child) continue;
        const value = literal(child);
        if (value === null) return null;
        parts.push(value);
      }
      return parts.join('');
    }
    default:
      return null;
  }
}

function unescape(text: string): string {
  return text.replace(/\\(.)/gs, '$1');
}
