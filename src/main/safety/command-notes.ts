// Bash constructs that can run code the words do not show: arithmetic on variables (an array index in
// it is evaluated, and can hold a command substitution), indirect and prompt expansions. Each function
// returns the notes for one syntax node; the policy asks about a line that has any.
import type { Node } from 'web-tree-sitter';

const ARITHMETIC_TESTS = new Set(['-eq', '-ne', '-lt', '-le', '-gt', '-ge']);
const ARITHMETIC_NOTE = 'arithmetic on variables can run commands (array indexes are evaluated)';
const ARITHMETIC_OPERANDS = [
  'variable_name',
  'simple_expansion',
  'expansion',
  'subscript',
  'word',
  'string',
  'raw_string',
];

/** `$(( ))`, `(( ))`, `for (( ))`: anything but literal numbers is evaluated. */
export function arithmeticNotes(node: Node): string[] {
  const risky = (n: Node): boolean =>
    ARITHMETIC_OPERANDS.includes(n.type) || n.children.some((c) => c !== null && risky(c));
  return risky(node) ? [ARITHMETIC_NOTE] : [];
}

/** `[[ a -eq b ]]` and the like evaluate both operands as arithmetic. */
export function arithmeticTestNotes(node: Node): string[] {
  if (!ARITHMETIC_TESTS.has(node.childForFieldName('operator')?.text ?? '')) return [];
  const operands = ['left', 'right'].map((side) => node.childForFieldName(side));
  return operands.some((operand) => operand && !/^-?\d+$/.test(operand.text))
    ? ['[[ -eq, -lt, ... ]] evaluate their operands as arithmetic, which can run commands']
    : [];
}

/** `[[ -v a[i] ]]` and `-R` evaluate an array index. */
export function testOperatorNotes(operator: string): string[] {
  return operator === '-v' || operator === '-R'
    ? ['[[ -v ]] evaluates an array index, which can run commands']
    : [];
}

/** `a[i]`: an index other than a literal number, `@` or `*` is arithmetic. */
export function subscriptNotes(node: Node): string[] {
  const index = node.childForFieldName('index')?.text ?? '';
  return /^(\d+|@|\*)$/.test(index) ? [] : ['an array index is evaluated as arithmetic and can run commands'];
}

/** `${!x}`, `${x@P}`, `${x:offset:length}`. */
export function expansionNotes(node: Node): string[] {
  const notes: string[] = [];
  const parts = node.children.map((c) => c?.type ?? '');
  if (parts[1] === '!') notes.push('an indirect expansion ${!x} can run commands through array indexes');
  const at = parts.indexOf('@');
  if (at >= 0 && node.child(at + 1)?.text.startsWith('P')) {
    notes.push('${x@P} expands a prompt string, which can run commands');
  }
  if (parts.includes(':')) {
    const offsets = node.namedChildren.slice(1);
    if (offsets.some((c) => c !== null && c.type !== 'number')) notes.push(ARITHMETIC_NOTE);
  }
  return notes;
}
