// The walk over bash's syntax tree that finds every simple command in a line: lists, pipelines,
// subshells, groups, loops, functions, and substitutions inside words, redirections and assignments,
// each with its words, assignments, redirections, pipeline stage, subshell scope and the command it runs
// inside. Constructs that run code the words do not show are noted (command-notes.ts).
import type { Node } from 'web-tree-sitter';
import {
  arithmeticNotes,
  arithmeticTestNotes,
  expansionNotes,
  subscriptNotes,
  testOperatorNotes,
} from './command-notes.js';
import { buildWord, literalWord, type ShellWord } from './command-words.js';

export interface ShellRedirect {
  /** `>`, `>>`, `&>`, `>|`, `>&`, `<`, `<<`, `<<<`, ... */
  op: string;
  target: ShellWord | undefined;
  text: string;
  scope: number;
}

export interface ShellAssignment {
  /** The variable, with its index when it is an array element (`a[1]`). */
  name: string;
  value: ShellWord;
  text: string;
}

export interface ShellCommand {
  /** The source text, trimmed (with the command's own redirections). */
  text: string;
  /** simple: a command; test: `[ ]` / `[[ ]]`; declaration: export, declare, local...; assignment: `X=1` alone. */
  kind: 'simple' | 'test' | 'declaration' | 'unset' | 'assignment';
  /** The words: argv[0] is the command (`[`, `[[`, or the declaration keyword); empty for an assignment. */
  argv: ShellWord[];
  assignments: ShellAssignment[];
  redirects: ShellRedirect[];
  pipeline: { id: number; stage: number } | undefined;
  /** Index of the command whose words hold this one (it runs in a substitution of that command). */
  parent: number | undefined;
  /** The function defined in the line whose body holds this command. */
  inFunction: string | undefined;
  /** The subshell it runs in (0: the line's shell); see ParsedLine.scopes. */
  scope: number;
}

export interface ParsedLine {
  commands: ShellCommand[];
  /** Redirections of compound statements (`{ ...; } > f`), not of one command. */
  redirects: ShellRedirect[];
  functions: string[];
  /** Parent scope of each scope; scopes[0] is the line's shell (-1). */
  scopes: number[];
  /** Variables set by `for`/`select` loops. */
  loopVariables: string[];
  /** Constructs that can run code in ways the words do not show (arithmetic on variables, ...). */
  notes: string[];
}

/** Nesting deeper than this is refused rather than walked. */
const MAX_DEPTH = 400;
const REDIRECTS = new Set(['file_redirect', 'heredoc_redirect', 'herestring_redirect']);
const WORDS = new Set([
  'word',
  'string',
  'raw_string',
  'ansi_c_string',
  'translated_string',
  'concatenation',
  'simple_expansion',
  'expansion',
  'command_substitution',
  'process_substitution',
  'arithmetic_expansion',
  'number',
  'brace_expression',
]);

interface Ctx {
  parent: number | undefined;
  pipeline: { id: number; stage: number } | undefined;
  fn: string | undefined;
  scope: number;
}

/** The commands of a parsed line, or why it is refused (nested too deeply, a node the grammar rejects). */
export function walkLine(root: Node): ParsedLine | { problem: string } {
  const walker = new Walker();
  walker.visit(root, { parent: undefined, pipeline: undefined, fn: undefined, scope: 0 }, 0);
  return walker.problem === undefined ? walker.line : { problem: walker.problem };
}

class Walker {
  readonly line: ParsedLine = {
    commands: [],
    redirects: [],
    functions: [],
    scopes: [-1],
    loopVariables: [],
    notes: [],
  };
  problem: string | undefined;
  private pipelines = 0;
  /** Node id of each simple command -> its index in line.commands. */
  private readonly byNode = new Map<number, number>();

  visit(node: Node, ctx: Ctx, depth: number): void {
    if (this.problem) return;
    if (depth > MAX_DEPTH) {
      this.problem = 'the command is nested too deeply to check';
      return;
    }
    if (node.isError || node.isMissing) {
      this.problem = 'the command could not be parsed';
      return;
    }
    const d = depth + 1;
    switch (node.type) {
      case 'command':
        return this.command(node, node, [], ctx, d);
      case 'redirected_statement':
        return this.redirected(node, ctx, d);
      case 'variable_assignment':
      case 'variable_assignments':
        return this.assignment(node, ctx, d);
      case 'test_command':
        return this.test(node, ctx, d);
      case 'declaration_command':
      case 'unset_command':
        return this.declaration(node, ctx, d);
      case 'function_definition': {
        const name = node.childForFieldName('name')?.text ?? '';
        this.line.functions.push(name);
        return this.children(node, { ...ctx, fn: name }, d);
      }
      case 'pipeline': {
        const id = ++this.pipelines;
        let stage = 0;
        for (const child of node.namedChildren) {
          if (!child) continue;
          const scope = this.scope(ctx.scope);
          this.visit(child, { ...ctx, pipeline: { id, stage: stage++ }, scope }, d);
        }
        return;
      }
      case 'subshell':
      case 'command_substitution':
      case 'process_substitution':
        return this.children(node, { ...ctx, pipeline: undefined, scope: this.scope(ctx.scope) }, d);
      case 'for_statement': {
        const variable = node.childForFieldName('variable');
        if (variable) this.line.loopVariables.push(variable.text);
        return this.children(node, ctx, d);
      }
      case 'arithmetic_expansion':
      case 'c_style_for_statement':
        this.notes(arithmeticNotes(node));
        return this.children(node, ctx, d);
      case 'compound_statement':
        if (node.child(0)?.type === '((') this.notes(arithmeticNotes(node));
        return this.children(node, ctx, d);
      case 'subscript':
        this.notes(subscriptNotes(node));
        return this.children(node, ctx, d);
      case 'expansion':
        this.notes(expansionNotes(node));
        return this.children(node, ctx, d);
      default:
        return this.children(node, ctx, d);
    }
  }

  private children(node: Node, ctx: Ctx, depth: number): void {
    for (const child of node.children) if (child) this.visit(child, ctx, depth);
  }

  private scope(parent: number): number {
    this.line.scopes.push(parent);
    return this.line.scopes.length - 1;
  }

  private notes(texts: readonly string[]): void {
    for (const text of texts) if (!this.line.notes.includes(text)) this.line.notes.push(text);
  }

  private add(textNode: Node, kind: ShellCommand['kind'], ctx: Ctx): ShellCommand {
    const command: ShellCommand = {
      text: textNode.text.trim(),
      kind,
      argv: [],
      assignments: [],
      redirects: [],
      pipeline: ctx.pipeline,
      parent: ctx.parent,
      inFunction: ctx.fn,
      scope: ctx.scope,
    };
    this.line.commands.push(command);
    return command;
  }

  /** The context for what is nested in a command's words: substitutions of that command. */
  private inside(ctx: Ctx): Ctx {
    return { ...ctx, parent: this.line.commands.length - 1, pipeline: undefined };
  }

  private command(node: Node, textNode: Node, redirects: Node[], ctx: Ctx, depth: number): void {
    this.byNode.set(node.id, this.line.commands.length);
    const command = this.add(textNode, 'simple', ctx);
    const inner = this.inside(ctx);
    const words: Node[] = [];
    for (let i = 0; i < node.childCount; i++) {
      const child = node.child(i);
      if (!child) continue;
      const field = node.fieldNameForChild(i);
      if (child.type === 'variable_assignment') {
        command.assignments.push(assignmentOf(child));
        this.children(child, inner, depth);
      } else if (REDIRECTS.has(child.type)) {
        redirects.push(child);
      } else if (field === 'name') {
        words.push(...child.children.filter((c): c is Node => c !== null));
        this.children(child, inner, depth);
      } else if (field === 'argument' || WORDS.has(child.type) || child.type === '$') {
        words.push(child);
        this.visit(child, inner, depth);
      } else {
        this.visit(child, inner, depth);
      }
    }
    command.argv = groupWords(words);
    for (const r of redirects) {
      command.redirects.push(...redirectsOf(r, ctx.scope));
      this.redirectChildren(r, inner, ctx, depth);
    }
  }

  private redirected(node: Node, ctx: Ctx, depth: number): void {
    const body = node.childForFieldName('body');
    const redirects = node.children.filter((c): c is Node => c !== null && REDIRECTS.has(c.type));
    for (const child of node.children) {
      if (!child || child.equals(body ?? child) || REDIRECTS.has(child.type)) continue;
      this.visit(child, ctx, depth);
    }
    if (body?.type === 'command') return this.command(body, node, redirects, ctx, depth);
    if (body) this.visit(body, ctx, depth);
    // The grammar hangs `a && b > f` and `a | b > f` on the whole list; bash gives it to the last command.
    let last = body;
    while (last && (last.type === 'list' || last.type === 'pipeline'))
      last = last.namedChildren.at(-1) ?? null;
    const owner = last?.type === 'command' ? this.line.commands[this.byNode.get(last.id) ?? -1] : undefined;
    for (const r of redirects) {
      (owner ? owner.redirects : this.line.redirects).push(...redirectsOf(r, owner?.scope ?? ctx.scope));
      this.redirectChildren(r, ctx, ctx, depth);
    }
  }

  /** Substitutions in a redirection belong to its command; a heredoc's trailing `&& cmd` does not. */
  private redirectChildren(node: Node, inner: Ctx, outer: Ctx, depth: number): void {
    for (let i = 0; i < node.childCount; i++) {
      const child = node.child(i);
      if (!child) continue;
      const field = node.fieldNameForChild(i);
      const statement = child.type === 'pipeline' || field === 'right' || field === 'redirect';
      this.visit(child, statement ? outer : inner, depth);
    }
  }

  private assignment(node: Node, ctx: Ctx, depth: number): void {
    const command = this.add(node, 'assignment', ctx);
    const list = node.type === 'variable_assignment' ? [node] : node.namedChildren;
    const inner = this.inside(ctx);
    for (const a of list) {
      if (!a) continue;
      command.assignments.push(assignmentOf(a));
      this.children(a, inner, depth);
    }
  }

  private declaration(node: Node, ctx: Ctx, depth: number): void {
    const command = this.add(node, node.type === 'unset_command' ? 'unset' : 'declaration', ctx);
    const inner = this.inside(ctx);
    const words: Node[] = [];
    for (const child of node.children) {
      if (!child) continue;
      if (child.type === 'variable_assignment') {
        command.assignments.push(assignmentOf(child));
        this.children(child, inner, depth);
      } else {
        words.push(child);
        this.visit(child, inner, depth);
      }
    }
    command.argv = groupWords(words);
  }

  private test(node: Node, ctx: Ctx, depth: number): void {
    const command = this.add(node, 'test', ctx);
    const open = node.child(0)?.type ?? '[';
    const inner = this.inside(ctx);
    const tokens: ShellWord[] = [literalWord(open)];
    const collect = (n: Node): void => {
      if (n.type === 'file_redirect') {
        command.redirects.push(redirectOf(n, ctx.scope));
      } else if (WORDS.has(n.type)) {
        tokens.push(buildWord([n]));
      } else if (n.type === 'test_operator' || (!n.isNamed && n.childCount === 0)) {
        if (open === '[[') this.notes(testOperatorNotes(n.text));
        tokens.push(literalWord(n.text));
      } else {
        if (open === '[[' && n.type === 'binary_expression') this.notes(arithmeticTestNotes(n));
        for (const c of n.children) if (c) collect(c);
      }
    };
    for (const child of node.children.slice(1, -1)) if (child) collect(child);
    command.argv = tokens;
    this.children(node, inner, depth);
  }
}

function assignmentOf(node: Node): ShellAssignment {
  const children = node.children.filter((c): c is Node => c !== null);
  const eq = children.findIndex((c) => c.type === '=' || c.type === '+=');
  const value = eq < 0 ? [] : groupWords(children.slice(eq + 1));
  return {
    name: node.childForFieldName('name')?.text ?? '',
    value: value[0] ?? literalWord(''),
    text: node.text,
  };
}

/** A redirection, with the file redirections a here-document carries (`cat <<EOF > out`). */
function redirectsOf(node: Node, scope: number): ShellRedirect[] {
  const nested =
    node.type === 'heredoc_redirect' ? node.namedChildren.filter((c) => c?.type === 'file_redirect') : [];
  return [redirectOf(node, scope), ...nested.map((c) => redirectOf(c as Node, scope))];
}

function redirectOf(node: Node, scope: number): ShellRedirect {
  if (node.type === 'heredoc_redirect') return { op: '<<', target: undefined, text: node.text, scope };
  if (node.type === 'herestring_redirect') return { op: '<<<', target: undefined, text: node.text, scope };
  const op = node.children.find((c) => c !== null && !c.isNamed)?.text ?? '>';
  const destination = node.childrenForFieldName('destination').filter((c): c is Node => c !== null);
  const target = destination.length > 0 ? buildWord(destination) : undefined;
  return { op, target, text: node.text, scope };
}

/** Adjacent nodes (no blank between them) are one word to bash. */
function groupWords(nodes: readonly Node[]): ShellWord[] {
  const words: ShellWord[] = [];
  let group: Node[] = [];
  for (const node of nodes) {
    const last = group[group.length - 1];
    if (last && last.endIndex !== node.startIndex) {
      words.push(buildWord(group));
      group = [];
    }
    group.push(node);
  }
  if (group.length > 0) words.push(buildWord(group));
  return words;
}
